#include "linux/safepath/boundary.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "linux/safepath/root.h"
#include "linux/sys/syscalls.h"
#include "util/path.h"

namespace rampart::safepath {
namespace {

constexpr int kMaxSymlinks = 40;
constexpr int kMaxDepth = 4096;

std::string pop_component(std::string& rest) {
  size_t b = rest.find_first_not_of('/');
  if (b == std::string::npos) {
    rest.clear();
    return {};
  }
  size_t e = rest.find('/', b);
  std::string comp = rest.substr(b, e == std::string::npos ? std::string::npos : e - b);
  rest.erase(0, e == std::string::npos ? rest.size() : e);
  return comp;
}

// "/a//b/./c" -> "/a/b/c"; ".." is kept (the root resolves it, never above itself).
std::string tidy(std::string rest) {
  std::string out;
  for (std::string c = pop_component(rest); !c.empty(); c = pop_component(rest))
    if (c != ".") out += "/" + c;
  return out.empty() ? "/" : out;
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

}  // namespace

Result<RootfsBoundary> RootfsBoundary::of(int rootfs_fd) {
  struct stat st {};
  if (::fstat(rootfs_fd, &st) < 0) return sys_error("stat rootfs");
  if (!S_ISDIR(st.st_mode)) return sys_error("rootfs", {}, ENOTDIR);
  return RootfsBoundary(st.st_dev, st.st_ino);
}

bool RootfsBoundary::is_rootfs(int fd) const {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_;
}

bool RootfsBoundary::is_inside(int fd) const {
  UniqueFd cur(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
  for (int depth = 0; cur && depth < kMaxDepth; ++depth) {
    struct stat st {};
    if (::fstat(cur.get(), &st) < 0) return true;  // cannot tell: assume the worst
    if (st.st_dev == dev_ && st.st_ino == ino_) return true;
    if (!S_ISDIR(st.st_mode)) return false;  // the exact file, no further walk below it
    UniqueFd up(::openat(cur.get(), "..", O_PATH | O_DIRECTORY | O_CLOEXEC));
    struct stat ust {};
    if (!up || ::fstat(up.get(), &ust) < 0) return true;
    if (same_file(st, ust)) return false;  // reached the top ("/" has itself as "..")
    cur = std::move(up);
  }
  return true;
}

Result<Located> RootfsBoundary::locate(std::string_view host_path) const {
  std::string shown(host_path);
  if (host_path.empty() || host_path.front() != '/') return fail("locate", "not an absolute path", shown);
  UniqueFd host_root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!host_root) return sys_error("open", "/");
  UniqueFd cur(::fcntl(host_root.get(), F_DUPFD_CLOEXEC, 0));
  std::string rest = clean_absolute(host_path);
  int links = 0;
  for (;;) {
    // The rootfs reached, by whatever spelling: the rest is the image's, resolved in the root.
    if (is_rootfs(cur.get())) return Located{true, tidy(rest), {}};
    std::string comp = pop_component(rest);
    if (comp.empty()) return Located{false, {}, std::move(cur)};
    if (comp == ".") continue;
    if (comp == "..") {  // only from a symlink target: the host's own ".."
      UniqueFd up(::openat(cur.get(), "..", O_PATH | O_DIRECTORY | O_CLOEXEC));
      if (!up) return sys_error("locate", shown);
      cur = std::move(up);
      continue;
    }
    UniqueFd next(::openat(cur.get(), comp.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!next) return sys_error("open", shown);
    struct stat st {};
    if (::fstat(next.get(), &st) < 0) return sys_error("stat", shown);
    if (!S_ISLNK(st.st_mode)) {
      if (!S_ISDIR(st.st_mode) && rest.find_first_not_of('/') != std::string::npos)
        return sys_error("open", shown, ENOTDIR);
      cur = std::move(next);
      continue;
    }
    if (++links > kMaxSymlinks) return sys_error("open", shown, ELOOP);
    struct statfs sfs {};
    if (::fstatfs(next.get(), &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC) {
      // A procfs link (self, thread-self, or a magic link: root, cwd, fd/N, ns/*): the kernel
      // jumps straight to its target. A jump into the rootfs would skip the check above and
      // let the rest of the walk follow the image's symlinks on the host: refused.
      UniqueFd jumped(::openat(cur.get(), comp.c_str(), O_PATH | O_CLOEXEC));
      if (!jumped) return sys_error("open", shown);
      if (!is_rootfs(jumped.get()) && is_inside(jumped.get()))
        return std::unexpected(Error{"locate", shown, EXDEV,
                                     "reaches into the rootfs through a /proc link; name it by its path under the rootfs"});
      cur = std::move(jumped);
      continue;
    }
    char buf[PATH_MAX];
    ssize_t n = ::readlinkat(next.get(), "", buf, sizeof buf);
    if (n < 0) return sys_error("readlink", shown);
    if (static_cast<size_t>(n) >= sizeof buf) return sys_error("readlink", shown, ENAMETOOLONG);
    std::string target(buf, static_cast<size_t>(n));
    if (!target.empty() && target.front() == '/') cur.reset(::fcntl(host_root.get(), F_DUPFD_CLOEXEC, 0));
    rest = rest.empty() ? target : target + "/" + rest;
  }
}

Result<UniqueFd> open_host_path_without_symlinks(std::string_view abs_path) {
  const std::string shown(abs_path);
  if (abs_path.empty() || abs_path[0] != '/') return fail("open", "not an absolute path", shown);
  UniqueFd at(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!at) return sys_error("open", "/");
  size_t i = 0;
  while (i < abs_path.size()) {
    while (i < abs_path.size() && abs_path[i] == '/') ++i;
    size_t j = abs_path.find('/', i);
    if (j == std::string_view::npos) j = abs_path.size();
    if (j == i) break;
    const std::string name(abs_path.substr(i, j - i));
    UniqueFd next(::openat(at.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!next) return sys_error("open", shown);
    struct stat st{};
    if (::fstat(next.get(), &st) < 0) return sys_error("open", shown);
    if (S_ISLNK(st.st_mode)) return sys_error("open", shown, ELOOP);
    at = std::move(next);
    i = j;
  }
  return at;
}

}  // namespace rampart::safepath
