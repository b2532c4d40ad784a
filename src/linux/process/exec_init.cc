#include "linux/process/exec_init.h"

#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "linux/process/console.h"
#include "linux/process/credentials.h"
#include "linux/process/exec.h"
#include "linux/process/finish.h"
#include "linux/process/sync.h"
#include "linux/safepath/root.h"

namespace rampart::process {
namespace {

Result<void> exec_steps(ExecRequest& req) {
  const spec::Process& p = *req.process;
  // CVE-2019-5736: non-dumpable until execve, like the init.
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  TRY(expect_msg(req.sync_fd, Msg::Go));  // in the container's cgroup now
  for (const auto& [type, fd] : req.join_ns) {
    if (::setns(fd, type) < 0) return sys_error("join container namespace", "fd " + std::to_string(fd));
    ::close(fd);
  }
  // Joining the mount namespace made its root (the container's, after pivot_root) our root.
  UniqueFd console;
  if (p.terminal) {
    safepath::Root root = TRY(safepath::Root::open("/"));
    console = TRY(setup_console(root, req.console_socket_fd, p.console_size, false));
  }
  if (req.console_socket_fd >= 0) ::close(req.console_socket_fd);
  TRY_VOID(apply_rlimits(p.rlimits));
  std::string exe = TRY(find_executable(p.args.at(0), p.env));
  ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
  TRY_VOID(send_msg(req.sync_fd, Msg::Ready));
  TRY(expect_msg(req.sync_fd, Msg::Start));
  if (console) TRY_VOID(become_terminal_owner(console.get()));
  return become_process_and_exec(p, req.seccomp, exe, req.preserve_fds, req.sync_fd);
}

}  // namespace

void exec_init(ExecRequest& req) {
  auto r = exec_steps(req);
  (void)send_msg(req.sync_fd, Msg::Failed, r ? 0 : r.error().err,
                 r ? "unexpected return from exec" : r.error().message());
  _exit(255);
}

}  // namespace rampart::process
