// A process `exec`'d into a running container. It starts as a set-up stage in the runtime's pid
// namespace, already in the container's cgroup: it closes every fd it was not handed, joins
// all the init's namespaces through the init's pidfd (the mount namespace makes the
// container's root its root and cwd) and only then forks the process that becomes visible in
// the container's pid namespace (handover.h). That process sets up the console and becomes the
// configured process exactly as the init does (finish.h).
#pragma once

#include <string>

#include "linux/process/seccomp.h"
#include "spec/config.h"

namespace rampart::process {

struct ExecRequest {
  const spec::Process* process = nullptr;
  const spec::Seccomp* seccomp = nullptr;
  const spec::Personality* personality = nullptr;  // the container's linux.personality
  int init_pidfd = -1;   // the container's init, its start time already checked
  int join_flags = 0;    // CLONE_NEW* of the init's namespaces that differ from the runtime's
  // A container in the host's mount namespace (mount/host_namespace.h): its root, to chroot
  // into -- joining "its" mount namespace would leave the process at the host's "/"; else -1.
  int root_fd = -1;
  int sync_fd = -1;
  int console_socket_fd = -1;
  int preserve_fds = 0;
  // linux.seccomp compiled by the runtime before the stage was spawned; when it notifies, the
  // socket connected to listenerPath (else -1) and the container's state for the message (the
  // runtime sends the process's host pid with Msg::Start).
  const SeccompFilter* seccomp_filter = nullptr;
  int seccomp_listener_fd = -1;
  std::string seccomp_state;
};

// Runs in the set-up stage; never returns.
[[noreturn]] void exec_init(ExecRequest& req);

}  // namespace rampart::process
