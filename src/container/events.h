// `events`: runc's JSON event stream for a container -- {"type":"stats","id":...,"data":{...}}
// every interval (or once with --stats) and {"type":"oom","id":...} when the kernel OOM-kills in
// its cgroup -- ending when the container stops.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "linux/cgroup/stats.h"
#include "util/error.h"

namespace rampart::container {

struct EventsOptions {
  std::string id;
  bool stats = false;  // one stats event, then return
  std::chrono::milliseconds interval{5000};
};

// One line of /proc/<pid>/net/dev, as runc names the fields.
struct NetworkInterface {
  std::string name;
  uint64_t rx_bytes = 0, rx_packets = 0, rx_errors = 0, rx_dropped = 0;
  uint64_t tx_bytes = 0, tx_packets = 0, tx_errors = 0, tx_dropped = 0;
};

// Calls `emit` with each event line (compact JSON, no newline). The container's lock is held only
// to read its state, never while streaming, so kill and delete are not held up. A stopped
// container is an error ("container with id X is not running", runc's words).
Result<void> events(const std::string& root, const EventsOptions& opts, const std::function<void(const std::string&)>& emit);

// The stats event for `id` (pure, for tests): runc's types.Stats layout and omissions.
std::string stats_event(const std::string& id, const cgroup::Stats& stats, const std::vector<NetworkInterface>& net);
std::string oom_event(const std::string& id);

// /proc/<pid>/net/dev text -> interfaces.
std::vector<NetworkInterface> parse_net_dev(std::string_view text);

// A Go duration as runc's --interval takes it: "5s", "100ms", "1m30s", "1.5h" (ns, us/µs, ms, s,
// m, h). Zero or negative is an error ("duration interval must be greater than 0").
Result<std::chrono::milliseconds> parse_interval(std::string_view text);

}  // namespace rampart::container
