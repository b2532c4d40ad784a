// The container process's identity and privileges: user and groups, capability sets, rlimits,
// no_new_privs. Applied by the init in the order runc uses (bounding set while still root,
// keep caps across setuid, then the final sets).
#pragma once

#include <sys/types.h>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::process {

// Drops every capability not in `bounding` from the bounding set (needs CAP_SETPCAP).
Result<void> drop_bounding_set(const spec::Capabilities& caps);
// setgroups(additionalGids) (skipped where setgroups is denied), setresgid, setresuid, keeping
// the permitted capabilities across the uid change.
Result<void> switch_user(const spec::User& user, bool setgroups_allowed);
// capset effective/permitted/inheritable, then raise the ambient set.
Result<void> apply_capabilities(const spec::Capabilities& caps);
// prlimit(2) on `pid` (the runtime's host pid of the container process), from the runtime: a
// process in a new user namespace cannot raise a hard limit above its current one, since that
// needs CAP_SYS_RESOURCE in the initial user namespace, which the runtime may have (runc sets
// them from outside for the same reason).
Result<void> set_rlimits(pid_t pid, const std::vector<spec::Rlimit>& rlimits);
// RLIMIT_NOFILE ... for "RLIMIT_NOFILE" ...; -1 for an unknown name.
int rlimit_resource(const std::string& name);
// The calling process has capability number `cap` in its effective set.
bool has_effective_capability(int cap);
Result<void> set_no_new_privs();

}  // namespace rampart::process
