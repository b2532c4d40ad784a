// Kubernetes manifests: the YAML reader (read as the cluster reads it), workloads and their pod
// templates, the hostile corpus (one manifest per rule), pod-level merging, exceptions by
// namespace/workload/container, and line-accurate SARIF locations.
// Corpus: tests/unit/data/manifests (benign/, hostile/, multi.yaml, tree/, malformed/).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "manifest/workloads.h"
#include "manifest/yaml.h"
#include "policy/k8s/translate.h"
#include "policy/policy.h"

namespace rampart::policy {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

std::string data_dir() { return std::string(RAMPART_SOURCE_DIR) + "/tests/unit/data/manifests/"; }

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

manifest::Manifest load(const std::string& rel) {
  auto m = manifest::read_manifest(slurp(data_dir() + rel), rel);
  EXPECT_TRUE(m) << rel << ": " << (m ? "" : m.error().message());
  return m ? std::move(*m) : manifest::Manifest{};
}

Report judge(const std::vector<std::string>& files, Profile profile, Policy pol = {}) {
  std::vector<manifest::Manifest> ms;
  for (const auto& f : files) ms.push_back(load(f));
  pol.profile = profile;
  return k8s::evaluate_manifests(ms, pol);
}

const Finding* get(const Report& r, std::string_view rule) {
  for (const auto& f : r.findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

std::vector<manifest::Document> yaml(const std::string& text, const manifest::Limits& limits = {}) {
  auto d = manifest::read_yaml(text, "t.yaml", limits);
  EXPECT_TRUE(d) << (d ? "" : d.error().message());
  return d ? *d : std::vector<manifest::Document>{};
}

std::string yaml_error(const std::string& text, const manifest::Limits& limits = {}) {
  auto d = manifest::read_yaml(text, "t.yaml", limits);
  EXPECT_FALSE(d) << text;
  return d ? "" : d.error().message();
}

// ---- the YAML reader --------------------------------------------------------------------------

TEST(ManifestYaml, ScalarsResolveAsKubernetesReadsThem) {
  auto d = yaml("a: on\nb: yes\nc: Y\nd: off\ne: 0x0\nf: 0o17\ng: 017\nh: 0_0\ni: \"on\"\nj: !!str 0\n"
                "k: 1.5\nl: ~\nm: null\nn: plain text\no: '0'\np: -12\n");
  ASSERT_EQ(d.size(), 1u);
  const auto& v = d[0].value;
  EXPECT_EQ(v["a"], true);
  EXPECT_EQ(v["b"], true);
  EXPECT_EQ(v["c"], true);
  EXPECT_EQ(v["d"], false);
  EXPECT_EQ(v["e"], 0);
  EXPECT_EQ(v["f"], 15);
  EXPECT_EQ(v["g"], 15);  // a leading 0 is octal in YAML 1.1
  EXPECT_EQ(v["h"], 0);
  EXPECT_EQ(v["i"], "on");  // quoted: a string
  EXPECT_EQ(v["j"], "0");
  EXPECT_EQ(v["k"], 1.5);
  EXPECT_TRUE(v["l"].is_null());
  EXPECT_TRUE(v["m"].is_null());
  EXPECT_EQ(v["n"], "plain text");
  EXPECT_EQ(v["o"], "0");
  EXPECT_EQ(v["p"], -12);
}

TEST(ManifestYaml, MergeKeysApplyAndExplicitKeysWin) {
  auto d = yaml("base: &b\n  x: 1\n  y: 2\nm:\n  <<: *b\n  y: 3\nl:\n  <<: [{p: 1}, {p: 2, q: 2}]\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].value["m"]["x"], 1);
  EXPECT_EQ(d[0].value["m"]["y"], 3);
  EXPECT_EQ(d[0].value["l"]["p"], 1);  // the earlier map in a merge list wins
  EXPECT_EQ(d[0].value["l"]["q"], 2);
  EXPECT_FALSE(d[0].value["m"].contains("<<"));
}

TEST(ManifestYaml, DuplicateKeysAreRefusedWithBothLines) {
  std::string e = yaml_error("a: 1\nb:\n  c: 1\n  c: 2\n");
  EXPECT_NE(e.find("t.yaml:4:3: duplicate key \"c\" (first at line 3)"), std::string::npos) << e;
}

// yaml-cpp's LoadAll alone never ends on this stream (every further document is empty and kept):
// found by fuzz/policy as a 312-byte policy file that made `check` use gigabytes for a minute.
TEST(ManifestYaml, AStreamYamlCppCannotEndIsRefusedAtOnce) {
  std::string e = yaml_error("\"a\",\n \"b}\n");
  EXPECT_NE(e.find("more than"), std::string::npos) << e;
  EXPECT_NE(e.find("documents"), std::string::npos) << e;
}

TEST(ManifestYaml, KeysAndItemsKeepTheirLineAndColumn) {
  auto d = yaml("spec:\n  containers:\n  - name: a\n    image: x\n  - {name: b, image: y}\n");
  ASSERT_EQ(d.size(), 1u);
  const auto& m = d[0].marks;
  EXPECT_EQ(m.at("spec").line, 1);
  EXPECT_EQ(m.at("spec.containers").line, 2);
  EXPECT_EQ(m.at("spec.containers").column, 3);
  EXPECT_EQ(m.at("spec.containers[0].image").line, 4);
  EXPECT_EQ(m.at("spec.containers[0].image").column, 5);
  EXPECT_EQ(m.at("spec.containers[1].image").line, 5);
  EXPECT_EQ(m.at("spec.containers[1].image").column, 15);
  // An absent field is placed at its nearest present ancestor.
  EXPECT_EQ(d[0].mark_of("spec.containers[1].securityContext.privileged").line, 5);
  EXPECT_EQ(d[0].mark_of("spec.containers[0].securityContext").line, 3);
}

TEST(ManifestYaml, OddKeysAreQuotedInPaths) {
  auto d = yaml("metadata:\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: unconfined\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].marks.count("metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/app\"]"), 1u);
  EXPECT_EQ(d[0].mark_of("metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/app\"].x").line, 3);
}

TEST(ManifestYaml, DocumentsAreCountedIncludingEmptyOnes) {
  auto d = yaml("a: 1\n---\n---\nb: 2\n");
  ASSERT_EQ(d.size(), 3u);
  EXPECT_TRUE(d[1].value.is_null());
  EXPECT_EQ(d[2].index, 2);
  EXPECT_EQ(d[2].value["b"], 2);
}

TEST(ManifestYaml, AliasBombsAndDeepNestingAreRefused) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  EXPECT_NE(yaml_error(bomb).find("CVE-2019-11253"), std::string::npos);
  std::string deep = "a: " + std::string(150, '[') + std::string(150, ']') + "\n";
  EXPECT_NE(yaml_error(deep).find("nesting deeper than"), std::string::npos);
}

TEST(ManifestYaml, MalformedYamlNamesTheLine) {
  auto m = manifest::read_manifest(slurp(data_dir() + "malformed/unclosed.yaml"), "unclosed.yaml");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message(), "unclosed.yaml:9:1: malformed YAML: end of sequence flow not found");
  auto t = yaml_error("a: b: c\n");
  EXPECT_NE(t.find("t.yaml:1:"), std::string::npos) << t;
}

TEST(ManifestYaml, JudgedFieldsOfTheWrongTypeAreErrors) {
  auto m = manifest::read_manifest(slurp(data_dir() + "malformed/wrong-type.yaml"), "wrong-type.yaml");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message(),
            "wrong-type.yaml:10:7: spec.containers[0].securityContext.privileged: expected a boolean, got a string "
            "\"maybe\"");
  auto d = manifest::read_manifest(slurp(data_dir() + "malformed/duplicate-key.yaml"), "duplicate-key.yaml");
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message().find("duplicate-key.yaml:10:3: duplicate key \"hostPID\" (first at line 6)"),
            std::string::npos);
}

