// Which sysctls a container may set: only those namespaced by a namespace the container owns,
// following runc's list. Pure: the runtime refuses a bad key before anything is created.
#pragma once

#include <optional>
#include <string_view>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::spec {

// The namespace whose copy of `key` a write changes: Ipc (kernel.msg*, kernel.sem, kernel.shm*,
// fs.mqueue.*), Network (net.*), Uts (kernel.hostname, kernel.domainname); nullopt for a key
// that no namespace holds (its value is the host's).
std::optional<NamespaceType> sysctl_namespace(std::string_view key);

// Refuses keys with '/' or ".." (they would walk out of /proc/sys: CVE-2025-52881 class), keys
// that are not namespaced (kernel.core_pattern and the like write the host's value), and
// namespaced keys whose namespace the container shares with the host. A namespace joined by
// path may still be the host's own: the runtime checks that on the joined fds
// (process::refuse_sysctls_in_host_namespaces).
Result<void> validate_sysctls(const Config& config);

}  // namespace rampart::spec
