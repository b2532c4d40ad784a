#include "linux/process/seccomp_version.h"

#include <seccomp.h>

namespace rampart::process {

std::string seccomp_library_version() {
  const scmp_version* v = seccomp_version();
  if (!v) return "unknown";
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->micro);
}

}  // namespace rampart::process
