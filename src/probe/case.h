// `rampart probe` and tests/attacks share these definitions: one Case per escape technique.
// A case builds a hostile bundle in its own temp dir from a busybox rootfs, drives the runtime
// under test only through its command line (with a private --root), and judges the boundary
// with canaries it created itself. It never writes a real host sysctl, core_pattern, binary or
// any file it did not create.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rampart::probe {

enum class Verdict { Resisted, Escaped, Broken, Skipped };
const char* verdict_name(Verdict v);  // "RESISTED", ...

struct Outcome {
  Verdict verdict = Verdict::Broken;
  std::string explanation;  // one sentence: what happened
};

struct CommandResult {
  int exit_code = -1;  // 128+N when killed by signal N; -1 when it could not run or timed out
  std::string out;
  std::string err;
};

// A bundle made for one case: <workdir>/<name>/ with config.json and a private copy of the
// rootfs (rootfs/) that the case may make hostile.
struct Bundle {
  std::string dir;
  std::string rootfs;          // <dir>/rootfs
  nlohmann::json config;       // runc-spec-like default: terminal false, args {"/bin/true"}
  void write() const;          // writes config.json
};

class Context {
 public:
  virtual ~Context() = default;
  // The runtime under test, e.g. "/usr/sbin/runc" or rampart itself.
  [[nodiscard]] virtual const std::string& runtime() const = 0;
  [[nodiscard]] virtual bool runtime_is_rampart() const = 0;
  // This case's private temp dir on the host (removed after the case): canaries live here.
  [[nodiscard]] virtual const std::string& workdir() const = 0;
  // A fresh bundle named `name` in workdir, rootfs copied from the busybox template.
  virtual Bundle make_bundle(const std::string& name) = 0;
  // Runs `runtime --root <private state root> ARGS...` with a timeout; never throws.
  virtual CommandResult runtime_cmd(const std::vector<std::string>& args,
                                    std::chrono::seconds timeout = std::chrono::seconds(20)) = 0;
  // Convenience: `run --bundle B ID` in the foreground, container output captured.
  virtual CommandResult run(const Bundle& b, const std::string& id) = 0;
  // Runs any host command (argv) with a timeout.
  virtual CommandResult host_cmd(const std::vector<std::string>& argv,
                                 std::chrono::seconds timeout = std::chrono::seconds(20)) = 0;
  // Bounds for racing cases, shown in the report.
  [[nodiscard]] virtual int race_attempts() const = 0;
  [[nodiscard]] virtual std::chrono::seconds race_budget() const = 0;
  // Remember a container id so cleanup runs `delete -f` on it even if the case fails half-way.
  virtual void track(const std::string& id) = 0;
};

struct Case {
  std::string name;                // "masked-devnull-symlink"
  int attack_class = 0;            // 0 = control; 1..11 as in the "Safe paths" issue
  std::vector<std::string> cves;   // {"CVE-2025-31133"}
  std::string summary;             // one sentence: the technique
  bool runc_115_escapes = false;   // Debian's runc 1.1.5 is known to fall to it (tests check)
  std::function<Outcome(Context&)> run;
};

// Every case, control first, in a stable order.
const std::vector<Case>& all_cases();

}  // namespace rampart::probe
