#include "util/host_file.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace rampart {
namespace {

constexpr int kTempAttempts = 16;

// ".NAME.<16 hex digits>" (".rampart.<hex>" when NAME is too long for that): unpredictable, so a
// name planted in advance by whoever else writes the directory only costs a retry.
std::string temp_name(const std::string& name) {
  unsigned long long r = 0;
  if (::getrandom(&r, sizeof r, 0) != sizeof r) r ^= static_cast<unsigned long long>(::getpid()) << 20;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", r);
  std::string t = "." + name + "." + hex;
  return t.size() <= NAME_MAX ? t : std::string(".rampart.") + hex;
}

}  // namespace

Result<HostFile> HostFile::at(const std::string& path) {
  if (path.empty()) return fail("open", "empty path");
  std::string p = path;
  if (p.back() == '/') return sys_error("open", path, EISDIR);
  size_t slash = p.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : p.substr(0, slash));
  std::string name = slash == std::string::npos ? p : p.substr(slash + 1);
  if (name == "." || name == "..") return sys_error("open", path, EISDIR);
  // The directory is the caller's: its path is followed as written, once.
  UniqueFd fd(::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return sys_error("open directory of", path);
  return HostFile(std::move(fd), path, std::move(name));
}

Result<void> HostFile::replace(std::string_view content, mode_t mode) const {
  // A symlink or fifo planted at the name (or at a predictable temp name) would turn
  // open(O_CREAT|O_TRUNC) into a write to a host file or a hang with the state lock held:
  // the temp file is always a new inode (O_EXCL|O_NOFOLLOW), and rename replaces the name
  // itself, whatever it is, without opening it.
  for (int i = 0; i < kTempAttempts; ++i) {
    std::string tmp = temp_name(name_);
    UniqueFd fd(::openat(dir_.get(), tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
    if (!fd) {
      if (errno == EEXIST) continue;
      return sys_error("write", path_);
    }
    auto undo = [&](const char* op) {
      int e = errno;
      ::unlinkat(dir_.get(), tmp.c_str(), 0);
      return sys_error(op, path_, e);
    };
    if (::write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size()))
      return undo("write");
    if (::renameat(dir_.get(), tmp.c_str(), dir_.get(), name_.c_str()) < 0) return undo("write");
    return {};
  }
  return sys_error("write (no free temp name)", path_, EEXIST);
}

Result<UniqueFd> HostFile::open_append(mode_t mode) const {
  // O_NOFOLLOW: a symlink at the name fails (ELOOP) instead of appending to its target.
  // O_NONBLOCK: opening a fifo for writing returns at once (ENXIO, or an fd that fstat refuses).
  UniqueFd fd(::openat(dir_.get(), name_.c_str(),
                       O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, mode));
  if (!fd) return sys_error("open", path_);
  struct stat st {};
  if (::fstat(fd.get(), &st) < 0) return sys_error("open", path_);
  if (!S_ISREG(st.st_mode)) return sys_error("open (not a regular file)", path_, EINVAL);
  int fl = ::fcntl(fd.get(), F_GETFL);
  if (fl < 0 || ::fcntl(fd.get(), F_SETFL, fl & ~O_NONBLOCK) < 0) return sys_error("open", path_);
  return fd;
}

Result<UniqueFd> HostFile::open_socket() const {
  UniqueFd fd(::openat(dir_.get(), name_.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) return sys_error("open", path_);
  struct stat st {};
  if (::fstat(fd.get(), &st) < 0) return sys_error("open", path_);
  if (S_ISLNK(st.st_mode)) return sys_error("open", path_, ELOOP);
  if (!S_ISSOCK(st.st_mode)) return sys_error("open", path_, ENOTSOCK);
  return fd;
}

Result<UniqueFd> HostFile::make_dir(mode_t mode) const {
  if (::mkdirat(dir_.get(), name_.c_str(), mode) < 0) return sys_error("mkdir", path_);
  UniqueFd fd(::openat(dir_.get(), name_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) return sys_error("open", path_);
  return fd;
}

Result<void> HostFile::remove_dir() const {
  if (::unlinkat(dir_.get(), name_.c_str(), AT_REMOVEDIR) < 0 && errno != ENOENT) return sys_error("rmdir", path_);
  return {};
}

}  // namespace rampart
