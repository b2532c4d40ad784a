// spec -> the ordered list of steps that assemble a container's rootfs (bubblewrap's op list).
// Pure: a unit test can read the plan; linux/mount executes it step by step on fds.
#pragma once

#include <string>
#include <vector>

#include "spec/config.h"
#include "spec/mount_options.h"

namespace rampart::plan {

enum class StepKind {
  Mount,      // a config mount: filesystem instance or bind, onto `destination`
  Device,     // mknod (or bind from the host in a user namespace) at `destination`
  Symlink,    // `destination` -> `target`
  Mask,       // hide `destination`: verified /dev/null for files, read-only empty tmpfs for dirs
  Readonly,   // bind `destination` onto itself read-only (recursive)
};

struct Step {
  StepKind kind = StepKind::Mount;
  std::string destination;  // always absolute, as seen inside the container
  // Mount
  std::string type;    // "proc", "sysfs", "tmpfs", "bind", "devpts", "mqueue", "cgroup", ...
  std::string source;  // host path for binds, fs source name otherwise
  spec::MountOptions options;
  size_t mount_index = 0;  // position in config.mounts (Mount steps)
  // Device
  spec::Device device;
  // Symlink
  std::string target;
  // Set for steps the runtime adds itself (default devices, /dev links), not the config's.
  bool implicit = false;
};

struct Plan {
  std::vector<Step> steps;
  bool dev_is_tmpfs = false;  // the config mounts a tmpfs on /dev (so the defaults are created)
  bool has_devpts = false;    // a devpts is mounted at /dev/pts (so /dev/ptmx links to it)
};

// The default devices every container gets (null, zero, full, random, urandom, tty), as runc.
const std::vector<spec::Device>& default_devices();

// Builds the plan: config mounts in order, then devices (defaults, then linux.devices, a later
// entry for the same path replacing an earlier one), the /dev symlinks (fd, stdin, stdout,
// stderr, ptmx when devpts is mounted, core when the host has /proc/kcore), then maskedPaths,
// then readonlyPaths. `host_has_kcore` keeps the plan pure.
Plan build_rootfs_plan(const spec::Config& config, bool host_has_kcore);

}  // namespace rampart::plan
