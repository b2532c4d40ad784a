// Rootfs assembly inside the container's new mount namespace, step by step from the plan, every
// destination an fd resolved inside the root (THE RULE).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "linux/cgroup/cgroup.h"
#include "linux/safepath/root.h"
#include "plan/rootfs_plan.h"
#include "util/error.h"

namespace rampart::mount {

struct RootfsContext {
  std::string rootfs;              // absolute host path of the rootfs (trusted: from the bundle)
  std::string rootfs_propagation;  // linux.rootfsPropagation ("" = rslave)
  bool in_user_ns = false;         // devices are bind-mounted from the host instead of mknod'ed
  cgroup::Paths cgroup_paths;      // the container's own cgroups, for "cgroup" mounts
  // Host bind sources as detached trees the runtime cloned (config.mounts index -> open_tree
  // fd, flags applied) from the fds policy judged: what was checked is what is mounted.
  const std::map<size_t, int>* bind_source_fds = nullptr;
};

// Makes the whole mount tree non-propagating towards the host (rslave by default, as runc),
// bind-mounts the rootfs onto itself so it is a mount point, and returns it as a Root.
Result<safepath::Root> prepare_rootfs(const RootfsContext& ctx);

// Config mounts, devices and /dev links, in plan order.
Result<void> apply_mounts_and_devices(const safepath::Root& root, const plan::Plan& plan,
                                      const RootfsContext& ctx);

// maskedPaths, readonlyPaths, then root.readonly.
Result<void> apply_masks(const safepath::Root& root, const plan::Plan& plan, bool root_readonly);

// pivot_root into the root (or, with no_pivot, MS_MOVE + chroot) and detach the old root.
Result<void> enter_root(const safepath::Root& root, bool no_pivot);

}  // namespace rampart::mount
