// The default config.json that `rampart spec` writes, shaped like `runc spec`'s.
#pragma once

#include <cstdint>
#include <string>

namespace rampart::spec {

// JSON text (2-space indent, trailing newline) of the default bundle config; rootless shapes it
// like `runc spec --rootless` (user namespace, id maps for the caller, no network namespace...).
std::string default_config_json(bool rootless, uint32_t uid = 0, uint32_t gid = 0);

}  // namespace rampart::spec
