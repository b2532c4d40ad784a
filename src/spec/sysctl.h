// Which sysctls a container may set: only those namespaced by a namespace the container owns,
// following runc's list. Pure: the runtime refuses a bad key before anything is created.
#pragma once

#include "spec/config.h"
#include "util/error.h"

namespace rampart::spec {

// Refuses keys with '/' or ".." (they would walk out of /proc/sys: CVE-2025-52881 class), keys
// that are not namespaced (kernel.core_pattern and the like write the host's value), and
// namespaced keys whose namespace the container shares with the host.
Result<void> validate_sysctls(const Config& config);

}  // namespace rampart::spec
