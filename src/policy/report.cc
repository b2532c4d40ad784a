// Reports of an evaluation: human text, JSON, SARIF 2.1.0, and one line for the runtime's errors.
#include <nlohmann/json.hpp>
#include <set>

#include "policy/policy.h"

namespace rampart::policy {
namespace {

using ojson = nlohmann::ordered_json;

constexpr Severity kDescending[] = {Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                                    Severity::Info};

const char* colour_of(Severity s) {
  switch (s) {
    case Severity::Critical: return "\033[1;31m";
    case Severity::High: return "\033[31m";
    case Severity::Medium: return "\033[33m";
    case Severity::Low: return "\033[36m";
    case Severity::Info: return "\033[2m";
  }
  return "";
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return s;
}

std::string counts(const Report& r) {
  std::string out;
  for (auto s : kDescending) {
    size_t n = 0;
    for (const auto& f : r.findings) n += f.severity == s;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + severity_name(s);
  }
  return out;
}

std::string describe_exception(const Exception& e) {
  std::string s = "container \"" + e.container + "\"";
  if (!e.path.empty()) s += ", path \"" + e.path + "\"";
  return s + ": " + e.reason;
}

ojson finding_json(const Finding& f) {
  const Rule* rule = find_rule(f.rule);
  ojson o;
  o["rule"] = f.rule;
  o["severity"] = severity_name(f.severity);
  o["field"] = f.field;
  o["message"] = f.message;
  o["paths"] = f.paths;
  o["title"] = rule->title;
  o["fix"] = rule->fix;
  o["reference"] = rule->reference;
  return o;
}

ojson exception_json(const Exception& e) {
  ojson o;
  o["rule"] = e.rule;
  o["container"] = e.container;
  if (!e.path.empty()) o["path"] = e.path;
  o["reason"] = e.reason;
  return o;
}

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    case Severity::Low:
    case Severity::Info: return "note";
  }
  return "none";
}

// 1-based line of the first occurrence of the JSON string `anchor` in the config text; 0 if none.
int line_of(std::string_view text, const std::string& anchor) {
  if (text.empty() || anchor.empty()) return 0;
  std::string quoted = nlohmann::json(anchor).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  size_t pos = text.find(quoted);
  if (pos == std::string_view::npos) return 0;
  int line = 1;
  for (size_t i = 0; i < pos; ++i) line += text[i] == '\n';
  return line;
}

// Where the rule's first reference is documented.
std::string help_uri(const Rule& rule) {
  std::string_view ref = rule.reference;
  if (ref.starts_with("CVE-")) {
    size_t end = ref.find_first_of(" ;");
    return "https://nvd.nist.gov/vuln/detail/" + std::string(ref.substr(0, end));
  }
  if (ref.starts_with("CIS Docker")) return "https://www.cisecurity.org/benchmark/docker";
  if (ref.starts_with("Kubernetes PSS")) return "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
  if (ref.starts_with("Kubernetes user")) return "https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/";
  if (ref.starts_with("OCI")) return "https://github.com/opencontainers/runtime-spec/blob/main/config.md";
  return "https://github.com/opencontainers/runc/blob/main/libcontainer/specconv/example.go";
}

}  // namespace

std::string render_text(const Report& r, bool color) {
  auto paint = [&](const char* c, const std::string& s) { return color ? std::string(c) + s + "\033[0m" : s; };
  std::string out = "rampart check: " + r.source + " (container " + (r.container.empty() ? "-" : r.container) +
                    ", profile " + profile_name(r.profile) + ", fail-on " +
                    (r.fail_on ? severity_name(*r.fail_on) : "never") + ")\n";
  for (auto s : kDescending) {
    size_t n = 0;
    for (const auto& f : r.findings) n += f.severity == s;
    if (n == 0) continue;
    out += "\n" + paint(colour_of(s), upper(severity_name(s)) + " (" + std::to_string(n) + ")") + "\n";
    for (const auto& f : r.findings) {
      if (f.severity != s) continue;
      const Rule* rule = find_rule(f.rule);
      out += "  " + f.rule + "  " + f.message + "\n";
      out += "      fix: " + std::string(rule->fix) + "\n";
      out += "      ref: " + std::string(rule->reference) + "\n";
    }
  }
  if (!r.excepted.empty()) {
    out += "\nEXCEPTIONS APPLIED (" + std::to_string(r.excepted.size()) + ")\n";
    for (const auto& a : r.excepted) {
      out += "  " + a.finding.rule + "  (" + severity_name(a.finding.severity) + ") " + a.finding.message + "\n";
      out += "      excepted for " + describe_exception(a.exception) + "\n";
    }
  }
  std::string verdict = r.failed ? paint("\033[1;31m", "FAIL") : paint("\033[32m", "PASS");
  out += "\nresult: " + verdict + ": " + counts(r);
  if (!r.excepted.empty()) out += " (" + std::to_string(r.excepted.size()) + " excepted)";
  out += "\n";
  return out;
}

