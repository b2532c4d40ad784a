// What the probe measured against the peer runtimes: one row per case, one column per peer.
// Data, not behaviour: no case reads it. tests/attacks asserts the deterministic entries (proof
// that each detector detects), README.md and docs/security.md show the same table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "probe/case.h"

namespace rampart::probe {

// A runtime rampart is measured against, as installed from Debian.
struct PeerRuntime {
  std::string name;     // "runc"
  std::string binary;   // "/usr/sbin/runc"
  std::string version;  // the version the table was measured with
  // crun 1.8.1 cannot run on a hybrid cgroup host while cgroup2 is mounted at
  // /sys/fs/cgroup/unified: it must run in a mount namespace where that is unmounted.
  bool needs_unified_cgroup_unmounted = false;
};
const std::vector<PeerRuntime>& peer_runtimes();
const PeerRuntime* find_peer(const std::string& name);

struct ExpectedVerdict {
  Verdict verdict = Verdict::Resisted;  // what was measured
  // The outcome depends on a race (or on timing) against this peer: measured, shown, never
  // asserted.
  bool racy = false;
};

// nullopt when the case was not measured against that peer.
std::optional<ExpectedVerdict> expected_verdict(const std::string& peer, const std::string& case_name);

// The case names the table has rows for, in table order (a test checks they all exist).
std::vector<std::string> peer_verdict_rows();

}  // namespace rampart::probe
