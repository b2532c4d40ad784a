// Mounts fd to fd with the new mount API: a source becomes a detached mount (fsopen+fsmount for
// a filesystem instance, open_tree for a bind), gets its flags with mount_setattr, and is moved
// onto a destination fd that the safe-path layer resolved inside the rootfs. No path string
// names the destination, so nothing the image does between resolution and mount can move it
// (CVE-2021-30465).
#pragma once

#include <string>

#include "spec/mount_options.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::mount {

// A detached instance of filesystem `type` configured with the options' data ("mode=755",
// "newinstance"...) and `source` (shown in mountinfo), with the per-mount flags applied.
Result<UniqueFd> new_fs_instance(const std::string& type, const std::string& source,
                                 const spec::MountOptions& opts);

// The three steps of new_fs_instance, for a filesystem that needs more than strings (overlay):
// fsopen + "source"; the options' data and superblock flags; create, fsmount, per-mount flags.
Result<UniqueFd> open_fs(const std::string& type, const std::string& source);
Result<void> set_fs_options(int fs, const spec::MountOptions& opts, const std::string& type);
Result<UniqueFd> mount_fs(int fs, const spec::MountOptions& opts, const std::string& type);

// A detached copy of the mount tree at `src` (an fd, e.g. O_PATH), recursive for rbind, with the
// options' flags applied (to the top mount; to the whole tree for rro/rnosuid/...).
// Attack: a copy of a shared mount is a peer of the original, so everything later mounted under
// it (submounts, masks, read-only binds, a tmpfs the container writes to) would appear in the
// host's mount namespace and outlive the container. Every copy is therefore made `baseline`
// (Private or Slave) over its whole tree before this returns, i.e. before it can be attached;
// the config's own propagation option (shared included) is applied by attach(), once the copy
// is inside the container's namespace.
Result<UniqueFd> clone_tree(int src_fd, const spec::MountOptions& opts, const std::string& what,
                            spec::Propagation baseline = spec::Propagation::Slave);

// Makes the detached mount at `mnt_fd` an idmapped mount (MOUNT_ATTR_IDMAP): ids on the source
// filesystem are shown through the maps of the user namespace `userns_fd` (the whole tree when
// `recursive`, "ridmap"). The kernel allows it only on a mount not yet attached, on filesystems
// that support it (ext4, xfs, btrfs, tmpfs >= 6.3, overlayfs ...; docs/kernel.md).
Result<void> idmap_tree(int mnt_fd, int userns_fd, bool recursive, const std::string& what);

// Moves the detached mount onto the destination fd, then applies the options' propagation.
Result<void> attach(int mnt_fd, int dest_fd, const spec::MountOptions& opts, const std::string& dest);

// attach() for a tree the runtime prepared before the container's namespace existed (a host bind
// source). The kernel lists a namespace's mounts (mountinfo) in the order they were made, not
// the order they were attached, so such a tree would be listed ahead of every mount the config
// names before it (clients and the OCI suite read that order). It is attached, copied from
// where it now is (the kernel copies trees of the caller's own namespace only) and replaced by
// that copy: flags, propagation and idmap carry over. Where the copy is refused, the tree
// stays as attached. A directory tree is detached through itself; any other is detached by its
// name in `parent_fd`, the destination's directory (no container process exists yet to swap it,
// and the name is not followed).
Result<void> attach_prepared(int tree_fd, int dest_fd, int parent_fd, const std::string& name,
                             const spec::MountOptions& opts, const std::string& dest);

// Sets propagation (Private/Shared/Slave/Unbindable) on the mount at `fd`.
Result<void> set_propagation(int fd, spec::Propagation p, bool recursive, const std::string& what);

// Makes the mount at `fd` read-only (recursively when asked).
Result<void> make_readonly(int fd, bool recursive, const std::string& what);

}  // namespace rampart::mount
