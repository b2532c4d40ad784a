#include "linux/process/exec_init.h"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "linux/process/console.h"
#include "linux/process/credentials.h"
#include "linux/process/exec.h"
#include "linux/process/fds.h"
#include "linux/process/finish.h"
#include "linux/process/handover.h"
#include "linux/process/home.h"
#include "linux/process/lsm.h"
#include "linux/process/seccomp_listener.h"
#include "linux/process/settings.h"
#include "linux/process/sync.h"
#include "linux/safepath/procfs.h"
#include "linux/safepath/root.h"

namespace rampart::process {
namespace {

// The AppArmor profile / SELinux label, through a procfs of the container's pid namespace made
// for this (the container's /proc is the container's to cover); only when one is asked for.
Result<void> apply_labels(const spec::Process& p) {
  if (p.apparmor_profile.empty() && p.selinux_label.empty()) return {};
  safepath::Procfs proc = TRY(safepath::Procfs::open_private());
  return apply_lsm_labels(proc, p);
}

// execCPUAffinity.final, or, with no execCPUAffinity at all, every CPU again (runc's rule:
// only `initial` keeps the affinity the set-up stage started with).
Result<void> final_cpu_affinity(const spec::Process& p) {
  if (p.exec_cpu_affinity && !p.exec_cpu_affinity->final.empty())
    return set_cpu_affinity(p.exec_cpu_affinity->final, "final");
  if (!p.exec_cpu_affinity || p.exec_cpu_affinity->initial.empty()) reset_cpu_affinity();
  return {};
}

Result<void> exec_steps(ExecRequest& req) {
  spec::Process p = *req.process;  // its env gains HOME below
  // CVE-2019-5736: non-dumpable until execve, like the init.
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  // CVE-2024-21626: nothing of the runtime comes along but what it handed over.
  close_fds_except(req.preserve_fds,
                   {req.sync_fd, req.console_socket_fd, req.init_pidfd, req.seccomp_listener_fd, req.root_fd});
  TRY(expect_msg(req.sync_fd, Msg::Go));  // in the container's cgroup now
  // All at once through the pidfd (user first, by the kernel): the very process whose start
  // time was checked, never whatever now has its pid. Joining the mount namespace makes its
  // root (the container's, after pivot_root) our root and cwd. The pid namespace applies to
  // children only: we stay invisible in it.
  if (req.join_flags && ::setns(req.init_pidfd, req.join_flags) < 0)
    return sys_error("exec: join the container's namespaces");
  ::close(req.init_pidfd);
  req.init_pidfd = -1;
  if (req.root_fd >= 0) {
    // runc's exec stays at the host's "/" here; the container's root is where it must be.
    if (::fchdir(req.root_fd) < 0 || ::chroot(".") < 0 || ::chdir("/") < 0)
      return sys_error("exec: enter the container's root");
    ::close(req.root_fd);
    req.root_fd = -1;
  }
  pid_t pid = TRY(hand_over_to_child(req.sync_fd));
  if (pid > 0) _exit(0);

  // The process itself: in the container's pid namespace, with its root, its cgroup and none
  // of the host's fds.
  UniqueFd console;
  if (p.terminal) {
    safepath::Root root = TRY(safepath::Root::open("/"));
    console = TRY(setup_console(root, req.console_socket_fd, p.user.uid, p.console_size, false));
  }
  if (req.console_socket_fd >= 0) ::close(req.console_socket_fd);
  if (console) TRY_VOID(become_terminal_owner(console.get()));
  console.reset();
  TRY_VOID(apply_labels(p));
  TRY_VOID(apply_scheduling(p));  // still root, with every capability
  if (req.personality) TRY_VOID(apply_personality(*req.personality));
  close_fds_except(req.preserve_fds, {req.sync_fd, req.seccomp_listener_fd});
  p.env = env_with_home(p.env, p.user.uid);  // the container's /etc/passwd, as root can read it
  TRY(find_executable(p.args.at(0), p.env));  // a missing program fails before Ready
  ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);  // a detached process outlives `exec`
  // The runtime sets the rlimits now (credentials.h), before the change of credentials.
  TRY_VOID(send_msg(req.sync_fd, Msg::Ready));
  Message start = TRY(expect_msg(req.sync_fd, Msg::Start));
  TRY_VOID(final_cpu_affinity(p));  // before the filter, which may deny sched_setaffinity
  SeccompListener listener;
  if (req.seccomp_listener_fd >= 0) {
    // The state is the container's; the pid the listener gets is this process's (runc's too).
    listener = {req.seccomp_listener_fd,
                TRY(container_process_state(req.seccomp_state, req.seccomp->listener_metadata, start.value))};
  }
  TRY_VOID(become_process(p, req.seccomp));
  return exec_program(p, req.preserve_fds, req.sync_fd, req.seccomp_filter,
                      req.seccomp_listener_fd >= 0 ? &listener : nullptr);
}

}  // namespace

void exec_init(ExecRequest& req) {
  auto r = exec_steps(req);
  (void)send_msg(req.sync_fd, Msg::Failed, r ? 0 : r.error().err,
                 r ? "unexpected return from exec" : r.error().message());
  _exit(255);
}

}  // namespace rampart::process
