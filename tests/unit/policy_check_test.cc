// check::run, the library behind `rampart check`: inputs (files, directories, stdin), exit codes,
// golden reports over the manifest corpus, --explain, --list-rules, and docs/rules.md kept equal
// to the rule table. Regenerate goldens with RAMPART_UPDATE_GOLDEN=1 (then review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check/check.h"
#include "policy/policy.h"

namespace rampart::check {
namespace {

namespace fs = std::filesystem;

std::string source(const std::string& rel) { return std::string(RAMPART_SOURCE_DIR) + "/" + rel; }

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_golden(const std::string& rel, const std::string& actual) {
  std::string path = source("tests/unit/data/manifests/golden/" + rel);
  if (std::getenv("RAMPART_UPDATE_GOLDEN")) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << actual;
    return;
  }
  std::string want = slurp(path);
  ASSERT_FALSE(want.empty()) << "missing golden " << rel << " (RAMPART_UPDATE_GOLDEN=1 writes it)";
  EXPECT_EQ(actual, want) << "golden " << rel << " differs (RAMPART_UPDATE_GOLDEN=1 rewrites it)";
}

Options with(std::vector<std::string> paths, std::string format = "text", std::string profile = {}) {
  Options o;
  o.paths = std::move(paths);
  o.format = std::move(format);
  o.profile = std::move(profile);
  return o;
}

// Runs check with the corpus directory as the current directory, so reports name relative paths.
Outcome run_plain(Options o, const std::string& input = {}) {
  auto old = fs::current_path();
  fs::current_path(source("tests/unit/data/manifests"));
  std::istringstream in(input);
  Outcome out = run(o, in);
  fs::current_path(old);
  return out;
}

TEST(CheckGolden, MultiDocumentFile) {
  for (const char* fmt : {"text", "json", "sarif"}) {
    Outcome o = run_plain(with({"multi.yaml"}, fmt));
    EXPECT_EQ(o.exit_code, 1) << o.error;
    expect_golden(std::string("multi.") + fmt, o.output);
  }
}

TEST(CheckGolden, DirectoryWalkedRecursively) {
  for (const char* fmt : {"text", "json", "sarif"}) {
    Outcome o = run_plain(with({"tree"}, fmt, "restricted"));
    EXPECT_EQ(o.exit_code, 1) << o.error;
    expect_golden(std::string("tree.") + fmt, o.output);
  }
  Outcome o = run_plain(with({"tree"}));
  // *.yaml, *.yml and the Kubernetes *.json are read; README.md and package.json are not.
  EXPECT_NE(o.output.find("(4 files, 3 workloads"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("tree/infra/values.yaml (document 0): not a Kubernetes object"), std::string::npos);
  EXPECT_EQ(o.output.find("package.json"), std::string::npos);
}

TEST(CheckGolden, HostileCorpusInOneRun) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(source("tests/unit/data/manifests/hostile")))
    files.push_back("hostile/" + e.path().filename().string());
  std::sort(files.begin(), files.end());
  Outcome o = run_plain(with(files, "json", "restricted"));
  EXPECT_EQ(o.exit_code, 1);
  expect_golden("hostile.json", o.output);
}

TEST(CheckInputs, ExitCodesFollowTheContract) {
  EXPECT_EQ(run_plain(with({"benign/restricted-pod.yaml"}, "text", "restricted")).exit_code, 0);
  EXPECT_EQ(run_plain(with({"benign/baseline-deployment.yaml"})).exit_code, 0);
  EXPECT_EQ(run_plain(with({"benign/baseline-deployment.yaml"}, "text", "restricted")).exit_code, 1);
  EXPECT_EQ(run_plain(with({"hostile/privileged.yaml"})).exit_code, 1);
  Options never = with({"hostile/privileged.yaml"});
  never.fail_on = "never";
  EXPECT_EQ(run_plain(never).exit_code, 0);
  EXPECT_EQ(run_plain(with({"hostile/privileged.yaml"}, "text", "privileged")).exit_code, 0);
}

TEST(CheckInputs, MalformedYamlIsAClearErrorWithTheLineAndExit2) {
  Outcome o = run_plain(with({"malformed/unclosed.yaml"}));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_TRUE(o.output.empty());
  EXPECT_EQ(o.error, "malformed/unclosed.yaml:9:1: malformed YAML: end of sequence flow not found");
  Outcome d = run_plain(with({"malformed/duplicate-key.yaml"}));
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_NE(d.error.find("duplicate-key.yaml:10:3"), std::string::npos);
  Outcome t = run_plain(with({"malformed/wrong-type.yaml"}));
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_NE(t.error.find("wrong-type.yaml:10:7: spec.containers[0].securityContext.privileged"), std::string::npos);
  Outcome s = run_plain(with({"-"}), "kind: Pod\napiVersion: v1\nspec: {containers: [\n");
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.error.find("-:"), std::string::npos) << s.error;
  EXPECT_EQ(run_plain(with({"no-such-file.yaml"})).exit_code, 2);
}

