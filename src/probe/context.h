// The concrete probe Context: a private temp workdir and state root per case, a busybox
// template rootfs shared by the cases of one run, child processes with timeouts, and a cleanup
// that runs even when a case throws or the probe is interrupted.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "probe/case.h"

namespace rampart::probe {

// Set by the SIGINT/SIGTERM handler that install_interrupt_handlers() installs; child commands
// are killed and the runner cleans up and stops when it is set.
extern std::atomic<bool> g_interrupted;
void install_interrupt_handlers();

// Runs argv (argv[0] looked up in PATH) with stdin from /dev/null, stdout and stderr captured,
// no other fd open, in its own process group, in `cwd` (unless empty); kills the group on
// timeout (exit_code -1) or interruption. Returns when the child exits, even if a grandchild
// keeps the pipes open. Never throws.
CommandResult exec_command(const std::vector<std::string>& argv, std::chrono::seconds timeout,
                           const std::string& cwd = "");

// mkdtemp under $TMPDIR (or /tmp) with the name rampart-probe-<tag>-XXXXXX. Throws on failure.
std::string make_temp_dir(const std::string& tag);

// Unmounts (MNT_DETACH, deepest first) everything in /proc/self/mountinfo at or under dir, then
// removes dir recursively without crossing into any mount. Returns false (and leaves the rest)
// when something could not be removed.
bool remove_tree(const std::string& dir);

// Mount points at or under dir in this mount namespace (octal escapes decoded).
std::vector<std::string> mounts_under(const std::string& dir);

// A busybox rootfs template: from an existing directory, or built into a temp dir from the
// static /bin/busybox (Debian's busybox-static) with one symlink per applet.
class RootfsTemplate {
 public:
  RootfsTemplate() = default;
  RootfsTemplate(const RootfsTemplate&) = delete;
  RootfsTemplate& operator=(const RootfsTemplate&) = delete;
  ~RootfsTemplate();
  // Uses `given` when non-empty, else builds one. Returns an error message, empty on success.
  std::string prepare(const std::string& given, bool keep = false);
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string owned_dir_;  // removed by the destructor unless keep_
  bool keep_ = false;
};

struct ContextOptions {
  std::string runtime;           // path of the runtime binary under test
  bool runtime_is_rampart = false;
  std::string rootfs_template;   // path of a prepared template rootfs
  bool keep = false;             // leave the workdir (containers are still deleted)
  int race_attempts = 200;
  std::chrono::seconds race_budget{60};
};

// True when `runtime --version` says rampart (or, failing that, its basename is rampart).
bool detect_rampart(const std::string& runtime);

// The runc-spec-like default config of a probe bundle (terminal false, args ["/bin/true"],
// root.path "rootfs", readonly false, namespaces pid/network/ipc/uts/mount/cgroup).
// ProbeContext::make_bundle adds a cgroupsPath unique to the case and bundle.
nlohmann::json default_bundle_config();

class ProbeContext final : public Context {
 public:
  explicit ProbeContext(ContextOptions opts);  // creates the workdir; throws on failure
  ~ProbeContext() override;                    // cleanup()
  ProbeContext(const ProbeContext&) = delete;
  ProbeContext& operator=(const ProbeContext&) = delete;

  [[nodiscard]] const std::string& runtime() const override { return opts_.runtime; }
  [[nodiscard]] bool runtime_is_rampart() const override { return opts_.runtime_is_rampart; }
  [[nodiscard]] const std::string& workdir() const override { return workdir_; }
  Bundle make_bundle(const std::string& name) override;
  [[nodiscard]] std::vector<std::string> runtime_argv() const override;
  [[nodiscard]] std::vector<std::string> runtime_argv(const std::string& binary,
                                                      const std::string& state_root) const override;
  CommandResult runtime_cmd(const std::vector<std::string>& args,
                            std::chrono::seconds timeout = std::chrono::seconds(20)) override;
  CommandResult run(const Bundle& b, const std::string& id) override;
  CommandResult host_cmd(const std::vector<std::string>& argv,
                         std::chrono::seconds timeout = std::chrono::seconds(20)) override;
  [[nodiscard]] int race_attempts() const override { return opts_.race_attempts; }
  [[nodiscard]] std::chrono::seconds race_budget() const override { return opts_.race_budget; }
  void track(const std::string& id) override;

  [[nodiscard]] const std::string& state_root() const { return state_root_; }
  // delete -f of tracked ids, unmount leftovers under the workdir, remove it (unless keep).
  // Idempotent. Returns a note about anything that could not be cleaned ("" when all clean).
  std::string cleanup();

 private:
  ContextOptions opts_;
  std::string workdir_;
  std::string state_root_;
  std::vector<std::string> tracked_;
  bool cleaned_ = false;
};

}  // namespace rampart::probe
