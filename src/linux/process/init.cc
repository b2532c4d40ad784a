#include "linux/process/init.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <optional>

#include "linux/mount/rootfs.h"
#include "linux/process/console.h"
#include "linux/process/credentials.h"
#include "linux/process/exec.h"
#include "linux/process/fds.h"
#include "linux/process/finish.h"
#include "linux/process/handover.h"
#include "linux/process/home.h"
#include "linux/process/seccomp_listener.h"
#include "linux/process/hook.h"
#include "linux/process/lsm.h"
#include "linux/process/settings.h"
#include "linux/process/start_fifo.h"
#include "linux/process/sync.h"
#include "linux/safepath/procfs.h"
#include "linux/sys/syscalls.h"

namespace rampart::process {
namespace {

// Where the init stands with exec.fifo: once `start` has released it, failures go there.
struct StartChannel {
  int fifo = -1;  // exec.fifo, read-write; -1 without one (run)
  bool released = false;
};

// Every fd the runtime handed the init on purpose; everything else it inherited by clone (the
// runtime's log, bind sources it opened for policy, ...) is closed first thing.
std::vector<int> handed_over(const InitRequest& req) {
  std::vector<int> fds = {req.sync_fd, req.fifo_fd, req.console_socket_fd, req.late_pid_ns_fd, req.rootfs_fd,
                          req.seccomp_listener_fd};
  for (const auto& [type, fd] : req.join_ns) fds.push_back(fd);
  if (req.bind_sources)
    for (const auto& [index, source] : *req.bind_sources)
      if (source.tree >= 0) fds.push_back(source.tree);
  return fds;
}

// Becomes id 0 of the user namespace, or -- where the maps leave 0 unmapped (a rootless
// config mapping only the caller's own uid to 1000, say) -- the lowest mapped id, else the
// process's own. setresuid(0) there fails with EINVAL; any other id keeps every capability the
// namespace gave (the kernel drops them only on leaving uid 0, which this process never had
// there), and files the init creates (mount points, the console) get an owner the namespace
// can name (an unmapped fsuid makes every create fail with EOVERFLOW).
Result<void> become_ns_root(long call, const std::vector<spec::IdMapping>& maps, uint32_t own, const char* what) {
  if (::syscall(call, 0, 0, 0) == 0) return {};
  if (errno != EINVAL) return sys_error(std::string("become root in the user namespace (") + what + " 0)");
  std::vector<uint32_t> ids;
  for (const auto& m : maps) ids.push_back(m.container_id);
  std::sort(ids.begin(), ids.end());
  ids.push_back(own);
  for (uint32_t id : ids)
    if (::syscall(call, id, id, id) == 0) return {};
  return sys_error(std::string("user namespace: no ") + what + " the init can take (0 and " + std::to_string(own) +
                   " are unmapped)");
}

Result<void> enter_namespaces(const InitRequest& req) {
  for (const auto& [type, fd] : req.join_ns) {
    if (::setns(fd, type) < 0) return sys_error("join namespace", "fd " + std::to_string(fd));
    ::close(fd);
  }
  if (req.unshare_flags && ::unshare(static_cast<int>(req.unshare_flags)) < 0)
    return sys_error("unshare namespaces");
  // In a user namespace whose maps the runtime just wrote, become its root: the other
  // namespaces and all mounts are made with its capabilities.
  bool in_userns = req.new_user_ns || std::any_of(req.join_ns.begin(), req.join_ns.end(),
                                                  [](auto& p) { return p.first == CLONE_NEWUSER; });
  if (!in_userns) return {};
  const spec::Linux* l = req.config->linux ? &*req.config->linux : nullptr;
  TRY_VOID(become_ns_root(SYS_setresgid, l ? l->gid_mappings : std::vector<spec::IdMapping>{},
                          req.config->process->user.gid, "gid"));
  return become_ns_root(SYS_setresuid, l ? l->uid_mappings : std::vector<spec::IdMapping>{},
                        req.config->process->user.uid, "uid");
}

Result<void> set_names(const spec::Config& c) {
  if (!c.hostname.empty() && ::sethostname(c.hostname.data(), c.hostname.size()) < 0)
    return sys_error("sethostname", c.hostname);
  if (!c.domainname.empty() && ::setdomainname(c.domainname.data(), c.domainname.size()) < 0)
    return sys_error("setdomainname", c.domainname);
  return {};
}

// Sysctls are written through the runtime's private procfs (CVE-2025-52881: a config mount or
// the image can cover the container's /proc/sys with something else). Keys were validated
// against the allowed list by the runtime before clone.
Result<void> write_sysctls(const safepath::Procfs& proc, const spec::Config& c) {
  if (!c.linux) return {};
  for (const auto& [key, value] : c.linux->sysctl) {
    std::string rel = "sys/" + key;
    std::replace(rel.begin() + 4, rel.end(), '.', '/');
    TRY_VOID(proc.write_file(rel, value));
  }
  return {};
}

Result<void> run_hooks(const std::vector<spec::Hook>& hooks, const std::string& state, const char* phase,
                       const std::function<Result<void>()>& before_exec = {}) {
  for (const auto& h : hooks) TRY_VOID(run_hook(h, state, phase, before_exec));
  return {};
}

// Everything done with the host still in view: the private procfs, the rootfs and its mounts,
// the create-time hooks, the console, masks, pivot_root. Its fds (procfs, rootfs, the detached
// trees) are all closed when it returns; what it hands on is the console's slave.
Result<UniqueFd> assemble_rootfs(InitRequest& req, const std::string& creating_state) {
  const spec::Config& c = *req.config;
  const spec::Process& p = *c.process;
  safepath::Procfs proc = TRY(safepath::Procfs::open_private());
  TRY_VOID(write_sysctls(proc, c));

  mount::RootfsContext rctx{req.rootfs, c.linux ? c.linux->rootfs_propagation : "", req.new_user_ns,
                            req.cgroup_paths, req.bind_sources, req.rootfs_fd, req.shares_host_mounts};
  safepath::Root root = TRY(mount::prepare_rootfs(rctx));
  TRY_VOID(mount::apply_mounts_and_devices(root, *req.plan, rctx));
  // The detached trees are attached now: their fds go (each is a host mount), and so does the
  // checked rootfs directory (the Root holds the mounted one).
  if (req.bind_sources)
    for (const auto& [index, source] : *req.bind_sources)
      if (source.tree >= 0) ::close(source.tree);
  req.bind_sources = nullptr;
  if (req.rootfs_fd >= 0) ::close(req.rootfs_fd);
  req.rootfs_fd = -1;
  if (!c.hooks.prestart.empty() || !c.hooks.create_runtime.empty()) {
    TRY_VOID(send_msg(req.sync_fd, Msg::RunHooks));
    TRY(expect_msg(req.sync_fd, Msg::HooksDone));
  }
  TRY_VOID(run_hooks(c.hooks.create_container, creating_state, "createContainer"));
  UniqueFd console;
  if (p.terminal) console = TRY(setup_console(root, req.console_socket_fd, p.user.uid, p.console_size, true));
  if (req.console_socket_fd >= 0) ::close(req.console_socket_fd);
  req.console_socket_fd = -1;
  // After every mount (the cwd may be on one), before the root is made read-only, as runc.
  TRY_VOID(create_cwd(root, p.cwd));
  TRY_VOID(mount::apply_masks(root, *req.plan, c.root.readonly));
  TRY_VOID(mount::enter_root(root, *req.plan, req.no_pivot, req.shares_host_mounts));

  if (p.oom_score_adj) TRY_VOID(proc.write_file("self/oom_score_adj", std::to_string(*p.oom_score_adj)));
  TRY_VOID(apply_lsm_labels(proc, p));  // for the execve: startContainer hooks are confined too
  return console;
}

// A pid namespace joined by path holds other containers' processes: the init enters it only
// now, with the container's root, no fd of the host, and the process that carries on forked
// into it (handover.h). The stage exits here; the process that carries on gets the "created"
// state anew (its pid is not the stage's).
Result<std::string> enter_joined_pid_namespace(InitRequest& req) {
  if (::setns(req.late_pid_ns_fd, CLONE_NEWPID) < 0) return sys_error("join pid namespace");
  ::close(req.late_pid_ns_fd);
  req.late_pid_ns_fd = -1;
  pid_t pid = TRY(hand_over_to_child(req.sync_fd));
  if (pid > 0) _exit(0);
  Message go = TRY(expect_msg(req.sync_fd, Msg::Go));
  return go.text;
}

// Waits for `start` (exec.fifo) or, for `run`, for Msg::Start.
Result<void> wait_for_start(const InitRequest& req, StartChannel& ch) {
  if (ch.fifo < 0) {
    TRY(expect_msg(req.sync_fd, Msg::Start));
    return {};
  }
  TRY_VOID(wait_for_release(ch.fifo));
  ch.released = true;
  return {};
}

Result<void> init_steps(InitRequest& req, StartChannel& ch) {
  const spec::Config& c = *req.config;
  spec::Process p = *c.process;  // its env gains HOME below
  // CVE-2019-5736: until execve the init is a copy of the runtime; non-dumpable keeps the
  // container from opening its /proc/PID/exe, mem or fds. Born in a new user namespace, the
  // init stays dumpable until `Go`: an unprivileged (rootless) runtime writes its uid_map
  // itself, and a non-dumpable process's /proc files belong to root (runc's nsexec does the
  // same). Until `Go` nothing of the container exists, and the init's credentials are still the
  // caller's, so only the caller could reach it.
  if (!req.new_user_ns) ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);  // `run` blocks the signals it forwards
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);  // a create that dies takes its init along
  // CVE-2024-21626: the init starts with what it was handed and nothing else of the runtime.
  close_fds_except(req.preserve_fds, handed_over(req));
  Message go = TRY(expect_msg(req.sync_fd, Msg::Go));
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  // Two compact state objects, "creating" for createContainer and "created" for startContainer.
  std::string state = go.text.substr(0, go.text.find('\n'));
  std::string created_state = go.text.substr(go.text.find('\n') + 1);
  TRY_VOID(enter_namespaces(req));
  ::umask(0);  // device nodes and mount points get exactly the modes asked for
  TRY_VOID(set_names(c));
  UniqueFd console = TRY(assemble_rootfs(req, state));
  if (req.fifo_fd >= 0) {
    TRY_VOID(prepare_start_fifo(req.fifo_fd));
    ch.fifo = req.fifo_fd;
  }

