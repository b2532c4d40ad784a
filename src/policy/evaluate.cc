// Profiles, policy files, exceptions, and the evaluation that ties the rules to them.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "manifest/yaml.h"
#include "policy/policy.h"

namespace rampart::policy {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    case Severity::Critical: return "critical";
  }
  return "?";
}

std::optional<Severity> severity_from_name(std::string_view n) {
  for (auto s : {Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical})
    if (n == severity_name(s)) return s;
  return std::nullopt;
}

const char* profile_name(Profile p) {
  switch (p) {
    case Profile::Privileged: return "privileged";
    case Profile::Baseline: return "baseline";
    case Profile::Restricted: return "restricted";
  }
  return "?";
}

std::optional<Profile> profile_from_name(std::string_view n) {
  for (auto p : {Profile::Privileged, Profile::Baseline, Profile::Restricted})
    if (n == profile_name(p)) return p;
  return std::nullopt;
}

const char* file_kind_name(FileKind k) {
  switch (k) {
    case FileKind::Missing: return "missing";
    case FileKind::Directory: return "directory";
    case FileKind::Regular: return "file";
    case FileKind::Socket: return "socket";
    case FileKind::CharDevice: return "char-device";
    case FileKind::BlockDevice: return "block-device";
    case FileKind::Fifo: return "fifo";
    case FileKind::Other: return "other";
  }
  return "?";
}

