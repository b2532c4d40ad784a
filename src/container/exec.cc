// exec: start another process inside a running container, in all its namespaces and cgroup.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "container/bundle.h"
#include "container/launch.h"
#include "container/lifecycle.h"
#include "container/process_checks.h"
#include "linux/mount/host_namespace.h"
#include "linux/process/credentials.h"
#include "linux/process/exec_init.h"
#include "linux/process/namespaces.h"
#include "linux/process/pty_relay.h"
#include "linux/process/settings.h"
#include "linux/process/seccomp_listener.h"
#include "linux/process/spawn.h"
#include "linux/process/sync.h"
#include "spec/parse.h"

namespace rampart::container {
namespace {

using process::Msg;

Result<spec::Process> build_process(const ExecOptions& o, const spec::Config& c) {
  if (!o.process_file.empty()) {
    std::string text = TRY(read_file(o.process_file));
    auto p = spec::parse_process(text);
    if (!p) return std::unexpected(p.error().within(o.process_file));
    return *p;
  }
  if (o.args.empty()) return fail("exec", "no command given (and no --process)");
  spec::Process p = c.process.value_or(spec::Process{});
  p.args = o.args;
  p.terminal = o.tty;
  for (const auto& e : o.env) p.env.push_back(e);
  if (!o.cwd.empty()) p.cwd = o.cwd;
  if (!o.user.empty()) {
    auto colon = o.user.find(':');
    try {
      p.user.uid = static_cast<uint32_t>(std::stoul(o.user.substr(0, colon)));
      if (colon != std::string::npos) p.user.gid = static_cast<uint32_t>(std::stoul(o.user.substr(colon + 1)));
    } catch (const std::exception&) {
      return fail("exec", "--user must be UID[:GID]", o.user);
    }
  }
  if (!o.additional_gids.empty()) p.user.additional_gids = o.additional_gids;
  if (!o.caps.empty()) {
    spec::Capabilities caps = p.capabilities.value_or(spec::Capabilities{});
    for (auto* set : {&caps.bounding, &caps.effective, &caps.permitted, &caps.inheritable, &caps.ambient})
      for (const auto& cap : o.caps) set->push_back(cap);
    p.capabilities = caps;
  }
  if (o.no_new_privs) p.no_new_privileges = true;
  if (!o.apparmor.empty()) p.apparmor_profile = o.apparmor;
  if (!o.process_label.empty()) p.selinux_label = o.process_label;
  return p;
}

// A pidfd of the container's init, accepted only if the process it pins has the start time
// recorded at create: opened first and checked after, so a recycled pid is never joined.
Result<UniqueFd> open_init(const State& s) {
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, s.pid, 0)));
  if (!pidfd) return fail("", "cannot exec in a stopped container");
  if (s.pid_start_time != 0 && process_start_time(s.pid) != s.pid_start_time)
    return fail("", "cannot exec in a stopped container");
  return pidfd;
}

}  // namespace

