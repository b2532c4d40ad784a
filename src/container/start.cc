// start and run: release a created init, or create and release one in the same process.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container/launch.h"
#include "container/lifecycle.h"
#include "linux/process/pty_relay.h"
#include "linux/process/sync.h"

namespace rampart::container {
namespace {

// Reads the init's byte from exec.fifo, watching its pidfd so an init that died is an error and
// not a hang.
Result<void> release_init(const ContainerDir& dir, const State& s) {
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, s.pid, 0)));
  if (!pidfd) return sys_error("start: open init", std::to_string(s.pid));
  UniqueFd fifo(::openat(dir.fd(), "exec.fifo", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW));
  if (!fifo) return sys_error("start: open exec fifo", dir.fifo_path());
  pollfd fds[2] = {{fifo.get(), POLLIN, 0}, {pidfd.get(), POLLIN, 0}};
  for (;;) {
    int r = ::poll(fds, 2, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return sys_error("start: wait for init");
    char c;
    if (fds[0].revents & POLLIN) {
      ssize_t n = ::read(fifo.get(), &c, 1);
      if (n == 1) break;
    }
    if (fds[1].revents & POLLIN) return fail("start", "container init exited before it was started");
    if (fds[0].revents & POLLHUP) return fail("start", "container init closed exec fifo without starting");
  }
  ::unlinkat(dir.fd(), "exec.fifo", 0);
  return {};
}

}  // namespace

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
  if (st != Status::Created) return fail("", "cannot start an already running container");
  TRY_VOID(release_init(dir, s));
  return run_poststart(s);
}

Result<int> run(const std::string& root, const CreateOptions& opts, bool detach) {
  Store store(root);
  sigset_t set = forwarded_signals(), old;
  if (!detach) ::sigprocmask(SIG_BLOCK, &set, &old);  // none lost between clone and wait
  CreateOptions o = opts;
  o.own_console = !detach && opts.console_socket.empty();
  Launched l = TRY(launch(store, o, false));
  TRY_VOID(process::send_msg(l.sync.get(), process::Msg::Start));
  // The socket closes when execve succeeds (it is close-on-exec); a message means it failed.
  auto m = process::recv_msg(l.sync.get());
  if (m && m->type == process::Msg::Failed) {
    ::waitpid(l.state.pid, nullptr, 0);
    (void)destroy(l.dir, l.state);
    return std::unexpected(Error{{}, {}, 0, m->text});
  }
  TRY_VOID(run_poststart(l.state));
  if (detach) return 0;
  State s = l.state;
  std::string dir_name = l.dir.path();
  { ContainerDir release = std::move(l.dir); }  // drop the lock while the container runs
  int code = TRY(forward_until_exit(s.pid, l.pidfd.get(), set, l.pty_master.get()));
  if (opts.keep) return code;  // left stopped, for `state` and `delete` (runc run --keep)
  ContainerDir dir = TRY(store.open(opts.id));
  TRY_VOID(destroy(dir, s));
  return code;
}

}  // namespace rampart::container
