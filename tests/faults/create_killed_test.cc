// `create` killed with SIGKILL at each of its steps (RAMPART_TEST_STOP_AT=N, fault_point.h),
// then `delete -f`: nothing is left -- no state directory (hidden ones included), no cgroup
// directory in any hierarchy, no mount, no process -- and `state` on the half-made container
// said something true in between (never "creating" once its runtime is dead).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <thread>

#include "census.h"
#include "harness.h"

namespace rampart::testing {
namespace {

bool pid_alive(int pid) {
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

// One step: create killed after step n. Returns false once create ran to the end (n is past the
// last step).
bool kill_create_at(int n, bool with_hook, bool host_mounts = false) {
  Bundle b({kHelper, "sleep", "60"});
  if (with_hook) b.config()["hooks"]["createRuntime"] = {{{"path", "/bin/true"}}};
  if (host_mounts) {
    // No mount namespace: the init's mounts are the host's; delete -f must take them away.
    b.private_rootfs();
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& ns : b.config()["linux"]["namespaces"])
      if (ns["type"] != "mount") kept.push_back(ns);
    b.config()["linux"]["namespaces"] = kept;
  }
  Census before = take_census({b.state_root()});
  Result r = b.run({"create", "--bundle", b.dir().string(), b.id()},
                   {.output_file = b.container_output_path(), .extra_env = {"RAMPART_TEST_STOP_AT=" + std::to_string(n)}});
  if (r.exit_code == 0) {
    EXPECT_EQ(b.status(), "created");
    EXPECT_EQ(b.remove(true).exit_code, 0);
    return false;
  }
  EXPECT_EQ(r.exit_code, 128 + SIGKILL) << "step " << n << ": " << r << b.container_output();
  std::string step = b.container_output();
  SCOPED_TRACE("killed at step " + std::to_string(n) + ": " + step);
  EXPECT_NE(step.find("RAMPART_TEST_STOP_AT"), std::string::npos);

  // What `state` says must be true: the runtime is dead, so never "creating"; "stopped" once
  // its init is gone (it dies with the runtime until the state is saved); "created" only with
  // a live init of that pid.
  Result st = b.state();
  if (st.ok()) {
    auto j = nlohmann::json::parse(st.out);
    std::string status = j["status"];
    EXPECT_NE(status, "creating") << st;
    if (status == "created" && !pid_alive(j["pid"].get<int>())) {
      // The init was still dying of its parent-death signal when `state` looked (killed after
      // the state was saved, before the init disarmed it): asked again, it must say so.
      Result again = b.state();
      EXPECT_TRUE(again.ok()) << again;
      if (again.ok()) status = nlohmann::json::parse(again.out)["status"];
      EXPECT_EQ(status, "stopped") << again;
    } else if (status != "created") {
      EXPECT_EQ(status, "stopped") << st;
    }
    // `list` shows it too.
    Result l = b.run({"list", "--format", "json"});
    EXPECT_NE(l.out.find(b.id()), std::string::npos) << l;
  } else {
    EXPECT_NE(st.err.find("does not exist"), std::string::npos) << st;  // killed before the id was claimed
  }

  Result d = b.remove(true);
  EXPECT_EQ(d.exit_code, 0) << d;
  auto left = b.leftovers();
  std::string joined;
  for (auto& l : left) joined += "  " + l + "\n";
  EXPECT_TRUE(left.empty()) << "left after delete -f:\n" << joined;
  Census after = wait_for_census(before, {b.state_root()});
  EXPECT_EQ(after, before);
  return true;
}

TEST(CreateKilled, AtEveryStepDeleteForceUndoesIt) {
  int n = 1;
  while (kill_create_at(n, false) && n < 100) ++n;
  EXPECT_GE(n, 10) << "create has fewer steps than expected: is RAMPART_TEST_STOP_AT honoured?";
}

// Without a mount namespace the container's mounts are made in the host's (host_namespace.h).
TEST(CreateKilled, AtEveryStepWithoutAMountNamespace) {
  int n = 1;
  while (kill_create_at(n, false, true) && n < 100) ++n;
  EXPECT_GE(n, 10);
}

// With a createRuntime hook the init waits on the runtime mid-set-up (RunHooks / HooksDone).
TEST(CreateKilled, AtEveryStepWithAHook) {
  int n = 1;
  while (kill_create_at(n, true) && n < 100) ++n;
  EXPECT_GE(n, 10);
}

}  // namespace
}  // namespace rampart::testing
