// Where the running binary lives on the host, as a path another process can execute.
#pragma once

#include <string>

namespace rampart {

// /proc/self/exe may name a protected copy (a memfd, or a read-only clone visible at no path),
// so it is used only when it names an executable file that exists; otherwise argv[0] (from
// /proc/self/cmdline), resolved through PATH when it has no '/'.
std::string self_path();

}  // namespace rampart
