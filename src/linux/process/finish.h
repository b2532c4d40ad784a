// The last steps of every process that enters a container, the init and `exec`'d ones alike:
// seccomp, capabilities, user, umask, cwd, no_new_privs, fds, execve -- in runc's order.
#pragma once

#include <string>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::process {

// CVE-2024-21626: cwd is resolved inside the current root without magic links.
Result<void> enter_cwd(const std::string& cwd);

// Applies the process's privileges and execs `exe`. Returns only on failure (after reporting
// an exec failure on sync_fd when it is still open).
Result<void> become_process_and_exec(const spec::Process& p, const spec::Seccomp* seccomp,
                                     const std::string& exe, int preserve_fds, int sync_fd);

}  // namespace rampart::process
