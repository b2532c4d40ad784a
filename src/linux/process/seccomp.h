// linux.seccomp -> a libseccomp filter, loaded as the last step before execve when
// noNewPrivileges is set (so the filter need not allow the runtime's own syscalls).
#pragma once

#include "spec/config.h"
#include "util/error.h"

namespace rampart::process {

// Builds and loads the filter. Unknown syscall names are skipped (as runc does: profiles list
// syscalls of newer kernels); unknown actions, operators or architectures are errors.
Result<void> load_seccomp(const spec::Seccomp& profile);

}  // namespace rampart::process
