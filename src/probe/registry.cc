// Every probe case, control first, in a stable order.
#include "probe/case.h"
#include "probe/cases_a.h"
#include "probe/cases_q.h"

namespace rampart::probe {

const std::vector<Case>& all_cases() {
  static const std::vector<Case> cases = [] {
    std::vector<Case> v;
    add_control_case(v);
    add_cases_a(v);
    add_cases_q(v);
    return v;
  }();
  return cases;
}

}  // namespace rampart::probe
