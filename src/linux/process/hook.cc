#include "linux/process/hook.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vector>

#include "linux/process/spawn.h"
#include "util/unique_fd.h"

namespace rampart::process {
namespace {

std::vector<char*> cstrings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

Result<void> run_hook(const spec::Hook& hook, const std::string& state_json, const char* phase) {
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
    ::execve(hook.path.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  rd.reset();
  (void)::shutdown(wr.get(), SHUT_RD);
  (void)!::send(wr.get(), state_json.data(), state_json.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  wr.reset();

  int timeout_ms = hook.timeout && *hook.timeout > 0 ? *hook.timeout * 1000 : -1;
  pollfd pfd{child.pidfd.get(), POLLIN, 0};
  int r;
  do r = ::poll(&pfd, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  if (r == 0) {
    ::syscall(SYS_pidfd_send_signal, child.pidfd.get(), SIGKILL, nullptr, 0);
    ::waitpid(child.pid, nullptr, 0);
    return fail(what, "timed out after " + std::to_string(*hook.timeout) + "s", hook.path);
  }
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    return fail(what, "could not execute (exit status 127)", hook.path);
  if (WIFSIGNALED(status))
    return fail(what, "killed by signal " + std::to_string(WTERMSIG(status)), hook.path);
  return fail(what, "exit status " + std::to_string(WEXITSTATUS(status)), hook.path);
}

}  // namespace rampart::process
