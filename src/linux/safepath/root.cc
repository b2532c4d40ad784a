// The safe-path layer: every lookup below a container root is done relative to fds that are
// already inside that root (THE RULE, docs/architecture.md).
//
// Two resolvers:
//   Openat2: openat2(rootfd, path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS). The kernel scopes
//            "/" and ".." to the root and refuses magic links; it answers EAGAIN when a rename or
//            mount raced the lookup, which is retried.
//   Walker:  for kernels (or seccomp profiles) without openat2. Walks one component at a time
//            with openat(O_PATH|O_NOFOLLOW) on the fd of the directory reached so far, keeping
//            the stack of directory fds it came through. Symlinks are read through their own
//            O_PATH fd (readlinkat(fd, "")) and spliced into the rest of the path: an absolute
//            target restarts at the root fd, ".." pops the stack and stops at the root. Every
//            step is relative to an fd already inside the root, so a racing rename can change
//            *which* in-root file is reached, never make the walk leave the root.
//            Magic-link rule (what RESOLVE_NO_MAGICLINKS does in the kernel): magic links only
//            exist on procfs, so a symlink on procfs is followed only when its directory is the
//            root inode of that procfs ("self", "thread-self", "mounts", "net": ordinary
//            symlinks). Any other procfs symlink (/proc/PID/fd/N, exe, cwd, root, ns/*,
//            map_files/*, task/*/...) is refused with ELOOP -- CVE-2024-21626 reached the host
//            through /proc/self/fd/N, CVE-2019-16884 through procfs redirection.
//
// Creation (mkdir_all, create_file, and the parents of mknod/symlink) always uses the walker
// logic, whatever the backend, because it must create missing components one at a time on the
// parent's fd (mkdirat / openat(O_CREAT|O_EXCL|O_NOFOLLOW)); with openat2 available the
// common "already exists" case is answered by one openat2 first.
#include "linux/safepath/root.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <cerrno>
#include <vector>

#include "linux/sys/syscalls.h"
#include "util/path.h"

