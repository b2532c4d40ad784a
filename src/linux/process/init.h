// The container's init: everything that happens inside the new namespaces between clone3 and
// the execve of the user's program, one named step per line (container_init in init.cc).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "linux/cgroup/cgroup.h"
#include "linux/mount/rootfs.h"
#include "linux/process/seccomp.h"
#include "plan/rootfs_plan.h"
#include "spec/config.h"

namespace rampart::process {

struct InitRequest {
  const spec::Config* config = nullptr;
  const plan::Plan* plan = nullptr;
  std::string id;
  std::string rootfs;             // absolute, symlink-free host path (messages, joined mount ns)
  int rootfs_fd = -1;             // the rootfs directory the runtime checked (mount::RootfsContext)
  int sync_fd = -1;               // init's end of the socketpair
  int fifo_fd = -1;               // exec.fifo, open read-write; -1: wait for Msg::Start instead
  // A pid namespace joined by path, entered only once the init holds nothing of the host
  // (handover.h); -1 when the init is born in its pid namespace (new, or the runtime's).
  int late_pid_ns_fd = -1;
  int console_socket_fd = -1;     // connected --console-socket, or -1
  int preserve_fds = 0;
  bool no_pivot = false;
  bool shares_host_mounts = false;  // no mount namespace: see mount/host_namespace.h
  bool no_new_keyring = false;
  bool new_user_ns = false;       // cloned into a new user namespace (maps written by runtime)
  std::vector<std::pair<int, int>> join_ns;  // (CLONE_NEW* type, fd) to setns, user first
  unsigned long unshare_flags = 0;           // namespaces created after joining
  cgroup::Paths cgroup_paths;
  const mount::BindSources* bind_sources = nullptr;  // see mount::RootfsContext
  // linux.seccomp compiled by the runtime before clone (a bad profile fails before anything
  // starts), and the socket connected to its listenerPath when it notifies (else -1).
  const SeccompFilter* seccomp_filter = nullptr;
  int seccomp_listener_fd = -1;
};

// Never returns: execs the user's program, or reports the error and exits 1 -- on sync_fd, or,
// once `start` has released it, on exec.fifo for `start` to print (start_fifo.h).
[[noreturn]] void container_init(InitRequest& req);

}  // namespace rampart::process
