// One container's judgement: drift and the live policy, under the policy file's rules.
#include <cstdio>

#include "spec/capabilities.h"
#include "verify/judge_internal.h"

namespace rampart::verify {

std::vector<policy::Finding> drift_findings(const Expectation& e, const ContainerFacts& c, const HostFacts& h) {
  MountView v = classify_mounts(e, c, h);
  std::vector<policy::Finding> out = mount_drift(e, c, h, v);
  for (auto& f : process_drift(e, c, h, v)) out.push_back(std::move(f));
  for (auto& f : cgroup_drift(e, c, h)) out.push_back(std::move(f));
  return out;
}

policy::Report judge(const Expectation& e, const ContainerFacts& c, const HostFacts& h, const policy::Policy& p,
                     policy::Severity default_fail_on) {
  std::vector<policy::Finding> all = live_findings(e, c, h);
  for (auto& f : drift_findings(e, c, h)) all.push_back(std::move(f));
  policy::Report rep = policy::apply_policy(std::move(all), p, e.id, default_fail_on);
  rep.source = e.config_path;
  return rep;
}

std::string capability_list(uint64_t mask) {
  const auto& all = spec::all_capability_names();
  std::string s;
  for (size_t b = 0; b < 64; ++b)
    if (mask & (uint64_t{1} << b)) s += (s.empty() ? "" : ", ") + (b < all.size() ? all[b] : "CAP_" + std::to_string(b));
  return s;
}

uint64_t capability_mask(const std::vector<std::string>& names) {
  uint64_t m = 0;
  for (const auto& n : names)
    if (auto b = spec::capability_number(n)) m |= uint64_t{1} << *b;
  return m;
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

policy::Finding finding(std::string_view rule, std::string field, std::string message, std::vector<std::string> paths) {
  const policy::Rule* r = policy::find_rule(rule);
  policy::Finding f;
  f.rule = std::string(rule);
  f.severity = r ? r->severity : policy::Severity::High;
  f.field = printable(field);
  f.message = printable(message);
  // Every message here is "<what it is about>: <what is wrong>", as the rules' are.
  f.subject = f.message.substr(0, f.message.find(": "));
  f.paths = std::move(paths);
  return f;
}

}  // namespace rampart::verify
