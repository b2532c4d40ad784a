// libFuzzer target: config.json text -> parse_config -> every profile's evaluation -> all three
// reports (and the policy-file parser on the same bytes). Must never crash, leak or hit UB.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/policy.h"
#include "spec/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)policy::parse_policy(text);
  auto config = spec::parse_config(text);
  if (!config) return 0;
  // Pretend every bind source resolves somewhere interesting, to reach the host-fact paths.
  policy::HostFacts facts;
  for (size_t i = 0; i < config->mounts.size(); ++i)
    if (i % 2 == 1) facts.bind_sources[i] = {"/run/docker.sock", policy::FileKind::Socket};
  for (auto profile : {policy::Profile::Privileged, policy::Profile::Baseline, policy::Profile::Restricted}) {
    policy::Policy pol;
    pol.profile = profile;
    pol.exceptions.push_back({"RP-MNT-002", "f*z", "/e?c*", "fuzzing"});
    policy::Report r = policy::evaluate(*config, facts, pol, "fuzz");
    (void)policy::render_text(r, true);
    (void)policy::render_json(r);
    (void)policy::render_sarif(r, text);
    (void)policy::one_line(r);
  }
  return 0;
}
