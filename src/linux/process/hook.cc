#include "linux/process/hook.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "linux/process/exec.h"
#include "linux/process/fds.h"
#include "linux/process/spawn.h"
#include "util/unique_fd.h"

namespace rampart::process {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<char*> cstrings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

void kill_hook(const Spawned& child) {
  if (child.pidfd) ::syscall(SYS_pidfd_send_signal, child.pidfd.get(), SIGKILL, nullptr, 0);
  else ::kill(child.pid, SIGKILL);
}

// Whether the hook has exited (reaping it into `status`). Without a pidfd (see spawn) the exit is
// found by waitpid(WNOHANG) between short polls.
bool reaped(const Spawned& child, int& status) {
  pid_t r;
  do r = ::waitpid(child.pid, &status, WNOHANG);
  while (r < 0 && errno == EINTR);
  return r == child.pid;
}

}  // namespace

Result<void> run_hook(const spec::Hook& hook, const std::string& state_json, const char* phase,
                      const std::function<Result<void>()>& before_exec) {
  std::string what = std::string(phase) + " hook";
  // A socketpair rather than a pipe: send(MSG_NOSIGNAL) cannot raise SIGPIPE when the hook
  // does not read its stdin, and nothing has to change the signal disposition the container's
  // process would inherit.
  int p[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) < 0) return sys_error(what + ": socketpair", hook.path);
  UniqueFd rd(p[0]), wr(p[1]);
  std::vector<std::string> args = hook.args.empty() ? std::vector<std::string>{hook.path} : hook.args;
  auto argv = cstrings(args);
  auto envp = cstrings(hook.env);
  Spawned child = TRY(spawn(0));
  if (child.pid == 0) {
    ::dup2(rd.get(), 0);
    // CVE-2024-21626 class: a hook gets its state on stdin, the runtime's stdout and stderr,
    // and no other fd of the runtime or of whoever called it.
    close_fds_from(3);
    reset_signal_dispositions();
    if (before_exec && !before_exec()) _exit(127);
    ::execve(hook.path.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  rd.reset();
  (void)::shutdown(wr.get(), SHUT_RD);

  // The whole state is written, however large, while watching the hook and its timeout: a
  // hook that never reads stdin still ends (or times out), and never gets a cut state.
  auto deadline = hook.timeout && *hook.timeout > 0 ? Clock::now() + std::chrono::seconds(*hook.timeout)
                                                     : Clock::time_point::max();
  size_t sent = 0;
  if (state_json.empty()) wr.reset();
  int status = 0;
  for (;;) {
    if (!child.pidfd && reaped(child, status)) break;
    int wait_ms = -1;
    if (deadline != Clock::time_point::max()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        kill_hook(child);
        while (::waitpid(child.pid, nullptr, 0) < 0 && errno == EINTR) {
        }
        return fail(what, "timed out after " + std::to_string(*hook.timeout) + "s", hook.path);
      }
      wait_ms = static_cast<int>(left);
    }
    if (!child.pidfd && (wait_ms < 0 || wait_ms > 10)) wait_ms = 10;
    pollfd fds[2] = {{child.pidfd.get(), POLLIN, 0}, {wr.get(), POLLOUT, 0}};
    int r = ::poll(fds, 2, wait_ms);
    if (r < 0 && errno != EINTR) return sys_error(what + ": wait", hook.path);
    if (r <= 0) continue;
    if (fds[1].revents & (POLLERR | POLLHUP)) {
      wr.reset();  // the hook closed its stdin: it wants no more
    } else if (fds[1].revents & POLLOUT) {
      ssize_t n = ::send(wr.get(), state_json.data() + sent, state_json.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) sent += static_cast<size_t>(n);
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || sent == state_json.size()) wr.reset();
    }
    if (child.pidfd && (fds[0].revents & POLLIN)) {
      while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    return fail(what, "could not execute (exit status 127)", hook.path);
  if (WIFSIGNALED(status))
    return fail(what, "killed by signal " + std::to_string(WTERMSIG(status)), hook.path);
  return fail(what, "exit status " + std::to_string(WEXITSTATUS(status)), hook.path);
}

}  // namespace rampart::process