// ---- workloads ----------------------------------------------------------------------------------

TEST(ManifestWorkloads, EveryKindWithAPodTemplateIsFound) {
  const std::string containers = "containers: [{name: c, image: i}]";
  std::string text;
  auto add = [&](const std::string& doc) { text += "---\n" + doc + "\n"; };
  add("{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {" + containers + "}}");
  add("{apiVersion: v1, kind: PodTemplate, metadata: {name: t}, template: {spec: {" + containers + "}}}");
  for (const char* k : {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"})
    add(std::string("{apiVersion: x/v1, kind: ") + k + ", metadata: {name: " + k + "}, spec: {template: {spec: {" +
        containers + "}}}}");
  add("{apiVersion: batch/v1, kind: CronJob, metadata: {name: cj}, spec: {jobTemplate: {spec: {template: {spec: {" +
      containers + "}}}}}}");
  add("{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Pod, metadata: {name: in-list, namespace: ns1}, "
      "spec: {" + containers + "}}]}");
  add("{apiVersion: v1, kind: ConfigMap, metadata: {name: cm}, data: {a: b}}");
  add("just: values");
  auto m = manifest::read_manifest(text, "all.yaml");
  ASSERT_TRUE(m) << m.error().message();
  ASSERT_EQ(m->workloads.size(), 10u);
  std::map<std::string, std::string> paths;
  for (const auto& w : m->workloads) paths[w.kind + "/" + w.name] = w.pod.path;
  EXPECT_EQ(paths["Pod/p"], "spec");
  EXPECT_EQ(paths["PodTemplate/t"], "template.spec");
  EXPECT_EQ(paths["Deployment/Deployment"], "spec.template.spec");
  EXPECT_EQ(paths["ReplicationController/ReplicationController"], "spec.template.spec");
  EXPECT_EQ(paths["CronJob/cj"], "spec.jobTemplate.spec.template.spec");
  EXPECT_EQ(paths["Pod/in-list"], "items[0].spec");
  EXPECT_EQ(m->workloads.back().namespace_, "ns1");
  ASSERT_EQ(m->skipped.size(), 2u);
  EXPECT_EQ(m->skipped[0].kind, "ConfigMap");
  EXPECT_NE(m->skipped[1].reason.find("not a Kubernetes object"), std::string::npos);
}

// ---- the corpus: one hostile manifest per rule ------------------------------------------------

struct Hostile {
  const char* rule;
  const char* file;  // under hostile/
  Profile profile = Profile::Baseline;
};

const std::vector<Hostile>& hostile_cases() {
  static const std::vector<Hostile> k = {
      {"RP-MNT-001", "engine-socket"},        {"RP-MNT-002", "host-etc"},
      {"RP-MNT-003", "host-pki"},             {"RP-MNT-004", "bidirectional"},
      {"RP-MNT-005", "runtime-state"},        {"RP-MNT-006", "relative-mount"},
      {"RP-MNT-007", "dotdot-mount"},         {"RP-MNT-008", "duplicate-mount"},
      {"RP-MNT-009", "subpath"},              {"RP-MNT-010", "hostpath"},
      {"RP-MNT-011", "gitrepo", Profile::Restricted}, {"RP-MNT-012", "host-to-container"},
      {"RP-PRC-001", "unmasked-proc"},        {"RP-PRC-002", "unmasked-proc"},
      {"RP-PRC-003", "over-proc"},            {"RP-PRC-004", "unmasked-proc-userns", Profile::Restricted},
      {"RP-SYS-001", "privileged"},           {"RP-SYS-002", "privileged"},
      {"RP-DEV-004", "over-devpts"},          {"RP-NS-001", "host-pid"},
      {"RP-NS-002", "host-network"},          {"RP-NS-003", "host-ipc"},
      {"RP-NS-004", "host-network"},          {"RP-NS-007", "run-as-root"},
      {"RP-NS-009", "host-port"},             {"RP-NS-010", "probe-host"},
      {"RP-CAP-001", "cap-sys-admin"},        {"RP-CAP-002", "cap-chown"},
      {"RP-CAP-003", "no-drop-all", Profile::Restricted}, {"RP-PRV-001", "privilege-escalation"},
      {"RP-PRV-011", "privilege-escalation", Profile::Restricted}, {"RP-PRV-002", "seccomp-unconfined"},
      {"RP-PRV-008", "no-seccomp", Profile::Restricted}, {"RP-PRV-004", "writable-root"},
      {"RP-PRV-005", "run-as-root", Profile::Restricted}, {"RP-PRV-010", "run-as-non-root-false", Profile::Restricted},
      {"RP-PRV-006", "apparmor-unconfined"},  {"RP-PRV-007", "selinux-spc"},
      {"RP-PRV-009", "privileged"},           {"RP-PRV-012", "host-process"},
      {"RP-DEV-001", "block-device"},         {"RP-DEV-002", "dev-mem"},
      {"RP-DEV-003", "privileged"},           {"RP-SCT-001", "sysctl-not-namespaced"},
      {"RP-SCT-002", "sysctl-unsafe"},        {"RP-SCT-003", "sysctl-injection"},
      {"RP-CVE-001", "cwd-proc-fd"},          {"RP-CVE-002", "exec-proc-self-exe"},
      {"RP-RES-002", "no-memory-limit"},
  };
  return k;
}

class HostileManifest : public ::testing::TestWithParam<size_t> {};

TEST_P(HostileManifest, FiresItsRuleAndTheBenignPodDoesNot) {
  const Hostile& h = hostile_cases()[GetParam()];
  Report r = judge({std::string("hostile/") + h.file + ".yaml"}, h.profile);
  const Finding* f = get(r, h.rule);
  ASSERT_NE(f, nullptr) << h.file << " should trigger " << h.rule;
  ASSERT_TRUE(f->location);
  EXPECT_GT(f->location->line, 0);
  EXPECT_EQ(f->location->kind, "Pod");
  EXPECT_EQ(f->location->name, h.file);
  EXPECT_EQ(f->location->namespace_, "shop");
  EXPECT_EQ(f->message.find('\n'), std::string::npos);
  Report clean = judge({"benign/restricted-pod.yaml"}, h.profile);
  EXPECT_EQ(get(clean, h.rule), nullptr) << "the benign pod triggers " << h.rule;
}

std::string hostile_name(const ::testing::TestParamInfo<size_t>& info) {
  std::string n = std::string(hostile_cases()[info.param].rule) + "_" + hostile_cases()[info.param].file;
  for (auto& ch : n)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileManifest, ::testing::Range<size_t>(0, hostile_cases().size()), hostile_name);

TEST(ManifestCorpus, EveryRuleAManifestCanTriggerHasAHostileManifest) {
  std::set<std::string> covered;
  for (const auto& h : hostile_cases()) covered.insert(h.rule);
  for (const auto& r : all_rules())
    if (r.applies != Applies::Bundle && r.applies != Applies::Running) {
      EXPECT_TRUE(covered.count(std::string(r.id))) << r.id << " has no hostile manifest";
    }
  for (const auto& h : hostile_cases())
    EXPECT_TRUE(fs::exists(data_dir() + "hostile/" + h.file + ".yaml")) << h.file;
}

TEST(ManifestCorpus, BundleOnlyRulesNeverFireOnAManifest) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(data_dir() + "hostile")) files.push_back("hostile/" + e.path().filename().string());
  Report r = judge(files, Profile::Restricted);
  for (const auto& f : r.findings) EXPECT_NE(find_rule(f.rule)->applies, Applies::Bundle) << f.rule << ": " << f.message;
}

