// Linux capability names as the runtime-spec spells them ("CAP_CHOWN" ...) and their numbers.
// Pure: the numbers are the kernel's ABI (linux/capability.h), written out so no Linux header is needed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::spec {

// The number of a capability ("CAP_SYS_ADMIN" -> 21); nullopt for a name rampart does not know.
// Names are matched exactly (upper case, with the CAP_ prefix), as runc does.
std::optional<int> capability_number(std::string_view name);

// Every known capability name, indexed by number: all_capability_names()[21] == "CAP_SYS_ADMIN".
const std::vector<std::string>& all_capability_names();

}  // namespace rampart::spec
