// Reading a whole small file the runtime was pointed at (config.json, state.json, process.json,
// a policy file): bounded, regular files only, never blocking.
#pragma once

#include <cstddef>
#include <string>

#include "util/error.h"

namespace rampart {

// The cap on every file rampart reads whole. Real configs are tens of KB (runc's default seccomp
// profile makes a 60 KB one); 16 MiB leaves room for annotation-heavy ones while a config that
// is a symlink to /dev/zero, or a runaway generator, fails with a clear error instead of
// exhausting memory.
inline constexpr size_t kMaxInputFileBytes = size_t{16} << 20;

// Reads the file at `path` (symlinks followed: the caller trusts the path's directory) if it is
// a regular file of at most `max_bytes` bytes. The file is inspected through an O_PATH fd before
// it is opened for reading, so a device node (/dev/zero, /dev/watchdog, a tty) is never opened
// and a FIFO never blocks; the reading fd is checked to be that same inode. Errors (BadInput
// for a wrong kind or size) read like:
//   read config.json /b/config.json: not a regular file (a character device)
//   read config.json /b/config.json: larger than the limit of 16777216 bytes
Result<std::string> read_regular_file(const std::string& path, size_t max_bytes = kMaxInputFileBytes,
                                      const std::string& what = "read");

// The same for `name` in the directory `dirfd`, never following a symlink in `name` (state
// files); `display` is the path shown in errors.
Result<std::string> read_regular_file_at(int dirfd, const std::string& name, const std::string& display,
                                         size_t max_bytes = kMaxInputFileBytes, const std::string& what = "read");

// Reads at most `max_bytes` from an already open fd (a pipe on stdin) until EOF; more fails.
Result<std::string> read_bounded(int fd, const std::string& display, size_t max_bytes = kMaxInputFileBytes,
                                 const std::string& what = "read");

}  // namespace rampart
