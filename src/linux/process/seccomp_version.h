// The libseccomp this binary is linked with, for `rampart --version`.
#pragma once

#include <string>

namespace rampart::process {

std::string seccomp_library_version();  // "2.5.4"

}  // namespace rampart::process