std::string render_json(const Report& r) {
  ojson o;
  o["tool"] = "rampart";
  o["source"] = r.source;
  o["container"] = r.container;
  o["profile"] = profile_name(r.profile);
  o["failOn"] = r.fail_on ? ojson(severity_name(*r.fail_on)) : ojson(nullptr);
  o["failed"] = r.failed;
  ojson summary = ojson::object();
  for (auto s : kDescending) {
    size_t n = 0;
    for (const auto& f : r.findings) n += f.severity == s;
    summary[severity_name(s)] = n;
  }
  summary["excepted"] = r.excepted.size();
  o["summary"] = summary;
  o["findings"] = ojson::array();
  for (const auto& f : r.findings) o["findings"].push_back(finding_json(f));
  o["exceptions"] = ojson::array();
  for (const auto& a : r.excepted) {
    ojson e = finding_json(a.finding);
    e["exception"] = exception_json(a.exception);
    o["exceptions"].push_back(e);
  }
  return o.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_sarif(const Report& r, std::string_view config_text) {
  // Rules referenced by a result (findings and excepted ones), in table order.
  std::set<std::string> used;
  for (const auto& f : r.findings) used.insert(f.rule);
  for (const auto& a : r.excepted) used.insert(a.finding.rule);
  ojson rules = ojson::array();
  std::map<std::string, size_t> index;
  for (const auto& rule : all_rules()) {
    if (!used.count(std::string(rule.id))) continue;
    index[std::string(rule.id)] = rules.size();
    ojson o;
    o["id"] = rule.id;
    o["name"] = rule.id;
    o["shortDescription"] = {{"text", rule.title}};
    o["fullDescription"] = {{"text", std::string(rule.title) + " (" + std::string(rule.reference) + ")"}};
    o["helpUri"] = help_uri(rule);
    o["help"] = {{"text", rule.fix}};
    o["defaultConfiguration"] = {{"level", sarif_level(rule.severity)}};
    o["properties"] = {{"severity", severity_name(rule.severity)},
                       {"reference", rule.reference},
                       {"profile", profile_name(rule.profile)},
                       {"tags", {"security", "container"}}};
    rules.push_back(o);
  }
  auto result = [&](const Finding& f) {
    ojson res;
    res["ruleId"] = f.rule;
    res["ruleIndex"] = index[f.rule];
    res["level"] = sarif_level(f.severity);
    res["message"] = {{"text", f.message}};
    ojson phys;
    phys["artifactLocation"] = {{"uri", r.source}};
    if (int line = line_of(config_text, f.anchor); line > 0) phys["region"] = {{"startLine", line}};
    ojson loc;
    loc["physicalLocation"] = phys;
    loc["logicalLocations"] = ojson::array({{{"fullyQualifiedName", f.field}, {"kind", "member"}}});
    res["locations"] = ojson::array({loc});
    res["properties"] = {{"severity", severity_name(f.severity)}};
    return res;
  };
  ojson results = ojson::array();
  for (const auto& f : r.findings) results.push_back(result(f));
  for (const auto& a : r.excepted) {
    ojson res = result(a.finding);
    res["suppressions"] = ojson::array({{{"kind", "external"}, {"status", "accepted"},
                                         {"justification", describe_exception(a.exception)}}});
    results.push_back(res);
  }
  ojson driver;
  driver["name"] = "rampart";
  driver["informationUri"] = "https://github.com/rampart-runtime/rampart";
  driver["rules"] = rules;
  ojson run;
  run["tool"] = {{"driver", driver}};
  run["artifacts"] = ojson::array({{{"location", {{"uri", r.source}}}}});
  run["results"] = results;
  run["properties"] = {{"profile", profile_name(r.profile)},
                       {"container", r.container},
                       {"failOn", r.fail_on ? ojson(severity_name(*r.fail_on)) : ojson(nullptr)},
                       {"failed", r.failed}};
  ojson doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ojson::array({run});
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string one_line(const Report& r) {
  std::string out;
  for (const auto& f : r.findings) {
    if (r.fail_on && f.severity < *r.fail_on) continue;
    if (!out.empty()) out += "; ";
    out += f.rule + " (" + severity_name(f.severity) + ") " + f.message;
  }
  for (auto& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace rampart::policy
