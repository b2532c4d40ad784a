#include "linux/sys/syscalls.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace rampart {

int sys_openat2(int dfd, const char* path, std::uint64_t flags, std::uint64_t resolve,
                std::uint64_t mode) {
  struct open_how how {};
  how.flags = flags;
  how.mode = mode;
  how.resolve = resolve;
  return static_cast<int>(::syscall(SYS_openat2, dfd, path, &how, sizeof how));
}

int sys_open_tree(int dfd, const char* path, unsigned flags) {
  return static_cast<int>(::syscall(SYS_open_tree, dfd, path, flags));
}

#ifndef SYS_open_tree_attr
#define SYS_open_tree_attr 467  // the same number on every architecture
#endif

int sys_open_tree_attr(int dfd, const char* path, unsigned flags, struct mount_attr* attr) {
  return static_cast<int>(::syscall(SYS_open_tree_attr, dfd, path, flags, attr, sizeof *attr));
}

int sys_move_mount(int from_dfd, const char* from_path, int to_dfd, const char* to_path,
                   unsigned flags) {
  return static_cast<int>(::syscall(SYS_move_mount, from_dfd, from_path, to_dfd, to_path, flags));
}

int sys_fsopen(const char* fs_name, unsigned flags) {
  return static_cast<int>(::syscall(SYS_fsopen, fs_name, flags));
}

int sys_fsconfig(int fd, unsigned cmd, const char* key, const void* value, int aux) {
  return static_cast<int>(::syscall(SYS_fsconfig, fd, cmd, key, value, aux));
}

int sys_fsmount(int fs_fd, unsigned flags, unsigned attr_flags) {
  return static_cast<int>(::syscall(SYS_fsmount, fs_fd, flags, attr_flags));
}

int sys_mount_setattr(int dfd, const char* path, unsigned flags, struct mount_attr* attr) {
  return static_cast<int>(::syscall(SYS_mount_setattr, dfd, path, flags, attr, sizeof *attr));
}

int sys_mount_id(int dfd, const char* path, int at_flags, std::uint64_t* mnt_id,
                 int* is_mount_root) {
  struct statx stx {};
  if (::statx(dfd, path, at_flags | AT_STATX_DONT_SYNC, STATX_MNT_ID, &stx) != 0) return -1;
  if (!(stx.stx_mask & STATX_MNT_ID)) {
    errno = EOPNOTSUPP;
    return -1;
  }
  *mnt_id = stx.stx_mnt_id;
  if (is_mount_root != nullptr) {
    if (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
      *is_mount_root = (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) ? 1 : 0;
    else
      *is_mount_root = -1;
  }
  return 0;
}

}  // namespace rampart
