#include "container/launch.h"

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>

#include "container/admission.h"
#include "container/bundle.h"
#include "linux/mount/attach.h"
#include "linux/process/hook.h"
#include "linux/process/init.h"
#include "linux/process/pty_relay.h"
#include "linux/process/spawn.h"
#include "linux/process/sync.h"
#include "linux/safepath/procfs.h"
#include "linux/safepath/root.h"
#include "util/log.h"

namespace rampart::container {
namespace {

using process::Msg;

// Undoes a half-made container: the init (and so its mount namespace and every mount in it),
// the cgroup, the state directory. Disarmed once create has succeeded.
struct Undo {
  ContainerDir* dir = nullptr;
  cgroup::Manager* cg = nullptr;
  int pidfd = -1;
  pid_t pid = 0;
  bool armed = true;
  ~Undo() {
    if (!armed) return;
    if (pidfd >= 0) {
      ::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
      ::waitpid(pid, nullptr, 0);
    }
    if (cg) (void)cg->destroy();
    if (dir) (void)dir->remove();
  }
};

struct Namespaces {
  uint64_t clone_flags = 0;
  unsigned long unshare_flags = 0;
  std::vector<std::pair<int, int>> join;  // (type, fd)
  std::vector<UniqueFd> fds;
  bool new_user = false;
  bool new_time = false;
};

int clone_flag(spec::NamespaceType t) {
  switch (t) {
    case spec::NamespaceType::Pid: return CLONE_NEWPID;
    case spec::NamespaceType::Network: return CLONE_NEWNET;
    case spec::NamespaceType::Mount: return CLONE_NEWNS;
    case spec::NamespaceType::Ipc: return CLONE_NEWIPC;
    case spec::NamespaceType::Uts: return CLONE_NEWUTS;
    case spec::NamespaceType::User: return CLONE_NEWUSER;
    case spec::NamespaceType::Cgroup: return CLONE_NEWCGROUP;
    case spec::NamespaceType::Time: return CLONE_NEWTIME;
  }
  return 0;
}

// New pid and user namespaces come from clone3 (the init is born in them); the others are
// unshared by the init once it is in its cgroup (so a new cgroup namespace is rooted there) and
// has joined any namespace given by path (user first, so new ones belong to it). A joined pid
// namespace and a new time namespace are entered by the runtime itself: both only take effect
// for children.
Result<Namespaces> plan_namespaces(const spec::Linux& linux) {
  Namespaces ns;
  for (const auto& n : linux.namespaces) {
    int flag = clone_flag(n.type);
    if (n.path.empty()) {
      if (flag == CLONE_NEWPID || flag == CLONE_NEWUSER) ns.clone_flags |= static_cast<uint64_t>(flag);
      else if (flag == CLONE_NEWTIME) ns.new_time = true;
      else ns.unshare_flags |= static_cast<unsigned long>(flag);
      ns.new_user = ns.new_user || flag == CLONE_NEWUSER;
      continue;
    }
    UniqueFd fd(::open(n.path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return sys_error(std::string("open ") + spec::namespace_name(n.type) + " namespace", n.path);
    if (flag == CLONE_NEWPID || flag == CLONE_NEWTIME) {
      if (::setns(fd.get(), flag) < 0)
        return sys_error(std::string("join ") + spec::namespace_name(n.type) + " namespace", n.path);
      continue;
    }
    auto entry = std::make_pair(flag, fd.get());
    if (flag == CLONE_NEWUSER) ns.join.insert(ns.join.begin(), entry);
    else ns.join.push_back(entry);
    ns.fds.push_back(std::move(fd));
  }
  return ns;
}

// runc's device rule order: the config's rules, then the devices every container may use,
// then rwm for each device the config creates. The cgroup starts from deny-all.
spec::Resources resources_with_device_defaults(const spec::Linux& linux) {
  spec::Resources r = linux.resources.value_or(spec::Resources{});
  for (auto& rule : cgroup::default_allowed_devices()) r.devices.push_back(rule);
  for (const auto& d : linux.devices) {
    if (d.type == 'p') continue;
    r.devices.push_back({true, std::string(1, d.type == 'u' ? 'c' : d.type), d.major, d.minor, "rwm"});
  }
  return r;
}

Result<void> enter_new_time_ns(const spec::Linux& linux) {
  if (::unshare(CLONE_NEWTIME) < 0) return sys_error("unshare time namespace");
  if (linux.time_offsets.empty()) return {};
  auto proc = TRY(safepath::Procfs::open_private());
  std::string text;
  for (const auto& [clock, off] : linux.time_offsets)
    text += clock + " " + std::to_string(off.secs) + " " + std::to_string(off.nanosecs) + "\n";
  return proc.write_file("self/timens_offsets", text);
}

std::string id_map_text(const std::vector<spec::IdMapping>& maps) {
  std::string text;
  for (const auto& m : maps)
    text += std::to_string(m.container_id) + " " + std::to_string(m.host_id) + " " + std::to_string(m.size) + "\n";
  return text;
}

// uid_map/gid_map are written through the runtime's private procfs (rule 3).
Result<void> write_id_maps(pid_t pid, const spec::Linux& linux) {
  auto proc = TRY(safepath::Procfs::open_private());
  std::string dir = std::to_string(pid) + "/";
  if (!linux.uid_mappings.empty()) TRY_VOID(proc.write_file(dir + "uid_map", id_map_text(linux.uid_mappings)));
  if (!linux.gid_mappings.empty()) TRY_VOID(proc.write_file(dir + "gid_map", id_map_text(linux.gid_mappings)));
  return {};
}

Result<void> run_hooks(const std::vector<spec::Hook>& hooks, const std::string& state, const char* phase) {
  for (const auto& h : hooks) TRY_VOID(process::run_hook(h, state, phase));
  return {};
}

// Drives the init through its set-up until it reports Ready, running the runtime-side hooks
// when it asks for them.
Result<void> drive_init(int sync, const spec::Config& c, const std::string& state_json) {
  for (;;) {
    auto m = TRY(process::recv_msg(sync));
    switch (m.type) {
      case Msg::RunHooks:
        TRY_VOID(run_hooks(c.hooks.prestart, state_json, "prestart"));
        TRY_VOID(run_hooks(c.hooks.create_runtime, state_json, "createRuntime"));
        TRY_VOID(process::send_msg(sync, Msg::HooksDone));
        break;
      case Msg::Ready: return {};
      case Msg::Failed: return std::unexpected(Error{{}, {}, 0, m.text});
      default: return fail("sync with container init", "unexpected message");
    }
  }
}

}  // namespace

Result<Launched> launch(const Store& store, const CreateOptions& opts, bool with_fifo) {
  Bundle b = TRY(load_bundle(opts.bundle));
  const spec::Config& c = b.config;
  const spec::Process& p = *c.process;
  if (p.terminal && opts.console_socket.empty() && !opts.own_console)
    return fail("create", "process.terminal is true but no --console-socket was given");
  if (!p.terminal && !opts.console_socket.empty())
    return fail("create", "--console-socket given but process.terminal is false");

  // Host bind sources are opened once, here: policy judges these fds and the init mounts these
  // same fds (inherited across clone), so nothing can be swapped in between (rule 10).
  std::vector<UniqueFd> source_fds;
  std::map<size_t, int> sources, trees;
  for (const auto& step : b.plan.steps) {
    if (step.kind != plan::StepKind::Mount || step.type != "bind" || step.source.empty() || step.source[0] != '/')
      continue;
    std::string clean = safepath::clean_path(step.source);
    if (clean.starts_with(b.rootfs + "/") || clean == b.rootfs) continue;  // the image's: resolved in the root
    UniqueFd fd(::open(step.source.c_str(), O_PATH | O_CLOEXEC));
    if (!fd) continue;  // judged by its written path; the init reports the failure to open it
    // The detached copy is made here, in the runtime's mount namespace where the fd's mount
    // lives (open_tree refuses a mount of another namespace); the init only moves it into place.
    UniqueFd tree = TRY(mount::clone_tree(fd.get(), step.options, step.source));
    sources[step.mount_index] = fd.get();
    trees[step.mount_index] = tree.get();
    source_fds.push_back(std::move(fd));
    source_fds.push_back(std::move(tree));
  }
  // Admission before anything exists: a refused bundle leaves nothing behind.
  TRY_VOID(enforce_policy(c, opts.id, opts.policy, b.bundle, &sources));
  ContainerDir dir = TRY(store.create(opts.id));
  std::unique_ptr<cgroup::Manager> cg;
  process::Spawned child;
  Undo undo;  // declared after what it undoes, so it runs before they are destroyed
  undo.dir = &dir;
  UniqueFd fifo;
  if (with_fifo) {
    if (::mknodat(dir.fd(), "exec.fifo", S_IFIFO | 0622, 0) < 0) return sys_error("create exec fifo", dir.fifo_path());
    // 0622 whatever the caller's umask (conmon's 022 made it 0600): the init of a user namespace
    // runs as an unprivileged host uid when it opens the fifo for writing.
    if (::fchmodat(dir.fd(), "exec.fifo", 0622, 0) < 0) return sys_error("chmod exec fifo", dir.fifo_path());
    fifo.reset(::openat(dir.fd(), "exec.fifo", O_PATH | O_CLOEXEC | O_NOFOLLOW));
    if (!fifo) return sys_error("open exec fifo", dir.fifo_path());
  }
  cg = TRY(cgroup::make_manager(opts.id, c.linux->cgroups_path));
  TRY_VOID(cg->create());
  undo.cg = cg.get();
  TRY_VOID(cg->apply(resources_with_device_defaults(*c.linux)));

  Namespaces ns = TRY(plan_namespaces(*c.linux));
  if (ns.new_time) TRY_VOID(enter_new_time_ns(*c.linux));
  auto [console, console_peer] = TRY(console_endpoints(opts.console_socket, p.terminal));
  auto [ours, theirs] = TRY(sync_socketpair());

  process::InitRequest req;
  req.config = &c;
  req.plan = &b.plan;
  req.id = opts.id;
  req.rootfs = b.rootfs;
  req.sync_fd = theirs.get();
  req.fifo_fd = fifo.get();
  req.console_socket_fd = console.get();
  req.preserve_fds = opts.preserve_fds;
  req.no_pivot = opts.no_pivot;
  req.no_new_keyring = opts.no_new_keyring;
  req.new_user_ns = ns.new_user;
  req.join_ns = ns.join;
  req.unshare_flags = ns.unshare_flags;
  req.cgroup_paths = cg->paths();
  req.bind_source_fds = &trees;

  child = TRY(process::spawn(ns.clone_flags));
  if (child.pid == 0) {
    // The state dir's flock is shared by this copy of its fd: drop it, or every other command
    // on the container would wait until the init execs.
    ::close(dir.fd());
    ours.reset();
    process::container_init(req);
  }
  undo.pid = child.pid;
  undo.pidfd = child.pidfd.get();
  theirs.reset();
  console.reset();
  fifo.reset();

  if (ns.new_user) TRY_VOID(write_id_maps(child.pid, *c.linux));
  TRY_VOID(cg->add_pid(child.pid));

  State s;
  s.id = opts.id;
  s.pid = child.pid;
  s.pid_start_time = process_start_time(child.pid);
  s.bundle = b.bundle;
  s.rootfs = b.rootfs;
  s.created = log::rfc3339_now();
  s.annotations = c.annotations;
  s.cgroup_paths = cg->paths();
  s.hooks.poststart = c.hooks.poststart;
  s.hooks.poststop = c.hooks.poststop;
  std::string hook_state = oci_state_json(s, Status::Creating, -1);
  TRY_VOID(process::send_msg(ours.get(), Msg::Go, child.pid,
                             hook_state + "\n" + oci_state_json(s, Status::Created, -1)));
  TRY_VOID(drive_init(ours.get(), c, hook_state));

  UniqueFd master;
  if (console_peer) master = TRY(process::receive_pty_master(console_peer.get()));
  TRY_VOID(dir.save_config(b.config_text));
  TRY_VOID(dir.save(s));
  if (!opts.pid_file.empty()) TRY_VOID(write_pid_file(opts.pid_file, child.pid));
  undo.armed = false;
  return Launched{std::move(dir), std::move(s), std::move(child.pidfd), std::move(ours), std::move(cg),
                  std::move(master)};
}

// containerd reads the pid file with Atoi: decimal, no newline; written to a temp file and
// renamed over the target (CRI-O pre-creates it).
Result<void> write_pid_file(const std::string& path, pid_t pid) {
  std::string tmp;
  auto slash = path.rfind('/');
  tmp = slash == std::string::npos ? "." + path : path.substr(0, slash + 1) + "." + path.substr(slash + 1);
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) return sys_error("write pid file", tmp);
  std::string text = std::to_string(pid);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    return sys_error("write pid file", tmp);
  if (::rename(tmp.c_str(), path.c_str()) < 0) return sys_error("write pid file", path);
  return {};
}

Result<UniqueFd> connect_console_socket(const std::string& path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return sys_error("console socket", path);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return fail("console socket", "path too long", path);
  std::memcpy(addr.sun_path, path.data(), path.size());
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
    return sys_error("connect to console socket", path);
  return fd;
}

Result<std::pair<UniqueFd, UniqueFd>> console_endpoints(const std::string& socket_path, bool terminal) {
  if (!socket_path.empty()) return std::pair{TRY(connect_console_socket(socket_path)), UniqueFd{}};
  if (!terminal) return std::pair{UniqueFd{}, UniqueFd{}};
  int cs[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, cs) < 0) return sys_error("console socketpair");
  return std::pair{UniqueFd(cs[1]), UniqueFd(cs[0])};
}

Result<std::pair<UniqueFd, UniqueFd>> sync_socketpair() {
  int sp[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0) return sys_error("socketpair");
  return std::pair{UniqueFd(sp[0]), UniqueFd(sp[1])};
}

Result<void> run_poststart(const State& s) {
  auto r = run_hooks(s.hooks.poststart, oci_state_json(s, Status::Running, -1), "poststart");
  if (!r) ::kill(s.pid, SIGKILL);
  return r;
}

Result<void> destroy(ContainerDir& dir, const State& s) {
  auto cg = cgroup::manager_from_paths(s.cgroup_paths);
  if (cg) {
    if (auto pids = cg->pids()) {
      for (int pid : *pids) ::kill(pid, SIGKILL);
    }
    (void)cg->thaw();
    TRY_VOID(cg->destroy());
  }
  for (const auto& h : s.hooks.poststop) {
    // runtime-spec: a failing poststop hook is logged and the deletion goes on.
    if (auto r = process::run_hook(h, oci_state_json(s, Status::Stopped, -1), "poststop"); !r)
      log::warn(r.error().message());
  }
  return dir.remove();
}

}  // namespace rampart::container

namespace rampart::container {

Result<void> create(const std::string& root, const CreateOptions& opts) {
  Store store(root);
  TRY(launch(store, opts, true));
  return {};
}

}  // namespace rampart::container
