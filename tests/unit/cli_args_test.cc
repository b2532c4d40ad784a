// The command line as clients write it (runc, go-runc, containerd's shim, conmon, CRI-O): every
// spelling parses into the command's struct, and a mistake is a usage error, never a swallowed
// argument.
#include <gtest/gtest.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/globals.h"

using namespace rampart;
using namespace rampart::cli;

namespace {

std::vector<std::string> W(std::initializer_list<const char*> w) { return {w.begin(), w.end()}; }

}  // namespace

TEST(CliGlobals, EverySpellingOfEveryGlobalFlagStillFindsTheCommand) {
  // The protected re-exec is decided from this parse: a global flag whose value is taken for the
  // command (`--rootless true create`) would skip it.
  for (const auto& o : global_options()) {
    std::string name(o.info.names.substr(0, o.info.names.find(',')));
    std::string value = o.info.value.empty() ? "" : (name == "log-format" ? "json" : name == "rootless" ? "true" : "/x");
    if (name == "version") continue;  // prints the version; no command runs
    std::vector<std::vector<std::string>> spellings;
    for (std::string dash : {"-", "--"}) {
      if (value.empty()) {
        spellings.push_back({dash + name, "create", "c1"});
        spellings.push_back({dash + name + "=true", "create", "c1"});
      } else {
        spellings.push_back({dash + name, value, "create", "c1"});
        spellings.push_back({dash + name + "=" + value, "create", "c1"});
      }
    }
    for (const auto& argv : spellings) {
      auto p = parse_globals(argv);
      ASSERT_TRUE(p) << argv[0] << ": " << p.error().message();
      EXPECT_EQ(p->command, "create") << argv[0];
      EXPECT_EQ(p->args, W({"c1"})) << argv[0];
      EXPECT_TRUE(find_command(p->command)->needs_protected_exe);
    }
  }
}

TEST(CliGlobals, ValuesLandInTheStruct) {
  auto p = parse_globals(W({"--root", "/r", "-log=/l", "--log-format", "json", "--debug", "-systemd-cgroup",
                            "--rootless=false", "list"}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->globals.root, "/r");
  EXPECT_EQ(p->globals.log_file, "/l");
  EXPECT_EQ(p->globals.log_format, "json");
  EXPECT_TRUE(p->globals.debug);
  EXPECT_TRUE(p->globals.systemd_cgroup);
  EXPECT_EQ(p->globals.rootless, "false");
  EXPECT_EQ(p->command, "list");
}

TEST(CliGlobals, BadGlobalsAreUsageErrors) {
  auto unknown = parse_globals(W({"--bogus", "list"}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::Usage);
  EXPECT_EQ(unknown.error().detail, "flag provided but not defined: -bogus");
  auto format = parse_globals(W({"--log-format", "xml", "list"}));
  ASSERT_FALSE(format);
  EXPECT_NE(format.error().detail.find("invalid value \"xml\""), std::string::npos);
  auto missing = parse_globals(W({"--root"}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().detail, "flag needs an argument: -root");
}

TEST(CliGlobals, HelpAndVersion) {
  EXPECT_TRUE(parse_globals(W({"--help"}))->help);
  EXPECT_TRUE(parse_globals(W({"-h"}))->help);
  EXPECT_TRUE(parse_globals(W({"-v"}))->globals.version);
  EXPECT_TRUE(parse_globals(W({"--version"}))->globals.version);
  auto none = parse_globals(W({}));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->command, "");
}

TEST(CliGlobals, DefaultStateRoot) {
  EXPECT_EQ(default_state_root(true, "/run/user/1000"), "/run/rampart");
  EXPECT_EQ(default_state_root(false, "/run/user/1000"), "/run/user/1000/rampart");
  EXPECT_EQ(default_state_root(false, nullptr), "/run/rampart");
}

TEST(CliCreate, ContainerdAndConmonSpellings) {
  auto a = parse_create(W({"--bundle", "/b", "--pid-file", "/p", "--console-socket=/s", "-no-pivot",
                           "--no-new-keyring", "--preserve-fds", "2", "c1"}));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->bundle, "/b");
  EXPECT_EQ(a->pid_file, "/p");
  EXPECT_EQ(a->console_socket, "/s");
  EXPECT_TRUE(a->no_pivot);
  EXPECT_TRUE(a->no_new_keyring);
  EXPECT_EQ(a->preserve_fds, 2);
  EXPECT_EQ(a->id, "c1");
  // Flags after the id, as urfave/cli reorders them for runc.
  auto b = parse_create(W({"c1", "-b", "/b"}));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->bundle, "/b");
  EXPECT_EQ(b->id, "c1");
}

