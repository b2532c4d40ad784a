// create's bookkeeping (intent.h): the state known before anything is made, and the intent
// brought up to date once the init is born.
#pragma once

#include "container/bundle.h"
#include "container/state.h"
#include "container/store.h"
#include "linux/cgroup/cgroup.h"

namespace rampart::container {

// The state of a container about to be made from `b`, in cgroup `paths`; pid 0 until its init
// is born.
State initial_state(const std::string& id, const Bundle& b, const cgroup::Paths& paths);

// Records the init's pid and start time in the intent (a pid whose start time is recorded can
// be killed by `delete -f` even before it joined its cgroup, and never once it was reused).
Result<void> record_init(const ContainerDir& dir, const State& s);

}  // namespace rampart::container
