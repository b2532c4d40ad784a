// Golden tests of the three report formats, and a structural SARIF 2.1.0 validation.
// Regenerate the goldens with RAMPART_UPDATE_GOLDEN=1 (then review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "policy/policy.h"
#include "spec/parse.h"

namespace rampart::policy {
namespace {

using json = nlohmann::json;

std::string data_path(const std::string& name) {
  return std::string(RAMPART_SOURCE_DIR) + "/tests/unit/data/policy/" + name;
}

std::string slurp_data(const std::string& name) {
  std::ifstream in(data_path(name));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_golden(const std::string& name, const std::string& actual) {
  if (std::getenv("RAMPART_UPDATE_GOLDEN")) {
    std::ofstream(data_path(name)) << actual;
    return;
  }
  std::string want = slurp_data(name);
  ASSERT_FALSE(want.empty()) << "missing golden " << name << " (RAMPART_UPDATE_GOLDEN=1 writes it)";
  EXPECT_EQ(actual, want) << "golden " << name << " differs (RAMPART_UPDATE_GOLDEN=1 rewrites it)";
}

struct Fixture {
  std::string text = slurp_data("dirty.json");
  Report report;
  Fixture(const std::string& id = "ci-7") {
    auto c = spec::parse_config(text);
    EXPECT_TRUE(c) << c.error().message();
    auto p = parse_policy(slurp_data("policy.json"));
    EXPECT_TRUE(p) << p.error().message();
    report = evaluate(*c, {}, *p, id);
    report.source = "bundle/config.json";
  }
};

TEST(PolicyReportGolden, Text) { expect_golden("dirty.text.golden", render_text(Fixture().report, false)); }
TEST(PolicyReportGolden, Json) { expect_golden("dirty.json.golden", render_json(Fixture().report)); }
TEST(PolicyReportGolden, Sarif) {
  Fixture f;
  expect_golden("dirty.sarif.golden", render_sarif(f.report, f.text));
}
TEST(PolicyReportGolden, CleanText) {
  auto c = spec::parse_config(slurp_data("clean.json"));
  ASSERT_TRUE(c);
  Report r = evaluate(*c, {}, Policy{}, "");
  r.source = "clean/config.json";
  expect_golden("clean.text.golden", render_text(r, false));
}

TEST(PolicyReportText, ColourOnlyWhenAsked) {
  Fixture f;
  std::string plain = render_text(f.report, false);
  std::string colour = render_text(f.report, true);
  EXPECT_EQ(plain.find('\033'), std::string::npos);
  EXPECT_NE(colour.find("\033[1;31mCRITICAL"), std::string::npos);
  EXPECT_EQ(std::regex_replace(colour, std::regex("\033\\[[0-9;]*m"), ""), plain);
}

TEST(PolicyReportText, EchoesExceptionsWithTheirReason) {
  Fixture f;
  std::string t = render_text(f.report, false);
  EXPECT_NE(t.find("EXCEPTIONS APPLIED (1)"), std::string::npos);
  EXPECT_NE(t.find("CI runners build images (TICKET-42)"), std::string::npos);
  json j = json::parse(render_json(f.report));
  EXPECT_EQ(j["exceptions"][0]["exception"]["reason"], "CI runners build images (TICKET-42)");
  json s = json::parse(render_sarif(f.report, f.text));
  bool seen = false;
  for (const auto& r : s["runs"][0]["results"])
    if (r.contains("suppressions")) {
      seen = true;
      EXPECT_NE(r["suppressions"][0]["justification"].get<std::string>().find("TICKET-42"), std::string::npos);
    }
  EXPECT_TRUE(seen);
}

TEST(PolicyReportJson, SummaryMatchesFindings) {
  Fixture f;
  json j = json::parse(render_json(f.report));
  size_t total = 0;
  for (const char* s : {"critical", "high", "medium", "low", "info"}) total += j["summary"][s].get<size_t>();
  EXPECT_EQ(total, j["findings"].size());
  EXPECT_EQ(j["failed"], true);
  EXPECT_EQ(j["failOn"], "high");
  EXPECT_EQ(j["profile"], "baseline");
  EXPECT_EQ(j["container"], "ci-7");
}

// SARIF 2.1.0: the keys and types the schema requires of what rampart emits.
void validate_sarif(const json& doc) {
  ASSERT_TRUE(doc.is_object());
  ASSERT_TRUE(doc.contains("version"));
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_TRUE(doc["$schema"].is_string());
  ASSERT_TRUE(doc["runs"].is_array());
  ASSERT_FALSE(doc["runs"].empty());
  for (const auto& run : doc["runs"]) {
    ASSERT_TRUE(run["tool"].is_object());
    const auto& driver = run["tool"]["driver"];
    ASSERT_TRUE(driver.is_object());
    EXPECT_EQ(driver["name"], "rampart");
    ASSERT_TRUE(driver["rules"].is_array());
    for (const auto& rule : driver["rules"]) {
      ASSERT_TRUE(rule["id"].is_string());
      ASSERT_TRUE(rule["shortDescription"].is_object());
      ASSERT_TRUE(rule["shortDescription"]["text"].is_string());
      ASSERT_TRUE(rule["helpUri"].is_string());
      EXPECT_TRUE(rule["helpUri"].get<std::string>().starts_with("https://")) << rule["helpUri"];
      ASSERT_TRUE(rule["properties"].is_object());
      if (rule.contains("defaultConfiguration")) {
        auto lvl = rule["defaultConfiguration"]["level"].get<std::string>();
        EXPECT_TRUE(lvl == "none" || lvl == "note" || lvl == "warning" || lvl == "error");
      }
    }
    ASSERT_TRUE(run["results"].is_array());
    for (const auto& res : run["results"]) {
      ASSERT_TRUE(res["ruleId"].is_string());
      ASSERT_TRUE(res["message"].is_object());
      ASSERT_TRUE(res["message"]["text"].is_string());
      auto lvl = res["level"].get<std::string>();
      EXPECT_TRUE(lvl == "none" || lvl == "note" || lvl == "warning" || lvl == "error") << lvl;
      ASSERT_TRUE(res["ruleIndex"].is_number_integer());
      size_t idx = res["ruleIndex"].get<size_t>();
      ASSERT_LT(idx, driver["rules"].size());
      EXPECT_EQ(driver["rules"][idx]["id"], res["ruleId"]);
      ASSERT_TRUE(res["locations"].is_array());
      ASSERT_FALSE(res["locations"].empty());
      for (const auto& loc : res["locations"]) {
        const auto& phys = loc["physicalLocation"];
        ASSERT_TRUE(phys["artifactLocation"]["uri"].is_string());
        if (phys.contains("region")) {
          ASSERT_TRUE(phys["region"]["startLine"].is_number_integer());
          EXPECT_GE(phys["region"]["startLine"].get<int>(), 1);
        }
      }
      if (res.contains("suppressions"))
        for (const auto& s : res["suppressions"]) {
          auto kind = s["kind"].get<std::string>();
          EXPECT_TRUE(kind == "inSource" || kind == "external");
        }
    }
  }
}

TEST(PolicyReportSarif, IsStructurallyValid) {
  Fixture f;
  validate_sarif(json::parse(render_sarif(f.report, f.text)));
  validate_sarif(json::parse(render_sarif(Fixture("web-1").report)));
  Report empty;
  validate_sarif(json::parse(render_sarif(empty)));
}

TEST(PolicyReportSarif, PointsAtTheLineOfTheMount) {
  Fixture f;
  json s = json::parse(render_sarif(f.report, f.text));
  int want = 0, line = 1;
  for (size_t i = 0; i < f.text.size(); ++i) {
    if (f.text.compare(i, 9, "\"/sock\"") == 0 || f.text.compare(i, 7, "\"/sock\"") == 0) {
      want = line;
      break;
    }
    line += f.text[i] == '\n';
  }
  ASSERT_GT(want, 0);
  bool seen = false;
  for (const auto& r : s["runs"][0]["results"])
    if (r["ruleId"] == "RP-MNT-001") {
      seen = true;
      EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"]["startLine"], want);
      EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "bundle/config.json");
      EXPECT_EQ(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "mounts[2]");
    }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace rampart::policy
