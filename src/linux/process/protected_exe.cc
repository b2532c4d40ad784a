#include "linux/process/protected_exe.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/sys/syscalls.h"
#include "util/unique_fd.h"

namespace rampart::process {
namespace {

bool already_protected() {
  UniqueFd self(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
  if (!self) return false;
  struct statvfs vfs{};
  if (::fstatvfs(self.get(), &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) return true;
  int seals = ::fcntl(self.get(), F_GET_SEALS);
  return seals >= 0 && (seals & F_SEAL_WRITE);
}

// A read-only bind of the binary that exists only as this fd: nothing can remount it writable.
int readonly_clone() {
  UniqueFd tree(sys_open_tree(AT_FDCWD, "/proc/self/exe", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
  if (!tree) return -1;
  mount_attr attr{};
  attr.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  if (sys_mount_setattr(tree.get(), "", AT_EMPTY_PATH, &attr) < 0) return -1;
  return tree.release();
}

int sealed_copy() {
  UniqueFd src(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
  if (!src) return -1;
  struct stat st{};
  if (::fstat(src.get(), &st) < 0) return -1;
  UniqueFd mem(::memfd_create("rampart", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!mem) return -1;
  off_t off = 0;
  while (off < st.st_size)
    if (::sendfile(mem.get(), src.get(), &off, static_cast<size_t>(st.st_size - off)) <= 0) return -1;
  if (::fcntl(mem.get(), F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0) return -1;
  return mem.release();
}

}  // namespace

bool ensure_protected_exe(char** argv, char** envp) {
  if (already_protected()) return true;
  for (int (*make)() : {readonly_clone, sealed_copy}) {
    UniqueFd fd(make());
    if (fd) ::syscall(SYS_execveat, fd.get(), "", argv, envp, AT_EMPTY_PATH);
  }
  return false;
}

}  // namespace rampart::process
