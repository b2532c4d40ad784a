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
  if (e.namespace_ != "*") s += ", namespace \"" + e.namespace_ + "\"";
  if (e.workload != "*") s += ", workload \"" + e.workload + "\"";
  if (!e.path.empty()) s += ", path \"" + e.path + "\"";
  return s + ": " + e.reason;
}

ojson references_json(const Rule& rule) {
  ojson o = ojson::object();
  o["cve"] = ojson::array();
  for (auto c : rule.refs.cves) o["cve"].push_back(c);
  auto opt = [](std::string_view v) { return v.empty() ? ojson(nullptr) : ojson(v); };
  o["cisDocker"] = rule.refs.cis_docker.empty() ? ojson(nullptr) : ojson("CIS Docker Benchmark v1.6.0 " + std::string(rule.refs.cis_docker));
  o["cisKubernetes"] =
      rule.refs.cis_k8s.empty() ? ojson(nullptr) : ojson("CIS Kubernetes Benchmark v1.12.0 " + std::string(rule.refs.cis_k8s));
  o["pss"] = opt(rule.refs.pss);
  o["nistCsf"] = opt(rule.refs.nist_csf);
  o["owaspNhi"] = opt(rule.refs.owasp_nhi);
  o["other"] = opt(rule.refs.other);
  return o;
}

ojson location_json(const Location& l) {
  ojson o;
  o["file"] = l.file;
  o["document"] = l.document;
  o["kind"] = l.kind;
  o["name"] = l.name;
  o["namespace"] = l.namespace_;
  o["container"] = l.container;
  if (l.container.empty()) o["containers"] = l.containers;
  o["yamlPath"] = l.yaml_path;
  o["line"] = l.line;
  o["column"] = l.column;
  return o;
}

ojson finding_json(const Finding& f) {
  const Rule* rule = find_rule(f.rule);
  ojson o;
  o["rule"] = f.rule;
  o["severity"] = severity_name(f.severity);
  o["field"] = f.field;
  o["message"] = f.message;
  o["paths"] = f.paths;
  if (f.location) o["location"] = location_json(*f.location);
  o["title"] = rule->title;
  o["fix"] = rule->fix;
  o["reference"] = reference_line(*rule);
  o["references"] = references_json(*rule);
  o["helpUri"] = help_uri(*rule);
  return o;
}

ojson exception_json(const Exception& e) {
  ojson o;
  o["rule"] = e.rule;
  o["container"] = e.container;
  if (e.namespace_ != "*") o["namespace"] = e.namespace_;
  if (e.workload != "*") o["workload"] = e.workload;
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

// "deploy.yaml:12:9 Deployment prod/web, container app (document 1)"
std::string describe_location(const Location& l) {
  std::string s = l.file;
  if (l.line > 0) s += ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
  s += " " + l.kind + " " + (l.namespace_.empty() ? "" : l.namespace_ + "/") + (l.name.empty() ? "(unnamed)" : l.name);
  if (!l.container.empty()) s += ", container " + l.container;
  else if (!l.containers.empty()) {
    s += ", container" + std::string(l.containers.size() > 1 ? "s " : " ");
    for (size_t i = 0; i < l.containers.size(); ++i) s += (i ? ", " : "") + l.containers[i];
  }
  return s + " (document " + std::to_string(l.document) + ")";
}

}  // namespace

