// Fault injection for the crash tests (tests/faults): with RAMPART_TEST_STOP_AT=N in its
// environment, the runtime SIGKILLs itself at the N-th step of `create` it reaches (steps are
// counted from 1, in the order create takes them). Without the variable -- always, outside the
// tests -- a step is one branch on a value read once. Nothing a container controls can set the
// runtime's environment; the variable only ever makes the runtime die, never skip a check.
#pragma once

namespace rampart::container {

// Marks the end of one step of create (`name` is printed when the runtime stops there).
void fault_point(const char* name);

}  // namespace rampart::container
