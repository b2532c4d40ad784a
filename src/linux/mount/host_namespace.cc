#include "linux/mount/host_namespace.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include "linux/safepath/boundary.h"
#include "linux/sys/syscalls.h"

namespace rampart::mount {

Result<std::uint64_t> mount_id_of(int fd, const std::string& what) {
  std::uint64_t id = 0;
  if (sys_mount_id(fd, "", AT_EMPTY_PATH, &id) < 0) return sys_error("mount id", what);
  return id;
}

Result<HostRootfs> open_host_rootfs(const std::string& rootfs) {
  // The path is the host's: a symlink planted in it (the container can write inside its rootfs,
  // never above it) must not redirect the unmount to another of the host's mounts.
  HostRootfs r;
  r.dir = TRY(safepath::open_host_path_without_symlinks(rootfs));
  r.mount_id = TRY(mount_id_of(r.dir.get(), rootfs));
  return r;
}

Result<void> detach_host_rootfs_mounts(const std::string& rootfs, std::uint64_t base_id) {
  UniqueFd cwd(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!cwd) return sys_error("open", ".");
  for (int i = 0; i < 64; ++i) {
    auto top = open_host_rootfs(rootfs);
    if (!top && top.error().err == ENOENT) return {};  // the bundle is gone, and its mounts with it
    if (!top) return std::unexpected(top.error().within("detach container mounts"));
    if (top->mount_id == base_id) return {};
    // umount2 takes a path only: "." with the cwd on the mount's root names exactly it.
    if (::fchdir(top->dir.get()) < 0) return sys_error("detach container mounts: chdir", rootfs);
    const bool detached = ::umount2(".", MNT_DETACH) == 0;
    const int saved = errno;
    if (::fchdir(cwd.get()) < 0) return sys_error("chdir back", rootfs);
    if (!detached) return sys_error("detach container mounts", rootfs, saved);
  }
  return fail("detach container mounts", "still mounted after 64 detaches", rootfs);
}

Result<UniqueFd> container_root_in_host_namespace(const std::string& rootfs, std::uint64_t base_id) {
  HostRootfs top = TRY(open_host_rootfs(rootfs));
  if (top.mount_id == base_id) return fail("exec", "the container's root is no longer mounted", rootfs);
  return std::move(top.dir);
}

}  // namespace rampart::mount
