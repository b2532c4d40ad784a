// Helpers for rampart's integration tests: one small container per test, one assertion.
//
// The runtime under test is $RAMPART_TEST_RUNTIME when set ("runc", "crun" or a path), else the
// rampart binary of this build tree. Every Bundle has its own temp dir holding the bundle and a
// private state root (--root), a unique container id, and cleans up after itself: `delete -f`,
// then a check that nothing is left behind (state dir, cgroup dir, mount), then removal.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace rampart::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// What a finished command did. exit_code is 128+N when the process was killed by signal N, and
// -1 when it was killed by the harness on timeout (the test has already been failed then).
struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
  bool timed_out = false;
  bool ok() const { return exit_code == 0; }
};
std::ostream& operator<<(std::ostream& os, const Result& r);

struct RunOptions {
  std::string input;                          // written to stdin (stdin is /dev/null when empty)
  std::chrono::milliseconds timeout = 30s;    // then SIGKILL the process group and fail the test
  std::optional<fs::path> output_file;        // stdout+stderr to this file (appended) instead of
                                              // pipes: for commands whose children outlive them
  std::vector<std::string> extra_env;         // "K=V" added to the inherited environment
};

// Run argv[0] (looked up in PATH when it has no '/') and collect its output. Output is read until
// the process exits, then whatever is buffered: a container left running (run -d, create) may
// keep the pipes open, and that does not block the caller.
Result run_command(const std::vector<std::string>& argv, const RunOptions& opts = {});

// The runtime under test: a path or a name for PATH lookup.
std::string runtime();
// The runtime command: the runtime, behind $RAMPART_TEST_WRAPPER when that is set.
std::vector<std::string> runtime_argv();
bool runtime_is_runc();
// This build's rampart binary (RAMPART_BINARY_DIR/rampart), whatever runtime is under test.
std::string rampart_binary();

// The shared busybox rootfs (with /bin/rampart-testhelper), built by scripts/mkrootfs into
// RAMPART_BINARY_DIR/test-rootfs on first use and reused while the helper and the script are
// unchanged ($RAMPART_TEST_ROOTFS overrides). Never write to it: it is used read-only by all tests.
const fs::path& shared_rootfs();

// Path of the helper inside the container.
inline constexpr const char* kHelper = "/bin/rampart-testhelper";

// The config.json `runc spec` writes, with terminal false, the given args, and root.path set to
// the absolute path of the shared rootfs (read-only).
nlohmann::json default_config(const std::vector<std::string>& args);

class Bundle {
 public:
  explicit Bundle(std::vector<std::string> args = {kHelper, "pid"});
  ~Bundle();
  Bundle(const Bundle&) = delete;
  Bundle& operator=(const Bundle&) = delete;

  const std::string& id() const { return id_; }
  std::string new_id();                              // another unique id, cleaned up as well
  const fs::path& tmp() const { return tmp_; }       // per-test temp dir (0755)
  const fs::path& dir() const { return dir_; }       // the bundle dir (tmp/bundle)
  const fs::path& state_root() const { return state_; }  // passed as --root (tmp/state)

  nlohmann::json& config() { return config_; }
  void set_args(std::vector<std::string> args);
  // Give this bundle a writable copy of the rootfs (`cp -a` into dir/rootfs); sets root.path to
  // "rootfs" and root.readonly false. Returns the copy's path. Needed by any test that mounts
  // onto a path missing from the rootfs (the runtime creates the mountpoint).
  fs::path private_rootfs();
  // Add a bind mount of a host path at the same absolute path in the container.
  void bind_same_path(const fs::path& host_path, bool readonly = false);

  // Write config.json (done automatically before each runtime command unless write_raw was used).
  void write();
  // Write config.json verbatim and stop writing config() from then on.
  void write_raw(const std::string& text);

  // `<runtime> --root <state_root> args...`
  Result run(const std::vector<std::string>& args, const RunOptions& opts = {});
  // Convenience wrappers on this bundle and id().
  Result run_container(const RunOptions& opts = {});         // run --bundle dir id
  Result create(const std::vector<std::string>& extra = {}); // create --bundle dir [extra] id;
                                                              // container stdio -> container_output
  Result start() { return run({"start", id_}); }
  Result state() { return run({"state", id_}); }
  std::string status();              // state's "status" field, or "" if state failed
  nlohmann::json state_json();       // parsed state (fails the test if it does not parse)
  Result kill(const std::string& sig, bool all = false);
  Result remove(bool force = false);  // delete
  // Wait (up to timeout) until status() == want; returns the last status seen.
  std::string wait_status(const std::string& want, std::chrono::milliseconds timeout = 10s);
  // What the container wrote to its stdout/stderr when started by create().
  std::string container_output() const;
  fs::path container_output_path() const { return tmp_ / "container.out"; }

  // Anything of this bundle's containers still present: entries under the state root, cgroup
  // dirs named after an id, host mounts under tmp(). Empty when clean.
  std::vector<std::string> leftovers() const;

 private:
  std::string id_;
  std::vector<std::string> ids_;
  fs::path tmp_, dir_, state_;
  nlohmann::json config_;
  bool auto_write_ = true;
};

// Read a whole file ("" if missing).
std::string read_file(const fs::path& p);
// Trim trailing whitespace/newlines.
std::string chomp(std::string s);
// Lines of /proc/self/mountinfo containing needle.
std::vector<std::string> host_mounts_containing(const std::string& needle);

}  // namespace rampart::testing

// Skip (rather than fail) a check that runc 1.1.5 is known to do differently from docs/compat.md, when
// the runtime under test is runc. For rampart the check is an ordinary expectation.
#define RAMPART_RUNC_DIFFERS(cond, why)                                                     \
  do {                                                                                      \
    if (!(cond) && ::rampart::testing::runtime_is_runc())                                   \
      GTEST_SKIP() << "known runc 1.1.5 difference from docs/compat.md: " << why;               \
    EXPECT_TRUE(cond) << why;                                                               \
  } while (0)
