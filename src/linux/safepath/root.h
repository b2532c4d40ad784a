// THE RULE (docs/architecture.md): a path inside a rootfs is never handed to the kernel as a string
// from the host's point of view. A Root is the rootfs opened once as a directory fd; every lookup
// below it is resolved with the root as "/" (openat2 RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS, or a
// hand-written walker when openat2 is missing) and every creation is done with *at() calls on
// the parent's fd, so a symlink, ".." chain or racing rename in the image can never send an
// operation outside the root.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <cstdint>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::safepath {

enum class Backend { Openat2, Walker };

// The backend in use: Openat2 unless the kernel (or a test's seccomp filter) answers ENOSYS,
// detected once per process.
Backend active_backend();

// Test-only: forces the backend (std::nullopt goes back to detection). Even when Openat2 is
// forced, an openat2 that answers ENOSYS falls back to the walker, so a seccomp filter
// (tests/helper/no_openat2) always wins.
void set_backend_for_testing(std::optional<Backend> backend);

class Root {
 public:
  // Opens a host directory as a root (O_PATH|O_DIRECTORY|O_CLOEXEC). `host_path` is trusted
  // (it comes from the bundle); everything below it is not.
  static Result<Root> open(const std::string& host_path);
  // Adopts an already opened directory fd (e.g. the rootfs after it was bind-mounted).
  static Root adopt(UniqueFd dirfd, std::string display_path);

  [[nodiscard]] int fd() const { return fd_.get(); }
  // The host path, for error messages only: never used to reach anything.
  [[nodiscard]] const std::string& display() const { return display_; }

  // Resolves `path` (absolute or relative: both mean "from the root") to an fd opened with
  // `flags` (O_PATH by default, i.e. when flags == 0; O_CLOEXEC is always added; O_CREAT and
  // O_TMPFILE are refused with EINVAL: creation goes through mkdir_all/create_file/mknod).
  // Symlinks, also in the last component, are followed but can never leave the root; magic
  // links (/proc/self/fd/N, /proc/self/root...) are refused (ELOOP/EXDEV) because they are
  // how CVE-2024-21626 and CVE-2019-16884 reach the host. With `nofollow_last` the final
  // component is not followed (a symlink there is returned itself, via O_PATH|O_NOFOLLOW).
  Result<UniqueFd> resolve(std::string_view path, int flags = 0, bool nofollow_last = false) const;

  // Opens an existing file for I/O (flags like O_RDONLY, O_WRONLY...), resolved as above.
  Result<UniqueFd> open_file(std::string_view path, int flags) const;

  // Makes sure the directory `path` exists, creating missing components one by one with
  // mkdirat on the parent's fd (mode, minus umask), and returns it as an O_PATH|O_DIRECTORY fd.
  // A component that exists but is not a directory (after symlink resolution inside the root)
  // fails with ENOTDIR. Never creates anything outside the root.
  Result<UniqueFd> mkdir_all(std::string_view path, mode_t mode = 0755) const;

  // Makes sure a file exists at `path` (parents created as by mkdir_all; the file created with
  // openat(O_CREAT|O_EXCL|O_NOFOLLOW) when missing) and returns it as an O_PATH fd. If `path`
  // already resolves (inside the root) to a non-directory it is returned as is; a directory
  // fails with EISDIR. Used for bind-mount destinations of files.
  Result<UniqueFd> create_file(std::string_view path, mode_t mode = 0644) const;

  // Creates a device node / fifo at `path` with mknodat on the parent's fd. Whatever non-directory
  // entry is already there (a symlink planted by the image, a file, another node) is removed
  // first, never followed. Returns the new node as an O_PATH|O_NOFOLLOW fd.
  // The runtime's own entries go only where the runtime owns the directory (see own_mount):
  // elsewhere, and on a mount point, nothing is created, removed or replaced and the call fails
  // with an error that left_alone() recognises.
  Result<UniqueFd> mknod(std::string_view path, mode_t mode, dev_t dev) const;

  // Creates a symlink `linkpath` -> `target` (target stored verbatim), replacing a non-directory
  // entry already at `linkpath` without following it. Same ownership rule as mknod.
  Result<void> symlink(std::string_view target, std::string_view linkpath) const;

  // Attack: a config that binds a host directory onto /dev (or below it) would have the runtime
  // unlink and recreate that host directory's entries (null, tty, ptmx, console, the fd links).
  // mknod and symlink therefore create, replace and make parent directories only on mounts the
  // runtime made for this container: the root's own mount, and each fresh in-memory filesystem
  // the mount layer registers here (a tmpfs on /dev). A bind of anything is never one of them.
  void own_mount(int fd);
  // The error mknod/symlink return when they left an entry alone under that rule.
  static bool left_alone(const Error& e);

  // Splits `path` into (parent fd resolved inside the root, final component). The final
  // component is never "." or ".."; "/" has no parent and fails with EINVAL.
  Result<std::pair<UniqueFd, std::string>> open_parent(std::string_view path, bool create_parents,
                                                       mode_t mode = 0755) const;

 private:
  Root(UniqueFd fd, std::string display);
  [[nodiscard]] bool owned_dir(int dirfd) const;
  // open_parent for mknod/symlink: parents created only in owned directories, and the parent
  // must be owned and the entry not a mount point (else the left_alone error).
  Result<std::pair<UniqueFd, std::string>> open_entry_parent(std::string_view path) const;
  UniqueFd fd_;
  std::string display_;
  std::vector<std::uint64_t> owned_;  // mount ids (statx STATX_MNT_ID)
  bool mount_ids_known_ = true;       // false on kernels without STATX_MNT_ID: no ownership rule
};

}  // namespace rampart::safepath
