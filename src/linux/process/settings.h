// The process's scheduling and execution settings: process.scheduler (sched_setattr),
// process.ioPriority (ioprio_set), linux.personality (personality) and the CPU affinity of
// process.execCPUAffinity. Values were checked by the spec layer (spec/process_settings.h).
#pragma once

#include <string>
#include <vector>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::process {

// sched_setattr and ioprio_set on the calling process, as runc does before Ready, while the
// process still has the capabilities a realtime policy or a higher priority needs.
Result<void> apply_scheduling(const spec::Process& p);

// personality(domain); linux.personality's flags are ignored (the spec defines none).
Result<void> apply_personality(const spec::Personality& p);

// sched_setaffinity(0, the CPUs of `list`) for the calling thread (inherited by its children).
Result<void> set_cpu_affinity(const std::string& list, const char* which);

// execCPUAffinity.initial for a process about to be forked: sets the calling thread's affinity
// to `list` (what the child inherits from birth, before it joins the container's cgroup) and
// returns the mask the thread had, which restore_cpu_affinity puts back once the child exists.
Result<std::vector<unsigned long>> swap_cpu_affinity(const std::string& list);
void restore_cpu_affinity(const std::vector<unsigned long>& mask);

// Every CPU allowed again (the kernel keeps the cgroup's cpuset): without execCPUAffinity the
// process must not inherit the affinity the runtime was started with (a shim pinned to
// housekeeping CPUs), as runc resets it. Failure is ignored, as runc only warns.
void reset_cpu_affinity();

}  // namespace rampart::process
