// Entering a pid namespace that container processes share, without ever being seen there with
// anything of the host.
//
// A container process with CAP_SYS_PTRACE (a common --cap-add) may open /proc/PID/root, cwd and
// fd/ of any process visible in its pid namespace, non-dumpable or not: the kernel checks the
// capability against the user namespace of the target's mm, which for a copy of the runtime is
// the host's. So a process set up by the runtime becomes visible there only once it holds
// nothing of the host: the set-up stage joins the mount namespace first (its root and cwd become
// the container's), closes every fd but the few it hands on, and only then joins the pid
// namespace -- which takes effect only for its children -- and forks the process that carries
// on. CLONE_PARENT makes that process the runtime's own child (the runtime waits for it, and a
// foreground `exec` gets its exit status); the stage reports its pid and exits. runc and crun
// show an exec'd process (and an init in a pid namespace joined by path) in the container with
// the host's root until they pivot or join the mount namespace.
#pragma once

#include <sys/types.h>

#include "util/error.h"

namespace rampart::process {

// Forks with CLONE_PARENT. In the stage (the caller): sends Msg::Child{host pid} on sync_fd and
// returns the pid; the stage must then _exit(0). In the forked process: returns 0 once the stage
// has sent that message, so everything it sends on sync_fd afterwards comes after it.
Result<pid_t> hand_over_to_child(int sync_fd);

}  // namespace rampart::process