Result<int> exec(const std::string& root, const ExecOptions& o) {
  Store store(root);
  State s;
  spec::Config config;
  {
    ContainerDir dir = TRY(store.read(o.id));  // a reader: no lock (store.h)
    s = TRY(dir.load());
    Status st = current_status(dir, s);
    if (st == Status::Stopped) return fail("", "cannot exec in a stopped container");
    // runc's --ignore-paused: the process is started all the same; it joins the frozen
    // cgroup and so stays frozen, with the container, until `resume` (exec waits until then).
    if (st == Status::Paused && !o.ignore_paused)
      return fail("", "cannot exec in a paused container (use --ignore-paused to override)");
    std::string text = TRY(dir.load_config());
    config = TRY(spec::parse_config(text));
  }
  spec::Process p = TRY(build_process(o, config));
  TRY_VOID(spec::validate_process(p));
  TRY_VOID(check_process_on_host(p, o.process_file.empty() ? "process" : ""));
  warn_ignored(p);
  if (p.terminal && o.console_socket.empty() && o.detach)
    return fail("exec", "cannot allocate a tty for a detached process without --console-socket");

  cgroup::Paths cgroup_paths = s.cgroup_paths;
  if (!o.cgroups.empty()) cgroup_paths = TRY(cgroup::sub_cgroup_paths(s.cgroup_paths, o.cgroups));

  UniqueFd init = TRY(open_init(s));
  int join = TRY(process::namespaces_to_join(init.get(), s.pid));
  auto [console, console_peer] = TRY(console_endpoints(o.console_socket, p.terminal));
  auto [ours, theirs] = TRY(sync_socketpair());

  process::ExecRequest req;
  req.process = &p;
  req.seccomp = config.linux && config.linux->seccomp ? &*config.linux->seccomp : nullptr;
  req.personality = config.linux && config.linux->personality ? &*config.linux->personality : nullptr;
  // Compiled (and a notifying profile's listener connected) before anything starts, as for
  // `create` (launch.cc).
  std::optional<process::SeccompFilter> filter;
  UniqueFd listener;
  if (req.seccomp) {
    filter = TRY(process::compile_seccomp(*req.seccomp, root));
    if (filter->notify) {
      listener = TRY(process::connect_seccomp_listener(req.seccomp->listener_path));
      req.seccomp_state = oci_state_json(s, Status::Running, -1);
    }
  }
  req.seccomp_filter = filter ? &*filter : nullptr;
  req.seccomp_listener_fd = listener.get();
  req.init_pidfd = init.get();
  req.join_flags = join;
  UniqueFd container_root;
  if (s.host_mounts_base)
    container_root = TRY(mount::container_root_in_host_namespace(s.rootfs, s.host_mounts_base));
  req.root_fd = container_root.get();
  req.sync_fd = theirs.get();
  req.console_socket_fd = console.get();
  req.preserve_fds = o.preserve_fds;

  sigset_t set = forwarded_signals(), old;
  if (!o.detach) ::sigprocmask(SIG_BLOCK, &set, &old);
  // The set-up stage (exec_init.h): put in the cgroup here, it forks the process itself once it
  // is inside the container, as our child (CLONE_PARENT).
  // execCPUAffinity.initial: the stage is born on those CPUs, before it joins the cgroup (as
  // runc starts it from a thread set to them); ours come back once it exists.
  std::vector<unsigned long> own_cpus;
  if (p.exec_cpu_affinity && !p.exec_cpu_affinity->initial.empty())
    own_cpus = TRY(process::swap_cpu_affinity(p.exec_cpu_affinity->initial));
  auto spawned = process::spawn(0);
  if (spawned && spawned->pid == 0) {
    ours.reset();
    process::exec_init(req);
  }
  if (!own_cpus.empty()) process::restore_cpu_affinity(own_cpus);
  process::Spawned stage = TRY(std::move(spawned));
  theirs.reset();
  console.reset();
  init.reset();
  listener.reset();
  pid_t pid = 0;
  UniqueFd pidfd;
  auto kill_all = [&] {  // through pidfds: a reaped stage's pid may already be another's
    ::syscall(SYS_pidfd_send_signal, stage.pidfd.get(), SIGKILL, nullptr, 0);
    ::waitpid(stage.pid, nullptr, 0);
    if (pidfd) {
      ::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0);
      ::waitpid(pid, nullptr, 0);
    }
  };
  if (auto cg = cgroup::manager_from_paths(cgroup_paths)) {
    if (auto r = cg->add_pid(stage.pid); !r) {
      kill_all();
      return std::unexpected(r.error());
    }
  }
  auto setup = [&]() -> Result<UniqueFd> {
    TRY_VOID(process::send_msg(ours.get(), Msg::Go));
    process::Message child = TRY(process::expect_msg(ours.get(), Msg::Child));
    pid = child.value;
    // Our child (CLONE_PARENT) and not yet reaped: its pid cannot have been reused.
    pidfd.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd) return sys_error("exec: pidfd_open", std::to_string(pid));
    ::waitpid(stage.pid, nullptr, 0);
    TRY(process::expect_msg(ours.get(), Msg::Ready));
    TRY_VOID(process::set_rlimits(pid, p.rlimits));  // from the host user namespace (credentials.h)
    UniqueFd master;
    if (console_peer) master = TRY(process::receive_pty_master(console_peer.get()));
    TRY_VOID(process::send_msg(ours.get(), Msg::Start, pid));
    auto m = process::recv_msg(ours.get());  // closes on a successful execve
    if (m && m->type == Msg::Failed) return std::unexpected(Error{{}, {}, 0, m->text});
    return master;
  };
  auto master = setup();
  if (!master) {
    kill_all();
    return std::unexpected(master.error());
  }
  if (!o.pid_file.empty()) TRY_VOID(write_pid_file(o.pid_file, pid));
  if (o.detach) return 0;
  return forward_until_exit(pid, pidfd.get(), set, master->get());
}

}  // namespace rampart::container
