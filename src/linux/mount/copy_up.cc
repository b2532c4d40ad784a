#include "linux/mount/copy_up.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/unique_fd.h"

namespace rampart::mount {
namespace {

// Deep enough for any image; a deeper tree (or a directory loop made with bind mounts) ends
// with a clear error instead of running out of fds.
constexpr int kMaxDepth = 128;

Result<void> copy_times_and_owner(int dir, const char* name, const struct stat& st, const std::string& at) {
  // The owner first: chown clears set-id bits, the mode (set by the caller's create) comes back
  // where it matters with fchmodat below for non-links.
  // EINVAL: an owner this user namespace cannot name (shown as the overflow id); the copy
  // keeps the namespace's root as its owner.
  if (::fchownat(dir, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0 && errno != EINVAL)
    return sys_error("tmpcopyup: chown", at);
  if (!S_ISLNK(st.st_mode) && ::fchmodat(dir, name, st.st_mode & 07777, 0) < 0)
    return sys_error("tmpcopyup: chmod", at);
  const timespec times[2] = {st.st_atim, st.st_mtim};
  if (::utimensat(dir, name, times, AT_SYMLINK_NOFOLLOW) < 0) return sys_error("tmpcopyup: set times", at);
  return {};
}

Result<void> copy_file(int src_dir, int dst_dir, const char* name, const struct stat& st, const std::string& at) {
  // O_NOFOLLOW: the entry was a regular file when listed; if it was swapped for a link since,
  // the open fails rather than reading wherever the link leads. O_NONBLOCK: nor does a fifo
  // swapped in block the copy.
  UniqueFd in(::openat(src_dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!in) return sys_error("tmpcopyup: open", at);
  struct stat now{};
  if (::fstat(in.get(), &now) < 0) return sys_error("tmpcopyup: stat", at);
  if (!S_ISREG(now.st_mode) || now.st_ino != st.st_ino || now.st_dev != st.st_dev)
    return fail("tmpcopyup", "changed while it was copied", at);
  UniqueFd out(::openat(dst_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777));
  if (!out) return sys_error("tmpcopyup: create", at);
  off_t left = now.st_size;
  while (left > 0) {
    ssize_t n = ::sendfile(out.get(), in.get(), nullptr, static_cast<size_t>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error("tmpcopyup: copy", at);
    if (n == 0) break;  // shrank meanwhile: what is there is copied
    left -= n;
  }
  return {};
}

Result<void> copy_dir(int src, int dst, const std::string& at, int depth) {
  if (depth > kMaxDepth) return fail("tmpcopyup", "directories nested too deep to copy", at);
  UniqueFd list(::openat(src, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!list) return sys_error("tmpcopyup: open", at);
  DIR* d = ::fdopendir(list.get());
  if (!d) return sys_error("tmpcopyup: list", at);
  (void)list.release();  // the DIR owns it now
  struct Closer {
    DIR* d;
    ~Closer() { ::closedir(d); }
  } closer{d};
  errno = 0;
  while (dirent* e = ::readdir(d)) {
    const char* name = e->d_name;
    if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
    std::string path = at + "/" + name;
    struct stat st{};
    if (::fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) < 0) return sys_error("tmpcopyup: stat", path);
    switch (st.st_mode & S_IFMT) {
      case S_IFDIR: {
        if (::mkdirat(dst, name, 0700) < 0) return sys_error("tmpcopyup: mkdir", path);
        UniqueFd from(::openat(src, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!from) return sys_error("tmpcopyup: open", path);
        UniqueFd to(::openat(dst, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!to) return sys_error("tmpcopyup: open", path);
        TRY_VOID(copy_dir(from.get(), to.get(), path, depth + 1));
        break;
      }
      case S_IFREG: TRY_VOID(copy_file(src, dst, name, st, path)); break;
      case S_IFLNK: {
        // The link's text, copied as text: where it points is never looked at.
        std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
        ssize_t n = ::readlinkat(src, name, target.data(), target.size());
        if (n < 0) return sys_error("tmpcopyup: readlink", path);
        if (static_cast<size_t>(n) >= target.size()) return fail("tmpcopyup", "link changed while it was copied", path);
        target.resize(static_cast<size_t>(n));
        if (::symlinkat(target.c_str(), dst, name) < 0) return sys_error("tmpcopyup: symlink", path);
        break;
      }
      case S_IFIFO:
      case S_IFCHR:
      case S_IFBLK:
        if (::mknodat(dst, name, st.st_mode, st.st_rdev) < 0) return sys_error("tmpcopyup: mknod", path);
        break;
      default: continue;  // a socket
    }
    TRY_VOID(copy_times_and_owner(dst, name, st, path));
    errno = 0;
  }
  if (errno != 0) return sys_error("tmpcopyup: list", at);
  return {};
}

}  // namespace

Result<void> copy_up(int src, int dst, const std::string& what) { return copy_dir(src, dst, what, 0); }

}  // namespace rampart::mount
