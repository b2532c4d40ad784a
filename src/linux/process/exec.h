// The last steps before the user's program runs: find it, close what must not leak, execve.
#pragma once

#include <string>
#include <vector>

#include "util/error.h"

namespace rampart::process {

// Looks args[0] up like execvp, but in the PATH of the *container's* environment (runc does the
// same); called after pivot_root so only the container's files are seen.
Result<std::string> find_executable(const std::string& name, const std::vector<std::string>& env);

// CVE-2024-21626: every fd the runtime opened is O_CLOEXEC; this also marks every inherited fd
// above 2 + preserve_fds close-on-exec, so nothing of the host reaches the container.
Result<void> seal_fds(int preserve_fds);

[[noreturn]] void exec_process(const std::string& path, const std::vector<std::string>& args,
                               const std::vector<std::string>& env, int error_fd);

}  // namespace rampart::process