TEST(ManifestCorpus, TheRestrictedPodPassesRestrictedWithNoFindingAtAll) {
  Report r = judge({"benign/restricted-pod.yaml"}, Profile::Restricted);
  EXPECT_FALSE(r.failed);
  for (const auto& f : r.findings) ADD_FAILURE() << f.rule << ": " << f.message;
}

TEST(ManifestCorpus, TheBaselineDeploymentPassesBaselineButNotRestricted) {
  Report b = judge({"benign/baseline-deployment.yaml"}, Profile::Baseline);
  EXPECT_FALSE(b.failed);
  for (const auto& f : b.findings) EXPECT_LT(f.severity, Severity::High) << f.rule << ": " << f.message;
  Report r = judge({"benign/baseline-deployment.yaml"}, Profile::Restricted);
  EXPECT_TRUE(r.failed);
  for (auto rule : {"RP-PRV-010", "RP-CAP-003", "RP-PRV-011", "RP-PRV-008"}) EXPECT_NE(get(r, rule), nullptr) << rule;
  // Restricted's rules replace the baseline ones they override.
  EXPECT_EQ(get(r, "RP-PRV-001"), nullptr);
  EXPECT_EQ(get(r, "RP-PRV-002"), nullptr);
}

// ---- YAML evasions, containers of every kind, Lists -------------------------------------------