namespace rampart::safepath {
namespace {

constexpr int kMaxSymlinks = 40;  // as the kernel's MAXSYMLINKS
constexpr int kRetries = 32;      // EAGAIN from openat2, EEXIST/replace races on creation
constexpr ino_t kProcRootIno = 1;  // PROC_ROOT_INO
constexpr std::uint64_t kResolveInRoot = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

// -1: not detected yet; otherwise a Backend value.
std::atomic<int> g_detected{-1};
std::atomic<int> g_override{-1};

void note_no_openat2() { g_detected.store(static_cast<int>(Backend::Walker)); }

Backend detect() {
  int fd = sys_openat2(AT_FDCWD, "/", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0) {
    ::close(fd);
    return Backend::Openat2;
  }
  // ENOSYS: kernel < 5.6 or a seccomp filter; EPERM: some container seccomp profiles answered
  // openat2 that way. Either way the walker is the only resolver left.
  return (errno == ENOSYS || errno == EPERM) ? Backend::Walker : Backend::Openat2;
}

// For error messages only.
std::string shown(const std::string& display, std::string_view path) {
  return display + clean_absolute(path);  // for messages only: the kernel never resolves it
}

// Pops the next component off the front of `rest` (skipping slashes). Empty when none is left.
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

bool has_more(const std::string& rest) { return rest.find_first_not_of('/') != std::string::npos; }

// Says whether a directory (an fd) may receive a new entry; null: anywhere in the root.
using CreateGuard = std::function<bool(int dirfd)>;

constexpr const char* kLeftAlone = "leave as is";

std::unexpected<Error> left_alone_error(const std::string& where) {
  return std::unexpected(Error{kLeftAlone, where, EXDEV,
                               "not on a filesystem the runtime mounted for the container (a directory "
                               "bound in from the host is never rewritten)"});
}

struct Cursor {
  std::vector<UniqueFd> stack;  // stack[0] is (a dup of) the root; back() is where we are
  std::string rest;             // what is left to resolve
  int links = 0;                // symlinks followed so far
  std::string shown;            // for messages
  const CreateGuard* guard = nullptr;  // checked before every mkdirat
  [[nodiscard]] int top() const { return stack.back().get(); }
  [[nodiscard]] bool may_create() const { return guard == nullptr || (*guard)(top()); }
};

Result<Cursor> start(int rootfd, std::string_view path, std::string shown_path) {
  Cursor c;
  int fd = ::fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
  if (fd < 0) return sys_error("dup root fd", shown_path);
  c.stack.emplace_back(fd);
  c.rest = std::string(path);
  c.shown = std::move(shown_path);
  return c;
}

// The final component the walk stopped at: `name` inside c.top(), or c.top() itself when empty.
struct Last {
  std::string name;
  bool must_dir = false;  // written with a trailing slash
};

// Follows the symlink `link` (an O_PATH|O_NOFOLLOW fd) found in directory `parent`: checks it
// is not a magic link, reads it through its own fd and splices its target in front of c.rest.
Result<void> follow(Cursor& c, int link, int parent) {
  if (++c.links > kMaxSymlinks) return sys_error("resolve (too many symlinks)", c.shown, ELOOP);
  // Magic links (CVE-2024-21626: /proc/self/fd/N to a leaked host fd; /proc/self/root, exe,
  // cwd ...) exist only on procfs; the only ordinary procfs symlinks live in the procfs root
  // directory. Refused like RESOLVE_NO_MAGICLINKS refuses them.
  struct statfs sfs {};
  if (::fstatfs(link, &sfs) != 0) return sys_error("fstatfs symlink", c.shown);
  if (sfs.f_type == PROC_SUPER_MAGIC) {
    struct stat pst {};
    struct statfs psfs {};
    if (::fstat(parent, &pst) != 0 || ::fstatfs(parent, &psfs) != 0)
      return sys_error("fstat symlink parent", c.shown);
    if (psfs.f_type != PROC_SUPER_MAGIC || pst.st_ino != kProcRootIno)
      return sys_error("resolve (magic link refused)", c.shown, ELOOP);
  }
  char buf[PATH_MAX];
  ssize_t n = ::readlinkat(link, "", buf, sizeof buf);
  if (n < 0) return sys_error("readlink", c.shown);
  if (static_cast<size_t>(n) >= sizeof buf) return sys_error("readlink", c.shown, ENAMETOOLONG);
  if (n == 0) return sys_error("readlink (empty target)", c.shown, ENOENT);
  std::string target(buf, static_cast<size_t>(n));
  // An absolute target starts again at the root fd, never at the host's "/".
  if (target.front() == '/') c.stack.resize(1);
  c.rest = c.rest.empty() ? std::move(target) : target + "/" + c.rest;
  return {};
}

// Opens component `comp` of c.top() as O_PATH|O_NOFOLLOW. With `create`, a missing one is
// made a directory with mkdirat on the parent's fd (an EEXIST race just re-opens whatever
// appeared: a symlink there is followed within the root like any other).
Result<UniqueFd> step(Cursor& c, const std::string& comp, bool create, mode_t mode) {
  for (int i = 0; i < kRetries; ++i) {
    int fd = ::openat(c.top(), comp.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) return UniqueFd(fd);
    if (errno != ENOENT || !create) return sys_error("open", c.shown);
    if (!c.may_create()) return left_alone_error(c.shown);
    if (::mkdirat(c.top(), comp.c_str(), mode) != 0 && errno != EEXIST)
      return sys_error("mkdir", c.shown);
  }
  return sys_error("mkdir (raced)", c.shown, EAGAIN);
}

// Walks every component of c.rest but the last, following symlinks inside the root (and
// creating missing directories with `create`). Returns the last component, to be looked up
// in c.top().
Result<Last> walk_to_last(Cursor& c, bool create, mode_t mode) {
  for (;;) {
    std::string comp = pop_component(c.rest);
    if (comp.empty()) return Last{};  // "/" or only slashes left: the current directory
    if (!has_more(c.rest)) {
      bool must_dir = !c.rest.empty();  // a trailing slash
      if (comp == ".") return Last{};
      if (comp == "..") {
        if (c.stack.size() > 1) c.stack.pop_back();  // never above the root
        return Last{};
      }
      return Last{comp, must_dir};
    }
    if (comp == ".") continue;
    if (comp == "..") {
      if (c.stack.size() > 1) c.stack.pop_back();  // ".." at the root stays at the root
      continue;
    }
    UniqueFd fd = TRY(step(c, comp, create, mode));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return sys_error("fstat", c.shown);
    if (S_ISLNK(st.st_mode)) {
      TRY_VOID(follow(c, fd.get(), c.top()));
      continue;
    }
    // A fifo, socket, device or file where a directory is expected: ENOTDIR, and since it was
    // only opened O_PATH nothing blocks on a fifo.
    if (!S_ISDIR(st.st_mode)) return sys_error("resolve", c.shown, ENOTDIR);
    c.stack.push_back(std::move(fd));
  }
}

enum class FinalOp { Open, Dir, File };

// Looks up the last component (following symlinks in it when `follow_last` or when written with
// a trailing slash) and returns it as an O_PATH|O_NOFOLLOW fd. Dir/File create it when missing.
// On return, c.top() is the directory holding it and `last` its name there (empty: c.top()).
Result<UniqueFd> finish(Cursor& c, Last& last, FinalOp op, bool follow_last, mode_t mode) {
  for (int i = 0; i < kMaxSymlinks + kRetries; ++i) {
    if (last.name.empty()) {
      if (op == FinalOp::File) return sys_error("create file", c.shown, EISDIR);
      int fd = ::openat(c.top(), ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0) return sys_error("open", c.shown);
      return UniqueFd(fd);
    }
    const char* name = last.name.c_str();
    int raw = ::openat(c.top(), name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (raw < 0) {
      if (errno != ENOENT || op == FinalOp::Open) return sys_error("open", c.shown);
      if (!c.may_create()) return left_alone_error(c.shown);
      if (op == FinalOp::Dir) {
        if (::mkdirat(c.top(), name, mode) != 0 && errno != EEXIST)
          return sys_error("mkdir", c.shown);
      } else {
        // O_EXCL|O_NOFOLLOW: never creates through (or opens) a symlink planted meanwhile.
        int nfd = ::openat(c.top(), name, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                           mode);
        if (nfd < 0 && errno != EEXIST) return sys_error("create file", c.shown);
        if (nfd >= 0) ::close(nfd);
      }
      continue;  // open what is there now (ours, or whatever won the race) and check it again
    }
    UniqueFd fd(raw);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return sys_error("fstat", c.shown);
    if (S_ISLNK(st.st_mode) && (follow_last || last.must_dir || op != FinalOp::Open)) {
      TRY_VOID(follow(c, fd.get(), c.top()));
      last = TRY(walk_to_last(c, op != FinalOp::Open, op == FinalOp::Dir ? mode : 0755));
      continue;
    }
    if (!S_ISDIR(st.st_mode) && (last.must_dir || op == FinalOp::Dir) && !S_ISLNK(st.st_mode))
      return sys_error(op == FinalOp::Dir ? "mkdir" : "open", c.shown, ENOTDIR);
    if (S_ISDIR(st.st_mode) && op == FinalOp::File)
      return sys_error("create file", c.shown, EISDIR);
    return fd;
  }
  return sys_error("resolve", c.shown, ELOOP);
}

bool same_inode(int a, int b) {
  struct stat sa {}, sb {};
  return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

// Opens what `pathfd` (the O_PATH fd `finish` returned) names with the caller's `flags`,
// without going through /proc (reopening via /proc/self/fd is itself a magic-link traversal).
// A directory is reopened as openat(fd, "."); anything else by name on its parent's fd with
// O_NOFOLLOW, then checked to be the same inode (else the caller retries).
Result<UniqueFd> reopen(Cursor& c, const Last& last, UniqueFd pathfd, int flags) {
  if (flags & O_PATH) {
    if (flags & O_DIRECTORY) {
      struct stat st {};
      if (::fstat(pathfd.get(), &st) != 0) return sys_error("fstat", c.shown);
      if (!S_ISDIR(st.st_mode)) return sys_error("open", c.shown, ENOTDIR);
    }
    return pathfd;
  }
  struct stat st {};
  if (::fstat(pathfd.get(), &st) != 0) return sys_error("fstat", c.shown);
  if (S_ISLNK(st.st_mode)) return sys_error("open", c.shown, ELOOP);  // nofollow_last on a link
  int fd;
  if (S_ISDIR(st.st_mode)) {
    fd = ::openat(pathfd.get(), ".", flags | O_CLOEXEC);
  } else {
    if (flags & O_DIRECTORY) return sys_error("open", c.shown, ENOTDIR);
    fd = ::openat(c.top(), last.name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC);
  }
  if (fd < 0) return sys_error("open", c.shown);
  UniqueFd out(fd);
  if (!same_inode(out.get(), pathfd.get())) return sys_error("open (raced)", c.shown, EAGAIN);
  return out;
}

Result<UniqueFd> walker_resolve(int rootfd, std::string_view path, int flags, bool nofollow_last,
                                const std::string& shown_path) {
  Result<UniqueFd> res = std::unexpected(Error{"resolve", shown_path, EAGAIN, {}});
  for (int i = 0; i < kRetries; ++i) {
    Cursor c = TRY(start(rootfd, path, shown_path));
    Last last = TRY(walk_to_last(c, false, 0));
    UniqueFd pathfd = TRY(finish(c, last, FinalOp::Open, !nofollow_last, 0));
    res = reopen(c, last, std::move(pathfd), flags);
    if (res || res.error().err != EAGAIN) return res;
  }
  return res;
}

// openat2 refuses any flag that openat would silently drop; with O_PATH only these are allowed.
std::uint64_t openat2_flags(int flags) {
  std::uint64_t f = static_cast<std::uint64_t>(flags) | O_CLOEXEC;
  if (f & O_PATH) f &= (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  return f;
}

// One openat2 with RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS, retried on EAGAIN (a rename or mount
// raced the lookup). Returns -1/errno like the syscall; ENOSYS is remembered for the process.
int openat2_in_root(int rootfd, std::string_view path, int flags) {
  std::string p(path.empty() ? "." : path);
  for (int i = 0; i < kRetries; ++i) {
    int fd = sys_openat2(rootfd, p.c_str(), openat2_flags(flags), kResolveInRoot);
    if (fd >= 0) return fd;
    if (errno == ENOSYS) note_no_openat2();
    if (errno != EAGAIN) return -1;
  }
  return -1;
}

// When openat2 cannot answer, the walker does the same resolution component by component:
// ENOSYS (no openat2 on this kernel), or EAGAIN left after every retry (RESOLVE_IN_ROOT answers
// EAGAIN whenever any rename happened on the host during the lookup, so a busy host can outlast
// the retries; the walker checks each step itself and is not disturbed by unrelated renames).
bool use_walker_after(int err) { return err == ENOSYS || err == EAGAIN; }

Result<UniqueFd> walker_create(int rootfd, std::string_view path, FinalOp op, mode_t mode,
                               const std::string& shown_path, const CreateGuard* guard = nullptr) {
  Cursor c = TRY(start(rootfd, path, shown_path));
  c.guard = guard;
  Last last = TRY(walk_to_last(c, true, op == FinalOp::Dir ? mode : 0755));
  return finish(c, last, op, true, mode);
}

Result<void> check_flags(int flags, const std::string& shown_path) {
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
    return fail("resolve", "O_CREAT/O_TMPFILE are not resolve flags", shown_path);
  return {};
}

}  // namespace

Backend active_backend() {
  if (int forced = g_override.load(); forced >= 0) return static_cast<Backend>(forced);
  int d = g_detected.load();
  if (d < 0) {
    d = static_cast<int>(detect());
    g_detected.store(d);
  }
  return static_cast<Backend>(d);
}

void set_backend_for_testing(std::optional<Backend> backend) {
  g_override.store(backend ? static_cast<int>(*backend) : -1);
}

Result<Root> Root::open(const std::string& host_path) {
  int fd = ::open(host_path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return sys_error("open root", host_path);
  return Root(UniqueFd(fd), host_path);
}

Root Root::adopt(UniqueFd dirfd, std::string display_path) {
  return Root(std::move(dirfd), std::move(display_path));
}

Root::Root(UniqueFd fd, std::string display) : fd_(std::move(fd)), display_(std::move(display)) {
  own_mount(fd_.get());
}

void Root::own_mount(int fd) {
  std::uint64_t id = 0;
  if (sys_mount_id(fd, "", AT_EMPTY_PATH, &id) == 0) {
    owned_.push_back(id);
  } else if (errno == EOPNOTSUPP || errno == EINVAL) {
    mount_ids_known_ = false;  // kernel < 5.8: the plan's /dev rule is all there is
  }
}

bool Root::owned_dir(int dirfd) const {
  if (!mount_ids_known_) return true;
  std::uint64_t id = 0;
  if (sys_mount_id(dirfd, "", AT_EMPTY_PATH, &id) != 0) return false;
  return std::find(owned_.begin(), owned_.end(), id) != owned_.end();
}

bool Root::left_alone(const Error& e) { return e.err == EXDEV && e.op == kLeftAlone; }

Result<UniqueFd> Root::resolve(std::string_view path, int flags, bool nofollow_last) const {
  std::string where = shown(display_, path);
  TRY_VOID(check_flags(flags, where));
  if (flags == 0) flags = O_PATH;
  if (nofollow_last) flags |= O_NOFOLLOW;
  if (active_backend() == Backend::Openat2) {
    int fd = openat2_in_root(fd_.get(), path, flags);
    if (fd >= 0) return UniqueFd(fd);
    if (!use_walker_after(errno)) return sys_error("resolve", where);
  }
  return walker_resolve(fd_.get(), path, flags, nofollow_last, where);
}

Result<UniqueFd> Root::open_file(std::string_view path, int flags) const {
  std::string where = shown(display_, path);
  TRY_VOID(check_flags(flags, where));
  if (flags & O_PATH) return fail("open file", "O_PATH: use resolve()", where);
  if (active_backend() == Backend::Openat2) {
    int fd = openat2_in_root(fd_.get(), path, flags);
    if (fd >= 0) return UniqueFd(fd);
    if (!use_walker_after(errno)) return sys_error("open", where);
  }
  return walker_resolve(fd_.get(), path, flags, false, where);
}

Result<UniqueFd> Root::mkdir_all(std::string_view path, mode_t mode) const {
  std::string where = shown(display_, path);
  if (active_backend() == Backend::Openat2) {
    int fd = openat2_in_root(fd_.get(), path, O_PATH | O_DIRECTORY);
    if (fd >= 0) return UniqueFd(fd);
    if (errno != ENOENT && !use_walker_after(errno)) return sys_error("mkdir", where);
  }
  // CVE-2021-30465 (a symlink swapped in while a mount destination was being made): every
  // component is created and opened relative to its parent's fd, inside the root.
  return walker_create(fd_.get(), path, FinalOp::Dir, mode, where);
}

Result<UniqueFd> Root::create_file(std::string_view path, mode_t mode) const {
  std::string where = shown(display_, path);
  if (active_backend() == Backend::Openat2) {
    int fd = openat2_in_root(fd_.get(), path, O_PATH);
    if (fd >= 0) {
      UniqueFd out(fd);
      struct stat st {};
      if (::fstat(out.get(), &st) != 0) return sys_error("fstat", where);
      if (S_ISDIR(st.st_mode)) return sys_error("create file", where, EISDIR);
      return out;
    }
    if (errno != ENOENT && !use_walker_after(errno)) return sys_error("create file", where);
  }
  // A symlink at `path` pointing at a host file (CVE-2025-31133-style) is followed *inside the
  // root* only; the file is created with O_CREAT|O_EXCL|O_NOFOLLOW on its parent's fd.
  return walker_create(fd_.get(), path, FinalOp::File, mode, where);
}

Result<std::pair<UniqueFd, std::string>> Root::open_parent(std::string_view path,
                                                           bool create_parents,
                                                           mode_t mode) const {
  std::string where = shown(display_, path);
  std::string p(path);
  while (!p.empty() && p.back() == '/') p.pop_back();
  if (p.empty()) return sys_error("open parent (the root has no parent)", where, EINVAL);
  size_t slash = p.rfind('/');
  std::string name = slash == std::string::npos ? p : p.substr(slash + 1);
  std::string dir = slash == std::string::npos ? "/" : p.substr(0, slash + 1);
  if (name == "." || name == "..")
    return sys_error("open parent (path ends in . or ..)", where, EINVAL);
  UniqueFd parent =
      create_parents ? TRY(mkdir_all(dir, mode)) : TRY(resolve(dir, O_PATH | O_DIRECTORY));
  return std::pair<UniqueFd, std::string>{std::move(parent), std::move(name)};
}

namespace {

// True when `name` in `parent` is something mounted there (a file or directory the config bound
// onto that path): never unlinked or replaced.
bool is_mount_point(int parent, const std::string& name) {
  std::uint64_t parent_id = 0, id = 0;
  int is_root = -1;
  if (sys_mount_id(parent, "", AT_EMPTY_PATH, &parent_id) != 0) return false;
  if (sys_mount_id(parent, name.c_str(), AT_SYMLINK_NOFOLLOW, &id, &is_root) != 0) return false;
  return is_root == 1 || id != parent_id;
}

// (parent, name) of `path` split lexically; the parent must be resolved by the caller.
Result<std::pair<std::string, std::string>> split_parent(std::string_view path, const std::string& where) {
  std::string p(path);
  while (!p.empty() && p.back() == '/') p.pop_back();
  if (p.empty()) return sys_error("open parent (the root has no parent)", where, EINVAL);
  size_t slash = p.rfind('/');
  std::string name = slash == std::string::npos ? p : p.substr(slash + 1);
  std::string dir = slash == std::string::npos ? "/" : p.substr(0, slash + 1);
  if (name == "." || name == "..") return sys_error("open parent (path ends in . or ..)", where, EINVAL);
  return std::pair{dir, name};
}

// Removes whatever non-directory entry is at `name` in `parent`: unlinkat never follows a
// symlink, so a link the image planted (CVE-2025-31133: /dev/null -> host file; CVE-2025-52565:
// /dev/console -> host file) is what goes, not its target.
Result<void> remove_non_dir(int parent, const std::string& name, const std::string& where) {
  struct stat st {};
  if (::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return {};
    return sys_error("stat", where);
  }
  if (S_ISDIR(st.st_mode)) return sys_error("replace", where, EISDIR);
  if (::unlinkat(parent, name.c_str(), 0) != 0 && errno != ENOENT)
    return sys_error("unlink", where);
  return {};
}

}  // namespace

Result<std::pair<UniqueFd, std::string>> Root::open_entry_parent(std::string_view path) const {
  std::string where = shown(display_, path);
  auto [dir, name] = TRY(split_parent(path, where));
  CreateGuard guard = [this](int dirfd) { return owned_dir(dirfd); };
  auto existing = resolve(dir, O_PATH | O_DIRECTORY);
  UniqueFd parent;
  if (existing) {
    parent = std::move(*existing);
  } else if (existing.error().err == ENOENT) {
    parent = TRY(walker_create(fd_.get(), dir, FinalOp::Dir, 0755, where, &guard));
  } else {
    return std::unexpected(existing.error());
  }
  if (!owned_dir(parent.get()) || is_mount_point(parent.get(), name)) return left_alone_error(where);
  return std::pair<UniqueFd, std::string>{std::move(parent), std::move(name)};
}

Result<UniqueFd> Root::mknod(std::string_view path, mode_t mode, dev_t dev) const {
  std::string where = shown(display_, path);
  auto [parent, name] = TRY(open_entry_parent(path));
  for (int i = 0; i < kRetries; ++i) {
    if (::mknodat(parent.get(), name.c_str(), mode, dev) != 0) {
      if (errno != EEXIST) return sys_error("mknod", where);
      TRY_VOID(remove_non_dir(parent.get(), name, where));
      continue;
    }
    int raw = ::openat(parent.get(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (raw < 0) return sys_error("open", where);
    UniqueFd fd(raw);
    // Trust the node only after fstat on the fd we hold (THE RULE 4): the entry could have been
    // swapped between mknodat and openat.
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return sys_error("fstat", where);
    mode_t want = (mode & S_IFMT) == 0 ? S_IFREG : (mode & S_IFMT);
    bool ok = (st.st_mode & S_IFMT) == want &&
              (!(S_ISCHR(want) || S_ISBLK(want)) || st.st_rdev == dev);
    if (ok) return fd;
    TRY_VOID(remove_non_dir(parent.get(), name, where));
  }
  return sys_error("mknod (raced)", where, EAGAIN);
}

Result<void> Root::symlink(std::string_view target, std::string_view linkpath) const {
  std::string where = shown(display_, linkpath);
  auto [parent, name] = TRY(open_entry_parent(linkpath));
  std::string t(target);
  for (int i = 0; i < kRetries; ++i) {
    if (::symlinkat(t.c_str(), parent.get(), name.c_str()) != 0) {
      if (errno != EEXIST) return sys_error("symlink", where);
      TRY_VOID(remove_non_dir(parent.get(), name, where));
      continue;
    }
    char buf[PATH_MAX];
    ssize_t n = ::readlinkat(parent.get(), name.c_str(), buf, sizeof buf);
    if (n >= 0 && std::string_view(buf, static_cast<size_t>(n)) == t) return {};
    if (n < 0 && errno != EINVAL && errno != ENOENT) return sys_error("readlink", where);
    TRY_VOID(remove_non_dir(parent.get(), name, where));
  }
  return sys_error("symlink (raced)", where, EAGAIN);
}

}  // namespace rampart::safepath
