// `check --list-rules` (text, JSON, and the Markdown of docs/rules.md) and `check --explain RULE`.
#include <nlohmann/json.hpp>

#include "policy/policy.h"

namespace rampart::policy {

namespace {

using ojson = nlohmann::ordered_json;

std::string pad(std::string s, size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}

std::string cves(const Rule& r) {
  std::string out;
  for (auto c : r.refs.cves) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

std::string or_dash(std::string_view s) { return s.empty() ? "-" : std::string(s); }

ojson rule_json(const Rule& r) {
  ojson o;
  o["id"] = r.id;
  o["severity"] = severity_name(r.severity);
  o["profile"] = profile_name(r.profile);
  o["appliesTo"] = applies_name(r.applies);
  o["title"] = r.title;
  o["rationale"] = r.rationale;
  o["attack"] = r.attack;
  o["fix"] = r.fix;
  ojson refs;
  refs["cve"] = ojson::array();
  for (auto c : r.refs.cves) refs["cve"].push_back(c);
  auto opt = [](std::string_view v) { return v.empty() ? ojson(nullptr) : ojson(v); };
  refs["cisDocker_1_6_0"] = opt(r.refs.cis_docker);
  refs["cisKubernetes_1_12_0"] = opt(r.refs.cis_k8s);
  refs["pss"] = opt(r.refs.pss);
  refs["nistCsf_2_0"] = opt(r.refs.nist_csf);
  refs["owaspNhi_2025"] = opt(r.refs.owasp_nhi);
  refs["other"] = opt(r.refs.other);
  o["references"] = refs;
  o["overrides"] = ojson::array();
  for (auto id : r.overrides) o["overrides"].push_back(id);
  o["helpUri"] = help_uri(r);
  o["tags"] = reference_tags(r);
  return o;
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else out += c;
  }
  return out.empty() ? "-" : out;
}

std::string markdown() {
  std::string out =
      "# rampart check: the rules\n\n"
      "Generated from `src/policy/rule_table.cc` (`rampart check --list-rules --format markdown`); a unit test\n"
      "keeps this page equal to the table. `rampart check --explain RULE` prints one rule.\n\n"
      "Every rule judges bundles (config.json) and Kubernetes manifests alike where both can express what it\n"
      "judges (\"applies\"); a manifest's container is mapped onto the same facts a bundle gives\n"
      "(`src/policy/k8s/`). Rules that apply to a \"running\" container are `rampart verify`'s: drift\n"
      "between a running container and its config, which no config or manifest can show.\n"
      "`profile` is the least strict profile that evaluates the rule.\n\n"
      "References: CIS Docker Benchmark item numbers are those of **v1.6.0** and CIS Kubernetes Benchmark\n"
      "item numbers those of **v1.12.0** (checked against docker-bench-security and a CIS v1.6.0 compliance\n"
      "mapping, and against kube-bench's `cfg/cis-1.12`; CIS Docker v1.7.0 exists but its item numbers could\n"
      "not be verified, so they are not given). A `-` means no item applies (or none could be verified).\n"
      "PSS controls are those of the Pod Security Standards as pod-security-admission implements them at\n"
      "its latest version. NIST CSF 2.0 subcategories and OWASP Non-Human Identities Top 10 (2025) items are\n"
      "given where one fits.\n\n";
  out += "| rule | severity | profile | applies | title | CVE | CIS Docker 1.6.0 | CIS K8s 1.12.0 | PSS | NIST CSF 2.0 | OWASP NHI |\n";
  out += "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : all_rules())
    out += "| [" + std::string(r.id) + "](#" + help_uri(r).substr(help_uri(r).find('#') + 1) + ") | " +
           severity_name(r.severity) + " | " + profile_name(r.profile) + " | " + applies_name(r.applies) + " | " +
           markdown_cell(r.title) + " | " + markdown_cell(cves(r)) + " | " + markdown_cell(r.refs.cis_docker) +
           " | " + markdown_cell(r.refs.cis_k8s) + " | " + markdown_cell(r.refs.pss) + " | " +
           markdown_cell(r.refs.nist_csf) + " | " + markdown_cell(r.refs.owasp_nhi) + " |\n";
  for (const auto& r : all_rules()) {
    out += "\n## " + std::string(r.id) + "\n\n";
    out += "**" + std::string(r.title) + "** (" + severity_name(r.severity) + ", " + profile_name(r.profile) +
           ", " + applies_name(r.applies) + ")\n\n";
    out += "- Why: " + std::string(r.rationale) + ".\n";
    out += "- Attack it stops: " + std::string(r.attack) + ".\n";
    out += "- Fix: " + std::string(r.fix) + ".\n";
    out += "- References: " + reference_line(r) + ".\n";
    if (!r.overrides.empty()) {
      out += "- Under `restricted` it replaces:";
      for (auto o : r.overrides) out += " " + std::string(o);
      out += ".\n";
    }
  }
  return out;
}

}  // namespace

std::string render_rule_table(std::string_view format) {
  if (format == "json") {
    ojson a = ojson::array();
    for (const auto& r : all_rules()) a.push_back(rule_json(r));
    return a.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (format == "markdown") return markdown();
  std::string out = pad("RULE", 12) + pad("SEVERITY", 10) + pad("PROFILE", 12) + pad("APPLIES", 17) + "TITLE\n";
  for (const auto& r : all_rules()) {
    out += pad(std::string(r.id), 12) + pad(severity_name(r.severity), 10) + pad(profile_name(r.profile), 12) +
           pad(applies_name(r.applies), 17) + std::string(r.title) + "\n";
    out += pad("", 12) + "refs: " + reference_line(r) + "\n";
  }
  return out;
}

std::string render_explanation(const Rule& r) {
  std::string out = std::string(r.id) + ": " + std::string(r.title) + "\n\n";
  out += "  severity:  " + std::string(severity_name(r.severity)) + " (default)\n";
  out += "  profile:   " + std::string(profile_name(r.profile)) + " (and stricter)\n";
  out += "  applies:   " + std::string(applies_name(r.applies)) + "\n";
  out += "  why:       " + std::string(r.rationale) + "\n";
  out += "  attack:    " + std::string(r.attack) + "\n";
  out += "  fix:       " + std::string(r.fix) + "\n";
  out += "  CVE:       " + or_dash(cves(r)) + "\n";
  out += "  CIS Docker Benchmark v1.6.0:     " + or_dash(r.refs.cis_docker) + "\n";
  out += "  CIS Kubernetes Benchmark v1.12.0: " + or_dash(r.refs.cis_k8s) + "\n";
  out += "  Pod Security Standards:          " + or_dash(r.refs.pss) + "\n";
  out += "  NIST CSF 2.0:                    " + or_dash(r.refs.nist_csf) + "\n";
  out += "  OWASP Non-Human Identities 2025: " + or_dash(r.refs.owasp_nhi) + "\n";
  if (!r.refs.other.empty()) out += "  also:      " + std::string(r.refs.other) + "\n";
  if (!r.overrides.empty()) {
    out += "  replaces under restricted:";
    for (auto o : r.overrides) out += " " + std::string(o);
    out += "\n";
  }
  out += "  more:      " + help_uri(r) + "\n";
  return out;
}

std::string render_explanation_json(const Rule& r) {
  return rule_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace rampart::policy
