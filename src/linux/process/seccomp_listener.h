// linux.seccomp.listenerPath: the runtime's side of SCMP_ACT_NOTIFY. The runtime connects to the
// listener when it creates the container (so a missing listener fails `create`, as with runc's
// "failed to connect with seccomp agent"); the init sends the listener fd over that socket with
// SCM_RIGHTS once the filter is loaded (seccomp.h), with the runtime-spec's
// ContainerProcessState as the message: {"ociVersion", "fds": ["seccompFd"], "pid", "metadata",
// "state"}.
#pragma once

#include <string>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::process {

// A SOCK_STREAM unix socket (close-on-exec) connected to `path` ("@name": the abstract name, as
// Go's net.Dial reads it); connecting and sending never wait more than a few seconds.
Result<UniqueFd> connect_seccomp_listener(const std::string& path);

// The message for the listener: `state_json` is the container's state (the one startContainer
// hooks get), `metadata` the profile's listenerMetadata, `pid` the filtered process's host pid
// (0: the state's, i.e. the init's).
Result<std::string> container_process_state(const std::string& state_json, const std::string& metadata, int pid = 0);

}  // namespace rampart::process
