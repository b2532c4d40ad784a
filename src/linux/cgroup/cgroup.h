// Cgroup drivers behind one interface: v1, v2 (unified), and hybrid (v1 controllers plus a
// cgroup2 hierarchy, as on this machine). The driver is picked by looking at the host's
// /sys/fs/cgroup once; what it created is saved in the container's state so later commands
// (kill --all, delete, pause, ps) reach the same cgroups.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

class Manager {
 public:
  virtual ~Manager() = default;
  [[nodiscard]] virtual const Paths& paths() const = 0;
  // Creates the directories (mkdir -p); fails if the container's cgroup already holds processes.
  virtual Result<void> create() = 0;
  // Applies the resources rampart handles (devices, memory, cpu, cpuset, pids); unsupported
  // fields on this layout are refused with a clear error, not ignored. Device rules (v1) always
  // start from deny-all, so pass the complete list (see default_allowed_devices()); on v2 they
  // are not enforced yet (needs an eBPF program; TODO in v2.cc).
  virtual Result<void> apply(const spec::Resources& resources) = 0;
  // Moves `pid` into every hierarchy of the container's cgroup.
  virtual Result<void> add_pid(pid_t pid) = 0;
  // Every process in the container's cgroup (recursively), host pids.
  virtual Result<std::vector<pid_t>> pids() const = 0;
  virtual Result<void> freeze() = 0;
  virtual Result<void> thaw() = 0;
  virtual Result<bool> frozen() const = 0;
  // Removes the directories (deepest first); succeeds when they are already gone.
  virtual Result<void> destroy() = 0;
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

// Paths as JSON for state.json: {"layout":"v1|v2|hybrid","unified":"...","controllers":{...}}.
std::string paths_to_json(const Paths& paths);
Result<Paths> paths_from_json(std::string_view json_text);

// The device rules runc allows in every container after the config's own rules (mknod of any
// c/b; null, zero, full, random, urandom, tty, ptmx, pts/*, net/tun). apply() writes exactly
// the rules it is given, starting from "deny all": the caller appends these (and an allow
// rule per linux.devices entry) the way runc's spec conversion does.
std::vector<spec::DeviceRule> default_allowed_devices();

}  // namespace rampart::cgroup
