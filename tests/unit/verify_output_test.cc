// verify's reports, metrics and watch events.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "verify/judge.h"
#include "verify/output.h"
#include "verify_fixture.h"

namespace rampart::verify {
namespace {

Outcome verified(const std::string& id, std::vector<policy::Finding> fs) {
  Outcome o;
  o.id = id;
  o.runtime = "runc";
  o.root = "/run/runc";
  o.pid = 42;
  o.report = policy::apply_policy(std::move(fs), {}, id);
  o.report.source = "/b/config.json";
  return o;
}

TEST(VerifyOutput, TextNamesVerifyTheRuntimeAndTheVerdict) {
  auto o = verified("web", {finding("RP-RUN-001", "mount:/x", "mount /x (tmpfs from tmpfs, mount id 9): not in the config")});
  Outcome gone;
  gone.id = "old";
  gone.runtime = "crun";
  gone.state = State::Stopped;
  gone.message = "its init (pid 7) is gone";
  std::string t = render_text({o, gone}, false);
  EXPECT_TRUE(t.starts_with("rampart verify: /b/config.json (container web")) << t;
  EXPECT_NE(t.find("runc container, init pid 42"), std::string::npos);
  EXPECT_NE(t.find("RP-RUN-001  mount /x"), std::string::npos);
  EXPECT_NE(t.find("result: FAIL"), std::string::npos);
  EXPECT_NE(t.find("rampart verify: old (crun): stopped: its init (pid 7) is gone"), std::string::npos);
  EXPECT_NE(t.find("verify: 2 containers: 0 hold, 1 fail, 1 not verified"), std::string::npos) << t;
}

TEST(VerifyOutput, JsonEmbedsCheckReports) {
  auto o = verified("web", {finding("RP-RUN-005", "pid:42/fd:5", "pid 42 (sh) fd 5: a directory outside the container")});
  auto j = nlohmann::json::parse(render_json({o}));
  EXPECT_EQ(j["command"], "verify");
  EXPECT_TRUE(j["failed"].get<bool>());
  EXPECT_EQ(j["summary"]["fail"], 1);
  const auto& c = j["containers"][0];
  EXPECT_EQ(c["id"], "web");
  EXPECT_EQ(c["state"], "verified");
  EXPECT_EQ(c["report"]["findings"][0]["rule"], "RP-RUN-005");
  EXPECT_EQ(c["report"]["findings"][0]["severity"], "critical");
  EXPECT_NE(c["report"]["findings"][0]["reference"].get<std::string>().find("CVE-2024-21626"), std::string::npos);
}

TEST(VerifyOutput, SarifHasOneRunPerVerifiedContainer) {
  auto a = verified("a", {finding("RP-RUN-001", "mount:/x", "m")});
  auto b = verified("b", {});
  Outcome c;
  c.state = State::Error;
  auto j = nlohmann::json::parse(render_sarif({a, b, c}));
  EXPECT_EQ(j["version"], "2.1.0");
  ASSERT_EQ(j["runs"].size(), 2u);
  EXPECT_EQ(j["runs"][0]["results"][0]["ruleId"], "RP-RUN-001");
  EXPECT_EQ(j["runs"][0]["tool"]["driver"]["rules"][0]["id"], "RP-RUN-001");
  EXPECT_EQ(j["runs"][0]["properties"]["container"], "a");
  EXPECT_EQ(j["runs"][1]["properties"]["runtime"], "runc");
}

TEST(VerifyOutput, MetricsAreValidExposition) {
  auto o = verified("we\"b", {finding("RP-RUN-001", "mount:/x", "m"), finding("RP-RUN-001", "mount:/y", "n"),
                              finding("RP-RUN-014", "cgroup", "l")});
  std::string m = render_metrics({o}, 1700000000);
  EXPECT_NE(m.find("# TYPE rampart_verify_findings gauge\n"), std::string::npos);
  EXPECT_NE(m.find("rampart_verify_findings{container=\"we\\\"b\",runtime=\"runc\",rule=\"RP-RUN-001\",severity=\"high\"} 2\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("rampart_verify_container_failed{container=\"we\\\"b\",runtime=\"runc\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("rampart_verify_containers{state=\"verified\"} 1\n"), std::string::npos);
  EXPECT_NE(m.find("rampart_verify_containers{state=\"not_started\"} 0\n"), std::string::npos);
  EXPECT_NE(m.find("rampart_verify_last_pass_timestamp_seconds 1700000000\n"), std::string::npos);
  // Every sample line: name{labels} value
  std::istringstream in(m);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("#")) continue;
    EXPECT_TRUE(line.starts_with("rampart_verify_")) << line;
    EXPECT_NE(line.rfind(' '), std::string::npos) << line;
  }
}

TEST(VerifyOutput, ChangesBetweenPasses) {
  auto a0 = verified("a", {});
  auto first = changes({}, {a0}, true);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].kind, "watching");
  auto a1 = verified("a", {finding("RP-RUN-001", "mount:/x", "mount /x: not in the config")});
  auto ev = changes({a0}, {a1}, false);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, "finding");
  EXPECT_EQ(ev[0].finding->rule, "RP-RUN-001");
  EXPECT_TRUE(changes({a1}, {a1}, false).empty());  // only changes are printed
  auto back = changes({a1}, {a0}, false);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].kind, "resolved");
  auto a_stopped = a1;
  a_stopped.state = State::Stopped;
  auto stop = changes({a1}, {a_stopped}, false);
  ASSERT_EQ(stop.size(), 1u);
  EXPECT_EQ(stop[0].kind, "stopped");
  auto gone = changes({a1}, {}, false);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].kind, "stopped");
  auto b = verified("b", {});
  b.pid = 43;
  auto start = changes({a0}, {a0, b}, false);
  ASSERT_EQ(start.size(), 1u);
  EXPECT_EQ(start[0].kind, "started");
  EXPECT_EQ(start[0].container, "b");
}

TEST(VerifyOutput, EventLinesAreOneJsonObjectEach) {
  Event e;
  e.kind = "finding";
  e.container = "a";
  e.runtime = "runc";
  e.pid = 42;
  e.finding = finding("RP-RUN-001", "mount:/x", "mount /x\nwith a newline", {"/x"});
  std::string line = event_json(e, "2026-12-01T00:00:00Z");
  ASSERT_TRUE(line.ends_with("\n"));
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["event"], "finding");
  EXPECT_EQ(j["container"], "a");
  EXPECT_EQ(j["rule"], "RP-RUN-001");
  EXPECT_EQ(j["severity"], "high");
  EXPECT_EQ(j["time"], "2026-12-01T00:00:00Z");
  EXPECT_EQ(j["paths"][0], "/x");
  std::string t = event_text(e, "T", false);
  EXPECT_EQ(t, "T a: NEW RP-RUN-001 (high) mount /x\\x0awith a newline\n");
}

}  // namespace
}  // namespace rampart::verify
