// HOME for the container's process (spec/passwd.h), read from the container's /etc/passwd.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rampart::process {

// `env` unchanged when it has a non-empty HOME; otherwise with HOME set to the home directory
// of `uid` in /etc/passwd of the calling process's root (the container's, after pivot_root),
// or "/" when the file or the entry is missing, as runc does. The file is read through the
// safe-path layer (no symlink leaves the root), only if it is a regular file (an image's FIFO
// never blocks the runtime, a device node is never opened) and only up to a bound.
std::vector<std::string> env_with_home(const std::vector<std::string>& env, uint32_t uid);

}  // namespace rampart::process
