#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

std::vector<Case> device_rule_cases() { return {}; }

}  // namespace rampart::probe