TEST(ManifestEvasion, Yaml11BooleansAndHexZeroAreJudgedAsTheClusterReadsThem) {
  Report r = judge({"hostile/yaml11-scalars.yaml"}, Profile::Restricted);
  EXPECT_NE(get(r, "RP-PRV-009"), nullptr);  // privileged: on
  EXPECT_NE(get(r, "RP-NS-001"), nullptr);   // hostPID: yes
  EXPECT_NE(get(r, "RP-PRV-005"), nullptr);  // runAsUser: 0x0
}

TEST(ManifestEvasion, MergeKeysCannotHideAField) {
  Report r = judge({"hostile/merge-key.yaml"}, Profile::Baseline);
  const Finding* f = get(r, "RP-PRV-009");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->location->line, 8);  // where the merged key is written, in the anchor
}

TEST(ManifestEvasion, InitAndEphemeralContainersAreJudged) {
  Report r = judge({"hostile/init-and-ephemeral.yaml"}, Profile::Baseline);
  const Finding* root = get(r, "RP-MNT-002");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->location->container, "setup");
  EXPECT_EQ(root->location->yaml_path, "spec.initContainers[0].volumeMounts[0]");
  const Finding* priv = get(r, "RP-PRV-009");
  ASSERT_NE(priv, nullptr);
  EXPECT_EQ(priv->location->container, "debugger");
  EXPECT_EQ(priv->location->yaml_path, "spec.ephemeralContainers[0].securityContext.privileged");
}

