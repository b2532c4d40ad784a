// The control case and the cases for classes 1, 2, 3 and 9 of the "Safe paths" issue: masked
// paths through the image's /dev/null, console and pts, redirected procfs writes, sysctl keys.
#pragma once

#include <vector>

#include "probe/case.h"

namespace rampart::probe {

void add_control_case(std::vector<Case>& out);  // exactly one case, attack_class 0
void add_cases_a(std::vector<Case>& out);

}  // namespace rampart::probe