TEST(CheckInputs, StdinTakesAManifestOrABundleConfig) {
  Outcome m = run_plain(with({"-"}, "json"), slurp(source("tests/unit/data/manifests/hostile/host-pid.yaml")));
  EXPECT_EQ(m.exit_code, 1) << m.error;
  auto j = nlohmann::json::parse(m.output);
  EXPECT_EQ(j["kind"], "manifest");
  EXPECT_EQ(j["findings"][0]["location"]["file"], "-");
  Outcome b = run_plain(with({"-"}, "json"), slurp(source("tests/unit/data/runc-spec.json")));
  EXPECT_EQ(b.exit_code, 0) << b.error;
  EXPECT_EQ(nlohmann::json::parse(b.output)["source"], "config.json");
  // A bundle is checked on its own.
  Outcome both = run_plain(with({"-", "multi.yaml"}), slurp(source("tests/unit/data/runc-spec.json")));
  EXPECT_EQ(both.exit_code, 2);
}

TEST(CheckInputs, SeveralFilesMakeOneReport) {
  Outcome o = run_plain(with({"multi.yaml", "hostile/host-pid.yaml"}, "json"));
  auto j = nlohmann::json::parse(o.output);
  EXPECT_EQ(j["files"].size(), 2u);
  EXPECT_EQ(j["workloads"], 3);
}

TEST(CheckInputs, APolicyFileInYamlAppliesToManifests) {
  fs::path pol = fs::temp_directory_path() / "rampart-check-policy.yaml";
  std::ofstream(pol) << "profile: baseline\nexceptions:\n- rule: RP-NS-001\n  namespace: shop\n  workload: web\n"
                        "  reason: the web tier's profiler attaches to host processes (PERF-9)\n";
  Options o = with({"multi.yaml"});
  o.policy_file = pol.string();
  Outcome out = run_plain(o);
  EXPECT_NE(out.output.find("EXCEPTIONS APPLIED (1)"), std::string::npos) << out.output << out.error;
  EXPECT_NE(out.output.find("PERF-9"), std::string::npos);
  fs::remove(pol);
}

TEST(CheckRules, ExplainPrintsEverythingAboutARule) {
  Options o;
  o.explain = "RP-MNT-009";
  Outcome out = run_plain(o);
  EXPECT_EQ(out.exit_code, 0);
  for (auto s : {"RP-MNT-009", "CVE-2017-1002101", "CVE-2021-25741", "CIS Kubernetes Benchmark v1.12.0:", "5.2.11",
                 "baseline: HostPath Volumes", "PR.AA-05", "attack:", "fix:", "why:", "docs/rules.md#rp-mnt-009"})
    EXPECT_NE(out.output.find(s), std::string::npos) << s;
  o.format = "json";
  auto j = nlohmann::json::parse(run_plain(o).output);
  EXPECT_EQ(j["references"]["cve"][0], "CVE-2017-1002101");
  o.explain = "RP-NOPE-001";
  Outcome bad = run_plain(o);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.error.find("unknown rule"), std::string::npos);
}

TEST(CheckRules, ListRulesNamesEveryRule) {
  Options o;
  o.list_rules = true;
  Outcome out = run_plain(o);
  EXPECT_EQ(out.exit_code, 0);
  for (const auto& r : policy::all_rules()) EXPECT_NE(out.output.find(std::string(r.id)), std::string::npos) << r.id;
  o.format = "json";
  EXPECT_EQ(nlohmann::json::parse(run_plain(o).output).size(), policy::all_rules().size());
}

TEST(CheckRules, DocsRulesPageIsTheRuleTable) {
  std::string generated = policy::render_rule_table("markdown");
  if (std::getenv("RAMPART_UPDATE_GOLDEN")) std::ofstream(source("docs/rules.md")) << generated;
  EXPECT_EQ(slurp(source("docs/rules.md")), generated)
      << "docs/rules.md differs from the rule table (RAMPART_UPDATE_GOLDEN=1 rewrites it)";
}

}  // namespace
}  // namespace rampart::check