TEST(ManifestEvasion, AListOfACronJobIsJudgedWithItsPath) {
  Report r = judge({"hostile/list-cronjob.yaml"}, Profile::Baseline);
  const Finding* f = get(r, "RP-NS-002");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->location->kind, "CronJob");
  EXPECT_EQ(f->location->yaml_path, "items[0].spec.jobTemplate.spec.template.spec.hostNetwork");
  EXPECT_EQ(f->location->line, 16);
  EXPECT_EQ(f->location->column, 13);
  EXPECT_NE(get(r, "RP-MNT-002"), nullptr);  // /var/lib/kubelet holds every pod's service-account token
}

// ---- multi-document files, pod-level merging ---------------------------------------------------

TEST(ManifestMulti, PodLevelFindingsAreReportedOncePerPod) {
  Report r = judge({"multi.yaml"}, Profile::Baseline);
  EXPECT_EQ(r.workloads, 2u);
  EXPECT_EQ(r.containers, 3u);
  size_t n = 0;
  for (const auto& f : r.findings)
    if (f.rule == "RP-NS-001") {
      ++n;
      EXPECT_EQ(f.location->container, "");
      EXPECT_EQ(f.location->containers, (std::vector<std::string>{"web", "log-shipper"}));
      EXPECT_EQ(f.location->document, 2);
      EXPECT_EQ(f.location->line, 26);
    }
  EXPECT_EQ(n, 1u);
  const Finding* ipc = get(r, "RP-NS-003");
  ASSERT_NE(ipc, nullptr);
  EXPECT_EQ(ipc->location->document, 3);
  EXPECT_EQ(ipc->location->name, "cache");
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0], "multi.yaml (document 0): Service: no pod template");
}

// ---- exceptions ---------------------------------------------------------------------------------

Policy policy_of(const std::string& text) {
  auto p = parse_policy(text);
  EXPECT_TRUE(p) << p.error().message();
  return p ? *p : Policy{};
}

TEST(ManifestExceptions, MatchANamespaceAWorkloadPatternOrAContainerAndEchoTheReason) {
  Policy ns = policy_of(
      R"j({"exceptions":[{"rule":"RP-MNT-010","namespace":"shop","workload":"w*","reason":"log shipping (OPS-3)"}]})j");
  Report r = judge({"multi.yaml"}, Profile::Baseline, ns);
  EXPECT_EQ(get(r, "RP-MNT-010"), nullptr);
  ASSERT_EQ(r.excepted.size(), 1u);
  EXPECT_EQ(r.excepted[0].exception.reason, "log shipping (OPS-3)");
  EXPECT_NE(render_text(r, false).find("log shipping (OPS-3)"), std::string::npos);
  EXPECT_NE(render_json(r).find("log shipping (OPS-3)"), std::string::npos);
  EXPECT_NE(render_sarif(r).find("log shipping (OPS-3)"), std::string::npos);

  Policy other_ns = policy_of(R"({"exceptions":[{"rule":"RP-MNT-010","namespace":"prod","reason":"x"}]})");
  EXPECT_NE(get(judge({"multi.yaml"}, Profile::Baseline, other_ns), "RP-MNT-010"), nullptr);
  Policy other_workload = policy_of(R"({"exceptions":[{"rule":"RP-MNT-010","workload":"db-*","reason":"x"}]})");
  EXPECT_NE(get(judge({"multi.yaml"}, Profile::Baseline, other_workload), "RP-MNT-010"), nullptr);

  // A container-level finding, excepted for one container by name.
  Policy container = policy_of(R"({"exceptions":[{"rule":"RP-MNT-002","container":"log-shipper","reason":"y"}]})");
  Report c = judge({"multi.yaml"}, Profile::Baseline, container);
  EXPECT_EQ(get(c, "RP-MNT-002"), nullptr);
  Policy wrong = policy_of(R"({"exceptions":[{"rule":"RP-MNT-002","container":"web","reason":"y"}]})");
  EXPECT_NE(get(judge({"multi.yaml"}, Profile::Baseline, wrong), "RP-MNT-002"), nullptr);
}

