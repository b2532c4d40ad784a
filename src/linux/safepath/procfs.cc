// The runtime's own procfs handle. Threats (docs/architecture.md, the rule, point 3):
//   CVE-2019-16884 / CVE-2019-19921: a container image mounted (or symlinked) something over
//     /proc/self/attr/... so the runtime's LSM label write went elsewhere;
//   CVE-2025-52881: writes to /proc/sys/... redirected through a bind mount of another procfs
//     file (or a non-procfs file) over the target.
// Defences: the handle is a procfs we mounted ourselves, detached (nothing can be mounted onto a
// path of it); every file opened through it is looked up with RESOLVE_NO_XDEV (a mount over any
// component, including the file itself, fails with EXDEV) and RESOLVE_NO_MAGICLINKS, then
// checked to be on procfs (fstatfs) and on the very mount of the handle (statx mount id).
#include "linux/safepath/procfs.h"

#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "linux/safepath/root.h"
#include "linux/sys/syscalls.h"

namespace rampart::safepath {
namespace {

constexpr ino_t kProcRootIno = 1;  // PROC_ROOT_INO
constexpr int kRetries = 32;
constexpr int kMaxProcLinks = 8;

std::string shown(std::string_view rel) { return "proc:" + std::string(rel); }

Result<void> check_procfs(int fd, const std::string& what) {
  struct statfs sfs {};
  if (::fstatfs(fd, &sfs) != 0) return sys_error("fstatfs", what);
  if (sfs.f_type != PROC_SUPER_MAGIC) return fail("procfs check", "not on procfs", what);
  return {};
}

Result<std::uint64_t> mount_id_of(int fd, const std::string& what) {
  std::uint64_t id = 0;
  if (sys_mount_id(fd, "", AT_EMPTY_PATH, &id) != 0) return sys_error("statx mount id", what);
  return id;
}

bool is_errno(const Error& e, int a, int b) { return e.err == a || e.err == b; }

// The host's /proc, opened O_PATH and checked to be the root of a real procfs mount (not a
// tmpfs, not a bind of some procfs subdirectory, not something mounted over part of /proc).
Result<UniqueFd> open_host_proc() {
  int raw = ::open("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (raw < 0) return sys_error("open", "/proc");
  UniqueFd proc(raw);
  TRY_VOID(check_procfs(proc.get(), "/proc"));
  struct stat st {};
  if (::fstat(proc.get(), &st) != 0) return sys_error("fstat", "/proc");
  if (st.st_ino != kProcRootIno)
    return fail("procfs check", "not the root directory of a procfs", "/proc");
  std::uint64_t id = 0;
  int is_root = -1;
  if (sys_mount_id(proc.get(), "", AT_EMPTY_PATH, &id, &is_root) != 0)
    return sys_error("statx mount id", "/proc");
  if (is_root == 0) return fail("procfs check", "not a mount root", "/proc");
  if (is_root < 0) {  // kernel without STATX_ATTR_MOUNT_ROOT: the parent must be another mount
    std::uint64_t parent_id = 0;
    if (sys_mount_id(proc.get(), "..", 0, &parent_id) != 0)
      return sys_error("statx mount id", "/proc/..");
    if (parent_id == id) return fail("procfs check", "not a mount root", "/proc");
  }
  return proc;
}

}  // namespace

Result<Procfs> Procfs::open_kind(ProcfsKind kind) {
  UniqueFd fd;
  if (kind == ProcfsKind::Private) {
    UniqueFd fs(sys_fsopen("proc", FSOPEN_CLOEXEC));
    if (!fs) return sys_error("fsopen", "proc");
    if (sys_fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
      return sys_error("fsconfig create", "proc");
    fd.reset(sys_fsmount(fs.get(), FSMOUNT_CLOEXEC,
                         MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC));
    if (!fd) return sys_error("fsmount", "proc");
  } else {
    UniqueFd host = TRY(open_host_proc());
    if (kind == ProcfsKind::Clone) {
      // Not AT_RECURSIVE: the clone leaves out every submount, so whatever was mounted over a
      // file below the host's /proc is not in it.
      fd.reset(sys_open_tree(host.get(), "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH));
      if (!fd) return sys_error("open_tree clone", "/proc");
    } else {
      fd = std::move(host);
    }
  }
  TRY_VOID(check_procfs(fd.get(), "proc"));
  std::uint64_t id = TRY(mount_id_of(fd.get(), "proc"));
  return Procfs(std::move(fd), kind, id);
}

Result<Procfs> Procfs::open_private() {
  auto p = open_kind(ProcfsKind::Private);
  // ENOSYS: kernel < 5.2 (or filtered); EPERM: no CAP_SYS_ADMIN over our pid namespace.
  if (p || !is_errno(p.error(), ENOSYS, EPERM)) return p;
  p = open_kind(ProcfsKind::Clone);
  if (p || !is_errno(p.error(), ENOSYS, EPERM)) return p;
  return open_kind(ProcfsKind::Host);
}

Result<void> Procfs::verify(int fd, std::string_view rel) const {
  std::string what = shown(rel);
  // CVE-2019-16884 / CVE-2019-19921 / CVE-2025-52881: whatever is mounted over the target (a
  // tmpfs or rootfs file, or a bind of a *different* procfs file, which is still procfs) is a
  // mount of its own: refuse anything not on the handle's very mount ...
  std::uint64_t id = TRY(mount_id_of(fd, what));
  if (id != mnt_id_) return sys_error("procfs check (something is mounted over it)", what, EXDEV);
  // ... and, belt and braces, anything not on procfs.
  TRY_VOID(check_procfs(fd, what));
  return {};
}

Result<UniqueFd> Procfs::open(std::string_view rel, int flags) const {
  std::string what = shown(rel);
  if (rel.empty() || rel.front() == '/') return fail("open", "procfs paths are relative", what);
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
    return fail("open", "procfs files are never created", what);
  if (active_backend() == Backend::Openat2) {
    std::uint64_t f = static_cast<std::uint64_t>(flags) | O_CLOEXEC;
    if (f & O_PATH) f &= (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    std::string p(rel);
    for (int i = 0; i < kRetries; ++i) {
      // RESOLVE_NO_XDEV: any mount over a component or the file itself -> EXDEV.
      // RESOLVE_NO_MAGICLINKS: "self"/"thread-self" are ordinary symlinks and still work, but
      // /proc/self/fd/N, exe, root, cwd... are refused (CVE-2024-21626-style leaks).
      // RESOLVE_BENEATH: ".." or an absolute symlink cannot leave the handle.
      int fd = sys_openat2(fd_.get(), p.c_str(), f,
                           RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS);
      if (fd >= 0) {
        UniqueFd out(fd);
        TRY_VOID(verify(out.get(), rel));
        return out;
      }
      if (errno == EAGAIN) continue;
      if (errno == ENOSYS) break;
      return sys_error("open", what);
    }
    if (errno == EAGAIN) return sys_error("open", what);
  }
  return open_walk(rel, flags);
}

// Without openat2: one component at a time with O_NOFOLLOW, checking at every step that the
// entry reached is on our mount (an over-mount anywhere on the way changes the mount id), and
// following a symlink only in the procfs root ("self" -> "123", "thread-self" -> "123/task/124",
// "mounts" -> "self/mounts"), where no magic link lives; the target must be relative without "..".
Result<UniqueFd> Procfs::open_walk(std::string_view rel, int flags) const {
  std::string what = shown(rel);
  int raw = ::openat(fd_.get(), ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (raw < 0) return sys_error("open", "proc");
  UniqueFd cur(raw);
  bool at_root = true;
  int links = 0;
  std::string rest(rel);
  for (;;) {
    size_t b = rest.find_first_not_of('/');
    if (b == std::string::npos) {  // a trailing slash after a directory: the directory itself
      int dflags = (flags & O_PATH) ? O_PATH : flags;
      int fd = ::openat(cur.get(), ".", dflags | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0) return sys_error("open", what);
      UniqueFd out(fd);
      TRY_VOID(verify(out.get(), rel));
      return out;
    }
    size_t e = rest.find('/', b);
    std::string comp = rest.substr(b, e == std::string::npos ? std::string::npos : e - b);
    rest.erase(0, e == std::string::npos ? rest.size() : e);
    bool final = rest.find_first_not_of('/') == std::string::npos;
    if (comp == ".") continue;  // a final "." opens `cur` itself on the next round
    if (comp == "..") return fail("open", "\"..\" in a procfs path", what);
    raw = ::openat(cur.get(), comp.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (raw < 0) return sys_error("open", what);
    UniqueFd next(raw);
    TRY_VOID(verify(next.get(), rel));
    struct stat st {};
    if (::fstat(next.get(), &st) != 0) return sys_error("fstat", what);
    if (S_ISLNK(st.st_mode)) {
      if (!at_root) return sys_error("open (magic link refused)", what, ELOOP);
      if (++links > kMaxProcLinks) return sys_error("open", what, ELOOP);
      char buf[PATH_MAX];
      ssize_t n = ::readlinkat(next.get(), "", buf, sizeof buf);
      if (n <= 0 || static_cast<size_t>(n) >= sizeof buf) return sys_error("readlink", what);
      std::string target(buf, static_cast<size_t>(n));
      if (target.front() == '/' || ("/" + target + "/").find("/../") != std::string::npos)
        return sys_error("open (procfs symlink leaves the root)", what, ELOOP);
      rest = rest.empty() ? target : target + "/" + rest;
      continue;
    }
    if (!final) {
      if (!S_ISDIR(st.st_mode)) return sys_error("open", what, ENOTDIR);
      cur = std::move(next);
      at_root = false;
      continue;
    }
    if (flags & O_PATH) return next;
    int fd = S_ISDIR(st.st_mode)
                 ? ::openat(next.get(), ".", flags | O_CLOEXEC)
                 : ::openat(cur.get(), comp.c_str(), flags | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return sys_error("open", what);
    UniqueFd out(fd);
    struct stat ost {};
    if (::fstat(out.get(), &ost) != 0) return sys_error("fstat", what);
    if (ost.st_dev != st.st_dev || ost.st_ino != st.st_ino)
      return sys_error("open (raced)", what, EAGAIN);
    TRY_VOID(verify(out.get(), rel));
    return out;
  }
}

Result<void> Procfs::write_file(std::string_view rel, std::string_view content) const {
  UniqueFd fd = TRY(open(rel, O_WRONLY | O_NOCTTY));
  // One write(): procfs/sysctl files take the whole value in one call and may ignore a second.
  ssize_t n;
  do {
    n = ::write(fd.get(), content.data(), content.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return sys_error("write", shown(rel));
  if (static_cast<size_t>(n) != content.size())
    return fail("write", "short write (" + std::to_string(n) + " of " +
                             std::to_string(content.size()) + " bytes)",
                shown(rel));
  return {};
}

Result<std::string> Procfs::read_file(std::string_view rel) const {
  UniqueFd fd = TRY(open(rel, O_RDONLY | O_NOCTTY));
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error("read", shown(rel));
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Result<void> Procfs::enter() const {
  if (::fchdir(fd_.get()) != 0) return sys_error("chdir", "proc");
  return {};
}

}  // namespace rampart::safepath
