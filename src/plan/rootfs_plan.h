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
  // Bind mounts: the propagation a detached copy of the source gets before it is attached
  // (Private or Slave, always recursive), so that nothing mounted under it in the container
  // ever propagates back to the host's mount (the config's own option, shared included, is
  // applied only once the copy is inside the container's namespace).
  spec::Propagation clone_propagation = spec::Propagation::Slave;
  // Overlay mounts: the layers named by lowerdir (":"-separated, "::" before data-only layers),
  // upperdir and workdir, taken out of options.data; each is located (inside the rootfs or on
  // the host) and handed to the kernel as an fd, never as the string.
  std::vector<std::string> lower_dirs, data_dirs;
  std::string upper_dir, work_dir;
};

// linux.rootfsPropagation, parsed: kind None when the config leaves it out.
struct RootPropagation {
  spec::Propagation kind = spec::Propagation::None;
  bool recursive = false;
  // The host's tree in the container's mount namespace, and the detached copy of the rootfs,
  // are made this (recursively) before anything is mounted: Private for (r)private, else Slave
  // (runc's default rslave); never shared, so no mount made for the container reaches the host.
  [[nodiscard]] spec::Propagation before_pivot() const {
    return kind == spec::Propagation::Private ? spec::Propagation::Private : spec::Propagation::Slave;
  }
};

struct Plan {
  std::vector<Step> steps;
  bool dev_is_tmpfs = false;  // the config mounts a tmpfs on /dev (so the defaults are created)
  bool has_devpts = false;    // a devpts is mounted at /dev/pts (so /dev/ptmx links to it)
  // The config binds something onto /dev itself: the default devices, /dev links and
  // linux.devices are left out (runc's rule); the runtime never rewrites a bound directory.
  bool dev_is_bind = false;
  // The config's /dev tmpfs says `ro`: it is mounted writable, filled (devices, links, the
  // mount points of /dev/pts and the like), and made read-only with the masks (runc remounts
  // it read-only at the end too); the mounts under it keep their own flags.
  bool dev_readonly = false;
  // Applied to the container's "/" once it is its root (runc applies it after pivot_root).
  RootPropagation root_propagation;
};

// "", "shared", "rslave", ... -> RootPropagation (unknown values were refused by the spec layer).
RootPropagation parse_root_propagation(const std::string& value);

// Splits overlay's layer options out of `data`: "lowerdir=" (":"-separated; "::" starts the
// data-only layers; "\:" is a literal colon), "lowerdir+=", "datadir+=", "upperdir=",
// "workdir=" fill the step's layer fields; everything else stays in `data`.
void take_overlay_layers(Step& step);

// The default devices every container gets (null, zero, full, random, urandom, tty), as runc.
const std::vector<spec::Device>& default_devices();

// Builds the plan: config mounts in order, then devices (defaults, then linux.devices, a later
// entry for the same path replacing an earlier one), the /dev symlinks (fd, stdin, stdout,
// stderr, ptmx when devpts is mounted, core when the host has /proc/kcore), then maskedPaths,
// then readonlyPaths. When the config binds /dev, no device or /dev link is planned at all.
// `host_has_kcore` keeps the plan pure.
Plan build_rootfs_plan(const spec::Config& config, bool host_has_kcore);

}  // namespace rampart::plan
