// How a new process gets into the container's cgroup without the runtime migrating it.
//
// Writing another process's pid to cgroup.procs takes cgroup_threadgroup_rwsem for writing,
// which on a quiet host waits for an RCU grace period (7-23 ms measured: most of a cold
// start). Two ways avoid that lock, and the init uses both:
// - cgroup2 (v2, or the unified hierarchy of a hybrid host): clone3(CLONE_INTO_CGROUP) with an
//   fd of the cgroup directory: the child is born there, no migration at all;
// - v1: a single-threaded process writing "0" to a hierarchy's `tasks` file moves only itself,
//   a migration the kernel does without the global lock.
// The runtime opens the files before clone (as host root: cgroupfs checks the opener's
// credentials, so a child already in a new user namespace may write them); the child writes
// and closes them first thing, before it reads anything from the runtime.
#pragma once

#include <vector>

#include "linux/cgroup/cgroup.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::cgroup {

struct Entry {
  UniqueFd unified_dir;          // the cgroup2 directory (O_PATH), for CLONE_INTO_CGROUP; may be empty
  UniqueFd unified_procs;        // its cgroup.procs, for a child clone3 could not place there
  std::vector<UniqueFd> tasks;   // each v1 hierarchy's `tasks` file, once per directory
};

// Opens what `paths` names (the cgroups exist: Manager::create has run).
Result<Entry> open_entry(const Paths& paths);

// In the new, single-threaded child: moves itself into every v1 hierarchy and, unless it was
// born there (`born_in_unified`), into the cgroup2 one; closes every fd of `entry`.
Result<void> enter_self(Entry& entry, bool born_in_unified);

}  // namespace rampart::cgroup