bool glob_match(std::string_view pat, std::string_view text) {
  // Iterative matcher with single-star backtracking: linear in practice, no recursion.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pat.size() && (pat[p] == '?' || pat[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

namespace {

// The policy document as JSON: JSON text is parsed as JSON (for its error messages), anything
// else as YAML.
Result<nlohmann::json> policy_document(std::string_view text) {
  const std::string op = "policy";
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return fail(op, "malformed JSON");
    return j;
  }
  auto docs = manifest::read_yaml(text, "policy");
  if (!docs) {
    // "policy:3:5" -> "line 3, column 5: ..."
    std::string at = docs.error().op.size() > 7 ? docs.error().op.substr(7) : "";
    size_t colon = at.find(':');
    std::string where = colon == std::string::npos ? "" : "line " + at.substr(0, colon) + ", column " + at.substr(colon + 1) + ": ";
    return fail(op, where + docs.error().detail);
  }
  std::vector<const manifest::Document*> real;
  for (const auto& d : *docs)
    if (!d.value.is_null()) real.push_back(&d);
  if (real.size() != 1) return fail(op, "expected one YAML document, found " + std::to_string(real.size()));
  return nlohmann::json::parse(real[0]->value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

Result<Policy> parse_policy(std::string_view text) {
  const std::string op = "policy";
  nlohmann::json j = TRY(policy_document(text));
  if (!j.is_object()) return fail(op, "expected a JSON object");
  Policy pol;
  auto known_rule = [&](const std::string& id, const std::string& where) -> Result<void> {
    if (!find_rule(id)) return fail(op, where + ": unknown rule \"" + id + "\"");
    return {};
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const auto& v = it.value();
    if (k == "profile") {
      if (!v.is_string()) return fail(op, "profile: expected a string");
      auto p = profile_from_name(v.get<std::string>());
      if (!p) return fail(op, "profile: unknown profile \"" + v.get<std::string>() + "\" (privileged, baseline, restricted)");
      pol.profile = *p;
    } else if (k == "failOn") {
      if (!v.is_string()) return fail(op, "failOn: expected a string");
      auto s = severity_from_name(v.get<std::string>());
      if (!s) return fail(op, "failOn: unknown severity \"" + v.get<std::string>() + "\"");
      pol.fail_on = s;
    } else if (k == "disable") {
      if (!v.is_array()) return fail(op, "disable: expected an array of rule ids");
      for (size_t i = 0; i < v.size(); ++i) {
        std::string where = "disable[" + std::to_string(i) + "]";
        if (!v[i].is_string()) return fail(op, where + ": expected a string");
        TRY_VOID(known_rule(v[i].get<std::string>(), where));
        pol.disable.push_back(v[i].get<std::string>());
      }
    } else if (k == "severity") {
      if (!v.is_object()) return fail(op, "severity: expected an object of rule id -> severity");
      for (auto s = v.begin(); s != v.end(); ++s) {
        std::string where = "severity." + s.key();
        TRY_VOID(known_rule(s.key(), where));
        if (!s.value().is_string()) return fail(op, where + ": expected a string");
        auto sev = severity_from_name(s.value().get<std::string>());
        if (!sev) return fail(op, where + ": unknown severity \"" + s.value().get<std::string>() + "\"");
        pol.severity[s.key()] = *sev;
      }
    } else if (k == "exceptions") {
      if (!v.is_array()) return fail(op, "exceptions: expected an array");
      for (size_t i = 0; i < v.size(); ++i) {
        std::string where = "exceptions[" + std::to_string(i) + "]";
        const auto& e = v[i];
        if (!e.is_object()) return fail(op, where + ": expected an object");
        Exception ex;
        for (auto f = e.begin(); f != e.end(); ++f) {
          if (!f.value().is_string()) return fail(op, where + "." + f.key() + ": expected a string");
          std::string s = f.value().get<std::string>();
          if (f.key() == "rule") ex.rule = s;
          else if (f.key() == "container") ex.container = s;
          else if (f.key() == "namespace") ex.namespace_ = s;
          else if (f.key() == "workload") ex.workload = s;
          else if (f.key() == "path") ex.path = s;
          else if (f.key() == "reason") ex.reason = s;
          else return fail(op, where + ": unknown key \"" + f.key() + "\"");
        }
        if (ex.rule.empty()) return fail(op, where + ": \"rule\" is required");
        TRY_VOID(known_rule(ex.rule, where + ".rule"));
        bool blank = std::all_of(ex.reason.begin(), ex.reason.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
        if (blank) return fail(op, where + ": \"reason\" is required (exceptions must say why)");
        if (ex.container.empty()) return fail(op, where + ": \"container\" must not be empty (use \"*\")");
        if (ex.namespace_.empty()) return fail(op, where + ": \"namespace\" must not be empty (use \"*\")");
        if (ex.workload.empty()) return fail(op, where + ": \"workload\" must not be empty (use \"*\")");
        pol.exceptions.push_back(std::move(ex));
      }
    } else {
      return fail(op, "unknown key \"" + k + "\"");
    }
  }
  return pol;
}

namespace {

bool exception_matches(const Exception& e, const Finding& f, const Scope& scope) {
  if (e.rule != f.rule || !glob_match(e.container, scope.container) || !glob_match(e.namespace_, scope.namespace_) ||
      !glob_match(e.workload, scope.workload))
    return false;
  if (e.path.empty()) return true;
  for (const auto& p : f.paths)
    if (glob_match(e.path, p)) return true;
  return false;
}

bool before(const Finding& a, const Finding& b) {
  if (a.severity != b.severity) return a.severity > b.severity;
  if (a.rule != b.rule) return a.rule < b.rule;
  if (a.location.has_value() != b.location.has_value()) return !a.location.has_value();
  if (a.location) {
    const Location &x = *a.location, &y = *b.location;
    auto kx = std::tie(x.file, x.document, x.line, x.column, x.container);
    auto ky = std::tie(y.file, y.document, y.line, y.column, y.container);
    if (kx != ky) return kx < ky;
  }
  return a.field < b.field;
}

// Identical findings about a pod-level field, reported once per container, become one.
template <class T, class Get>
void merge_pod_level(std::vector<T>& items, Get finding_of) {
  std::vector<T> out;
  std::map<std::string, size_t> seen;
  for (auto& item : items) {
    Finding& f = finding_of(item);
    if (!f.location || !f.location->container.empty()) {
      out.push_back(std::move(item));
      continue;
    }
    const Location& l = *f.location;
    std::string key = f.rule + "\n" + l.file + "\n" + std::to_string(l.document) + "\n" + l.yaml_path + "\n" + f.message +
                      "\n" + severity_name(f.severity);
    if (auto it = seen.find(key); it != seen.end()) {
      auto& into = finding_of(out[it->second]).location->containers;
      for (const auto& c : l.containers)
        if (std::find(into.begin(), into.end(), c) == into.end()) into.push_back(c);
      continue;
    }
    seen.emplace(key, out.size());
    out.push_back(std::move(item));
  }
  items = std::move(out);
}

}  // namespace

Report evaluate(const std::vector<Target>& targets, const Policy& policy, Severity default_fail_on) {
  Report rep;
  rep.profile = policy.profile;
  if (policy.profile != Profile::Privileged) rep.fail_on = policy.fail_on.value_or(default_fail_on);
  for (const auto& t : targets) {
    std::vector<Finding> kept;
    std::vector<Finding> found = t.findings ? *t.findings : run_rules(*t.config, *t.host, t.workload);
    for (auto& f : found) {
      const Rule* rule = find_rule(f.rule);
      if (rule->profile == Profile::Restricted && policy.profile != Profile::Restricted) continue;
      if (std::find(policy.disable.begin(), policy.disable.end(), f.rule) != policy.disable.end()) continue;
      if (auto it = policy.severity.find(f.rule); it != policy.severity.end()) f.severity = it->second;
      kept.push_back(std::move(f));
    }
    // Restricted rules that replace a baseline one (as PSS restricted checks override baseline's).
    std::set<std::string_view> overridden;
    if (policy.profile == Profile::Restricted)
      for (const auto& f : kept)
        for (auto o : find_rule(f.rule)->overrides) overridden.insert(o);
    for (auto& f : kept) {
      if (overridden.count(f.rule)) continue;
      if (t.locate) t.locate(f);
      const Exception* ex = nullptr;
      for (const auto& e : policy.exceptions)
        if (exception_matches(e, f, t.scope)) {
          ex = &e;
          break;
        }
      if (ex)
        rep.excepted.push_back({std::move(f), *ex});
      else
        rep.findings.push_back(std::move(f));
    }
  }
  merge_pod_level(rep.findings, [](Finding& f) -> Finding& { return f; });
  merge_pod_level(rep.excepted, [](AppliedException& a) -> Finding& { return a.finding; });
  std::stable_sort(rep.findings.begin(), rep.findings.end(), before);
  std::stable_sort(rep.excepted.begin(), rep.excepted.end(),
                   [&](const AppliedException& a, const AppliedException& b) { return before(a.finding, b.finding); });
  if (rep.fail_on)
    for (const auto& f : rep.findings) rep.failed = rep.failed || f.severity >= *rep.fail_on;
  return rep;
}

Report evaluate(const spec::Config& config, const HostFacts& facts, const Policy& policy, std::string_view id,
                Severity default_fail_on) {
  Target t;
  t.config = &config;
  t.host = &facts;
  t.scope.container = std::string(id);
  Report rep = evaluate(std::vector<Target>{t}, policy, default_fail_on);
  rep.container = std::string(id);
  return rep;
}

Report apply_policy(std::vector<Finding> findings, const Policy& policy, std::string_view id,
                    Severity default_fail_on) {
  Target t;
  t.findings = &findings;
  t.scope.container = std::string(id);
  Report rep = evaluate(std::vector<Target>{t}, policy, default_fail_on);
  rep.container = std::string(id);
  return rep;
}

}  // namespace rampart::policy
