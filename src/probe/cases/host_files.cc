#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

std::vector<Case> host_file_cases() { return {}; }

}  // namespace rampart::probe
