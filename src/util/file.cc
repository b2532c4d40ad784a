#include "util/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/unique_fd.h"

namespace rampart {
namespace {

const char* kind_name(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFDIR: return "a directory";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFIFO: return "a FIFO";
    case S_IFSOCK: return "a socket";
    case S_IFLNK: return "a symlink";
    default: return "not a regular file";
  }
}

std::string limit_text(size_t max_bytes) { return "larger than the limit of " + std::to_string(max_bytes) + " bytes"; }

// `probe` is an O_PATH fd of the file; opens it for reading only when it is a regular file.
Result<std::string> read_checked(int dirfd, const std::string& name, int nofollow, const std::string& display,
                                 size_t max_bytes, const std::string& what) {
  // A config.json (or state.json, process.json, policy file) that is a device, FIFO or socket
  // would make a plain read loop exhaust memory (/dev/zero), block forever (a FIFO
  // nobody writes) or trigger a device's open side effects (/dev/watchdog): look at the inode
  // through O_PATH first, which opens nothing.
  UniqueFd probe(::openat(dirfd, name.c_str(), O_PATH | O_CLOEXEC | nofollow));
  if (!probe) return sys_error(what, display);
  struct stat st{};
  if (::fstat(probe.get(), &st) < 0) return sys_error(what, display);
  if (!S_ISREG(st.st_mode)) {
    std::string kind = kind_name(st.st_mode);
    return fail_as(ErrorKind::BadInput, what, kind == "not a regular file" ? kind : "not a regular file (" + kind + ")",
                   display);
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) return fail_as(ErrorKind::BadInput, what, limit_text(max_bytes), display);
  // O_NONBLOCK: should the name have been swapped for a FIFO since the look, the open cannot
  // block; the inode check below then refuses it.
  UniqueFd fd(::openat(dirfd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | nofollow));
  if (!fd) return sys_error(what, display);
  struct stat again{};
  if (::fstat(fd.get(), &again) < 0) return sys_error(what, display);
  if (again.st_dev != st.st_dev || again.st_ino != st.st_ino || !S_ISREG(again.st_mode))
    return fail_as(ErrorKind::Raced, what, "replaced while being opened", display);
  return read_bounded(fd.get(), display, max_bytes, what);
}

}  // namespace

Result<std::string> read_bounded(int fd, const std::string& display, size_t max_bytes, const std::string& what) {
  std::string text;
  char buf[16384];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error(what, display);
    if (n == 0) break;
    // A file that grows while read (or lied about its size) is held to the same cap.
    if (text.size() + static_cast<size_t>(n) > max_bytes)
      return fail_as(ErrorKind::BadInput, what, limit_text(max_bytes), display);
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

Result<std::string> read_regular_file(const std::string& path, size_t max_bytes, const std::string& what) {
  return read_checked(AT_FDCWD, path, 0, path, max_bytes, what);
}

Result<std::string> read_regular_file_at(int dirfd, const std::string& name, const std::string& display,
                                         size_t max_bytes, const std::string& what) {
  return read_checked(dirfd, name, O_NOFOLLOW, display, max_bytes, what);
}

}  // namespace rampart
