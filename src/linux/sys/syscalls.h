// Thin wrappers for the fd-based path and mount syscalls that glibc 2.36 either lacks (openat2)
// or that we want to call raw so a seccomp filter answering ENOSYS (tests/helper/no_openat2)
// sees exactly one syscall per call. Each returns what the syscall returns: an fd / 0 on success,
// -1 with errno set on failure. No policy here: the safe-path and mount layers decide what to
// call and check the results.
//
// Header hygiene: glibc's <sys/mount.h> (2.36) already declares struct mount_attr, enum
// fsconfig_command and the OPEN_TREE_* / MOVE_MOUNT_* / FSMOUNT_* / MOUNT_ATTR_* constants, and
// it conflicts with <linux/mount.h>. So this header includes <sys/mount.h> only; never include
// <linux/mount.h> next to it. Constants newer than those headers are defined below (guarded).
#pragma once

#include <fcntl.h>
#include <linux/openat2.h>  // struct open_how, RESOLVE_* (no conflict with glibc headers)
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef MOVE_MOUNT_BENEATH
#define MOVE_MOUNT_BENEATH 0x00000200
#endif
#ifndef MOUNT_ATTR_NOSYMFOLLOW
#define MOUNT_ATTR_NOSYMFOLLOW 0x00200000
#endif
#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x00001000U
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif
#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

namespace rampart {

// openat2(2) with the three open_how fields spelled out.
int sys_openat2(int dfd, const char* path, std::uint64_t flags, std::uint64_t resolve,
                std::uint64_t mode = 0);

// open_tree(2); flags from OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE |
// AT_SYMLINK_NOFOLLOW.
int sys_open_tree(int dfd, const char* path, unsigned flags);

// open_tree_attr(2) (Linux 6.15): open_tree with OPEN_TREE_CLONE plus mount_setattr's attributes
// applied to the new copy (to the whole copy with AT_RECURSIVE), in one call. ENOSYS before 6.15.
int sys_open_tree_attr(int dfd, const char* path, unsigned flags, struct mount_attr* attr);

// move_mount(2), e.g. fd to fd:
//   sys_move_mount(srcfd, "", dstfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH).
int sys_move_mount(int from_dfd, const char* from_path, int to_dfd, const char* to_path,
                   unsigned flags);

// fsopen(2) / fsconfig(2) / fsmount(2): fsopen("proc", FSOPEN_CLOEXEC), then
// fsconfig(fd, FSCONFIG_SET_STRING, "subset", "pid", 0) ..., fsconfig(fd, FSCONFIG_CMD_CREATE,
// nullptr, nullptr, 0), fsmount(fd, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | ...).
int sys_fsopen(const char* fs_name, unsigned flags);
int sys_fsconfig(int fd, unsigned cmd, const char* key, const void* value, int aux);
int sys_fsmount(int fs_fd, unsigned flags, unsigned attr_flags);

// mount_setattr(2) with the struct size filled in.
int sys_mount_setattr(int dfd, const char* path, unsigned flags, struct mount_attr* attr);

// statx(2) for the mount id of `path` relative to `dfd` (AT_EMPTY_PATH with path "" for the
// fd itself). Returns 0 and fills `mnt_id` (and `is_mount_root` when the kernel reports
// STATX_ATTR_MOUNT_ROOT: 1 yes, 0 no, -1 unknown); -1 with errno on failure.
int sys_mount_id(int dfd, const char* path, int at_flags, std::uint64_t* mnt_id,
                 int* is_mount_root = nullptr);

}  // namespace rampart