  // Set by the runtime (credentials.h): in a new user namespace a raised hard limit is beyond
  // the init. After the mounts, before the change of credentials (RLIMIT_NPROC), as runc.
  if (!p.rlimits.empty()) {
    TRY_VOID(send_msg(req.sync_fd, Msg::Rlimits));
    TRY(expect_msg(req.sync_fd, Msg::Rlimits));
  }
  if (!req.no_new_keyring) {
    std::string name = "_ses." + req.id;
    (void)::syscall(SYS_keyctl, 1 /*KEYCTL_JOIN_SESSION_KEYRING*/, name.c_str());
  }
  if (console) TRY_VOID(become_terminal_owner(console.get()));
  console.reset();
  // CVE-2024-21626 (attack 3): from here on the container's paths are resolved and its programs
  // run -- args[0], PATH, hooks. Every fd but stdio, the preserved ones and the sync channels
  // is closed, not merely close-on-exec: /proc/self/fd/N/.. must lead nowhere.
  close_fds_except(req.preserve_fds, {req.sync_fd, ch.fifo, req.late_pid_ns_fd, req.seccomp_listener_fd});
  if (req.late_pid_ns_fd >= 0) created_state = TRY(enter_joined_pid_namespace(req));
  // Everything but loading the seccomp filter and execve happens before Ready, as runc does: a
  // cwd, user or capability failure, or a missing program, fails `create` with its message
  // instead of leaving a container that `start` finds stopped (the filter itself was compiled
  // by the runtime before clone).
  const spec::Seccomp* seccomp = c.linux && c.linux->seccomp ? &*c.linux->seccomp : nullptr;
  // Still root and with every capability: a realtime policy or a raised priority needs them.
  TRY_VOID(apply_scheduling(p));
  if (c.linux && c.linux->personality) TRY_VOID(apply_personality(*c.linux->personality));
  reset_cpu_affinity();  // not the runtime's caller's (execCPUAffinity is for exec only)
  p.env = env_with_home(p.env, p.user.uid);  // the container's /etc/passwd, as root can read it
  SeccompListener listener;
  if (req.seccomp_listener_fd >= 0)
    listener = {req.seccomp_listener_fd, TRY(container_process_state(created_state, seccomp->listener_metadata))};
  TRY_VOID(take_on_credentials(p, seccomp));
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);  // a change of credentials cleared it
  TRY(find_executable(p.args.at(0), p.env));  // as the process: its cwd, PATH and permissions

  TRY_VOID(send_msg(req.sync_fd, Msg::Ready));
  // A runtime killed before it saved the state takes the init along: nothing would know of it.
  TRY(expect_msg(req.sync_fd, Msg::Saved));
  ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);  // from here the init outlives `create`
  TRY_VOID(send_msg(req.sync_fd, Msg::Saved));  // acknowledged: the runtime may exit now
  TRY_VOID(wait_for_start(req, ch));

  // startContainer hooks come from the image (their path resolves in the container): they run
  // as the container's process does -- its user, capabilities, no_new_privs and seccomp filter
  // (loaded by each hook's process before its execve; notifications answer ENOSYS there: the
  // listener is the program's) -- with nothing but stdio (run_hook), as runc and crun run them.
  // The init itself loads the filter only as the very last step before execve (exec_program).
  std::optional<SeccompFilter> hook_filter;
  if (req.seccomp_filter && !c.hooks.start_container.empty()) hook_filter = without_listener(*req.seccomp_filter);
  auto under_filter = [&]() -> Result<void> { return install_seccomp(*hook_filter, !p.no_new_privileges, nullptr); };
  TRY_VOID(run_hooks(c.hooks.start_container, created_state, "startContainer",
                     hook_filter ? std::function<Result<void>()>(under_filter) : std::function<Result<void>()>()));
  if (ch.fifo >= 0) TRY_VOID(report_exec(ch.fifo));
  return exec_program(p, req.preserve_fds, ch.fifo >= 0 ? ch.fifo : req.sync_fd, req.seccomp_filter,
                      req.seccomp_listener_fd >= 0 ? &listener : nullptr);
}

}  // namespace

void container_init(InitRequest& req) {
  StartChannel ch;
  auto r = init_steps(req, ch);
  std::string msg = r ? "unexpected return from init" : r.error().message();
  if (ch.released) report_failure(ch.fifo, msg);
  else (void)send_msg(req.sync_fd, Msg::Failed, r ? 0 : r.error().err, msg);
  _exit(1);
}

}  // namespace rampart::process
