// OCI hooks: which run, in which order, in which phase, with which state on stdin.
//
// Every hook appends its name to tmp()/hooks/log and saves its stdin to tmp()/hooks/NAME.state.
// createContainer and startContainer run in the container's mount namespace (startContainer
// after pivot_root, with the container's /bin/sh), so tmp()/hooks is bind-mounted into the
// container at the same absolute path, and the rootfs is a private copy (the mountpoint is made).
#include "harness.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace rampart::testing {
namespace {

const char* kAllHooks[] = {"prestart",       "createRuntime", "createContainer",
                           "startContainer", "poststart",     "poststop"};

struct HookBundle {
  Bundle b;
  fs::path dir;
  explicit HookBundle(std::vector<std::string> args) : b(std::move(args)) {
    dir = b.tmp() / "hooks";
    fs::create_directory(dir);
    b.private_rootfs();
    b.bind_same_path(dir);
    nlohmann::json hooks = nlohmann::json::object();
    for (const char* name : kAllHooks) {
      std::string script = std::string("/bin/cat > ") + (dir / name).string() + ".state; echo " +
                           name + " >> " + (dir / "log").string();
      hooks[name] = {{{"path", "/bin/sh"}, {"args", {"sh", "-c", script}}}};
    }
    b.config()["hooks"] = hooks;
  }
  std::string log() { return read_file(dir / "log"); }
  std::string status_seen_by(const std::string& hook) {
    auto j = nlohmann::json::parse(read_file(dir / (hook + ".state")), nullptr, false);
    if (j.is_discarded() || !j.contains("status")) return "<no state on stdin>";
    return j["status"].get<std::string>();
  }
};

TEST(Hooks, CreateRunsCreateHooksInOrder) {
  HookBundle h({kHelper, "exit", "0"});
  Result r = h.b.create();
  ASSERT_EQ(r.exit_code, 0) << r;
  RAMPART_RUNC_DIFFERS(h.log() == "prestart\ncreateRuntime\ncreateContainer\n",
                       "runc 1.1.5 runs poststart during create (docs/compat.md §5); log: " + h.log());
}

TEST(Hooks, StartRunsStartContainerThenPoststart) {
  HookBundle h({kHelper, "sleep", "60"});
  ASSERT_EQ(h.b.create().exit_code, 0) << h.b.container_output();
  ASSERT_EQ(h.b.start().exit_code, 0);
  // poststart has run before start returns.
  RAMPART_RUNC_DIFFERS(h.log() == "prestart\ncreateRuntime\ncreateContainer\nstartContainer\npoststart\n",
                       "runc 1.1.5 runs poststart during create (docs/compat.md §5); log: " + h.log());
}

TEST(Hooks, DeleteRunsPoststopLast) {
  HookBundle h({kHelper, "exit", "0"});
  ASSERT_EQ(h.b.create().exit_code, 0) << h.b.container_output();
  ASSERT_EQ(h.b.start().exit_code, 0);
  ASSERT_EQ(h.b.wait_status("stopped"), "stopped");
  ASSERT_EQ(h.b.remove().exit_code, 0);
  std::string log = h.log();
  EXPECT_TRUE(log.ends_with("poststop\n")) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 6) << "every hook once:\n" << log;
}

TEST(Hooks, AllHooksRunOnceWithRun) {
  HookBundle h({kHelper, "exit", "0"});
  Result r = h.b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  std::string log = h.log();
  RAMPART_RUNC_DIFFERS(
      log == "prestart\ncreateRuntime\ncreateContainer\nstartContainer\npoststart\npoststop\n",
      "runc 1.1.5 runs poststart during create (docs/compat.md §5); log: " + log);
}

TEST(Hooks, StateOnStdin) {
  HookBundle h({kHelper, "sleep", "60"});
  ASSERT_EQ(h.b.create().exit_code, 0) << h.b.container_output();
  ASSERT_EQ(h.b.start().exit_code, 0);
  ASSERT_EQ(h.b.kill("KILL").exit_code, 0);
  ASSERT_EQ(h.b.wait_status("stopped"), "stopped");
  ASSERT_EQ(h.b.remove().exit_code, 0);
  // prestart is defined as running after `start` was called: "created", as runc and crun pass
  // it (the OCI validation test hooks_stdin checks it).
  EXPECT_EQ(h.status_seen_by("prestart"), "created");
  EXPECT_EQ(h.status_seen_by("createRuntime"), "creating");
  EXPECT_EQ(h.status_seen_by("createContainer"), "creating");
  EXPECT_EQ(h.status_seen_by("startContainer"), "created");
  EXPECT_EQ(h.status_seen_by("poststop"), "stopped");
  RAMPART_RUNC_DIFFERS(h.status_seen_by("poststart") == "running",
                       "runc 1.1.5 runs poststart during create, with status \"" +
                           h.status_seen_by("poststart") + "\" (docs/compat.md §5)");
}

TEST(Hooks, StateOnStdinHasIdAndBundle) {
  HookBundle h({kHelper, "exit", "0"});
  ASSERT_EQ(h.b.create().exit_code, 0) << h.b.container_output();
  auto j = nlohmann::json::parse(read_file(h.dir / "prestart.state"), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["id"], h.b.id());
  EXPECT_EQ(j["bundle"], h.b.dir().string());
  EXPECT_GT(j["pid"].get<int>(), 0);
}

TEST(Hooks, HookEnvIsExactlyEnv) {
  Bundle b({kHelper, "exit", "0"});
  fs::path out = b.tmp() / "env.out";
  b.config()["hooks"] = {{"prestart",
                          {{{"path", "/bin/sh"},
                            {"args", {"sh", "-c", "/usr/bin/env > " + out.string()}},
                            {"env", {"ONLY=this"}}}}}};
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  std::string env = read_file(out);
  // sh itself may add PWD/SHLVL/_; nothing of the runtime's environment may leak in.
  EXPECT_NE(env.find("ONLY=this\n"), std::string::npos) << env;
  EXPECT_EQ(env.find("HOME="), std::string::npos) << env;
  EXPECT_EQ(env.find("RAMPART_"), std::string::npos) << env;
}

TEST(Hooks, FailingPrestartFailsCreateAndLeavesNothing) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["hooks"] = {{"prestart", {{{"path", "/bin/false"}}}}};
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Hooks, TimeoutKillsHookAndFailsCreate) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["hooks"] = {
      {"createRuntime", {{{"path", "/bin/sleep"}, {"args", {"sleep", "30"}}, {"timeout", 1}}}}};
  auto t0 = std::chrono::steady_clock::now();
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 15s);
  EXPECT_TRUE(b.leftovers().empty());
}

}  // namespace
}  // namespace rampart::testing
