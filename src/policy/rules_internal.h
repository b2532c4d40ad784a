// Shared by the rule checks (rules.cc: what a Config says; rules_workload.cc: what only a
// Kubernetes pod spec says). Not part of the policy layer's interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"
#include "policy/workload.h"

namespace rampart::policy::detail {

// Emits findings with the rule's default severity unless one is given.
struct Emitter {
  std::vector<Finding>& out;
  void operator()(std::string_view rule, std::string field, std::string subject, const std::string& detail,
                  std::vector<std::string> paths = {}, std::string anchor = {},
                  std::optional<Severity> severity = {}) const;
};

std::string join(const std::vector<std::string>& v, std::string_view sep = ", ");
// "sys_admin" -> "CAP_SYS_ADMIN"
std::string canon_cap(std::string s);

// The manifest-only rules (rules_workload.cc).
void check_workload(const spec::Config& c, const WorkloadFacts& w, const Emitter& emit);

}  // namespace rampart::policy::detail
