// Cgroup drivers behind one interface: v1, v2 (unified), and hybrid (v1 controllers plus a
// cgroup2 hierarchy, as on this machine). The driver is picked by looking at the host's
// /sys/fs/cgroup once; what it created is saved in the container's state so later commands
// (kill --all, delete, pause, ps) reach the same cgroups.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linux/cgroup/stats.h"
#include "spec/config.h"
#include "util/error.h"

namespace rampart::cgroup {

enum class Layout { V1, V2, Hybrid };

// Where each hierarchy of the container's cgroup lives, absolute host paths. For v2 only
// `unified` is set; for v1 `controllers` maps a controller name ("memory", "pids", "freezer",
// "name=systemd"...) to its directory; hybrid has both.
struct Paths {
  Layout layout = Layout::V2;
  std::string unified;
  std::vector<std::pair<std::string, std::string>> controllers;
};

class ChangeSet;

// A source of OOM notifications for `events`: `fd()` becomes ready for `poll_events()` when the
// kernel OOM-kills in the cgroup (v1: an eventfd registered on memory.oom_control; v2: a
// notification on memory.events) or when the cgroup goes away.
class OomWatch {
 public:
  virtual ~OomWatch() = default;
  [[nodiscard]] virtual int fd() const = 0;
  [[nodiscard]] virtual short poll_events() const = 0;
  // After `fd()` was ready: how many OOM events happened since the last call (0 for a spurious
  // wake-up); an error once the cgroup is gone.
  virtual Result<uint64_t> consume() = 0;
};

class Manager {
 public:
  virtual ~Manager() = default;
  [[nodiscard]] virtual const Paths& paths() const = 0;
  // Creates the directories (mkdir -p); fails if the container's cgroup already holds processes.
  virtual Result<void> create() = 0;
  // Applies `resources` (create's, or update's merged set): every write is planned and checked
  // against what this host's cgroup offers before the first one is made -- a resource the host
  // cannot provide is an error naming it, one runc silently skips on this layout is a warning --
  // and if a write fails those already made are undone. Device rules are written only when the
  // list is non-empty; it is the complete list (see container_device_rules()), applied from
  // deny-all: v1 devices.allow/deny, v2 a BPF device program replacing the previous one.
  Result<void> apply(const spec::Resources& resources);
  // The planning half of apply(): adds this driver's changes to `changes`.
  virtual Result<void> plan(const spec::Resources& resources, ChangeSet& changes) = 0;
  // Moves `pid` into every hierarchy of the container's cgroup.
  virtual Result<void> add_pid(pid_t pid) = 0;
  // Every process in the container's cgroup (recursively), host pids.
  virtual Result<std::vector<pid_t>> pids() const = 0;
  virtual Result<void> freeze() = 0;
  virtual Result<void> thaw() = 0;
  virtual Result<bool> frozen() const = 0;
  // Kills every process in the cgroup and waits until none is left: freeze (no fork escapes),
  // SIGKILL all (cgroup.kill on v2 kernels that have it), thaw (a frozen v1 task cannot die),
  // then wait on the kernel's word that the cgroup is empty -- v2 cgroup.events "populated 0",
  // v1 a pidfd of each process -- for at most `timeout`. No sleep-and-retry.
  virtual Result<void> kill_all(std::chrono::milliseconds timeout) = 0;
  // Removes the directories (deepest first); succeeds when they are already gone.
  virtual Result<void> destroy() = 0;
  // Usage and limits, every group this host has.
  [[nodiscard]] virtual Result<Stats> stats() const = 0;
  [[nodiscard]] virtual Result<std::unique_ptr<OomWatch>> watch_oom() const = 0;
};

// Detects the layout of the cgroup filesystem mounted at `mountpoint` (/sys/fs/cgroup).
Result<Layout> detect_layout(const std::string& mountpoint = "/sys/fs/cgroup");

// A manager for the container `id` with the config's cgroupsPath (empty: "/rampart/<id>"; a
// relative path is taken below the runtime's own cgroup, as runc does). `mountpoint` is
// /sys/fs/cgroup except in tests, which point it at a scratch directory laid out like one.
Result<std::unique_ptr<Manager>> make_manager(const std::string& id, const std::string& cgroups_path,
                                              const std::string& mountpoint = "/sys/fs/cgroup");

// The same with the layout given rather than detected: tests use it on scratch directories,
// where statfs would not find a cgroup filesystem.
Result<std::unique_ptr<Manager>> make_manager(const std::string& id, const std::string& cgroups_path,
                                              const std::string& mountpoint, Layout layout);

// Re-creates the manager of an existing container from the paths saved in its state.
std::unique_ptr<Manager> manager_from_paths(const Paths& paths);

// exec --cgroup (runc's): each spec is "[<controller>[,<controller>...]:]<path>", a sub-cgroup
// of the container's that must already exist. Without controllers it applies to every
// hierarchy (cgroup2 included); with them, to those v1 controllers only (a cgroup2-only host
// takes none). The path stays below the container's cgroup: ".." is refused, so exec cannot be
// steered into another container's cgroup (and out of its limits and device rules).
Result<Paths> sub_cgroup_paths(const Paths& container, const std::vector<std::string>& specs);

// Paths as JSON for state.json: {"layout":"v1|v2|hybrid","unified":"...","controllers":{...}}.
std::string paths_to_json(const Paths& paths);
Result<Paths> paths_from_json(std::string_view json_text);

}  // namespace rampart::cgroup
