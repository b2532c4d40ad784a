// `check --profile restricted` agrees with the Pod Security Standards control by control: for each
// PSS control, a pod that meets restricted except for that one control fails at the control's
// level with the rule docs/pss.md names, and passes the level below when the control is
// restricted-only. The table here and docs/pss.md must list the same controls and rules.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "manifest/workloads.h"
#include "policy/k8s/translate.h"
#include "policy/policy.h"

namespace rampart::policy {
namespace {

using json = nlohmann::ordered_json;

json restricted_pod() {
  return json::parse(R"({
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "n"},
    "spec": {
      "securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "seccompProfile": {"type": "RuntimeDefault"}},
      "containers": [{
        "name": "c", "image": "i",
        "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                            "capabilities": {"drop": ["ALL"]}},
        "resources": {"limits": {"memory": "64Mi"}}
      }],
      "volumes": [{"name": "v", "emptyDir": {}}]
    }})");
}

json& c0(json& pod) { return pod["spec"]["containers"][0]; }

struct Control {
  const char* level;    // "baseline" or "restricted"
  const char* control;  // as the PSS page names it
  const char* rule;
  std::function<void(json&)> violate;
};

const std::vector<Control>& controls() {
  static const std::vector<Control> k = {
      {"baseline", "HostProcess", "RP-PRV-012",
       [](json& p) { p["spec"]["securityContext"]["windowsOptions"] = {{"hostProcess", true}}; }},
      {"baseline", "Host Namespaces", "RP-NS-002", [](json& p) { p["spec"]["hostNetwork"] = true; }},
      {"baseline", "Host Namespaces", "RP-NS-001", [](json& p) { p["spec"]["hostPID"] = true; }},
      {"baseline", "Host Namespaces", "RP-NS-003", [](json& p) { p["spec"]["hostIPC"] = true; }},
      {"baseline", "Privileged Containers", "RP-PRV-009",
       [](json& p) {
         c0(p)["securityContext"]["privileged"] = true;
         c0(p)["securityContext"].erase("allowPrivilegeEscalation");
       }},
      {"baseline", "Capabilities", "RP-CAP-001",
       [](json& p) { c0(p)["securityContext"]["capabilities"]["add"] = {"NET_RAW"}; }},
      {"baseline", "HostPath Volumes", "RP-MNT-010",
       [](json& p) { p["spec"]["volumes"].push_back({{"name", "h"}, {"hostPath", {{"path", "/srv"}}}}); }},
      {"baseline", "Host Ports", "RP-NS-009",
       [](json& p) { c0(p)["ports"] = json::array({{{"containerPort", 80}, {"hostPort", 8080}}}); }},
      {"baseline", "Host Probes / Lifecycle Hooks", "RP-NS-010",
       [](json& p) { c0(p)["lifecycle"] = {{"preStop", {{"httpGet", {{"host", "10.0.0.1"}, {"port", 80}}}}}}; }},
      {"baseline", "AppArmor", "RP-PRV-006",
       [](json& p) { c0(p)["securityContext"]["appArmorProfile"] = {{"type", "Unconfined"}}; }},
      {"baseline", "AppArmor", "RP-PRV-006",
       [](json& p) { p["metadata"]["annotations"] = {{"container.apparmor.security.beta.kubernetes.io/c", "unconfined"}}; }},
      {"baseline", "SELinux", "RP-PRV-007",
       [](json& p) { p["spec"]["securityContext"]["seLinuxOptions"] = {{"type", "spc_t"}}; }},
      {"baseline", "SELinux", "RP-PRV-007",
       [](json& p) { c0(p)["securityContext"]["seLinuxOptions"] = {{"user", "system_u"}}; }},
      {"baseline", "SELinux", "RP-PRV-007",
       [](json& p) { c0(p)["securityContext"]["seLinuxOptions"] = {{"role", "sysadm_r"}}; }},
      {"baseline", "/proc Mount Type", "RP-PRC-001", [](json& p) { c0(p)["securityContext"]["procMount"] = "Unmasked"; }},
      {"baseline", "Seccomp", "RP-PRV-002",
       [](json& p) { c0(p)["securityContext"]["seccompProfile"] = {{"type", "Unconfined"}}; }},
      {"baseline", "Sysctls", "RP-SCT-002",
       [](json& p) { p["spec"]["securityContext"]["sysctls"] = json::array({{{"name", "net.core.somaxconn"}, {"value", "1"}}}); }},
      {"restricted", "Volume Types", "RP-MNT-011",
       [](json& p) { p["spec"]["volumes"].push_back({{"name", "n"}, {"nfs", {{"server", "s"}, {"path", "/"}}}}); }},
      {"restricted", "Privilege Escalation", "RP-PRV-011",
       [](json& p) { c0(p)["securityContext"].erase("allowPrivilegeEscalation"); }},
      {"restricted", "Running as Non-root", "RP-PRV-010",
       [](json& p) { p["spec"]["securityContext"].erase("runAsNonRoot"); }},
      {"restricted", "Running as Non-root user", "RP-PRV-005",
       [](json& p) { c0(p)["securityContext"]["runAsUser"] = 0; }},
      {"restricted", "Seccomp", "RP-PRV-008", [](json& p) { p["spec"]["securityContext"].erase("seccompProfile"); }},
      {"restricted", "Capabilities", "RP-CAP-003",
       [](json& p) { c0(p)["securityContext"]["capabilities"].erase("drop"); }},
      {"restricted", "Capabilities", "RP-CAP-003",
       [](json& p) { c0(p)["securityContext"]["capabilities"]["add"] = {"CHOWN"}; }},
      {"restricted", "/proc Mount Type", "RP-PRC-004",
       [](json& p) {
         p["spec"]["hostUsers"] = false;
         c0(p)["securityContext"]["procMount"] = "Unmasked";
       }},
  };
  return k;
}

