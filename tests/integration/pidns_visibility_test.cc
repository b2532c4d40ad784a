// No process is visible in a container's pid namespace while it still has the host's root.
//
// A container process with CAP_SYS_PTRACE may open /proc/<pid>/root of anything it sees, even a
// non-dumpable copy of the runtime. The watcher (the container's init, with CAP_SYS_PTRACE)
// scans every process it can see for a canary file that exists only on the host; while it
// watches, the test execs into its container, or creates a second container that joins its pid
// namespace by path (a pod sharing a pid namespace). Any hit means a runtime process was there
// with the host's root.
#include "harness.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace rampart::testing {
namespace {

void give_ptrace(Bundle& b) {
  nlohmann::json caps = {"CAP_SYS_PTRACE", "CAP_KILL"};
  b.config()["process"]["capabilities"] = {
      {"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"ambient", caps}};
}

// Starts the watcher for `secs` seconds; returns the host canary's path.
fs::path start_watcher(Bundle& w, int secs) {
  fs::path canary = w.tmp() / "host-only-canary";
  std::ofstream(canary) << "host";
  w.set_args({kHelper, "watch-root", canary.string(), std::to_string(secs)});
  give_ptrace(w);
  EXPECT_EQ(w.create().exit_code, 0) << w.container_output();
  EXPECT_EQ(w.start().exit_code, 0);
  std::this_thread::sleep_for(100ms);  // it is scanning
  return canary;
}

TEST(PidNamespaceVisibility, ExecIsNeverSeenWithTheHostsRoot) {
  Bundle w;
  start_watcher(w, 30);
  for (int i = 0; i < 40; ++i) {
    Result r = w.run({"exec", w.id(), "/bin/true"});
    EXPECT_EQ(r.exit_code, 0) << r;
    if (w.container_output().find("ESCAPED") != std::string::npos) break;
  }
  EXPECT_EQ(w.container_output().find("ESCAPED"), std::string::npos)
      << "an exec'd process was visible with the host's root: " << w.container_output();
}

TEST(PidNamespaceVisibility, CreateJoiningAPidNamespaceIsNeverSeenWithTheHostsRoot) {
  Bundle w;
  start_watcher(w, 30);
  int pid = w.state_json()["pid"].get<int>();
  Bundle b({kHelper, "exit", "0"});
  for (auto& ns : b.config()["linux"]["namespaces"])
    if (ns["type"] == "pid") ns["path"] = "/proc/" + std::to_string(pid) + "/ns/pid";
  // A createContainer hook keeps the second init in its set-up (before pivot_root) for a while.
  b.config()["hooks"] = {{"createContainer", {{{"path", "/bin/sleep"}, {"args", {"sleep", "0.5"}}}}}};
  for (int i = 0; i < 3; ++i) {
    std::string id = i == 0 ? b.id() : b.new_id();
    Result r = b.run({"create", "--bundle", b.dir().string(), id});
    EXPECT_EQ(r.exit_code, 0) << r;
    // It is in the watcher's pid namespace: the watcher sees it.
    Result st = b.run({"state", id});
    EXPECT_EQ(st.exit_code, 0) << st;
    EXPECT_EQ(b.run({"delete", "--force", id}).exit_code, 0);
  }
  EXPECT_EQ(w.container_output().find("ESCAPED"), std::string::npos)
      << "a joining init was visible with the host's root: " << w.container_output();
}

// The joined pid namespace really is the container's: its process runs there, and the pid the
// state reports is the host pid of that process (not of a set-up stage).
TEST(PidNamespaceVisibility, JoinedPidNamespaceHoldsTheContainersProcess) {
  Bundle w({"/bin/sleep", "60"});
  ASSERT_EQ(w.run({"run", "-d", "--bundle", w.dir().string(), w.id()}).exit_code, 0);
  int pid = w.state_json()["pid"].get<int>();
  Bundle b({"/bin/sleep", "60"});
  for (auto& ns : b.config()["linux"]["namespaces"])
    if (ns["type"] == "pid") ns["path"] = "/proc/" + std::to_string(pid) + "/ns/pid";
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  int bpid = b.state_json()["pid"].get<int>();
  EXPECT_EQ(fs::read_symlink("/proc/" + std::to_string(bpid) + "/ns/pid"),
            fs::read_symlink("/proc/" + std::to_string(pid) + "/ns/pid"));
  ASSERT_EQ(b.start().exit_code, 0);
  EXPECT_EQ(b.status(), "running");
  Result r = w.run({"exec", w.id(), "/bin/ps"});
  EXPECT_NE(r.out.find("sleep"), std::string::npos) << r;
}

}  // namespace
}  // namespace rampart::testing
