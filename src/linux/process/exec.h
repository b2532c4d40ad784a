// The last steps before the user's program runs: find it, execve.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "util/error.h"

namespace rampart::process {

// Looks args[0] up like execvp, but in the PATH of the *container's* environment (runc does the
// same); called after pivot_root, and after every fd but stdio, the preserved ones and the sync
// channel is closed (fds.h), so only the container's files are seen.
Result<std::string> find_executable(const std::string& name, const std::vector<std::string>& env);

// execve; returns only on failure, with its errno.
// Every signal back to SIG_DFL (but SIGKILL/SIGSTOP): what a process execve'd by the runtime
// starts with, whatever the runtime's caller ignored.
void reset_signal_dispositions();

// `last_step`, when given, runs right before execve, after everything else (the seccomp
// filter: nothing but execve may follow it); its failure is returned instead.
Result<void> execute(const std::string& path, const std::vector<std::string>& args,
                     const std::vector<std::string>& env, const std::function<Result<void>()>& last_step = {});

}  // namespace rampart::process
