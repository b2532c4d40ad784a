// Files on the host that the caller names on the command line (--pid-file, --log, the
// --console-socket, the state directory under --root). The caller is trusted to name the
// directory; what sits at the final name is not: a container that can write that directory (a
// volume, an exposed bundle) can plant a symlink to a host file there, or a fifo that blocks an
// open forever. So the directory is opened once and every operation after that is done on its
// fd, never following the final component and never opening anything but the kind of file the
// operation is for (runc writes its pid file the same way: a temp name, then rename).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart {

class HostFile {
 public:
  // Opens the directory of `path` (relative paths are taken from the current directory) as an
  // O_PATH|O_DIRECTORY fd. The final component must be a plain name (not "", "." or "..").
  static Result<HostFile> at(const std::string& path);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] int dir_fd() const { return dir_.get(); }

  // Atomically replaces the final name with a new regular file holding `content`: written to a
  // fresh temp name created O_CREAT|O_EXCL|O_NOFOLLOW in the directory, then renameat over the
  // name. Whatever was at the name (a symlink, a fifo, a file a client pre-created) is replaced,
  // never opened or followed. The temp file is removed on failure.
  Result<void> replace(std::string_view content, mode_t mode) const;

  // Opens the name for appending, creating a regular file when it is missing. Refused (ELOOP)
  // when it is a symlink and (EINVAL) when it is anything but a regular file; a fifo is never
  // waited on (O_NONBLOCK).
  Result<UniqueFd> open_append(mode_t mode) const;

  // The AF_UNIX socket at the name as an O_PATH fd, refused (ELOOP/ENOTSOCK) when it is a
  // symlink or not a socket. Connect through a path naming this fd, never the name again.
  Result<UniqueFd> open_socket() const;

  // Creates the directory at the name (EEXIST when anything is there already) and opens it
  // O_RDONLY|O_DIRECTORY|O_NOFOLLOW; returns that fd.
  Result<UniqueFd> make_dir(mode_t mode) const;

  // Removes the directory at the name (never following a symlink there).
  Result<void> remove_dir() const;

 private:
  HostFile(UniqueFd dir, std::string path, std::string name)
      : dir_(std::move(dir)), path_(std::move(path)), name_(std::move(name)) {}
  UniqueFd dir_;
  std::string path_;  // as the caller wrote it, for messages
  std::string name_;  // the final component
};

}  // namespace rampart
