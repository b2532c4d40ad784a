// Policy files and profiles: parsing, profiles, disable, severity overrides, exceptions.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "policy/policy.h"
#include "spec/parse.h"

namespace rampart::policy {
namespace {

std::string slurp(const std::string& name) {
  std::ifstream in(std::string(RAMPART_SOURCE_DIR) + "/tests/unit/data/policy/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

spec::Config dirty() {
  auto c = spec::parse_config(slurp("dirty.json"));
  EXPECT_TRUE(c) << c.error().message();
  return *c;
}

bool has(const std::vector<Finding>& fs, std::string_view rule) {
  for (const auto& f : fs)
    if (f.rule == rule) return true;
  return false;
}

const Finding* get(const std::vector<Finding>& fs, std::string_view rule) {
  for (const auto& f : fs)
    if (f.rule == rule) return &f;
  return nullptr;
}

Policy must_parse(const std::string& text) {
  auto p = parse_policy(text);
  EXPECT_TRUE(p) << text << ": " << (p ? "" : p.error().message());
  return p ? *p : Policy{};
}

std::string parse_error(const std::string& text) {
  auto p = parse_policy(text);
  EXPECT_FALSE(p) << text;
  return p ? "" : p.error().message();
}

TEST(PolicyFile, ParsesEveryField) {
  Policy p = must_parse(slurp("policy.json"));
  EXPECT_EQ(p.profile, Profile::Baseline);
  EXPECT_EQ(p.disable, std::vector<std::string>{"RP-RES-002"});
  ASSERT_EQ(p.severity.count("RP-NS-008"), 1u);
  EXPECT_EQ(p.severity.at("RP-NS-008"), Severity::Info);
  ASSERT_EQ(p.exceptions.size(), 1u);
  EXPECT_EQ(p.exceptions[0].rule, "RP-MNT-001");
  EXPECT_EQ(p.exceptions[0].container, "ci-*");
  EXPECT_EQ(p.exceptions[0].path, "/var/run/docker.sock");
  EXPECT_EQ(p.exceptions[0].reason, "CI runners build images (TICKET-42)");
  EXPECT_FALSE(p.fail_on);
  EXPECT_EQ(must_parse(R"({"failOn":"critical"})").fail_on, Severity::Critical);
  EXPECT_EQ(must_parse("{}").profile, Profile::Baseline);
}

TEST(PolicyFile, ExceptionWithoutReasonIsAnError) {
  EXPECT_NE(parse_error(R"({"exceptions":[{"rule":"RP-MNT-001","container":"a"}]})").find("reason"), std::string::npos);
  EXPECT_NE(parse_error(R"({"exceptions":[{"rule":"RP-MNT-001","reason":"  "}]})").find("reason"), std::string::npos);
  EXPECT_NE(parse_error(R"({"exceptions":[{"rule":"RP-MNT-001","reason":""}]})").find("reason"), std::string::npos);
}

TEST(PolicyFile, RefusesWhatItDoesNotUnderstand) {
  EXPECT_NE(parse_error(R"({"profile":"lenient"})").find("unknown profile"), std::string::npos);
  EXPECT_NE(parse_error(R"({"disable":["RP-XXX-001"]})").find("unknown rule"), std::string::npos);
  EXPECT_NE(parse_error(R"({"severity":{"RP-MNT-001":"urgent"}})").find("unknown severity"), std::string::npos);
  EXPECT_NE(parse_error(R"({"severity":{"RP-ZZZ":"low"}})").find("unknown rule"), std::string::npos);
  EXPECT_NE(parse_error(R"({"exceptions":[{"rule":"RP-NOPE","reason":"x"}]})").find("unknown rule"), std::string::npos);
  EXPECT_NE(parse_error(R"({"exceptions":[{"reason":"x"}]})").find("rule"), std::string::npos);
  EXPECT_NE(parse_error(R"({"exceptions":[{"rule":"RP-MNT-001","reason":"x","containr":"a"}]})").find("unknown key"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"exceptoins":[]})").find("unknown key"), std::string::npos);
  EXPECT_NE(parse_error(R"({"failOn":"sometimes"})").find("unknown severity"), std::string::npos);
  EXPECT_NE(parse_error("{").find("malformed"), std::string::npos);
  EXPECT_NE(parse_error("[]").find("object"), std::string::npos);
  EXPECT_NE(parse_error(R"({"disable":"RP-MNT-001"})").find("array"), std::string::npos);
}

TEST(PolicyProfiles, NamesRoundTrip) {
  for (auto p : {Profile::Privileged, Profile::Baseline, Profile::Restricted})
    EXPECT_EQ(profile_from_name(profile_name(p)), p);
  EXPECT_FALSE(profile_from_name("Baseline"));
  for (auto s : {Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    EXPECT_EQ(severity_from_name(severity_name(s)), s);
  EXPECT_FALSE(severity_from_name("never"));
}

TEST(PolicyProfiles, PrivilegedReportsButNeverFails) {
  Policy p;
  p.profile = Profile::Privileged;
  Report r = evaluate(dirty(), {}, p, "c1");
  EXPECT_FALSE(r.fail_on);
  EXPECT_FALSE(r.failed);
  EXPECT_TRUE(has(r.findings, "RP-MNT-001"));
  EXPECT_FALSE(has(r.findings, "RP-PRV-005"));  // restricted-only
}

TEST(PolicyProfiles, BaselineFailsOnHigh) {
  Report r = evaluate(dirty(), {}, Policy{}, "c1");
  EXPECT_EQ(r.fail_on, Severity::High);
  EXPECT_TRUE(r.failed);
  EXPECT_FALSE(has(r.findings, "RP-PRV-005"));
  EXPECT_FALSE(has(r.findings, "RP-CAP-003"));
  // Sorted by severity, most severe first.
  for (size_t i = 1; i < r.findings.size(); ++i) EXPECT_GE(r.findings[i - 1].severity, r.findings[i].severity);
}

TEST(PolicyProfiles, RestrictedAddsNonRootAndDropAll) {
  Policy p;
  p.profile = Profile::Restricted;
  Report r = evaluate(dirty(), {}, p, "c1");
  EXPECT_TRUE(has(r.findings, "RP-PRV-005"));
  EXPECT_TRUE(has(r.findings, "RP-CAP-003"));
  EXPECT_TRUE(has(r.findings, "RP-PRV-008"));  // restricted requires a seccomp profile
  Report b = evaluate(dirty(), {}, Policy{}, "c1");
  EXPECT_FALSE(has(b.findings, "RP-PRV-008"));
  EXPECT_TRUE(has(b.findings, "RP-PRV-002"));
}

TEST(PolicyProfiles, DefaultRuncSpecPassesBaselineButNotRestricted) {
  auto c = spec::parse_config([] {
    std::ifstream in(std::string(RAMPART_SOURCE_DIR) + "/tests/unit/data/runc-spec.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }());
  ASSERT_TRUE(c);
  EXPECT_FALSE(evaluate(*c, {}, Policy{}, "x").failed);
  Policy r;
  r.profile = Profile::Restricted;
  EXPECT_TRUE(evaluate(*c, {}, r, "x").failed);
}

TEST(PolicyFile, DisableRemovesTheRule) {
  Report before = evaluate(dirty(), {}, Policy{}, "c1");
  ASSERT_TRUE(has(before.findings, "RP-RES-002"));
  Report after = evaluate(dirty(), {}, must_parse(R"({"disable":["RP-RES-002"]})"), "c1");
  EXPECT_FALSE(has(after.findings, "RP-RES-002"));
  EXPECT_EQ(after.findings.size() + 1, before.findings.size());
}

TEST(PolicyFile, SeverityOverrideLowersAndRaises) {
  Report r = evaluate(dirty(), {}, must_parse(R"({"severity":{"RP-MNT-001":"low","RP-RES-001":"critical"}})"), "c1");
  ASSERT_TRUE(get(r.findings, "RP-MNT-001"));
  EXPECT_EQ(get(r.findings, "RP-MNT-001")->severity, Severity::Low);
  EXPECT_EQ(get(r.findings, "RP-RES-001")->severity, Severity::Critical);
  EXPECT_EQ(r.findings.front().severity, Severity::Critical);
}

TEST(PolicyFile, LoweringEverythingBelowFailOnPasses) {
  std::string sev;
  for (const auto& rule : all_rules()) sev += std::string(sev.empty() ? "" : ",") + "\"" + std::string(rule.id) + "\":\"low\"";
  Report r = evaluate(dirty(), {}, must_parse("{\"severity\":{" + sev + "}}"), "c1");
  EXPECT_FALSE(r.failed);
  EXPECT_FALSE(r.findings.empty());
}

TEST(PolicyFile, FailOnFromTheFileWinsOverTheDefault) {
  Report r = evaluate(dirty(), {}, must_parse(R"({"failOn":"critical","severity":{"RP-MNT-001":"high",
      "RP-MNT-002":"high","RP-CAP-001":"high","RP-DEV-003":"high"}})"), "c1");
  EXPECT_EQ(r.fail_on, Severity::Critical);
  EXPECT_FALSE(r.failed);
}

TEST(PolicyExceptions, ApplyOnlyToTheNamedContainerPattern) {
  Policy p = must_parse(slurp("policy.json"));
  Report ci = evaluate(dirty(), {}, p, "ci-7");
  EXPECT_FALSE(has(ci.findings, "RP-MNT-001"));
  ASSERT_EQ(ci.excepted.size(), 1u);
  EXPECT_EQ(ci.excepted[0].finding.rule, "RP-MNT-001");
  EXPECT_EQ(ci.excepted[0].exception.reason, "CI runners build images (TICKET-42)");

  Report web = evaluate(dirty(), {}, p, "web-1");
  EXPECT_TRUE(has(web.findings, "RP-MNT-001"));
  EXPECT_TRUE(web.excepted.empty());
  Report none = evaluate(dirty(), {}, p, "");
  EXPECT_TRUE(has(none.findings, "RP-MNT-001"));
}

TEST(PolicyExceptions, PathMustMatchOneOfTheFindingsPaths) {
  Policy p = must_parse(R"({"exceptions":[{"rule":"RP-MNT-001","container":"*","path":"/run/podman/*","reason":"x"}]})");
  EXPECT_TRUE(has(evaluate(dirty(), {}, p, "a").findings, "RP-MNT-001"));
  // The resolved path counts as well as the lexical one.
  HostFacts f;
  f.bind_sources[2] = {"/run/docker.sock", FileKind::Socket};
  Policy q = must_parse(R"({"exceptions":[{"rule":"RP-MNT-001","path":"/run/docker.sock","reason":"x"}]})");
  Report r = evaluate(dirty(), f, q, "any");
  EXPECT_FALSE(has(r.findings, "RP-MNT-001"));
  EXPECT_EQ(r.excepted.size(), 1u);
}

TEST(PolicyExceptions, AnExceptionOnlyCoversItsRule) {
  Policy p = must_parse(R"({"exceptions":[{"rule":"RP-MNT-002","container":"*","reason":"x"}]})");
  Report r = evaluate(dirty(), {}, p, "a");
  EXPECT_FALSE(has(r.findings, "RP-MNT-002"));
  EXPECT_TRUE(has(r.findings, "RP-MNT-001"));
}

TEST(PolicyReport, OneLineListsFailingFindings) {
  Report r = evaluate(dirty(), {}, Policy{}, "c1");
  std::string line = one_line(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find("RP-MNT-001 (critical) mounts[2] (/var/run/docker.sock -> /sock): bind of the Docker engine socket; "),
            std::string::npos)
      << line;
  EXPECT_EQ(line.find("RP-RES-001"), std::string::npos);  // low: below fail-on
}

}  // namespace
}  // namespace rampart::policy

namespace rampart::policy {
namespace {

TEST(PolicyFileYaml, ReadsTheSameFieldsAsJson) {
  Policy p = must_parse(R"(# a YAML policy
profile: restricted
failOn: critical
disable: [RP-RES-002]
severity:
  RP-MNT-001: low
exceptions:
- rule: RP-MNT-010
  namespace: monitoring
  workload: node-*
  container: agent
  path: /run/containerd/*
  reason: the node agent reads container events (OPS-7)
)");
  EXPECT_EQ(p.profile, Profile::Restricted);
  EXPECT_EQ(p.fail_on, Severity::Critical);
  EXPECT_EQ(p.disable, std::vector<std::string>{"RP-RES-002"});
  EXPECT_EQ(p.severity.at("RP-MNT-001"), Severity::Low);
  ASSERT_EQ(p.exceptions.size(), 1u);
  EXPECT_EQ(p.exceptions[0].namespace_, "monitoring");
  EXPECT_EQ(p.exceptions[0].workload, "node-*");
  EXPECT_EQ(p.exceptions[0].container, "agent");
  EXPECT_EQ(p.exceptions[0].reason, "the node agent reads container events (OPS-7)");
}

TEST(PolicyFileYaml, RefusesWhatJsonRefuses) {
  EXPECT_NE(parse_error("exceptions:\n- rule: RP-MNT-010\n  namespace: x\n").find("reason"), std::string::npos);
  EXPECT_NE(parse_error("exceptions:\n- rule: RP-MNT-010\n  namespace: ''\n  reason: r\n").find("namespace"),
            std::string::npos);
  EXPECT_NE(parse_error("profile: lenient\n").find("unknown profile"), std::string::npos);
  // Malformed YAML names the line.
  std::string m = parse_error("profile: baseline\nexceptions: [\n");
  EXPECT_NE(m.find("line "), std::string::npos) << m;
  EXPECT_NE(m.find("malformed YAML"), std::string::npos) << m;
}

}  // namespace
}  // namespace rampart::policy
