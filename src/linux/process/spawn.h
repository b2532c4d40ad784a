// clone3 without a new stack: the child continues in a copy of the caller, like fork, but can
// be born in new namespaces and hands back a pidfd (no pid-reuse race when the runtime waits
// for or signals it).
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::process {

struct Spawned {
  pid_t pid = 0;    // 0 in the child
  UniqueFd pidfd;   // parent only; may be empty after the fork fallback (see spawn)
};

// `ns_flags` are CLONE_NEW* flags. In the child, returns {pid 0}. Without ns_flags, a clone3
// refused by a seccomp filter falls back to fork (and pidfd_open, which may be refused too).
Result<Spawned> spawn(uint64_t ns_flags);

}  // namespace rampart::process
