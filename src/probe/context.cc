// The concrete probe Context (see context.h).
#include "probe/context.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "probe/kit.h"
#include "util/subprocess.h"
#include "spec/defaults.h"
#include "util/path.h"

namespace rampart::probe {

std::atomic<bool> g_interrupted{false};

namespace {

void on_interrupt(int) { g_interrupted.store(true); }

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

bool mnt_id_of(int dirfd, const char* name, uint64_t& id, mode_t& mode) {
  struct statx stx {};
  if (::statx(dirfd, name, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, STATX_TYPE | STATX_MNT_ID, &stx) != 0)
    return false;
  id = stx.stx_mnt_id;
  mode = stx.stx_mode;
  return true;
}

// Removes `name` in parentfd; never descends into a directory on another mount than `mnt`.
bool remove_at(int parentfd, const char* name, uint64_t mnt) {
  uint64_t id = 0;
  mode_t mode = 0;
  if (!mnt_id_of(parentfd, name, id, mode)) return errno == ENOENT;
  if (!S_ISDIR(mode)) return ::unlinkat(parentfd, name, 0) == 0 || errno == ENOENT;
  if (id != mnt) return false;  // a mount point: never cross it
  int fd = ::openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return false;
  }
  bool ok = true;
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    names.emplace_back(e->d_name);
  }
  for (const auto& n : names) ok = remove_at(::dirfd(d), n.c_str(), mnt) && ok;
  ::closedir(d);
  if (ok) ok = ::unlinkat(parentfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT;
  return ok;
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking call returns EINTR and sees the flag
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

CommandResult exec_command(const std::vector<std::string>& argv, std::chrono::seconds timeout, const std::string& cwd) {
  CommandResult r;
  SubprocessOptions opts;
  opts.timeout = timeout;
  opts.cwd = cwd;
  opts.cancel = &g_interrupted;
  auto c = run_subprocess(argv, opts);
  if (!c) {
    r.exit_code = 127;
    r.err = "exec failed: " + c.error().message();
    return r;
  }
  r.exit_code = c->exit_code;
  r.out = std::move(c->out);
  r.err = std::move(c->err);
  if (c->cancelled) r.err += "\n[probe: interrupted, command killed]";
  if (c->timed_out) r.err += "\n[probe: timed out after " + std::to_string(timeout.count()) + "s, command killed]";
  return r;
}

std::string make_temp_dir(const std::string& tag) {
  const char* base = std::getenv("TMPDIR");
  std::string b = (base && *base) ? base : "/tmp";
  std::string tmpl = b + "/rampart-probe-" + tag + "-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) throw std::runtime_error(errno_text("mkdtemp " + tmpl));
  char* real = ::realpath(buf.data(), nullptr);
  if (!real) throw std::runtime_error(errno_text("realpath " + std::string(buf.data())));
  std::string r = real;
  std::free(real);
  return r;
}

std::vector<std::string> mounts_under(const std::string& dir) {
  std::vector<std::string> out;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string id, parent, dev, root, mp;
    if (!(f >> id >> parent >> dev >> root >> mp)) continue;
    mp = unescape_mountinfo(mp);
    if (path_within(mp, dir)) out.push_back(mp);
  }
  return out;
}

bool remove_tree(const std::string& dir) {
  if (dir.empty() || dir == "/") return false;
  for (int round = 0; round < 16; ++round) {
    auto ms = mounts_under(dir);
    if (ms.empty()) break;
    std::sort(ms.begin(), ms.end(), [](const std::string& a, const std::string& b) {
      return std::count(a.begin(), a.end(), '/') > std::count(b.begin(), b.end(), '/');
    });
    for (const auto& m : ms) ::umount2(m.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW);
  }
  if (!mounts_under(dir).empty()) return false;
  auto slash = dir.find_last_of('/');
  std::string parent = slash == 0 ? "/" : dir.substr(0, slash);
  std::string name = dir.substr(slash + 1);
  int pfd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (pfd < 0) return false;
  uint64_t mnt = 0;
  mode_t mode = 0;
  bool ok = mnt_id_of(pfd, "", mnt, mode) && remove_at(pfd, name.c_str(), mnt);
  ::close(pfd);
  return ok;
}

// ---- template rootfs ----

RootfsTemplate::~RootfsTemplate() {
  if (!owned_dir_.empty() && !keep_) remove_tree(owned_dir_);
}

std::string RootfsTemplate::prepare(const std::string& given, bool keep) {
  keep_ = keep;
  if (!given.empty()) {
    char* real = ::realpath(given.c_str(), nullptr);
    if (!real) return errno_text("--rootfs " + given);
    path_ = real;
    std::free(real);
    struct stat st {};
    if (::stat((path_ + "/bin/sh").c_str(), &st) != 0)
      return "--rootfs " + given + ": no bin/sh in it (a busybox rootfs is expected)";
    return "";
  }
  const char* busybox = "/bin/busybox";
  if (::access(busybox, X_OK) != 0)
    return "no --rootfs given and no /bin/busybox to build one (install Debian's busybox-static)";
  try {
    owned_dir_ = make_temp_dir("rootfs");
  } catch (const std::exception& e) {
    return e.what();
  }
  std::string root = owned_dir_ + "/rootfs";
  for (const char* d : {"", "/bin", "/proc", "/sys", "/dev", "/tmp", "/etc", "/root"}) {
    std::string p = root + d;
    if (::mkdir(p.c_str(), 0755) != 0) return errno_text("mkdir " + p);
  }
  ::chmod((root + "/tmp").c_str(), 01777);
  auto cp = exec_command({"cp", busybox, root + "/bin/busybox"}, std::chrono::seconds(30));
  if (cp.exit_code != 0) return "copying " + std::string(busybox) + ": " + cp.err;
  auto list = exec_command({root + "/bin/busybox", "--list"}, std::chrono::seconds(10));
  if (list.exit_code != 0) return "busybox --list: " + list.err;
  for (const auto& applet : fields(list.out)) {
    if (applet == "busybox" || applet.find('/') != std::string::npos) continue;
    std::string link = root + "/bin/" + applet;
    if (::symlink("busybox", link.c_str()) != 0 && errno != EEXIST) return errno_text("symlink " + link);
  }
  {
    std::ofstream pw(root + "/etc/passwd");
    pw << "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
    std::ofstream gr(root + "/etc/group");
    gr << "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n";
    if (!pw || !gr) return "writing /etc/passwd or /etc/group in " + root;
  }
  path_ = root;
  return "";
}

// ---- bundles ----

void Bundle::write() const {
  std::string path = dir + "/config.json";
  std::ofstream f(path, std::ios::trunc);
  f << config.dump(2) << "\n";
  f.close();
  if (!f) throw std::runtime_error("writing " + path);
}

nlohmann::json default_bundle_config() {
  auto c = nlohmann::json::parse(spec::default_config_json(false));
  c["process"]["terminal"] = false;
  c["process"]["args"] = nlohmann::json::array({"/bin/true"});
  c["root"] = {{"path", "rootfs"}, {"readonly", false}};
  c["linux"]["namespaces"] = nlohmann::json::array(
      {{{"type", "pid"}}, {{"type", "network"}}, {{"type", "ipc"}}, {{"type", "uts"}}, {{"type", "mount"}},
       {{"type", "cgroup"}}});
  return c;
}

bool detect_rampart(const std::string& runtime) {
  auto r = exec_command({runtime, "--version"}, std::chrono::seconds(10));
  if (r.exit_code == 0) return r.out.find("rampart") != std::string::npos;
  auto slash = runtime.find_last_of('/');
  std::string base = slash == std::string::npos ? runtime : runtime.substr(slash + 1);
  return base.find("rampart") != std::string::npos;
}

// ---- ProbeContext ----

ProbeContext::ProbeContext(ContextOptions opts) : opts_(std::move(opts)) {
  workdir_ = make_temp_dir("case");
  state_root_ = workdir_ + "/state";
  if (::mkdir(state_root_.c_str(), 0700) != 0) {
    int e = errno;
    remove_tree(workdir_);
    throw std::runtime_error("mkdir " + state_root_ + ": " + std::strerror(e));
  }
}

ProbeContext::~ProbeContext() { cleanup(); }

Bundle ProbeContext::make_bundle(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == ".." || name == "state")
    throw std::runtime_error("bad bundle name '" + name + "'");
  Bundle b;
  b.dir = workdir_ + "/" + name;
  b.rootfs = b.dir + "/rootfs";
  if (::mkdir(b.dir.c_str(), 0755) != 0) throw std::runtime_error(errno_text("mkdir " + b.dir));
  auto r = exec_command({"cp", "-a", opts_.rootfs_template, b.rootfs}, std::chrono::seconds(60));
  if (r.exit_code != 0) throw std::runtime_error("copying the template rootfs: " + r.err);
  b.config = default_bundle_config();
  // A cgroup of its own: cases run in parallel (and against several runtimes at once) reuse
  // container ids, and the cgroup hierarchy is the one thing their private state roots share.
  std::string suffix = workdir_.substr(workdir_.find_last_of('-') + 1);
  b.config["linux"]["cgroupsPath"] = "/rampart-probe-" + suffix + "-" + name;
  return b;
}

