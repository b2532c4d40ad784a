// linux.seccomp checked as data: every action, operator, architecture and flag named by the
// runtime-spec, the rules runc adds on top, and what the runtime needs to know of a profile.
// Pure: the Linux layer (linux/process/seccomp.h) turns a checked profile into a filter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::spec {

// Refuses, naming the field ("linux.seccomp.syscalls[2].action: unknown action ..."): an unknown
// action, operator, architecture or flag; an argument index past the sixth; a condition's
// missing op; SCMP_ACT_NOTIFY as the default action (runc refuses it: execve itself would wait
// on the listener) or without listenerPath. Unknown syscall names are not errors (runc ignores
// them: profiles list syscalls newer kernels have).
Result<void> validate_seccomp(const Seccomp& profile, const std::string& base);

// The vocabulary, in the runtime-spec's spelling (also what `features` reports).
const std::vector<std::string>& seccomp_actions();
const std::vector<std::string>& seccomp_operators();
const std::vector<std::string>& seccomp_architectures();
const std::vector<std::string>& seccomp_flags();

// True for the spec's action names (SCMP_ACT_KILL ... SCMP_ACT_NOTIFY), matched exactly.
bool is_seccomp_action(std::string_view name);
// True for SCMP_CMP_NE ... SCMP_CMP_MASKED_EQ.
bool is_seccomp_operator(std::string_view name);
// True for the SCMP_ARCH_* names of the runtime-spec.
bool is_seccomp_architecture(std::string_view name);
// True for the SECCOMP_FILTER_FLAG_* names the runtime supports (TSYNC, LOG, SPEC_ALLOW,
// WAIT_KILLABLE_RECV).
bool is_seccomp_flag(std::string_view name);

// Whether any rule (or the default) is SCMP_ACT_NOTIFY: only then is listenerPath used
// (runc ignores it otherwise).
bool uses_notify(const Seccomp& profile);

// Rules as the filter gets them: a rule with two or more conditions on one argument becomes
// one rule per condition (libseccomp refuses two conditions on the same argument in one rule;
// runc splits them the same way, so any one condition matching applies the action).
std::vector<SeccompSyscall> expand_seccomp_rules(const Seccomp& profile);

}  // namespace rampart::spec
