// Foreground `run` of a terminal container without --console-socket (runc does the same): the
// runtime receives the pty master itself, puts the host terminal in raw mode, and relays bytes
// both ways until the container exits, passing on window size changes.
#pragma once

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::process {

// Receives the one fd sent over a console socket (SCM_RIGHTS).
Result<UniqueFd> receive_pty_master(int sock);

// Relays stdin -> master and master -> stdout until `stop_fd` (a pidfd) is readable and the
// master has no more output. Restores the host terminal on return. `signal_fd` (a signalfd)
// delivers SIGWINCH for resizing; any other signal read from it is passed to `on_signal`.
Result<void> relay_pty(int master, int stop_fd, int signal_fd, void (*on_signal)(int sig, void* ctx), void* ctx);

}  // namespace rampart::process