std::vector<std::string> ProbeContext::runtime_argv(const std::string& binary, const std::string& state_root) const {
  std::vector<std::string> argv;
  // The test suites run rampart under a wrapper (no-openat2 forces the fallback resolver).
  if (opts_.runtime_is_rampart) {
    const char* w = std::getenv("RAMPART_TEST_WRAPPER");
    if (w && *w)
      for (auto& part : fields(w)) argv.push_back(part);
  }
  argv.push_back(binary);
  argv.push_back("--root");
  argv.push_back(state_root);
  return argv;
}

std::vector<std::string> ProbeContext::runtime_argv() const { return runtime_argv(opts_.runtime, state_root_); }

CommandResult ProbeContext::runtime_cmd(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  std::vector<std::string> argv = runtime_argv();
  argv.insert(argv.end(), args.begin(), args.end());
  return exec_command(argv, timeout, workdir_);
}

CommandResult ProbeContext::run(const Bundle& b, const std::string& id) {
  track(id);
  return runtime_cmd({"run", "--bundle", b.dir, id});
}

// In the workdir: a runtime that takes a path from its command line relative to its cwd puts
// what it makes there, not wherever the probe was started.
CommandResult ProbeContext::host_cmd(const std::vector<std::string>& argv, std::chrono::seconds timeout) {
  return exec_command(argv, timeout, workdir_);
}

void ProbeContext::track(const std::string& id) {
  if (std::find(tracked_.begin(), tracked_.end(), id) == tracked_.end()) tracked_.push_back(id);
}

std::string ProbeContext::cleanup() {
  if (cleaned_) return "";
  cleaned_ = true;
  std::string note;
  // Deleting must not be cut short by an interruption that is already being handled.
  bool was = g_interrupted.exchange(false);
  for (const auto& id : tracked_) runtime_cmd({"delete", "-f", id}, std::chrono::seconds(20));
  g_interrupted.store(was || g_interrupted.load());
  if (opts_.keep) {
    auto ms = mounts_under(workdir_);
    std::sort(ms.begin(), ms.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const auto& m : ms) ::umount2(m.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW);
    return "";
  }
  if (!remove_tree(workdir_)) note = "could not remove all of " + workdir_;
  return note;
}

}  // namespace rampart::probe
