// start and run: release a created init, or create and release one in the same process.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container/contract_errors.h"
#include "container/launch.h"
#include "container/notify_socket.h"
#include "container/lifecycle.h"
#include "linux/process/pty_relay.h"
#include "linux/process/start_fifo.h"
#include "linux/process/sync.h"

namespace rampart::container {

// The signals a foreground `run` forwards: everything but the ones about the runtime itself.
sigset_t forwarded_signals() {
  sigset_t set;
  sigfillset(&set);
  for (int s : {SIGCHLD, SIGURG, SIGKILL, SIGSTOP, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTTIN, SIGTTOU})
    sigdelset(&set, s);
  return set;  // SIGWINCH stays: it resizes a relayed pty and is never forwarded
}

namespace {

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

void forward_signal(int sig, void* pidfd) {
  ::syscall(SYS_pidfd_send_signal, *static_cast<int*>(pidfd), sig, nullptr, 0);
}

int reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return exit_code(status);
}

}  // namespace

Result<int> forward_until_exit(pid_t pid, int pidfd, const sigset_t& set, int pty_master) {
  UniqueFd sfd(::signalfd(-1, &set, SFD_CLOEXEC));
  if (!sfd) return sys_error("signalfd");
  if (pty_master >= 0) {
    TRY_VOID(process::relay_pty(pty_master, pidfd, sfd.get(), forward_signal, &pidfd));
    return reap(pid);
  }
  pollfd fds[2] = {{sfd.get(), POLLIN, 0}, {pidfd, POLLIN, 0}};
  for (;;) {
    int r = ::poll(fds, 2, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return sys_error("wait for container");
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo si{};
      if (::read(sfd.get(), &si, sizeof si) == sizeof si && si.ssi_signo != SIGWINCH)
        ::syscall(SYS_pidfd_send_signal, pidfd, si.ssi_signo, nullptr, 0);
    }
    if (fds[1].revents & POLLIN) return reap(pid);
  }
}

Result<void> start(const std::string& root, const std::string& id) {
  Store store(root);
  ContainerDir dir = TRY(store.open(id));
  State s = TRY(dir.load());
  Status st = current_status(dir, s);
  if (st == Status::Stopped) return fail("", "cannot start a container that has stopped");
  if (st != Status::Created) return already_running();
  // The start is claimed under the lock: exec.fifo is opened and unlinked, so a second `start`
  // finds the container no longer "created". What follows waits on the init and on hooks, so
  // the lock goes first (store.h): `kill` and `delete -f` still work if they never end.
  UniqueFd fifo(::openat(dir.fd(), "exec.fifo", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW));
  if (!fifo) return sys_error("start: open exec fifo", dir.fifo_path());
  ::unlinkat(dir.fd(), "exec.fifo", 0);
  // NOTIFY_SOCKET: listening before the init is released, on a pidfd taken while the state
  // (checked against the start time above) still names it, so the wait ends with that process.
  NotifyProxy notify;
  UniqueFd pidfd;
  if (auto caller = caller_notify_socket()) {
    notify = TRY(NotifyProxy::listen(dir.fd(), *caller));
    pidfd.reset(static_cast<int>(::syscall(SYS_pidfd_open, s.pid, 0)));
    if (!pidfd) return sys_error("start: pidfd_open", std::to_string(s.pid));
  }
  dir.unlock();
  TRY_VOID(process::release_init(fifo.get()));
  TRY_VOID(run_poststart(s));
  if (pidfd) TRY_VOID(notify.forward_ready(pidfd.get(), s.pid));
  return {};
}

Result<int> run(const std::string& root, const CreateOptions& opts, bool detach) {
  Store store(root);
  sigset_t set = forwarded_signals(), old;
  if (!detach) ::sigprocmask(SIG_BLOCK, &set, &old);  // none lost between clone and wait
  CreateOptions o = opts;
  o.own_console = !detach && opts.console_socket.empty();
  Launched l = TRY(launch(store, o, false));
  NotifyProxy notify;
  if (auto caller = caller_notify_socket()) notify = TRY(NotifyProxy::listen(l.dir.fd(), *caller));
  TRY_VOID(process::send_msg(l.sync.get(), process::Msg::Start));
  // The socket closes when execve succeeds (it is close-on-exec); a message means it failed.
  auto m = process::recv_msg(l.sync.get());
  if (m && m->type == process::Msg::Failed) {
    ::waitpid(l.state.pid, nullptr, 0);
    (void)destroy(l.dir, l.state);
    return std::unexpected(Error{{}, {}, 0, m->text});
  }
  TRY_VOID(run_poststart(l.state));
  pid_t notify_proxy = 0;
  if (!detach && notify.active()) {
    // The foreground goes on at once (signals, the pty); the wait for READY is a child's.
    notify_proxy = ::fork();
    if (notify_proxy == 0) _exit(notify.forward_ready(l.pidfd.get(), l.state.pid) ? 0 : 1);
    notify = NotifyProxy{};
  }
  TRY_VOID(notify.forward_ready(l.pidfd.get(), l.state.pid));
  if (detach) return 0;
  State s = l.state;
  std::string dir_name = l.dir.path();
  { ContainerDir release = std::move(l.dir); }  // drop the lock while the container runs
  int code = TRY(forward_until_exit(s.pid, l.pidfd.get(), set, l.pty_master.get()));
  if (notify_proxy > 0) ::waitpid(notify_proxy, nullptr, 0);  // it ends with the container
  if (opts.keep) return code;  // left stopped, for `state` and `delete` (runc run --keep)
  ContainerDir dir = TRY(store.open(opts.id));
  TRY_VOID(destroy(dir, s));
  return code;
}

}  // namespace rampart::container
