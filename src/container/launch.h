// The shared core of `create` and `run`: load the bundle, make the state directory and cgroup,
// clone the init into its namespaces, drive it through set-up and the create-time hooks, and
// save the state. Everything made is undone if any step fails.
#pragma once

#include <signal.h>

#include <memory>

#include "container/destroy.h"
#include "container/lifecycle.h"
#include "container/store.h"
#include "linux/cgroup/cgroup.h"
#include "spec/config.h"
#include "util/unique_fd.h"

namespace rampart::container {

struct Launched {
  ContainerDir dir;
  State state;
  UniqueFd pidfd;
  UniqueFd sync;  // runtime's end; the init waits on it for Msg::Start when there is no fifo
  std::unique_ptr<cgroup::Manager> cgroup;
  UniqueFd pty_master;  // own_console only
};

// with_fifo: create's protocol (the init blocks on exec.fifo until `start`); otherwise the init
// waits for Msg::Start on the sync socket (run, which starts it itself).
Result<Launched> launch(const Store& store, const CreateOptions& opts, bool with_fifo);

// containerd reads the pid file with Atoi: decimal, no newline, written atomically.
Result<void> write_pid_file(const std::string& path, pid_t pid);

// The console for a process with terminal true: {fd handed to the process, our end}. With a
// --console-socket path, the first is connected to it and ours is empty; without one, a
// socketpair whose other end receives the pty master for the runtime to relay.
Result<std::pair<UniqueFd, UniqueFd>> console_endpoints(const std::string& socket_path, bool terminal);
// The runtime <-> process sync channel: {runtime's end, process's end}.
Result<std::pair<UniqueFd, UniqueFd>> sync_socketpair();

// The signals a foreground run/exec blocks and forwards (SIGWINCH only resizes a relayed pty).
sigset_t forwarded_signals();
// Waits for `pid` (our child), forwarding signals to it and relaying its pty when we hold the
// master; returns its exit code (128+N for signal N).
Result<int> forward_until_exit(pid_t pid, int pidfd, const sigset_t& set, int pty_master);

// poststart hooks; on failure the container is killed (runtime-spec).
Result<void> run_poststart(const State& s);

}  // namespace rampart::container
