// libFuzzer target: bytes -> the YAML reader (Kubernetes scalar resolution, merge keys, limits)
// -> workloads and typed pod specs -> every profile's evaluation -> all three reports (and the
// YAML policy parser on the same bytes). Must never crash, leak, hang or hit UB: malformed or
// hostile YAML is an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "manifest/workloads.h"
#include "policy/k8s/translate.h"
#include "policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart;
  std::string text(reinterpret_cast<const char*>(data), size);
  (void)policy::parse_policy(text);
  // Small limits keep each input fast; the limits themselves are what is being exercised.
  manifest::Limits limits;
  limits.max_nodes = 20000;
  limits.max_documents = 200;
  auto m = manifest::read_manifest(text, "fuzz.yaml", limits);
  if (!m) {
    (void)m.error().message();
    return 0;
  }
  for (auto profile : {policy::Profile::Privileged, policy::Profile::Baseline, policy::Profile::Restricted}) {
    policy::Policy pol;
    pol.profile = profile;
    pol.exceptions.push_back({"RP-MNT-010", "*", "s*", "w?b", "/v*", "fuzzing"});
    policy::Report r = policy::k8s::evaluate_manifests({*m}, pol);
    (void)policy::render_text(r, true);
    (void)policy::render_json(r);
    (void)policy::render_sarif(r);
    (void)policy::one_line(r);
  }
  return 0;
}
