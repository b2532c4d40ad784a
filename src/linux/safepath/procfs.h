// A private procfs the runtime mounted itself (fsopen("proc") + fsmount, detached: no path
// reaches it and the container cannot over-mount it). Every read or write the runtime makes
// under /proc goes through it: sysctls, oom_score_adj, setgroups, uid_map/gid_map, attr, fd
// listings. Files opened through it are checked with fstatfs (PROC_SUPER_MAGIC) and refused when
// something is mounted over them -- CVE-2019-16884, CVE-2019-19921 and CVE-2025-52881 all
// redirected a runtime's procfs write through a mount or symlink the container placed.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <string_view>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::safepath {

class Procfs {
 public:
  // A new detached procfs instance for the caller's pid namespace (fsopen/fsmount). When the
  // new mount API is unavailable, falls back to open_tree(OPEN_TREE_CLONE) of the host's /proc
  // after verifying it is a real, not over-mounted procfs.
  static Result<Procfs> open_private();

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

 private:
  explicit Procfs(UniqueFd fd) : fd_(std::move(fd)) {}
  Result<void> enter() const;  // fchdir to the procfs root
  UniqueFd fd_;
};

template <class Fn>
auto Procfs::with_fd_path(int fd, Fn&& fn) const -> decltype(fn(std::string{})) {
  UniqueFd saved(::open(".", O_PATH | O_CLOEXEC | O_DIRECTORY));
  if (auto entered = enter(); !entered) return std::unexpected(entered.error());
  auto result = fn("thread-self/fd/" + std::to_string(fd));
  if (saved.valid()) (void)::fchdir(saved.get());
  return result;
}

}  // namespace rampart::safepath
