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

// A bind source as the runtime located it before the container existed
// (safepath::RootfsBoundary, by identity): a host source as a detached tree the runtime cloned
// from the very fd policy judged, or a source inside the rootfs as the path below the root,
// resolved inside the root when it is mounted (an image symlink cannot point it at the host).
struct BindSource {
  int tree = -1;        // host source: open_tree copy, flags and clone propagation applied
  std::string in_root;  // rootfs source: the path inside the root (tree is -1)
};
using BindSources = std::map<size_t, BindSource>;  // config.mounts index -> source

struct RootfsContext {
  std::string rootfs;              // the rootfs's host path: for messages, and to name it in a
                                   // joined mount namespace (then checked against rootfs_fd)
  std::string rootfs_propagation;  // linux.rootfsPropagation ("" = rslave)
  bool in_user_ns = false;         // devices are bind-mounted from the host instead of mknod'ed
  cgroup::Paths cgroup_paths;      // the container's own cgroups, for "cgroup" mounts
  const BindSources* bind_sources = nullptr;  // every bind mount of the plan has one
  // The rootfs directory the runtime opened and checked (load_bundle). The runtime makes it
  // the init's cwd at clone, so unshare(CLONE_NEWNS) hands the init that very directory in
  // its new namespace; whatever is mounted must be this directory (device and inode).
  int rootfs_fd = -1;
  // No mount namespace in the config: the runtime's (the host's) is inherited
  // (mount/host_namespace.h). The host's "/" is left as it is; the rootfs bind is private.
  bool shares_host_mounts = false;
};

// Makes the whole mount tree non-propagating towards the host (rslave by default, as runc;
// rprivate for a (r)private rootfsPropagation), then binds the checked rootfs directory onto
// itself from a detached copy made non-propagating before it is attached, and returns it as a
// Root (also the init's cwd, as runc's createContainer hooks expect).
Result<safepath::Root> prepare_rootfs(const RootfsContext& ctx);

// Config mounts, devices and /dev links, in plan order. Fresh in-memory filesystems mounted
// here are registered with the Root as the runtime's own; devices and links go only there
// (or into the rootfs's own directories), never into a directory bound in by the config.
Result<void> apply_mounts_and_devices(safepath::Root& root, const plan::Plan& plan,
                                      const RootfsContext& ctx);

// maskedPaths, readonlyPaths, then root.readonly.
Result<void> apply_masks(const safepath::Root& root, const plan::Plan& plan, bool root_readonly);

// pivot_root into the root and detach the old root; with no_pivot, move the root onto "/",
// detach every host mount of the old tree first (so none stays reachable in the container's
// mount namespace), and chroot. Then applies linux.rootfsPropagation to the new "/".
Result<void> enter_root(const safepath::Root& root, const plan::Plan& plan, bool no_pivot,
                        bool shares_host_mounts = false);

}  // namespace rampart::mount
