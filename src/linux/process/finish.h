// The last steps of every process that enters a container, the init and `exec`'d ones alike:
// cwd, capabilities, user, umask, no_new_privs -- in runc's order -- then the seccomp filter
// and the program.
#pragma once

#include <string>

#include "linux/process/seccomp.h"
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

// Takes on the process's privileges, in runc's order but for cwd and seccomp: cwd (entered while
// still privileged, as runc does), bounding set, user and groups, umask, capabilities,
// no_new_privs. No filter is loaded here: exec_program loads it as its last step. Without
// no_new_privs loading it needs CAP_SYS_ADMIN, so a process with a profile keeps that one in
// its permitted set (not effective, inheritable or ambient) until then; execve recomputes every
// set from bounding, inheritable and ambient, so the program never holds it.
Result<void> take_on_credentials(const spec::Process& p, const spec::Seccomp* seccomp);

// The same, for `exec`: whatever runs after this -- the program -- runs as the container's
// process does.
Result<void> become_process(const spec::Process& p, const spec::Seccomp* seccomp);

// Looks the program up again as the process (its cwd and PATH), closes every fd but stdio, the
// preserved ones, `report_fd` (close-on-exec, for the caller to report a failure on) and the
// seccomp listener's socket (close-on-exec), then loads `filter` (if any) and execs the program:
// after the filter the runtime makes no syscall but execve (seccomp.h). Returns only on failure.
Result<void> exec_program(const spec::Process& p, int preserve_fds, int report_fd,
                          const SeccompFilter* filter = nullptr, const SeccompListener* listener = nullptr);

}  // namespace rampart::process