std::string render_text(const Report& r, bool color) {
  auto paint = [&](const char* c, const std::string& s) { return color ? std::string(c) + s + "\033[0m" : s; };
  std::string settings = std::string("profile ") + profile_name(r.profile) + ", fail-on " +
                         (r.fail_on ? severity_name(*r.fail_on) : "never");
  std::string out;
  if (r.manifest)
    out = "rampart check: " + r.source + " (" + std::to_string(r.files.size()) + " file" +
          (r.files.size() == 1 ? "" : "s") + ", " + std::to_string(r.workloads) + " workload" +
          (r.workloads == 1 ? "" : "s") + ", " + std::to_string(r.containers) + " container" +
          (r.containers == 1 ? "" : "s") + "; " + settings + ")\n";
  else
    out = "rampart check: " + r.source + " (container " + (r.container.empty() ? "-" : r.container) + ", " +
          settings + ")\n";
  for (auto s : kDescending) {
    size_t n = 0;
    for (const auto& f : r.findings) n += f.severity == s;
    if (n == 0) continue;
    out += "\n" + paint(colour_of(s), upper(severity_name(s)) + " (" + std::to_string(n) + ")") + "\n";
    for (const auto& f : r.findings) {
      if (f.severity != s) continue;
      const Rule* rule = find_rule(f.rule);
      out += "  " + f.rule + "  " + f.message + "\n";
      if (f.location) out += "      at: " + describe_location(*f.location) + "\n";
      out += "      fix: " + std::string(rule->fix) + "\n";
      out += "      ref: " + reference_line(*rule) + "\n";
    }
  }
  if (!r.excepted.empty()) {
    out += "\nEXCEPTIONS APPLIED (" + std::to_string(r.excepted.size()) + ")\n";
    for (const auto& a : r.excepted) {
      out += "  " + a.finding.rule + "  (" + severity_name(a.finding.severity) + ") " + a.finding.message + "\n";
      if (a.finding.location) out += "      at: " + describe_location(*a.finding.location) + "\n";
      out += "      excepted for " + describe_exception(a.exception) + "\n";
    }
  }
  if (!r.skipped.empty()) {
    out += "\nNOT JUDGED (" + std::to_string(r.skipped.size()) + ")\n";
    for (const auto& s : r.skipped) out += "  " + s + "\n";
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
  if (r.manifest) {
    o["kind"] = "manifest";
    o["files"] = r.files;
    o["workloads"] = r.workloads;
    o["containers"] = r.containers;
    o["notJudged"] = r.skipped;
  } else {
    o["container"] = r.container;
  }
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
    o["fullDescription"] = {{"text", std::string(rule.rationale) + "; it stops this: " + std::string(rule.attack)}};
    o["helpUri"] = help_uri(rule);
    o["help"] = {{"text", rule.fix}};
    o["defaultConfiguration"] = {{"level", sarif_level(rule.severity)}};
    o["properties"] = {{"severity", severity_name(rule.severity)},
                       {"reference", reference_line(rule)},
                       {"references", references_json(rule)},
                       {"profile", profile_name(rule.profile)},
                       {"appliesTo", applies_name(rule.applies)},
                       {"tags", reference_tags(rule)}};
    rules.push_back(o);
  }
  auto result = [&](const Finding& f) {
    ojson res;
    res["ruleId"] = f.rule;
    res["ruleIndex"] = index[f.rule];
    res["level"] = sarif_level(f.severity);
    res["message"] = {{"text", f.message}};
    ojson phys;
    ojson loc;
    if (f.location) {
      const Location& l = *f.location;
      phys["artifactLocation"] = {{"uri", l.file}};
      if (l.line > 0) phys["region"] = {{"startLine", l.line}, {"startColumn", l.column}};
      loc["physicalLocation"] = phys;
      std::string object = l.kind + "/" + (l.namespace_.empty() ? "" : l.namespace_ + "/") + l.name;
      loc["logicalLocations"] = ojson::array(
          {{{"fullyQualifiedName", object + ":" + l.yaml_path}, {"name", l.yaml_path}, {"kind", "member"}}});
      loc["properties"] = location_json(l);
    } else {
      phys["artifactLocation"] = {{"uri", r.source}};
      if (int line = line_of(config_text, f.anchor); line > 0) phys["region"] = {{"startLine", line}};
      loc["physicalLocation"] = phys;
      loc["logicalLocations"] = ojson::array({{{"fullyQualifiedName", f.field}, {"kind", "member"}}});
    }
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
  ojson artifacts = ojson::array();
  if (r.manifest)
    for (const auto& f : r.files) artifacts.push_back({{"location", {{"uri", f}}}});
  else
    artifacts.push_back({{"location", {{"uri", r.source}}}});
  run["artifacts"] = artifacts;
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
