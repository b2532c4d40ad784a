// Go's duration syntax (time.ParseDuration), as runc's and containerd's flags take it:
// "500ms", "5s", "1m30s", "1.5h", "250us". One parser for every duration flag.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace rampart {

// Nanoseconds, or nullopt for anything Go would refuse (no unit, unknown unit, a sign, empty).
// Go's "0" (a bare zero) is accepted as 0.
std::optional<double> parse_go_duration_ns(std::string_view text);

}  // namespace rampart
