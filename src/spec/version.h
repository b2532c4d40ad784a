// The runtime-spec versions rampart speaks, in one place.
#pragma once

namespace rampart::spec {

// The version this runtime implements: `state`, `features` (ociVersionMax) and --version.
inline constexpr const char* kSpecVersion = "1.2.0";
// The oldest config version accepted (features' ociVersionMin).
inline constexpr const char* kSpecVersionMin = "1.0.0";
// What `rampart spec` writes: 1.1.0, because crun 1.8.1 (Debian 12) refuses "1.2.0" with
// "unknown version specified", and a bundle made by rampart should run on its peers too.
inline constexpr const char* kGeneratedConfigVersion = "1.1.0";

}  // namespace rampart::spec
