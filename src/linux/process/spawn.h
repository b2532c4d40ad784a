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
  bool in_cgroup = false;  // born in `cgroup_fd`'s cgroup (both sides know)
};

// `ns_flags` are CLONE_NEW* flags. In the child, returns {pid 0}. Without ns_flags, a clone3
// refused by a seccomp filter falls back to fork (and pidfd_open, which may be refused too).
// With a cgroup2 directory fd `cgroup_fd`, the child is born in that cgroup
// (CLONE_INTO_CGROUP: no migration, see cgroup/entry.h) where the kernel allows it; where it
// does not (an old kernel, a cgroup that cannot take processes) the clone is made without it
// and `in_cgroup` says so.
Result<Spawned> spawn(uint64_t ns_flags, int cgroup_fd = -1);

}  // namespace rampart::process
