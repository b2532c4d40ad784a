// The command line as clients and people meet it: runc's help layout, version lines, usage
// errors, repeatable exec flags, `run --keep`, `kill ID 0`, `ps` in ps(1)'s columns, --debug.
#include "harness.h"

#include <gtest/gtest.h>

namespace rampart::testing {
namespace {

Result rampart(const std::vector<std::string>& args, const RunOptions& opts = {}) {
  std::vector<std::string> argv = runtime_argv();
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, opts);
}

TEST(Cli, UnknownCommandSaysSo) {
  Result r = rampart({"frobnicate"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("unknown command \"frobnicate\""), std::string::npos) << r;
}

TEST(Cli, CommandHelpInRuncsLayout) {
  Result r = rampart({"create", "--help"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(r.out.starts_with("NAME:\n   rampart create - ")) << r.out;
  EXPECT_NE(r.out.find("\nUSAGE:\n   rampart create [command options] <container-id>"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nOPTIONS:\n   --bundle value, -b value"), std::string::npos) << r.out;
  Result h = rampart({"help", "exec"});
  ASSERT_EQ(h.exit_code, 0) << h;
  EXPECT_TRUE(h.out.starts_with("NAME:\n   rampart exec - ")) << h.out;
}

TEST(Cli, VersionLines) {
  Result r = rampart({"--version"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(r.out.starts_with("rampart version ")) << r.out;
  EXPECT_NE(r.out.find("\ncommit: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nspec: "), std::string::npos) << r.out;
}

TEST(Cli, UsageErrorNamesTheFlag) {
  Result r = rampart({"delete", "--frob", "x"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("flag provided but not defined: -frob"), std::string::npos) << r;
  Result n = rampart({"state"});
  EXPECT_EQ(n.exit_code, 1) << n;
  EXPECT_NE(n.err.find("\"state\" requires exactly 1 argument(s)"), std::string::npos) << n;
}

TEST(Cli, ExecRepeatsOneValueFlags) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  Result r = b.run({"exec", "-e", "A=1", "--env", "B=2", b.id(), "/bin/sh", "-c", "echo \"$A$B\""});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "12\n");
}

TEST(Cli, RunKeepLeavesTheStoppedContainer) {
  Bundle b({kHelper, "exit", "3"});
  b.write();
  Result r = b.run({"run", "--keep", "--bundle", b.dir().string(), b.id()});
  EXPECT_EQ(r.exit_code, 3) << r;
  EXPECT_EQ(b.status(), "stopped");
  EXPECT_EQ(b.remove().exit_code, 0);
}

TEST(Cli, KillWithSignalZeroChecksTheProcess) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  Result r = b.run({"kill", b.id(), "0"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(b.status(), "running");
  Result all = b.run({"kill", "-a", b.id(), "0"});
  EXPECT_EQ(all.exit_code, 0) << all;
}

TEST(Cli, PsTableHasPsColumnsAndOnlyTheContainersProcesses) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  int pid = b.state_json()["pid"].get<int>();
  Result r = b.run({"ps", b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(r.out.starts_with("UID")) << r.out;  // ps -ef's header
  EXPECT_NE(r.out.find(" " + std::to_string(pid) + " "), std::string::npos) << r.out;
  // Two lines: the header and the one process (no host process leaks into the table).
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
  Result j = b.run({"ps", "--format", "json", b.id()});
  ASSERT_EQ(j.exit_code, 0) << j;
  EXPECT_EQ(j.out, "[" + std::to_string(pid) + "]\n");
}

TEST(Cli, DebugWritesDebugEntriesToTheLog) {
  Bundle b({kHelper, "exit", "0"});
  fs::path log = b.tmp() / "log.json";
  Result r = b.run({"--debug", "--log", log.string(), "--log-format", "json", "state", "no-such-container"});
  EXPECT_EQ(r.exit_code, 1);
  std::string text = read_file(log);
  EXPECT_NE(text.find("\"level\":\"debug\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"level\":\"error\""), std::string::npos) << text;
  EXPECT_NE(text.find("container does not exist"), std::string::npos) << text;
}

TEST(Cli, ControlCharactersInAMessageCannotForgeALogLine) {
  Bundle b;
  fs::path log = b.tmp() / "log.txt";
  Result r = b.run({"--log", log.string(), "state", "bad\nlevel=info msg=forged"});
  EXPECT_EQ(r.exit_code, 1);
  std::string text = read_file(log);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

}  // namespace
}  // namespace rampart::testing
