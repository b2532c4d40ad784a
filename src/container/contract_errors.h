// The error texts clients match (docs/compat.md, "Texts clients match"), runc's words, each
// spelled once here. containerd, podman and CRI-O find these in our stderr or log; rampart's own
// code never does: what it must know about a failure it reads from Error::kind.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace rampart::container {

inline constexpr std::string_view kTextDoesNotExist = "container does not exist";
inline constexpr std::string_view kTextNotRunning = "container not running";
inline constexpr std::string_view kTextAlreadyRunning = "cannot start an already running container";

// "container does not exist: ID" (ErrorKind::NotFound: `delete --force` of it succeeds).
std::unexpected<Error> does_not_exist(const std::string& id);
// "container not running", or "container not running: STATUS" (ErrorKind::Refused).
std::unexpected<Error> not_running(std::string_view status = {});
// "cannot start an already running container" (ErrorKind::Refused).
std::unexpected<Error> already_running();
// "cannot delete container ID that is not stopped: STATUS" (ErrorKind::Refused).
std::unexpected<Error> not_stopped(const std::string& id, std::string_view status);

}  // namespace rampart::container
