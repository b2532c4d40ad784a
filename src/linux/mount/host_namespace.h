// A container whose config names no mount namespace inherits the runtime's (runtime-spec:
// "If a namespace type is not specified in the namespaces array, the container MUST inherit
// the runtime namespace of that type"). Its mounts are then made in the host's mount namespace:
// the rootfs is bound onto itself as a private copy (nothing mounted under it propagates to the
// host's other mounts) with every mount of the config beneath that bind, and the container's
// root is a chroot into it -- never pivot_root, and the host's "/" is never touched (runc makes
// it rslave). `delete` and a failed `create` detach that bind, and with it everything beneath.
#pragma once

#include <cstdint>
#include <string>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::mount {

// The id of the mount the directory `fd` is on.
Result<std::uint64_t> mount_id_of(int fd, const std::string& what);

// The rootfs path as the host sees it, opened with no symlink followed, and the id of the
// mount on top of it.
struct HostRootfs {
  UniqueFd dir;
  std::uint64_t mount_id = 0;
};
Result<HostRootfs> open_host_rootfs(const std::string& rootfs);

// Detaches every mount stacked on the rootfs directory above the mount `base_id` it was on
// when the runtime checked it (the runtime's bind, and whatever the container mounted over its
// own root); bounded, so a container cannot keep it busy.
Result<void> detach_host_rootfs_mounts(const std::string& rootfs, std::uint64_t base_id);

// The container's root for a process joining it (`exec`): the bind on the rootfs, accepted only
// when a mount other than `base_id` is on top of it (the container is still set up).
Result<UniqueFd> container_root_in_host_namespace(const std::string& rootfs, std::uint64_t base_id);

}  // namespace rampart::mount
