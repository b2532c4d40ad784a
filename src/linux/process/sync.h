// The runtime and the container init talk over a SOCK_SEQPACKET socketpair: one message per
// step, so each side knows exactly where the other is, and an init error reaches the runtime
// as text it can print in one line. A message's length travels with it: texts of any size
// (hook states with large annotations) arrive whole.
#pragma once

#include <cstdint>
#include <string>

#include "util/error.h"

namespace rampart::process {

enum class Msg : uint32_t {
  Go = 1,         // runtime -> init: id maps written (the init joined its cgroups itself); value = init's host pid
  RunHooks,       // init -> runtime: namespaces and mounts are ready: run prestart/createRuntime
  HooksDone,      // runtime -> init
  Ready,          // init -> runtime: about to wait for `start`
  Start,          // runtime -> init: exec now (run without exec.fifo)
  Failed,         // init -> runtime: text = one-line error, value = errno
  Child,          // set-up stage -> runtime: value = host pid of the process that carries on
                  // (forked with CLONE_PARENT once it is inside the container: handover.h)
  Saved,          // runtime -> init, after Ready: state.json is saved, the init may outlive the
                  // runtime from now on (until then its parent-death signal stays armed);
                  // init -> runtime: the same word back once the signal is disarmed
  Rlimits,        // init/exec process -> runtime: set my rlimits (prlimit, from the host user
                  // namespace); runtime -> init: set
};

struct Message {
  Msg type = Msg::Failed;
  int32_t value = 0;
  std::string text;
};

Result<void> send_msg(int fd, Msg type, int32_t value = 0, const std::string& text = {});
// Fails with EPIPE-like error "init exited" when the other side closed the socket.
Result<Message> recv_msg(int fd);
// Receives and checks the type; a Failed message becomes an Error carrying its text.
Result<Message> expect_msg(int fd, Msg type);

}  // namespace rampart::process
