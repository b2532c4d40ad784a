// `rampart probe` and tests/attacks share these definitions: one Case per escape technique.
// A case builds a hostile bundle in its own temp dir from a busybox rootfs, drives the runtime
// under test only through its command line (with a private --root), and judges the boundary
// with canaries it created itself. It never writes a real host sysctl, core_pattern, binary,
// device or any file it did not create.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rampart::probe {

enum class Verdict { Resisted, Escaped, Broken, Skipped };
const char* verdict_name(Verdict v);  // "RESISTED", ...

// What a case attacks: one file per class under src/probe/cases/, in this order. docs/security.md
// describes each class, the CVEs of its shape and rampart's defence.
// Unscoped (with int as its type) so that code which still formats it with %d keeps compiling;
// attack_class_name() is what reports show.
enum AttackClass : int {
  Control = 0,        // a benign container: nothing else can be judged without it
  MaskedPaths,        // maskedPaths through the image's /dev/null
  Consoles,           // /dev/console, /dev/ptmx, /dev/pts from the image
  Procfs,             // runtime writes to /proc redirected by mounts
  MountDestinations,  // mount destinations and masked/readonly entries through image symlinks
  Races,              // names on a shared volume exchanged while the runtime resolves them
  FdsAndCwd,          // runtime fds and the cwd reaching the host
  RuntimeBinary,      // the runtime's own binary reachable for writing from inside
  Devices,            // device nodes and /dev written through image links or in a bound host /dev
  Sysctls,            // sysctl keys that leave their namespace
  BindSources,        // bind sources resolved on the host instead of inside the rootfs
  PidNamespace,       // a process visible in the container's pid namespace with the host's root
  Hooks,              // hooks with more privilege than the container, or stalling the runtime
  HostFiles,          // host files named on the command line (pid file, log)
  MountPropagation,   // mounts made for the container propagating back to the host
  OverlayDirs,        // overlay lowerdir/upperdir/workdir resolved on the host
  DeviceRules,        // cgroup device rules not enforced, or overridden
  HostMounts,         // the host's mounts left in the container's mount namespace
};
const char* attack_class_name(AttackClass c);  // "masked-paths", ...
// The classes whose cases loop against a racer: reported with their attempts and budget.
bool is_race_class(AttackClass c);

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
  // The command line that starts the runtime under test with the private state root:
  // [test wrapper (rampart only)] runtime --root <state root>. Cases that must run it under
  // another command (nsenter, unshare) put that in front.
  [[nodiscard]] virtual std::vector<std::string> runtime_argv() const = 0;
  // The same for another binary (a copy of the runtime) and another state root.
  [[nodiscard]] virtual std::vector<std::string> runtime_argv(const std::string& binary,
                                                              const std::string& state_root) const = 0;
  // Runs runtime_argv() + ARGS with a timeout; never throws.
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
  std::string name;                 // "masked-devnull-symlink"
  AttackClass attack_class = Control;
  std::vector<std::string> cves;    // {"CVE-2025-31133"}
  std::string summary;              // one sentence: the technique
  std::function<Outcome(Context&)> run;
};

// Every case, control first, then by attack class, in a stable order.
const std::vector<Case>& all_cases();

}  // namespace rampart::probe