// ---- SARIF: every location is the line and column of the key it names ----------------------------

TEST(ManifestSarif, EveryRegionPointsAtTheKeyItNames) {
  std::vector<std::string> files = {"multi.yaml"};
  for (const auto& e : fs::directory_iterator(data_dir() + "hostile")) files.push_back("hostile/" + e.path().filename().string());
  std::sort(files.begin(), files.end());
  size_t checked = 0;
  for (const auto& file : files) {
    Report r = judge({file}, Profile::Restricted);
    json sarif = json::parse(render_sarif(r));
    std::vector<std::string> lines;
    std::stringstream ss(slurp(data_dir() + file));
    for (std::string l; std::getline(ss, l);) lines.push_back(l);
    for (const auto& res : sarif["runs"][0]["results"]) {
      const auto& loc = res["locations"][0];
      ASSERT_EQ(loc["physicalLocation"]["artifactLocation"]["uri"], file);
      int line = loc["physicalLocation"]["region"]["startLine"];
      int col = loc["physicalLocation"]["region"]["startColumn"];
      ASSERT_GE(line, 1);
      ASSERT_LE(line, static_cast<int>(lines.size()));
      std::string path = loc["properties"]["yamlPath"];
      std::string at = lines[line - 1].substr(static_cast<size_t>(col - 1));
      // The nearest component that is present in the file: its key starts at the column.
      manifest::Document doc = load(file).documents[loc["properties"]["document"].get<size_t>()];
      std::string present = path;
      while (!doc.marks.count(present) && !present.empty()) present = present.substr(0, present.find_last_of(".["));
      std::string key = present.substr(present.find_last_of('.') + 1);
      if (key.back() == ']') {
        EXPECT_NE(at.front(), ' ') << file << ":" << line << " " << path;  // a sequence item starts here
      } else {
        EXPECT_TRUE(at.starts_with(key)) << file << ":" << line << ":" << col << " " << path << " -> '" << at << "'";
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 100u);
}

TEST(ManifestSarif, CarriesTheFrameworksAsTagsAndTheRuleDocs) {
  Report r = judge({"hostile/engine-socket.yaml"}, Profile::Baseline);
  json sarif = json::parse(render_sarif(r));
  bool seen = false;
  for (const auto& rule : sarif["runs"][0]["tool"]["driver"]["rules"])
    if (rule["id"] == "RP-MNT-001") {
      seen = true;
      EXPECT_EQ(rule["helpUri"], "https://github.com/rampart-runtime/rampart/blob/main/docs/rules.md#rp-mnt-001");
      auto tags = rule["properties"]["tags"].get<std::vector<std::string>>();
      for (auto t : {"CIS-Docker-1.6.0/5.32", "CIS-Kubernetes-1.12.0/5.2.11", "PSS/baseline/HostPath Volumes",
                     "NIST-CSF-2.0/PR.AA-05", "OWASP-NHI/NHI5:2025"})
        EXPECT_NE(std::find(tags.begin(), tags.end(), t), tags.end()) << t;
    }
  EXPECT_TRUE(seen);
  json j = json::parse(render_json(r));
  EXPECT_EQ(j["kind"], "manifest");
  EXPECT_EQ(j["findings"][0]["references"]["pss"], "baseline: HostPath Volumes");
  EXPECT_TRUE(j["findings"][0]["location"].contains("line"));
}

}  // namespace
}  // namespace rampart::policy

namespace rampart::policy {
namespace {

// Found by fuzz_manifest: a byte that is not UTF-8 made the JSON rendering throw (a crash).
TEST(ManifestYaml, InputThatIsNotUtf8IsAnErrorNotACrash) {
  std::string e = yaml_error("kind: Pod\nmetadata:\n  name: a\xff" "b\n");
  EXPECT_EQ(e, "t.yaml:3:10: not UTF-8 (byte 0xff): Kubernetes reads only UTF-8");
  EXPECT_NE(yaml_error("a: \xc0\xaf\n").find("not UTF-8"), std::string::npos);  // overlong
  EXPECT_NE(yaml_error("a: \xed\xa0\x80\n").find("not UTF-8"), std::string::npos);  // surrogate
  EXPECT_EQ(yaml("a: \xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x92\n")[0].value["a"], "\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x92");
  EXPECT_FALSE(parse_policy("profile: \x98\n"));
}

}  // namespace
}  // namespace rampart::policy
