// The last steps of every process that enters a container, the init and `exec`'d ones alike:
// seccomp, capabilities, user, umask, cwd, no_new_privs -- in runc's order -- then the program.
#pragma once

#include <string>

#include "linux/safepath/root.h"
#include "spec/config.h"
#include "util/error.h"

namespace rampart::process {

// process.cwd made to exist in `root` (the container's rootfs, before it is remounted
// read-only), as runc makes it: missing components are created one by one on the parent's fd
// (mode 0755, owned by the container's root), so a symlink in the image can never make the
// runtime create a directory outside the root. A component that is not a directory fails.
Result<void> create_cwd(const safepath::Root& root, const std::string& cwd);

// CVE-2024-21626: cwd is resolved inside the current root without magic links.
Result<void> enter_cwd(const std::string& cwd);

// Takes on the process's privileges, in runc's order but for cwd: cwd (entered while still
// privileged, as runc does, and before any filter, so its openat2 never depends on the profile),
// seccomp (here when no_new_privs is off: loading it then needs CAP_SYS_ADMIN), bounding set,
// user and groups, umask, capabilities, no_new_privs. Only a no_new_privs filter is left.
Result<void> take_on_credentials(const spec::Process& p, const spec::Seccomp* seccomp);

// The filter of a no_new_privs process (none otherwise): the last step before startContainer
// hooks and execve, so the runtime's own steps before it never depend on the profile.
Result<void> load_late_seccomp(const spec::Process& p, const spec::Seccomp* seccomp);

// Both: whatever runs after this -- startContainer hooks, then the program -- runs as the
// container's process does.
Result<void> become_process(const spec::Process& p, const spec::Seccomp* seccomp);

// Looks the program up again as the process (its cwd and PATH), closes every fd but stdio, the
// preserved ones and `report_fd` (close-on-exec, for the caller to report a failure on) and
// execs it. Returns only on failure.
Result<void> exec_program(const spec::Process& p, int preserve_fds, int report_fd);

}  // namespace rampart::process
