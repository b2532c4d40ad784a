// What a verify pass found, for people and machines: text, JSON and SARIF reports (one policy
// report per container, check's renderers), Prometheus text exposition for node_exporter's
// textfile collector, and the change events `--watch` prints. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy.h"

namespace rampart::verify {

enum class State {
  Verified,    // judged: `report` holds the findings
  NotStarted,  // created, not started: its init is still the runtime's, nothing to judge yet
  Stopped,     // its init is gone (or its pid is another process's now)
  Error,       // could not be judged: `message` says why (an unreadable config, ...)
};
const char* state_name(State s);

struct Outcome {
  std::string id, runtime, root;
  int pid = 0;
  State state = State::Verified;
  std::string message;
  policy::Report report;
  std::string config_text;  // lets SARIF point at lines of the config
  [[nodiscard]] bool failed() const { return state == State::Verified && report.failed; }
  [[nodiscard]] std::string key() const { return root + "/" + id + "#" + std::to_string(pid); }
};

std::string render_text(const std::vector<Outcome>& outcomes, bool color);
std::string render_json(const std::vector<Outcome>& outcomes);
std::string render_sarif(const std::vector<Outcome>& outcomes);

// Prometheus text exposition (format 0.0.4): findings by container, rule and severity, whether
// each container fails, how many were verified, and when (`now`: seconds since the epoch).
std::string render_metrics(const std::vector<Outcome>& outcomes, int64_t now);

// One change between two passes of --watch.
struct Event {
  std::string kind;  // "watching" (there at the start), "started", "stopped", "finding", "resolved", "error"
  std::string container, runtime;
  int pid = 0;
  std::optional<policy::Finding> finding;
  std::string message;
};
// What changed from `before` to `after`; with `first` every container is "watching" and every
// finding of it new.
std::vector<Event> changes(const std::vector<Outcome>& before, const std::vector<Outcome>& after, bool first);
// One line each: JSON {"time","event","container","runtime","pid","rule","severity","field",
// "message","paths"}, or text "TIME CONTAINER: EVENT ...".
std::string event_json(const Event& e, std::string_view time);
std::string event_text(const Event& e, std::string_view time, bool color);

}  // namespace rampart::verify