TEST(CliCreate, WrongArgumentCounts) {
  auto none = parse_create({});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::Usage);
  EXPECT_EQ(none.error().detail, "\"create\" requires exactly 1 argument(s)");
  ASSERT_FALSE(parse_create(W({"a", "b"})));
  auto bad_fds = parse_create(W({"--preserve-fds", "x", "c1"}));
  ASSERT_FALSE(bad_fds);
  EXPECT_EQ(bad_fds.error().detail, "invalid value \"x\" for flag -preserve-fds");
  auto unknown = parse_create(W({"--nope", "c1"}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().detail, "flag provided but not defined: -nope");
}

TEST(CliRun, DetachKeepAndGoStyleFlags) {
  auto a = parse_run(W({"-d", "--keep", "-no-subreaper", "-bundle=/b", "c1"}));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_TRUE(a->detach);
  EXPECT_TRUE(a->keep);
  EXPECT_TRUE(a->no_subreaper);
  EXPECT_EQ(a->bundle, "/b");
  auto off = parse_run(W({"--detach=false", "c1"}));
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->detach);
  ASSERT_FALSE(parse_run(W({"--detach=maybe", "c1"})));
}

TEST(CliExec, RepeatedOneValueFlagsNeverSwallowTheIdOrCommand) {
  auto a = parse_exec(W({"-e", "A=1", "--env", "B=2", "-c", "CAP_KILL", "--cap=CAP_CHOWN", "-g", "10",
                         "--additional-gids", "20", "--cwd", "/tmp", "-u", "1000:1000", "c1", "ls", "-la", "--",
                         "x"}));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->env, W({"A=1", "B=2"}));
  EXPECT_EQ(a->caps, W({"CAP_KILL", "CAP_CHOWN"}));
  EXPECT_EQ(a->additional_gids, (std::vector<uint32_t>{10, 20}));
  EXPECT_EQ(a->cwd, "/tmp");
  EXPECT_EQ(a->user, "1000:1000");
  EXPECT_EQ(a->id, "c1");
  EXPECT_EQ(a->args, W({"ls", "-la", "--", "x"}));  // the command's own flags are its own
}

TEST(CliExec, ClientSpellings) {
  // containerd: --process F --detach --pid-file P; conmon adds --preserve-fds; CRI-O streams.
  auto a = parse_exec(W({"--process", "/p.json", "--detach", "--pid-file", "/pid", "--preserve-fds", "1",
                         "--console-socket", "/s", "c1"}));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->process_file, "/p.json");
  EXPECT_TRUE(a->detach);
  EXPECT_EQ(a->preserve_fds, 1);
  EXPECT_TRUE(a->args.empty());
  auto b = parse_exec(W({"-t", "--cgroup", "memory:sub", "--cgroup", "sub2", "--ignore-paused", "c1", "sh"}));
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->tty);
  EXPECT_EQ(b->cgroups, W({"memory:sub", "sub2"}));
  EXPECT_TRUE(b->ignore_paused);
}

TEST(CliExec, NeedsACommandOrAProcessFile) {
  auto a = parse_exec(W({"c1"}));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().kind, ErrorKind::Usage);
  ASSERT_FALSE(parse_exec(W({})));
  ASSERT_FALSE(parse_exec(W({"-g", "x", "c1", "sh"})));
}

