// Hooks cannot stall the runtime: each hook's timeout is honoured, no lock is held while a hook
// (or exec.fifo, or the init) is waited on, so `kill` and `delete -f` work on a container whose
// start is stuck, `state` and `list` never wait behind a create, start or delete, and a hook that
// asks `rampart state` about its own container gets an answer in every phase.
#include "harness.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace rampart::testing {
namespace {

using Clock = std::chrono::steady_clock;

template <class Fn>
auto timed(Fn fn, Clock::duration& took) {
  auto t0 = Clock::now();
  auto r = fn();
  took = Clock::now() - t0;
  return r;
}

nlohmann::json sleeper(const std::string& secs) {
  return {{"path", "/bin/sleep"}, {"args", {"sleep", secs}}};
}

TEST(HookWaits, StuckStartLeavesStateKillAndDeleteWorking) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["hooks"] = {{"startContainer", {sleeper("30")}}};  // no timeout: stuck
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  auto start = std::async(std::launch::async, [&] { return b.run({"start", b.id()}, {.timeout = 60s}); });
  std::this_thread::sleep_for(500ms);  // start is waiting on the hook now
  Clock::duration took;
  Result st = timed([&] { return b.run({"state", b.id()}, {.timeout = 10s}); }, took);
  EXPECT_EQ(st.exit_code, 0) << st;
  EXPECT_LT(took, 2s);
  Result k = timed([&] { return b.run({"kill", b.id(), "KILL"}, {.timeout = 10s}); }, took);
  EXPECT_EQ(k.exit_code, 0) << k;
  EXPECT_LT(took, 2s);
  Result d = timed([&] { return b.run({"delete", "--force", b.id()}, {.timeout = 20s}); }, took);
  EXPECT_EQ(d.exit_code, 0) << d;
  EXPECT_LT(took, 5s);
  Result s = start.get();
  EXPECT_NE(s.exit_code, 0) << "the init was killed before its process ran: start must say so\n" << s;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(HookWaits, StartContainerHookTimeoutFailsStart) {
  Bundle b({kHelper, "exit", "0"});
  nlohmann::json h = sleeper("30");
  h["timeout"] = 1;
  b.config()["hooks"] = {{"startContainer", {h}}};
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Clock::duration took;
  Result r = timed([&] { return b.start(); }, took);
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("timed out"), std::string::npos) << r;
  EXPECT_LT(took, 10s);
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
}

TEST(HookWaits, StateAndListDoNotWaitBehindCreate) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["hooks"] = {{"prestart", {sleeper("3")}}};
  b.write();
  auto create = std::async(std::launch::async, [&] { return b.create(); });
  std::this_thread::sleep_for(500ms);  // create is in its prestart hook
  Clock::duration took;
  Result st = timed([&] { return b.run({"state", b.id()}, {.timeout = 10s}); }, took);
  EXPECT_EQ(st.exit_code, 0) << st;
  EXPECT_NE(st.out.find("\"creating\""), std::string::npos) << st;
  EXPECT_LT(took, 1s);
  Result ls = timed([&] { return b.run({"list"}, {.timeout = 10s}); }, took);
  EXPECT_EQ(ls.exit_code, 0) << ls;
  EXPECT_LT(took, 1s);
  EXPECT_EQ(create.get().exit_code, 0);
}

TEST(HookWaits, SlowPoststopHoldsNoLock) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["hooks"] = {{"poststop", {sleeper("3")}}};
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  auto del = std::async(std::launch::async, [&] { return b.run({"delete", "--force", b.id()}); });
  std::this_thread::sleep_for(500ms);  // delete is in its poststop hook
  Clock::duration took;
  Result st = timed([&] { return b.run({"state", b.id()}, {.timeout = 10s}); }, took);
  EXPECT_NE(st.err.find("does not exist"), std::string::npos) << st;
  EXPECT_LT(took, 1s);
  Result again = timed([&] { return b.run({"delete", "--force", b.id()}, {.timeout = 10s}); }, took);
  EXPECT_EQ(again.exit_code, 0) << again;
  EXPECT_LT(took, 1s);
  EXPECT_EQ(del.get().exit_code, 0);
}

// Every hook runs `rampart state` on its own container and saves what it said.
TEST(HookWaits, HookAskingForItsOwnStateNeverDeadlocks) {
  Bundle b({kHelper, "exit", "0"});
  b.private_rootfs();
  b.bind_same_path(b.tmp());  // the state root and the answers, for the in-container hook
  std::string rampart = runtime();  // the runtime under test answers its own hooks
  if (rampart.empty() || rampart[0] != '/') GTEST_SKIP() << "needs the runtime's path: " << rampart;
  b.bind_same_path(rampart, true);
  const char* phases[] = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};
  nlohmann::json hooks = nlohmann::json::object();
  for (const char* phase : phases) {
    std::string cmd = rampart + " --root " + b.state_root().string() + " state " + b.id() + " > " +
                      (b.tmp() / phase).string() + ".out 2>&1";
    hooks[phase] = {{{"path", "/bin/sh"}, {"args", {"sh", "-c", cmd}}, {"timeout", 10}}};
  }
  b.config()["hooks"] = hooks;
  auto t0 = Clock::now();
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.wait_status("stopped"), "stopped");
  ASSERT_EQ(b.remove().exit_code, 0);
  EXPECT_LT(Clock::now() - t0, 8s) << "a hook waited for a lock";
  for (const char* phase : phases) {
    std::string said = read_file(b.tmp() / (std::string(phase) + ".out"));
    if (phase == std::string("poststop")) {  // after the state is gone (runtime-spec, runc)
      EXPECT_NE(said.find("does not exist"), std::string::npos) << said;
      continue;
    }
    auto j = nlohmann::json::parse(said, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << phase << " got no state: " << said;
    EXPECT_EQ(j["id"], b.id()) << phase;
  }
}

}  // namespace
}  // namespace rampart::testing
