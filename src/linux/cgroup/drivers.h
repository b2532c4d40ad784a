// The drivers behind cgroup::Manager; make_manager and manager_from_paths pick one.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "linux/cgroup/cgroup.h"

namespace rampart::cgroup {

// One v1 hierarchy as the container uses it.
struct V1Hierarchy {
  std::vector<std::string> controllers;  // what this mount carries: {"cpu", "cpuacct"}
  std::string root;                      // the mount's directory, /sys/fs/cgroup/cpu
  std::string dir;                       // the container's cgroup, /sys/fs/cgroup/cpu/rampart/c1
};

std::unique_ptr<Manager> make_v1_manager(std::vector<V1Hierarchy> hierarchies);

// `root` is the cgroup2 mount, `dir` the container's cgroup below it. With `enable_controllers`
// create() turns on, in every ancestor's cgroup.subtree_control, the controllers it offers; the
// hybrid driver passes false since its cgroup2 part only tracks processes.
std::unique_ptr<Manager> make_v2_manager(std::string root, std::string dir, bool enable_controllers);

// Resources, freezing and pids from `v1`; `v2` (the unified hierarchy) also gets every process.
std::unique_ptr<Manager> make_hybrid_manager(std::unique_ptr<Manager> v1, std::unique_ptr<Manager> v2);

// Whether a v1 manager carries `controller` (hybrid sends what v1 lacks to cgroup2).
bool v1_has_controller(const Manager& v1, std::string_view controller);

// Resources the hybrid driver sends to its cgroup2 part: the v2 manager enables their
// controllers in the ancestors' cgroup.subtree_control first (create() enabled none).
Result<void> enable_v2_controller(Manager& v2, const std::string& controller);

// SIGKILL to every process of the v2 cgroup `dir`: cgroup.kill where the kernel has it, else
// freeze, kill each process through a pidfd, thaw. Does not wait.
Result<void> v2_kill_now(const std::string& dir);

// Stats of v1 hierarchies / a v2 directory (stats.cc).
Result<Stats> v1_stats(const std::vector<V1Hierarchy>& hierarchies);
Result<Stats> v2_stats(const std::string& dir);

// Bounded poll used by freeze/thaw: calls `done` until it returns true or about two seconds pass.
// Returns the last Result of `done` (an error ends the wait at once).
Result<bool> poll_until(const std::function<Result<bool>()>& done);

}  // namespace rampart::cgroup
