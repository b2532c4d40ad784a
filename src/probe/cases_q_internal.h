// The cases_q_*.cc files register their cases through these, in add_cases_q's order.
#pragma once

#include <vector>

#include "probe/case.h"

namespace rampart::probe::q {

void add_race_cases(std::vector<Case>& out);  // classes 5 and 11 (cases_q_race.cc)
void add_exe_cases(std::vector<Case>& out);   // class 7 (cases_q_exe.cc)

}  // namespace rampart::probe::q
