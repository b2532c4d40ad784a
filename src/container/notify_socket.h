// NOTIFY_SOCKET (sd_notify) through the runtime, as runc does it: when the caller (systemd,
// podman --sdnotify=container) sets NOTIFY_SOCKET, the container gets a socket of its own and
// the runtime forwards the container's READY=1 to the caller's socket.
//
// `create` (and `run`) make <state dir>/notify, bind it read-only (nosuid, nodev, noexec) at
// /run/notify in the container -- a detached copy of that directory, attached like every other
// host bind -- and set NOTIFY_SOCKET=/run/notify/notify.sock for the process. `start` (and `run`)
// bind the datagram socket notify.sock in that directory (by its fd: the path of the state
// directory is never looked up again) before the container is released, then wait for a
// datagram with a READY= line, which they pass on to the caller's socket followed by
// MAINPID=<container pid>. The wait ends with that, or when the container exits. Nothing of
// the container reaches the caller's socket but the READY line itself. `start` and `run -d`
// return once it ended; a foreground `run` leaves the wait to a child of its own and goes on
// relaying the container (its signals, its pty) meanwhile.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "linux/mount/rootfs.h"
#include "plan/rootfs_plan.h"
#include "spec/config.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::container {

// The caller's NOTIFY_SOCKET, if set and not empty.
std::optional<std::string> caller_notify_socket();

// create/run: the notify directory in the state directory `state_dir`, bound into the
// container by a new step of `plan` (its source in `sources`, its tree fd kept in `trees`),
// and NOTIFY_SOCKET in the process's environment.
Result<void> add_notify_socket(int state_dir, spec::Config& c, plan::Plan& plan, mount::BindSources& sources,
                               std::vector<UniqueFd>& trees);

class NotifyProxy {
 public:
  // start/run: binds notify.sock in the state directory's notify directory (none: an empty
  // proxy, when the container was created without NOTIFY_SOCKET).
  static Result<NotifyProxy> listen(int state_dir, std::string caller_socket);
  // Waits for READY= from the container (or its exit, seen on `pidfd`) and forwards it.
  Result<void> forward_ready(int pidfd, pid_t pid);
  [[nodiscard]] bool active() const { return sock_.valid(); }

 private:
  UniqueFd sock_;
  std::string caller_;
};

}  // namespace rampart::container
