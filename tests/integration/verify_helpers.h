// Helpers of the verify integration tests: run `rampart verify`, start a sleeping container, and
// break a running container from the host (mounts made inside its mount namespace from a forked
// child that setns()es into it; fds handed in; files of its cgroup rewritten).
#pragma once

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include "harness.h"

namespace rampart::testing {

// `rampart --root <the bundle's state root> verify ARGS` (behind $RAMPART_TEST_WRAPPER, so the
// no-openat2 pass resolves container paths with the fallback walker too).
inline Result verify(Bundle& b, const std::vector<std::string>& args, const RunOptions& opts = {}) {
  std::vector<std::string> argv;
  if (const char* w = std::getenv("RAMPART_TEST_WRAPPER"); w && *w) argv.push_back(w);
  argv.insert(argv.end(), {rampart_binary(), "--root", b.state_root().string(), "verify"});
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, opts);
}

struct Running {
  int pid = 0;
};

inline Running start_sleeper(Bundle& b, const std::string& id = {}) {
  b.set_args({"/bin/sleep", "600"});
  std::string name = id.empty() ? b.id() : id;
  Result r = b.run({"run", "-d", "--bundle", b.dir().string(), name});
  EXPECT_EQ(r.exit_code, 0) << r;
  Result s = b.run({"state", name});
  auto j = nlohmann::json::parse(s.out, nullptr, false);
  Running c;
  if (!j.is_discarded() && j.contains("pid")) c.pid = j["pid"].get<int>();
  EXPECT_GT(c.pid, 0) << s;
  return c;
}

// The harness config's own findings (uid 0 without a user namespace, no seccomp profile, no
// limits...) disabled, so that what is left is what the test did to the container.
inline fs::path quiet_policy(Bundle& b) {
  fs::path p = b.tmp() / "quiet-policy.json";
  nlohmann::json j = {{"disable",
                       {"RP-NS-007", "RP-NS-008", "RP-PRV-002", "RP-PRV-003", "RP-RES-001", "RP-RES-002"}}};
  std::ofstream(p) << j.dump();
  return p;
}

