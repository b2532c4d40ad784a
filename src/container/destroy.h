// The end of a container: kill what is left in its cgroup, remove the cgroup, run poststop
// hooks, remove the state directory. Used by `delete` and by a foreground `run`.
#pragma once

#include "container/state.h"
#include "container/store.h"
#include "util/error.h"

namespace rampart::container {

// Kills what is left in the container's cgroup, removes the cgroup, runs poststop hooks and
// removes the state directory: the end of `delete` and of a foreground `run`.
Result<void> destroy(ContainerDir& dir, const State& s);

}  // namespace rampart::container
