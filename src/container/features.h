// The runtime-spec features document (`rampart features`): generated from the tables the runtime
// itself uses (mount options, capabilities, namespaces, hooks), so it cannot drift from them.
#pragma once

#include <string>

namespace rampart::container {

std::string features_json();

}  // namespace rampart::container