TEST(CliKill, SignalAndAll) {
  auto a = parse_kill(W({"-a", "c1", "KILL"}));
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->all);
  EXPECT_EQ(a->signal, "KILL");
  auto b = parse_kill(W({"c1"}));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->signal, "SIGTERM");
  auto zero = parse_kill(W({"--all", "c1", "0"}));
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->signal, "0");
  ASSERT_FALSE(parse_kill(W({"c1", "9", "x"})));
}

TEST(CliQuery, ListPsDeleteState) {
  auto l = parse_list(W({"--format=json", "-q"}));
  ASSERT_TRUE(l);
  EXPECT_EQ(l->format, "json");
  EXPECT_TRUE(l->quiet);
  ASSERT_FALSE(parse_list(W({"-f", "yaml"})));
  auto p = parse_ps(W({"-f", "json", "c1"}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->format, "json");
  auto extra = parse_ps(W({"c1", "-o", "pid,comm"}));
  ASSERT_TRUE(extra);
  EXPECT_EQ(extra->ps_args, W({"-o", "pid,comm"}));
  auto d = parse_delete(W({"-f", "c1"}));
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->force);
  auto s = parse_id_command("state", W({"c1"}));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->id, "c1");
  auto two = parse_id_command("state", W({"a", "b"}));
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().detail, "\"state\" requires exactly 1 argument(s)");
}

TEST(CliHelp, EveryCommandHasHelpInRuncsLayout) {
  for (const auto& c : all_commands()) {
    std::string h = command_help(c);
    EXPECT_TRUE(h.starts_with("NAME:\n   rampart " + std::string(c.name) + " - ")) << h;
    EXPECT_NE(h.find("\nUSAGE:\n   rampart " + std::string(c.name)), std::string::npos) << h;
    EXPECT_NE(h.find("\nOPTIONS:\n"), std::string::npos) << h;
  }
  std::string create = command_help(*find_command("create"));
  EXPECT_NE(create.find("   --bundle value, -b value  "), std::string::npos) << create;
  EXPECT_NE(create.find("--no-pivot"), std::string::npos);
  auto help = parse_create(W({"--help"}));
  ASSERT_TRUE(help);
  EXPECT_TRUE(help->help);
  std::string app = app_help();
  for (const auto& c : all_commands()) EXPECT_NE(app.find("   " + std::string(c.name)), std::string::npos);
  EXPECT_NE(app.find("--root value"), std::string::npos);
}

TEST(CliHelp, VersionLinesLikeRuncs) {
  std::string v = version_text("2.5.4");
  EXPECT_TRUE(v.starts_with("rampart version ")) << v;
  EXPECT_NE(v.find("\ncommit: "), std::string::npos);
  EXPECT_NE(v.find("\nspec: 1.2.0\n"), std::string::npos);
  EXPECT_NE(v.find("\nlibseccomp: 2.5.4\n"), std::string::npos);
}

TEST(CliCommands, AliasesAndUnknown) {
  EXPECT_EQ(find_command("ls"), find_command("list"));
  EXPECT_EQ(find_command("nope"), nullptr);
  for (const char* name : {"create", "run", "exec"}) EXPECT_TRUE(find_command(name)->needs_protected_exe) << name;
  for (const char* name : {"state", "list", "kill", "delete", "start", "spec", "check"})
    EXPECT_FALSE(find_command(name)->needs_protected_exe) << name;
}

TEST(CliCheck, InputsRulesAndExplain) {
  auto a = parse_check(W({"--profile", "restricted", "--format", "sarif", "a.yaml", "dir", "-"}));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->paths, W({"a.yaml", "dir", "-"}));
  EXPECT_EQ(a->profile, "restricted");
  auto none = parse_check({});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::Usage);
  auto list = parse_check(W({"--list-rules"}));
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->list_rules);
  auto explain = parse_check(W({"--explain", "RP-MNT-001"}));
  ASSERT_TRUE(explain);
  EXPECT_EQ(explain->explain, "RP-MNT-001");
  EXPECT_EQ(find_command("check")->usage_exit_code, 2);
}
