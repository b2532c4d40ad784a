#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

std::vector<Case> mount_propagation_cases() { return {}; }

}  // namespace rampart::probe
