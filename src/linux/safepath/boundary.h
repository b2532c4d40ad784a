// Whether a host path the config names (a bind source, an overlay layer) lies inside the rootfs
// is decided by identity, never by comparing strings: other spellings of the same directory
// (a symlink to the bundle, "//", "/proc/self/root/...") would slip past a prefix check and reach
// a host open() that follows the image's symlinks out of the rootfs.
//
// RootfsBoundary walks the host path one component at a time from the host's "/", following
// the host's own symlinks by hand, and checks every directory it reaches against the rootfs
// (same device and inode, whatever mount or name reached it). From the moment the walk enters
// the rootfs, the rest of the path belongs to the image: it is returned to be resolved inside
// the root (safepath::Root), where no symlink can leave it. A path that never enters the rootfs
// is a host path and is returned as the fd the walk reached.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::safepath {

struct Located {
  bool in_rootfs = false;
  std::string in_root;  // in_rootfs: the path below the rootfs ("/" for the rootfs itself)
  UniqueFd host;        // !in_rootfs: the host file, O_PATH
};

// Opens an absolute host path (O_PATH) only if no component of it is a symlink at that moment,
// each component opened with O_NOFOLLOW in its parent's fd; ELOOP otherwise. Used to prove that a
// path string (a realpath result) names a given directory, with no later swap able to redirect
// the proof.
Result<UniqueFd> open_host_path_without_symlinks(std::string_view abs_path);

class RootfsBoundary {
 public:
  // `rootfs_fd`: the rootfs directory (any fd of it: the bundle's directory or a mount of it).
  static Result<RootfsBoundary> of(int rootfs_fd);

  // True when `fd` is the rootfs directory itself.
  [[nodiscard]] bool is_rootfs(int fd) const;

  // Locates an absolute host path (lexically cleaned first, as runc does). A host symlink is
  // followed by splicing its target into the walk, so a target that runs into the rootfs is
  // caught there; a procfs magic link (/proc/self/root, /proc/PID/cwd, fd/N) is followed by
  // the kernel and its target must then not be inside the rootfs (EXDEV: name such a source
  // by its path under the rootfs). More than 40 symlinks: ELOOP.
  Result<Located> locate(std::string_view host_path) const;

 private:
  RootfsBoundary(dev_t dev, ino_t ino) : dev_(dev), ino_(ino) {}
  [[nodiscard]] bool is_inside(int fd) const;  // the rootfs or below it (walks "..")
  dev_t dev_;
  ino_t ino_;
};

}  // namespace rampart::safepath