Report judge(const json& pod, Profile profile) {
  auto m = manifest::read_manifest(pod.dump(2), "pod.json");
  EXPECT_TRUE(m) << (m ? "" : m.error().message());
  Policy pol;
  pol.profile = profile;
  return k8s::evaluate_manifests({*m}, pol);
}

bool has(const Report& r, std::string_view rule) {
  for (const auto& f : r.findings)
    if (f.rule == rule) return true;
  return false;
}

TEST(PodSecurityStandards, TheRestrictedPodPassesEveryLevel) {
  for (auto p : {Profile::Baseline, Profile::Restricted}) {
    Report r = judge(restricted_pod(), p);
    EXPECT_FALSE(r.failed) << profile_name(p);
    for (const auto& f : r.findings) ADD_FAILURE() << profile_name(p) << ": " << f.rule << ": " << f.message;
  }
}

class PssControl : public ::testing::TestWithParam<size_t> {};

TEST_P(PssControl, IsCaughtAtItsLevelByItsRule) {
  const Control& c = controls()[GetParam()];
  json pod = restricted_pod();
  c.violate(pod);
  Report restricted = judge(pod, Profile::Restricted);
  EXPECT_TRUE(restricted.failed) << c.control;
  // At restricted, a restricted rule may replace the baseline one (as PSS's restricted checks
  // override baseline's): RP-PRV-008 replaces RP-PRV-002, RP-PRC-004 replaces RP-PRC-001.
  bool caught = has(restricted, c.rule);
  for (const auto& f : restricted.findings)
    for (auto o : find_rule(f.rule)->overrides) caught = caught || o == c.rule;
  EXPECT_TRUE(caught) << c.control << " should be caught by " << c.rule << " (or the rule replacing it)";
  const Rule* rule = find_rule(c.rule);
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(std::string(rule->refs.pss).substr(0, std::string(c.level).size()), c.level) << c.rule;
  Report baseline = judge(pod, Profile::Baseline);
  if (std::string_view(c.level) == "baseline") {
    EXPECT_TRUE(baseline.failed) << c.control;
    EXPECT_TRUE(has(baseline, c.rule)) << c.control;
  } else {
    EXPECT_FALSE(baseline.failed) << c.control << ": a restricted-only control must pass baseline";
    for (const auto& f : baseline.findings) EXPECT_LT(f.severity, Severity::High) << f.rule << ": " << f.message;
  }
}

std::string control_name(const ::testing::TestParamInfo<size_t>& info) {
  std::string n = std::string(controls()[info.param].level) + "_" + controls()[info.param].control + "_" +
                  std::to_string(info.param);
  for (auto& ch : n)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Controls, PssControl, ::testing::Range<size_t>(0, controls().size()), control_name);

// PSS (Kubernetes 1.35+) relaxes the non-root controls and baseline's /proc control for pods in
// a user namespace.
TEST(PodSecurityStandards, UserNamespacesRelaxTheNonRootControls) {
  json pod = restricted_pod();
  pod["spec"]["hostUsers"] = false;
  pod["spec"]["securityContext"].erase("runAsNonRoot");
  pod["spec"]["securityContext"]["runAsUser"] = 0;
  Report r = judge(pod, Profile::Restricted);
  EXPECT_FALSE(has(r, "RP-PRV-010"));
  EXPECT_FALSE(has(r, "RP-PRV-005"));
  EXPECT_FALSE(r.failed);
  json unmasked = restricted_pod();
  unmasked["spec"]["hostUsers"] = false;
  c0(unmasked)["securityContext"]["procMount"] = "Unmasked";
  EXPECT_FALSE(judge(unmasked, Profile::Baseline).failed);
  EXPECT_TRUE(judge(unmasked, Profile::Restricted).failed);
}

TEST(PodSecurityStandards, DocsTableListsEveryControlAndItsRule) {
  std::ifstream in(std::string(RAMPART_SOURCE_DIR) + "/docs/pss.md");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  ASSERT_FALSE(doc.empty()) << "docs/pss.md is missing";
  for (const auto& c : controls()) {
    std::string row_start = "| " + std::string(c.level) + " | " + c.control + " |";
    size_t row = doc.find(row_start);
    ASSERT_NE(row, std::string::npos) << "docs/pss.md has no row " << row_start;
    std::string line = doc.substr(row, doc.find('\n', row) - row);
    EXPECT_NE(line.find(c.rule), std::string::npos) << row_start << " should name " << c.rule;
  }
}

}  // namespace
}  // namespace rampart::policy
