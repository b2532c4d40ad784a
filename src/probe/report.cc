// Renders a probe run (see report.h).
#include "probe/report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace rampart::probe {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Resisted: return "RESISTED";
    case Verdict::Escaped: return "ESCAPED";
    case Verdict::Broken: return "BROKEN";
    case Verdict::Skipped: return "SKIPPED";
  }
  return "BROKEN";
}

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

int count(const RunResult& r, Verdict v) {
  int n = 0;
  for (const auto& c : r.results) n += c.outcome.verdict == v;
  return n;
}

std::string race_note(const CaseResult& c) {
  if (!c.race) return "";
  return " [race: up to " + std::to_string(c.race_attempts) + " attempts within " +
         std::to_string(c.race_budget.count()) + "s]";
}

}  // namespace

std::string summary_line(const RunResult& r) {
  return std::to_string(count(r, Verdict::Resisted)) + " resisted, " + std::to_string(count(r, Verdict::Escaped)) +
         " escaped, " + std::to_string(count(r, Verdict::Broken)) + " broken, " +
         std::to_string(count(r, Verdict::Skipped)) + " skipped";
}

std::string report_text(const RunResult& r) {
  std::string out = "rampart probe: runtime " + r.runtime + "\n";
  size_t w = 4;
  for (const auto& c : r.results) w = std::max(w, c.name.size());
  for (const auto& c : r.results) {
    char head[512];
    std::string cves = c.cves.empty() ? "-" : join(c.cves, ",");
    std::snprintf(head, sizeof head, "%-8s  %-*s  %-30s  ", verdict_name(c.outcome.verdict), static_cast<int>(w),
                  c.name.c_str(), cves.c_str());
    out += head + c.outcome.explanation + race_note(c) + "\n";
  }
  if (!r.error.empty()) out += "error: " + r.error + "\n";
  if (r.interrupted) out += "interrupted: the remaining cases were not run\n";
  out += summary_line(r) + "\n";
  return out;
}

namespace {

nlohmann::ordered_json case_json(const CaseResult& c) {
  nlohmann::ordered_json j;
  j["name"] = c.name;
  j["class"] = attack_class_name(c.attack_class);
  j["cves"] = c.cves;
  j["summary"] = c.summary;
  j["verdict"] = verdict_name(c.outcome.verdict);
  j["explanation"] = c.outcome.explanation;
  j["seconds"] = c.seconds;
  if (c.race) j["race"] = {{"attempts", c.race_attempts}, {"budget_seconds", c.race_budget.count()}};
  if (!c.workdir.empty()) j["workdir"] = c.workdir;
  return j;
}

}  // namespace

std::string report_json(const RunResult& r) {
  nlohmann::ordered_json j;
  j["runtime"] = r.runtime;
  j["runtime_is_rampart"] = r.runtime_is_rampart;
  j["cases"] = nlohmann::ordered_json::array();
  for (const auto& c : r.results) j["cases"].push_back(case_json(c));
  j["summary"] = {{"resisted", count(r, Verdict::Resisted)},
                  {"escaped", count(r, Verdict::Escaped)},
                  {"broken", count(r, Verdict::Broken)},
                  {"skipped", count(r, Verdict::Skipped)}};
  if (!r.error.empty()) j["error"] = r.error;
  j["interrupted"] = r.interrupted;
  j["exit_code"] = r.exit_code;
  return j.dump(2) + "\n";
}

std::string report_sarif(const RunResult& r) {
  using nlohmann::ordered_json;
  ordered_json rules = ordered_json::array();
  ordered_json results = ordered_json::array();
  for (size_t i = 0; i < r.results.size(); ++i) {
    const auto& c = r.results[i];
    ordered_json rule;
    rule["id"] = c.name;
    rule["name"] = c.name;
    rule["shortDescription"] = {{"text", c.summary.empty() ? c.name : c.summary}};
    rule["properties"] = {{"cves", c.cves}, {"attackClass", attack_class_name(c.attack_class)}};
    rules.push_back(rule);
    if (c.outcome.verdict == Verdict::Resisted) continue;
    ordered_json res;
    res["ruleId"] = c.name;
    res["ruleIndex"] = i;
    switch (c.outcome.verdict) {
      case Verdict::Escaped:
        res["kind"] = "fail";
        res["level"] = "error";
        break;
      case Verdict::Broken:
        res["kind"] = "review";
        res["level"] = "none";
        break;
      default:
        res["kind"] = "notApplicable";
        res["level"] = "none";
        break;
    }
    std::string text = std::string(verdict_name(c.outcome.verdict)) + ": " + c.outcome.explanation;
    if (!c.cves.empty()) text += " (" + join(c.cves, ", ") + ")";
    res["message"] = {{"text", text}};
    res["locations"] = ordered_json::array(
        {{{"physicalLocation", {{"artifactLocation", {{"uri", "file://" + r.runtime}}}}}}});
    res["properties"] = {{"verdict", verdict_name(c.outcome.verdict)}, {"cves", c.cves}};
    results.push_back(res);
  }
  ordered_json run;
  run["tool"]["driver"] = {{"name", "rampart-probe"},
                           {"version", RAMPART_VERSION},
                           {"rules", rules}};
  run["results"] = results;
  ordered_json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ordered_json::array({run});
  return doc.dump(2) + "\n";
}

}  // namespace rampart::probe
