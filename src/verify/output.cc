#include "verify/output.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace rampart::verify {
namespace {

using ojson = nlohmann::ordered_json;

std::string dump(const ojson& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// check's report, titled as verify's.
std::string report_text(const Outcome& o, bool color) {
  std::string t = policy::render_text(o.report, color);
  const std::string from = "rampart check: ";
  if (t.starts_with(from)) t = "rampart verify: " + t.substr(from.size());
  auto nl = t.find('\n');
  return t.substr(0, nl + 1) + "  " + o.runtime + " container, init pid " + std::to_string(o.pid) + "\n" +
         t.substr(nl + 1);
}

std::string label(std::string_view v) {  // Prometheus label value escaping
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string finding_key(const policy::Finding& f) { return f.rule + "\n" + f.field + "\n" + f.message; }

}  // namespace

const char* state_name(State s) {
  switch (s) {
    case State::Verified: return "verified";
    case State::NotStarted: return "not started";
    case State::Stopped: return "stopped";
    case State::Error: return "error";
  }
  return "?";
}

std::string render_text(const std::vector<Outcome>& outcomes, bool color) {
  std::string out;
  size_t held = 0, failed = 0, other = 0;
  for (const auto& o : outcomes) {
    if (!out.empty()) out += "\n";
    if (o.state == State::Verified) {
      out += report_text(o, color);
      (o.report.failed ? failed : held)++;
    } else {
      out += "rampart verify: " + o.id + " (" + o.runtime + (o.pid ? ", pid " + std::to_string(o.pid) : "") +
             "): " + state_name(o.state) + (o.message.empty() ? "" : ": " + o.message) + "\n";
      ++other;
    }
  }
  out += (out.empty() ? "" : "\n") + std::string("verify: ") + std::to_string(outcomes.size()) + " container" +
         (outcomes.size() == 1 ? "" : "s") + ": " + std::to_string(held) + " hold, " + std::to_string(failed) +
         " fail, " + std::to_string(other) + " not verified\n";
  return out;
}

std::string render_json(const std::vector<Outcome>& outcomes) {
  ojson j;
  j["tool"] = "rampart";
  j["command"] = "verify";
  bool failed = false;
  size_t held = 0, fails = 0, other = 0;
  ojson list = ojson::array();
  for (const auto& o : outcomes) {
    ojson c;
    c["id"] = o.id;
    c["runtime"] = o.runtime;
    c["root"] = o.root;
    c["pid"] = o.pid;
    c["state"] = state_name(o.state);
    if (!o.message.empty()) c["message"] = o.message;
    if (o.state == State::Verified) {
      c["report"] = ojson::parse(policy::render_json(o.report));
      failed = failed || o.report.failed;
      (o.report.failed ? fails : held)++;
    } else {
      ++other;
    }
    list.push_back(c);
  }
  j["failed"] = failed;
  j["summary"] = {{"containers", outcomes.size()}, {"hold", held}, {"fail", fails}, {"notVerified", other}};
  j["containers"] = list;
  return dump(j, 2) + "\n";
}

std::string render_sarif(const std::vector<Outcome>& outcomes) {
  ojson doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ojson::array();
  for (const auto& o : outcomes) {
    if (o.state != State::Verified) continue;
    ojson one = ojson::parse(policy::render_sarif(o.report, o.config_text));
    for (auto& run : one["runs"]) {
      run["properties"]["runtime"] = o.runtime;
      run["properties"]["pid"] = o.pid;
      run["properties"]["command"] = "verify";
      doc["runs"].push_back(run);
    }
  }
  return dump(doc, 2) + "\n";
}

std::string render_metrics(const std::vector<Outcome>& outcomes, int64_t now) {
  std::string out;
  out += "# HELP rampart_verify_findings Findings of rampart verify on running containers, by rule and severity.\n";
  out += "# TYPE rampart_verify_findings gauge\n";
  for (const auto& o : outcomes) {
    if (o.state != State::Verified) continue;
    std::map<std::pair<std::string, std::string>, int> n;
    for (const auto& f : o.report.findings) ++n[{f.rule, policy::severity_name(f.severity)}];
    for (const auto& [k, count] : n)
      out += "rampart_verify_findings{container=\"" + label(o.id) + "\",runtime=\"" + label(o.runtime) +
             "\",rule=\"" + label(k.first) + "\",severity=\"" + k.second + "\"} " + std::to_string(count) + "\n";
  }
  out += "# HELP rampart_verify_container_failed 1 when a container's findings reach the policy's fail-on severity.\n";
  out += "# TYPE rampart_verify_container_failed gauge\n";
  for (const auto& o : outcomes)
    if (o.state == State::Verified)
      out += "rampart_verify_container_failed{container=\"" + label(o.id) + "\",runtime=\"" + label(o.runtime) +
             "\"} " + (o.report.failed ? "1" : "0") + "\n";
  out += "# HELP rampart_verify_containers Containers seen in the last pass, by state.\n";
  out += "# TYPE rampart_verify_containers gauge\n";
  for (auto s : {State::Verified, State::NotStarted, State::Stopped, State::Error}) {
    size_t n = 0;
    for (const auto& o : outcomes) n += o.state == s;
    std::string name = state_name(s);
    for (auto& c : name)
      if (c == ' ') c = '_';
    out += "rampart_verify_containers{state=\"" + name + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP rampart_verify_last_pass_timestamp_seconds When the last pass finished.\n";
  out += "# TYPE rampart_verify_last_pass_timestamp_seconds gauge\n";
  out += "rampart_verify_last_pass_timestamp_seconds " + std::to_string(now) + "\n";
  return out;
}

std::vector<Event> changes(const std::vector<Outcome>& before, const std::vector<Outcome>& after, bool first) {
  std::vector<Event> out;
  std::map<std::string, const Outcome*> old;
  for (const auto& o : before) old[o.key()] = &o;
  std::set<std::string> seen;
  auto base = [](const Outcome& o, std::string kind) {
    Event e;
    e.kind = std::move(kind);
    e.container = o.id;
    e.runtime = o.runtime;
    e.pid = o.pid;
    return e;
  };
  auto findings_of = [](const Outcome* o) {
    std::map<std::string, const policy::Finding*> m;
    if (o && o->state == State::Verified)
      for (const auto& f : o->report.findings) m[finding_key(f)] = &f;
    return m;
  };
  for (const auto& o : after) {
    seen.insert(o.key());
    auto it = old.find(o.key());
    const Outcome* prev = it == old.end() ? nullptr : it->second;
    if (!prev && !(o.state == State::Stopped)) {
      Event e = base(o, first ? "watching" : "started");
      e.message = state_name(o.state);
      out.push_back(e);
    }
    if (o.state == State::Stopped && prev && prev->state != State::Stopped) {
      Event e = base(o, "stopped");
      e.message = o.message;
      out.push_back(e);
    }
    if (o.state == State::Error && (!prev || prev->state != State::Error || prev->message != o.message)) {
      Event e = base(o, "error");
      e.message = o.message;
      out.push_back(e);
    }
    auto now = findings_of(&o), then = findings_of(prev);
    for (const auto& [k, f] : now)
      if (!then.count(k)) {
        Event e = base(o, "finding");
        e.finding = *f;
        out.push_back(e);
      }
    if (o.state == State::Verified)
      for (const auto& [k, f] : then)
        if (!now.count(k)) {
          Event e = base(o, "resolved");
          e.finding = *f;
          out.push_back(e);
        }
  }
  for (const auto& o : before)
    if (!seen.count(o.key()) && o.state != State::Stopped) {
      Event e = base(o, "stopped");
      out.push_back(e);
    }
  return out;
}

std::string event_json(const Event& e, std::string_view time) {
  ojson j;
  j["time"] = time;
  j["event"] = e.kind;
  j["container"] = e.container;
  j["runtime"] = e.runtime;
  j["pid"] = e.pid;
  if (e.finding) {
    j["rule"] = e.finding->rule;
    j["severity"] = policy::severity_name(e.finding->severity);
    j["field"] = e.finding->field;
    j["message"] = e.finding->message;
    j["paths"] = e.finding->paths;
  } else if (!e.message.empty()) {
    j["message"] = e.message;
  }
  return dump(j, -1) + "\n";
}

std::string event_text(const Event& e, std::string_view time, bool color) {
  std::string head = std::string(time) + " " + e.container + ": ";
  if (!e.finding) {
    std::string what = e.kind;
    if (e.kind == "watching" || e.kind == "started")
      what += " (" + e.runtime + ", pid " + std::to_string(e.pid) + ")";
    return head + what + (e.message.empty() || e.kind == "watching" || e.kind == "started" ? "" : ": " + e.message) +
           "\n";
  }
  const policy::Finding& f = *e.finding;
  std::string tag = e.kind == "finding" ? "NEW" : "RESOLVED";
  if (color) tag = (e.kind == "finding" ? "\033[1;31m" : "\033[32m") + tag + "\033[0m";
  return head + tag + " " + f.rule + " (" + policy::severity_name(f.severity) + ") " + f.message + "\n";
}

}  // namespace rampart::verify
