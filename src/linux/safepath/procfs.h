// A private procfs the runtime mounted itself (fsopen("proc") + fsmount, detached: no path
// reaches it and the container cannot over-mount it). Every read or write the runtime makes
// under /proc goes through it: sysctls, oom_score_adj, setgroups, uid_map/gid_map, attr, fd
// listings. Files opened through it are checked with fstatfs (PROC_SUPER_MAGIC) and refused when
// something is mounted over them -- CVE-2019-16884, CVE-2019-19921 and CVE-2025-52881 all
// redirected a runtime's procfs write through a mount or symlink the container placed.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::safepath {

// Where a Procfs handle came from, most to least isolated.
enum class ProcfsKind {
  Private,  // fsopen("proc") + fsmount: a new, detached instance nobody else can mount over
  Clone,    // open_tree(OPEN_TREE_CLONE) of the host's /proc: detached, without its submounts
  Host,     // the host's /proc itself (O_PATH): only the per-open over-mount checks protect it
};

class Procfs {
 public:
  // A new detached procfs instance for the caller's pid namespace (fsopen/fsmount). When the
  // new mount API is unavailable, falls back to open_tree(OPEN_TREE_CLONE) of the host's /proc
  // after verifying it is a real, not over-mounted procfs.
  static Result<Procfs> open_private();
  // One specific way of getting the handle (open_private tries them in order, falling back on
  // ENOSYS/EPERM). Public for tests and for callers that must know what they got.
  static Result<Procfs> open_kind(ProcfsKind kind);

  [[nodiscard]] ProcfsKind kind() const { return kind_; }
  // The mount id (statx STATX_MNT_ID) of this procfs' root; every file opened through it must
  // be on the same mount.
  [[nodiscard]] std::uint64_t mount_id() const { return mnt_id_; }

  [[nodiscard]] int fd() const { return fd_.get(); }

  // Opens `rel` (e.g. "sys/net/ipv4/ip_forward", "self/oom_score_adj", "1234/uid_map") below
  // this procfs, without crossing mounts or following magic links, then verifies the result is
  // on procfs and is not a mount point inside it.
  Result<UniqueFd> open(std::string_view rel, int flags) const;

  Result<void> write_file(std::string_view rel, std::string_view content) const;
  Result<std::string> read_file(std::string_view rel) const;

  // Runs `fn(path)` with `path` a relative path string that names `fd` through this procfs
  // ("thread-self/fd/N") while the cwd is this procfs: for the rare legacy syscall that takes
  // only a path (mount(2) for a remount). Restores the cwd afterwards.
  template <class Fn>
  auto with_fd_path(int fd, Fn&& fn) const -> decltype(fn(std::string{}));
  // Runs `fn()` with the cwd at this procfs' root (relative "thread-self/fd/N" names then
  // reach the fds), restoring the cwd afterwards.
  template <class Fn>
  auto with_cwd(Fn&& fn) const -> decltype(fn());

 private:
  explicit Procfs(UniqueFd fd) : fd_(std::move(fd)) {}
  Procfs(UniqueFd fd, ProcfsKind kind, std::uint64_t mnt_id)
      : fd_(std::move(fd)), kind_(kind), mnt_id_(mnt_id) {}
  Result<void> enter() const;  // fchdir to the procfs root
  Result<UniqueFd> open_walk(std::string_view rel, int flags) const;  // without openat2
  Result<void> verify(int fd, std::string_view rel) const;
  UniqueFd fd_;
  ProcfsKind kind_ = ProcfsKind::Private;
  std::uint64_t mnt_id_ = 0;
};

template <class Fn>
auto Procfs::with_cwd(Fn&& fn) const -> decltype(fn()) {
  UniqueFd saved(::open(".", O_PATH | O_CLOEXEC | O_DIRECTORY));
  if (auto entered = enter(); !entered) return std::unexpected(entered.error());
  auto result = fn();
  if (saved.valid()) (void)::fchdir(saved.get());
  return result;
}

template <class Fn>
auto Procfs::with_fd_path(int fd, Fn&& fn) const -> decltype(fn(std::string{})) {
  return with_cwd([&] { return fn("thread-self/fd/" + std::to_string(fd)); });
}

}  // namespace rampart::safepath
