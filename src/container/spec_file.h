// `rampart spec`: the default config for this caller, written into a bundle directory.
#pragma once

#include <optional>
#include <string>

#include "spec/defaults.h"
#include "util/error.h"

namespace rampart::container {

// The caller's subordinate id range from an /etc/subuid-format text ("name:start:count" lines),
// matched by user name or by uid. Pure.
std::optional<spec::IdRange> find_subordinate_range(const std::string& text, const std::string& user_name,
                                                    uint32_t uid);

// Writes <bundle>/config.json for the calling user (never overwriting, never through a symlink).
// A rootless config uses the caller's /etc/subuid and /etc/subgid ranges when there are any.
Result<void> write_default_spec(const std::string& bundle, bool rootless, bool privileged_defaults);

}  // namespace rampart::container
