// `rampart verify`: find running containers (rampart's, runc's, crun's, containerd's and
// CRI-O's bundles, or a pid and its config), read what they are from the host (linux/inspect),
// judge it against their config and the policy (src/verify), once or continuously.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "container/discover.h"
#include "linux/inspect/inspect.h"
#include "linux/safepath/procfs.h"
#include "policy/policy.h"
#include "verify/output.h"

namespace rampart::container {

struct VerifyRequest {
  std::string rampart_root;                // rampart's own state root (always looked in)
  std::vector<std::string> runtime_roots;  // more roots: runc's, crun's, bundle directories
  std::vector<std::string> ids;            // empty (and no pid): every container found
  pid_t pid = 0;                           // --pid: a container no root knows ...
  std::string config_file;                 // ... and its config.json
  policy::Policy policy;
};

// A container to verify; `named` when the caller asked for it by id or pid, so that not finding
// it running is an error rather than a container that happened to stop.
struct Target {
  Discovered found;
  bool named = false;
};

// The containers the request names (or every one found); ids found nowhere go to `errors`.
std::vector<Target> find_targets(const VerifyRequest& r, std::vector<std::string>& errors);

// One container, judged.
verify::Outcome verify_target(const safepath::Procfs& proc, const verify::HostFacts& host,
                              const std::vector<inspect::ProcessEntry>& table, const Target& t,
                              const policy::Policy& policy);

struct Pass {
  std::vector<verify::Outcome> outcomes;
  std::vector<std::string> errors;  // bad input, and named containers that could not be verified
  // 1 when a container fails the policy, else 2 when something could not be verified, else 0.
  [[nodiscard]] int exit_code() const;
};
Pass verify_pass(const safepath::Procfs& proc, const VerifyRequest& r);

// Prometheus text into `file` through a temp file and rename (node_exporter's textfile
// collector never reads a half-written file).
Result<void> write_metrics(const std::string& file, const std::vector<verify::Outcome>& outcomes);

struct WatchOptions {
  std::chrono::milliseconds interval{10000};     // the full re-check
  std::string metrics_file;                      // "" : none
  std::function<void(const verify::Event&)> emit;  // each change, as it happens
  std::function<void(const std::string&)> warn;    // an error that does not stop the watch
};
// Until SIGINT or SIGTERM: a mount-table change of a container (poll(2) on its
// /proc/PID/mountinfo wakes on every change) or its init exiting (pidfd) re-checks that
// container at once; everything, discovery included, is re-checked every interval. Returns the
// last pass's exit code.
int verify_watch(const safepath::Procfs& proc, const VerifyRequest& r, const WatchOptions& w);

}  // namespace rampart::container
