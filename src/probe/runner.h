// Runs probe cases against one runtime binary, each in its own ProbeContext, and judges the run.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "probe/case.h"

namespace rampart::probe {

struct RunOptions {
  std::string runtime;              // the runtime binary under test
  std::vector<std::string> cases;   // names, in order; empty = every case
  std::string rootfs;               // template rootfs; empty = build one from /bin/busybox
  bool keep = false;                // keep workdirs (containers are still deleted)
  bool with_control = true;         // run the control case first (always, unless false)
  int race_attempts = 200;
  std::chrono::seconds race_budget{60};
};

struct CaseResult {
  std::string name;
  AttackClass attack_class = Control;
  std::vector<std::string> cves;
  std::string summary;
  bool race = false;                // is_race_class: bounded by attempts and budget
  int race_attempts = 0;
  std::chrono::seconds race_budget{0};
  Outcome outcome;
  double seconds = 0;
  std::string workdir;              // only meaningful with keep
};

struct RunResult {
  std::string runtime;
  bool runtime_is_rampart = false;
  std::vector<CaseResult> results;
  bool interrupted = false;
  std::string error;                // a usage or set-up error that stopped the run
  int exit_code = 0;                // 0 all resisted/skipped, 1 escaped, 2 control broken or error, 130 SIGINT
};

// nullptr when no case has that name.
const Case* find_case(const std::string& name);

// Runs the selected cases (control first). Installs SIGINT/SIGTERM handlers; after an
// interruption the current case is cleaned up, the rest are not run, and exit_code is 130.
RunResult run_probe(const RunOptions& opts);

// One case against one runtime (no control), for tests. Builds its own template when
// rootfs is empty.
Outcome run_single(const std::string& runtime, const std::string& case_name, const std::string& rootfs = "");

}  // namespace rampart::probe