// Runs fn() in a forked child that joined the mount namespace of `pid`; returns the child's
// exit code (0 when fn() returned true).
inline int in_mount_ns(int pid, const std::function<bool()>& fn) {
  std::string ns = "/proc/" + std::to_string(pid) + "/ns/mnt";
  int fd = ::open(ns.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 100;
  pid_t child = ::fork();
  if (child == 0) {
    if (::setns(fd, CLONE_NEWNS) != 0) ::_exit(101);
    ::_exit(fn() ? 0 : 102);
  }
  ::close(fd);
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Binds the host's `host_path` onto `container_path` inside the running container: the tree is
// cloned on the host (open_tree), then attached from inside the container's mount namespace.
inline bool bind_into(int pid, const fs::path& host_path, const std::string& container_path, bool readonly) {
  int tree = ::open_tree(AT_FDCWD, host_path.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
  if (tree < 0) return false;
  if (readonly) {
    struct mount_attr attr {};
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (::mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) != 0) return false;
  }
  int rc = in_mount_ns(pid, [&] {
    return ::move_mount(tree, "", AT_FDCWD, container_path.c_str(), MOVE_MOUNT_F_EMPTY_PATH) == 0;
  });
  ::close(tree);
  return rc == 0;
}

// A child process running argv, killed and reaped when this goes.
class Spawned {
 public:
  explicit Spawned(std::vector<std::string> argv) {
    pid_ = ::fork();
    if (pid_ == 0) {
      int devnull = ::open("/dev/null", O_RDWR);
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
  }
  ~Spawned() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;
  int pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

inline std::string ns_of(int pid, const char* type) {
  char buf[64] = {};
  std::string p = "/proc/" + std::to_string(pid) + "/ns/" + type;
  ssize_t n = ::readlink(p.c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

// Waits until a process other than `init` is in the init's pid namespace.
inline bool wait_for_member(Bundle&, int init, std::chrono::milliseconds timeout = 5s) {
  std::string want = ns_of(init, "pid");
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    for (auto& e : fs::directory_iterator("/proc")) {
      std::string name = e.path().filename();
      if (name.find_first_not_of("0123456789") != std::string::npos || std::stoi(name) == init) continue;
      if (ns_of(std::stoi(name), "pid") == want) return true;
    }
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

// Kills every process of the init's pid namespace but the init and reaps them, when it goes.
// Processes that joined a container from outside (exec -d, nsenter) are reparented to the test
// (a subreaper) when their parent exits; until it reaps them the pid namespace cannot die, and
// the runtime's delete would wait for it.
class KillMembersAtEnd {
 public:
  explicit KillMembersAtEnd(int init) : init_(init), ns_(ns_of(init, "pid")) {}
  ~KillMembersAtEnd() {
    std::vector<int> pids;
    for (auto& e : fs::directory_iterator("/proc")) {
      std::string name = e.path().filename();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      int pid = std::stoi(name);
      if (pid != init_ && ns_of(pid, "pid") == ns_) pids.push_back(pid);
    }
    for (int pid : pids) ::kill(pid, SIGKILL);
    auto deadline = std::chrono::steady_clock::now() + 5s;
    for (int pid : pids)
      while (::waitpid(pid, nullptr, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
  }

 private:
  int init_;
  std::string ns_;
};

// The host file of `controller`'s cgroup file for the cgroup `pid` is in.
inline fs::path cgroup_file(int pid, const std::string& controller, const std::string& file) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    auto a = line.find(':'), b = line.find(':', a + 1);
    std::string ctls = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
    bool match = false;
    size_t i = 0;
    while (i <= ctls.size()) {
      size_t j = ctls.find(',', i);
      if (j == std::string::npos) j = ctls.size();
      match = match || ctls.substr(i, j - i) == controller;
      i = j + 1;
    }
    fs::path p = fs::path("/sys/fs/cgroup") / (ctls.empty() ? "unified" : ctls) / path.substr(1) / file;
    if (match && fs::exists(p)) return p;
    if (ctls.empty() && fs::exists(p)) return p;
  }
  return {};
}

// The config verify judges the container against: the copy its runtime keeps, else the bundle's.
inline fs::path config_in_state(Bundle& b) {
  fs::path kept = b.state_root() / b.id() / "config.json";
  return fs::exists(kept) ? kept : b.dir() / "config.json";
}

// Points the container's recorded init pid at `pid`, keeping the recorded start time.
inline bool repoint_state(Bundle& b, int pid) {
  fs::path p = b.state_root() / b.id() / "state.json";
  auto j = nlohmann::json::parse(read_file(p), nullptr, false);
  if (j.is_discarded()) return false;
  if (j.contains("init_process_pid")) j["init_process_pid"] = pid;
  else j["pid"] = pid;
  fs::path tmp = p.string() + ".test";
  std::ofstream(tmp) << j.dump();
  fs::rename(tmp, p);
  return true;
}

inline std::vector<nlohmann::json> findings_in(const std::string& out) {
  std::vector<nlohmann::json> fs;
  auto j = nlohmann::json::parse(out, nullptr, false);
  if (j.is_discarded()) return fs;
  for (const auto& c : j["containers"])
    if (c.contains("report"))
      for (const auto& f : c["report"]["findings"]) fs.push_back(f);
  return fs;
}

inline std::set<std::string> rules_in(const std::string& out) {
  std::set<std::string> r;
  for (const auto& f : findings_in(out)) r.insert(f["rule"].get<std::string>());
  return r;
}

inline nlohmann::json find(const std::vector<nlohmann::json>& fs, const std::string& rule, const std::string& field) {
  for (const auto& f : fs)
    if (f["rule"] == rule && f["field"] == field) return f;
  return nullptr;
}

inline bool has(const std::vector<nlohmann::json>& fs, const std::string& rule, const std::string& field) {
  return !find(fs, rule, field).is_null();
}

inline bool has_rule(const std::vector<nlohmann::json>& fs, const std::string& rule) {
  for (const auto& f : fs)
    if (f["rule"] == rule) return true;
  return false;
}

}  // namespace rampart::testing
