#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

std::vector<Case> host_mount_cases() { return {}; }

}  // namespace rampart::probe
