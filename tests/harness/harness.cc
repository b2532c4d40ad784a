#include "harness.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#ifndef RAMPART_SOURCE_DIR
#error "RAMPART_SOURCE_DIR must be defined (tests/CMakeLists.txt)"
#endif
#ifndef RAMPART_BINARY_DIR
#error "RAMPART_BINARY_DIR must be defined (tests/CMakeLists.txt)"
#endif

extern char** environ;

namespace rampart::testing {

namespace {

// The state root's compiled-seccomp-filter cache (src/linux/process/seccomp_cache.h).
constexpr const char* kSeccompCacheDir = ".seccomp-cache";

[[noreturn]] void die(const std::string& what) {
  throw std::runtime_error(what + (errno ? std::string(": ") + std::strerror(errno) : ""));
}

// The harness is the subreaper of everything the runtime leaves behind (a created container's
// init is orphaned when `create` exits), as containerd's shim is. Zombies are reaped in ~Bundle.
void become_subreaper() {
  static std::once_flag once;
  std::call_once(once, [] { prctl(PR_SET_CHILD_SUBREAPER, 1); });
}

void reap_orphans() {
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

void set_cloexec_pipe(int p[2]) {
  if (pipe2(p, O_CLOEXEC) != 0) die("pipe2");
}

void drain(int fd, std::string& into) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return;  // EOF, EAGAIN or error
  }
}

std::string sanitize(std::string s, size_t max) {
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '-';
  if (s.size() > max) s.resize(max);
  return s;
}

// Remove a tree without crossing mount points and without following symlinks, so a mount that
// a buggy runtime leaked into the host is never emptied through it.
bool remove_tree(const fs::path& p) {
  if (!fs::exists(fs::symlink_status(p))) return true;
  static std::atomic<bool> ok;
  ok = true;
  nftw(
      p.c_str(),
      [](const char* path, const struct stat*, int type, struct FTW*) {
        int rc = (type == FTW_DP) ? rmdir(path) : unlink(path);
        if (rc != 0 && errno != ENOENT) ok = false;
        return 0;
      },
      64, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
  return ok && !fs::exists(fs::symlink_status(p));
}

std::string getenv_str(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const Result& r) {
  os << "exit " << r.exit_code << (r.timed_out ? " (timed out)" : "") << "\n--- stdout ---\n"
     << r.out << "\n--- stderr ---\n"
     << r.err << "\n";
  return os;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string chomp(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

std::vector<std::string> host_mounts_containing(const std::string& needle) {
  std::vector<std::string> found;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.find(needle) != std::string::npos) found.push_back(line);
  return found;
}

Result run_command(const std::vector<std::string>& argv, const RunOptions& opts) {
  become_subreaper();
  Result r;
  int out[2] = {-1, -1}, err[2] = {-1, -1}, in[2] = {-1, -1};
  int outfile = -1;
  if (opts.output_file) {
    outfile = open(opts.output_file->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (outfile < 0) die("open " + opts.output_file->string());
  } else {
    set_cloexec_pipe(out);
    set_cloexec_pipe(err);
  }
  if (!opts.input.empty()) set_cloexec_pipe(in);

  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
  for (auto& e : opts.extra_env) env_store.push_back(e);
  std::vector<char*> envp, args;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_store(argv);
  for (auto& a : argv_store) args.push_back(a.data());
  args.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    setpgid(0, 0);
    int devnull = open("/dev/null", O_RDWR);
    dup2(in[0] >= 0 ? in[0] : devnull, 0);
    dup2(outfile >= 0 ? outfile : out[1], 1);
    dup2(outfile >= 0 ? outfile : err[1], 2);
    syscall(SYS_close_range, 3, ~0U, 0);
    signal(SIGPIPE, SIG_DFL);
    if (argv_store[0].find('/') == std::string::npos)
      execvpe(args[0], args.data(), envp.data());
    else
      execve(args[0], args.data(), envp.data());
    dprintf(2, "exec %s: %s\n", args[0], strerror(errno));
    _exit(127);
  }
  setpgid(pid, pid);
  if (outfile >= 0) close(outfile);
  if (out[1] >= 0) close(out[1]);
  if (err[1] >= 0) close(err[1]);
  if (in[0] >= 0) close(in[0]);
  if (in[1] >= 0) {
    // Inputs are small (a process.json, a resources JSON): fits in the pipe buffer.
    signal(SIGPIPE, SIG_IGN);
    if (write(in[1], opts.input.data(), opts.input.size()) < 0) {
    }
    close(in[1]);
  }

  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) die("pidfd_open");
  for (int fd : {out[0], err[0]})
    if (fd >= 0) fcntl(fd, F_SETFL, O_NONBLOCK);

  auto deadline = std::chrono::steady_clock::now() + opts.timeout;
  bool exited = false;
  bool out_open = out[0] >= 0, err_open = err[0] >= 0;
  while (!exited) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                      std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      r.timed_out = true;
      break;
    }
    pollfd fds[3] = {{pidfd, POLLIN, 0}, {out_open ? out[0] : -1, POLLIN, 0},
                     {err_open ? err[0] : -1, POLLIN, 0}};
    int n = poll(fds, 3, static_cast<int>(left.count()));
    if (n < 0 && errno != EINTR) die("poll");
    if (n <= 0) continue;
    if (fds[0].revents) exited = true;
    for (int i : {1, 2}) {
      if (!fds[i].revents) continue;
      char buf[65536];
      ssize_t k = read(fds[i].fd, buf, sizeof buf);
      if (k > 0) (i == 1 ? r.out : r.err).append(buf, k);
      else if (k == 0 || (errno != EAGAIN && errno != EINTR)) (i == 1 ? out_open : err_open) = false;
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  close(pidfd);
  if (out[0] >= 0) {
    drain(out[0], r.out);
    close(out[0]);
  }
  if (err[0] >= 0) {
    drain(err[0], r.err);
    close(err[0]);
  }
  if (opts.output_file) r.out = read_file(*opts.output_file);

  if (r.timed_out) {
    r.exit_code = -1;
    std::string cmd;
    for (auto& a : argv) cmd += " " + a;
    ADD_FAILURE() << "timed out after " << opts.timeout.count() << " ms:" << cmd << "\n" << r;
  } else if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.exit_code = 128 + WTERMSIG(status);
  }
  return r;
}

std::string runtime() {
  std::string rt = getenv_str("RAMPART_TEST_RUNTIME");
  return rt.empty() ? rampart_binary() : rt;
}

std::vector<std::string> runtime_argv() {
  // RAMPART_TEST_WRAPPER runs the runtime under a wrapper: ctest's no-openat2 pass uses it to
  // force the fallback resolver through the whole integration suite.
  std::string wrapper = getenv_str("RAMPART_TEST_WRAPPER");
  if (wrapper.empty()) return {runtime()};
  return {wrapper, runtime()};
}

bool runtime_is_runc() { return fs::path(runtime()).filename() == "runc"; }

std::string rampart_binary() { return RAMPART_BINARY_DIR "/rampart"; }

const fs::path& shared_rootfs() {
  static std::once_flag once;
  static fs::path rootfs;
  std::call_once(once, [] {
    std::string override_dir = getenv_str("RAMPART_TEST_ROOTFS");
    if (!override_dir.empty()) {
      rootfs = fs::absolute(override_dir);
      return;
    }
    const fs::path dir = RAMPART_BINARY_DIR "/test-rootfs";
    const fs::path helper = RAMPART_BINARY_DIR "/tests/rampart-testhelper";
    const fs::path script = RAMPART_SOURCE_DIR "/scripts/mkrootfs";
    if (!fs::exists(helper))
      throw std::runtime_error(helper.string() + " missing: build target rampart-testhelper");

    // Several test processes may start at once (ctest -j runs each test as its own process):
    // one builds, the others wait and reuse. Rebuilt only when the helper or script changed,
    // because renaming the rootfs under a running container would pull it from under it.
    auto mtime = [](const fs::path& p) {
      return std::to_string(fs::last_write_time(p).time_since_epoch().count());
    };
    std::string stamp = std::to_string(fs::file_size(helper)) + ":" + mtime(helper) + ":" +
                        mtime(script) + ":" + std::to_string(fs::file_size(script)) + "\n";
    const fs::path stamp_file = dir / ".rampart-stamp";

    int lock = open(RAMPART_BINARY_DIR "/test-rootfs.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock < 0 || flock(lock, LOCK_EX) != 0) die("lock test-rootfs.lock");
    if (read_file(stamp_file) != stamp) {
      Result r = run_command({script.string(), dir.string(), helper.string()}, {.timeout = 120s});
      if (!r.ok()) {
        close(lock);
        std::ostringstream os;
        os << "scripts/mkrootfs failed: " << r;
        throw std::runtime_error(os.str());
      }
      std::ofstream(stamp_file) << stamp;
    }
    close(lock);
    rootfs = dir;
  });
  return rootfs;
}

nlohmann::json default_config(const std::vector<std::string>& args) {
  using nlohmann::json;
  json caps = {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  return json{
      {"ociVersion", "1.0.2-dev"},
      {"process",
       {{"terminal", false},
        {"user", {{"uid", 0}, {"gid", 0}}},
        {"args", args},
        {"env", {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"}},
        {"cwd", "/"},
        {"capabilities",
         {{"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"ambient", caps}}},
        {"rlimits", {{{"type", "RLIMIT_NOFILE"}, {"hard", 1024}, {"soft", 1024}}}},
        {"noNewPrivileges", true}}},
      {"root", {{"path", shared_rootfs().string()}, {"readonly", true}}},
      {"hostname", "runc"},
      {"mounts",
       {
           {{"destination", "/proc"}, {"type", "proc"}, {"source", "proc"}},
           {{"destination", "/dev"},
            {"type", "tmpfs"},
            {"source", "tmpfs"},
            {"options", {"nosuid", "strictatime", "mode=755", "size=65536k"}}},
           {{"destination", "/dev/pts"},
            {"type", "devpts"},
            {"source", "devpts"},
            {"options", {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}}},
           {{"destination", "/dev/shm"},
            {"type", "tmpfs"},
            {"source", "shm"},
            {"options", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}}},
           {{"destination", "/dev/mqueue"},
            {"type", "mqueue"},
            {"source", "mqueue"},
            {"options", {"nosuid", "noexec", "nodev"}}},
           {{"destination", "/sys"},
            {"type", "sysfs"},
            {"source", "sysfs"},
            {"options", {"nosuid", "noexec", "nodev", "ro"}}},
           {{"destination", "/sys/fs/cgroup"},
            {"type", "cgroup"},
            {"source", "cgroup"},
            {"options", {"nosuid", "noexec", "nodev", "relatime", "ro"}}},
       }},
      {"linux",
       {{"resources", {{"devices", {{{"allow", false}, {"access", "rwm"}}}}}},
        {"namespaces",
         {{{"type", "pid"}}, {{"type", "network"}}, {{"type", "ipc"}}, {{"type", "uts"}},
          {{"type", "mount"}}}},
        {"maskedPaths",
         {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
          "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
          "/proc/scsi"}},
        {"readonlyPaths",
         {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}}}}};
}

Bundle::Bundle(std::vector<std::string> args) {
  become_subreaper();
  config_ = default_config(args);  // builds the shared rootfs first (may throw)
  std::string base = getenv_str("RAMPART_TEST_TMPDIR");
  if (base.empty()) base = "/tmp";
  std::string tmpl = base + "/rampart-it-XXXXXX";
  if (!mkdtemp(tmpl.data())) die("mkdtemp " + tmpl);
  tmp_ = tmpl;
  chmod(tmp_.c_str(), 0755);
  dir_ = tmp_ / "bundle";
  state_ = tmp_ / "state";
  fs::create_directory(dir_);
  id_ = new_id();
}

std::string Bundle::new_id() {
  static std::atomic<int> counter{0};
  std::string name = "t";
  if (auto* info = ::testing::UnitTest::GetInstance()->current_test_info())
    name = sanitize(info->name(), 32);
  std::string id = name + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  ids_.push_back(id);
  return id;
}

void Bundle::set_args(std::vector<std::string> args) { config_["process"]["args"] = std::move(args); }

fs::path Bundle::private_rootfs() {
  fs::path copy = dir_ / "rootfs";
  if (!fs::exists(copy)) {
    Result r = run_command({"cp", "-a", "--", shared_rootfs().string(), copy.string()});
    if (!r.ok()) {
      std::ostringstream os;
      os << "cp -a rootfs failed: " << r;
      throw std::runtime_error(os.str());
    }
  }
  config_["root"] = {{"path", "rootfs"}, {"readonly", false}};
  return copy;
}

void Bundle::bind_same_path(const fs::path& host_path, bool readonly) {
  nlohmann::json opts = {"rbind"};
  if (readonly) opts.push_back("ro");
  config_["mounts"].push_back({{"destination", host_path.string()},
                               {"type", "bind"},
                               {"source", host_path.string()},
                               {"options", opts}});
}

void Bundle::write() {
  std::ofstream(dir_ / "config.json") << config_.dump(2);
}

void Bundle::write_raw(const std::string& text) {
  auto_write_ = false;
  std::ofstream(dir_ / "config.json") << text;
}

Result Bundle::run(const std::vector<std::string>& args, const RunOptions& opts) {
  if (auto_write_) write();
  std::vector<std::string> argv = runtime_argv();
  argv.insert(argv.end(), {"--root", state_.string()});
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, opts);
}

Result Bundle::run_container(const RunOptions& opts) {
  return run({"run", "--bundle", dir_.string(), id_}, opts);
}

Result Bundle::create(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"create", "--bundle", dir_.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(id_);
  return run(args, {.output_file = container_output_path()});
}

std::string Bundle::container_output() const { return read_file(container_output_path()); }

nlohmann::json Bundle::state_json() {
  Result r = state();
  EXPECT_EQ(r.exit_code, 0) << r;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "state output is not JSON:\n" << r;
  return j.is_discarded() ? nlohmann::json::object() : j;
}

std::string Bundle::status() {
  Result r = state();
  if (!r.ok()) return "";
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (j.is_discarded() || !j.contains("status") || !j["status"].is_string()) return "";
  return j["status"].get<std::string>();
}

std::string Bundle::wait_status(const std::string& want, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string s;
  while ((s = status()) != want && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  return s;
}

Result Bundle::kill(const std::string& sig, bool all) {
  if (all) return run({"kill", "--all", id_, sig});
  return run({"kill", id_, sig});
}

Result Bundle::remove(bool force) {
  if (force) return run({"delete", "--force", id_});
  return run({"delete", id_});
}

std::vector<std::string> Bundle::leftovers() const {
  std::vector<std::string> found;
  std::error_code ec;
  // The compiled-seccomp-filter cache (src/linux/process/seccomp_cache.h) is the state root's
  // own, kept across containers: not a container's leftover.
  if (fs::exists(state_, ec))
    for (auto& e : fs::directory_iterator(state_, ec))
      if (e.path().filename() != kSeccompCacheDir) found.push_back("state: " + e.path().string());

  // cgroup dirs named after one of our ids, anywhere near the top of each hierarchy.
  for (auto& hier : fs::directory_iterator("/sys/fs/cgroup", ec)) {
    std::error_code ec2;
    for (auto it = fs::recursive_directory_iterator(
             hier.path(), fs::directory_options::skip_permission_denied, ec2);
         it != fs::recursive_directory_iterator(); it.increment(ec2)) {
      if (ec2) break;
      if (it.depth() >= 3) it.disable_recursion_pending();
      if (!it->is_directory(ec2) || it->is_symlink(ec2)) continue;
      std::string name = it->path().filename().string();
      for (auto& id : ids_)
        if (name == id || name == id + ".scope" || name.ends_with("-" + id + ".scope"))
          found.push_back("cgroup: " + it->path().string());
    }
  }
  for (auto& m : host_mounts_containing(tmp_.string())) found.push_back("mount: " + m);
  return found;
}

Bundle::~Bundle() {
  for (auto& id : ids_) {
    RunOptions opts{.timeout = 20s};
    std::vector<std::string> argv = runtime_argv();
    argv.insert(argv.end(), {"--root", state_.string(), "delete", "--force", id});
    run_command(argv, opts);
  }
  reap_orphans();
  auto left = leftovers();
  std::string joined;
  for (auto& l : left) joined += "  " + l + "\n";
  EXPECT_TRUE(left.empty()) << "left behind after delete --force:\n" << joined;
  if (getenv_str("RAMPART_TEST_KEEP").empty() && !remove_tree(tmp_))
    ADD_FAILURE() << "could not remove " << tmp_ << " (something still mounted?)";
}

}  // namespace rampart::testing
