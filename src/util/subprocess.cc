#include "util/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/unique_fd.h"

extern char** environ;

namespace rampart {
namespace {

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Reads what `fd` (non-blocking) holds into `into`, up to `max` bytes kept; true at EOF.
bool drain(int fd, std::string& into, size_t max) {
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      size_t room = max > into.size() ? max - into.size() : 0;
      into.append(buf, std::min(room, static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n == 0;
  }
}

// posix_spawn's attributes and file actions, released on every path out.
struct Spawn {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t fa;
  Spawn() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&fa);
  }
  ~Spawn() {
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
  }
  Spawn(const Spawn&) = delete;
  Spawn& operator=(const Spawn&) = delete;
};

}  // namespace

Result<Captured> run_subprocess(const std::vector<std::string>& argv, const SubprocessOptions& opts) {
  if (argv.empty()) return fail("run", "no program given");
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) < 0) return sys_error("pipe");
  UniqueFd out_r(out_pipe[0]), out_w(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) < 0) return sys_error("pipe");
  UniqueFd err_r(err_pipe[0]), err_w(err_pipe[1]);

  Spawn sp;
  sigset_t defaults, none;
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD}) sigaddset(&defaults, s);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&sp.attr, &defaults);
  posix_spawnattr_setsigmask(&sp.attr, &none);
  posix_spawnattr_setpgroup(&sp.attr, 0);
  posix_spawnattr_setflags(&sp.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawn_file_actions_addopen(&sp.fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&sp.fa, out_w.get(), 1);
  posix_spawn_file_actions_adddup2(&sp.fa, err_w.get(), 2);
  posix_spawn_file_actions_addclosefrom_np(&sp.fa, 3);
  if (!opts.cwd.empty()) posix_spawn_file_actions_addchdir_np(&sp.fa, opts.cwd.c_str());
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, cargv[0], &sp.fa, &sp.attr, cargv.data(), environ);
  if (rc != 0) return sys_error("run", argv[0], rc);
  out_w.reset();
  err_w.reset();
  for (int fd : {out_r.get(), err_r.get()}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);

  Captured c;
  auto deadline = std::chrono::steady_clock::now() + opts.timeout;
  bool out_open = true, err_open = true;
  int status = 0;
  for (;;) {
    pollfd p[2] = {{out_open ? out_r.get() : -1, POLLIN, 0}, {err_open ? err_r.get() : -1, POLLIN, 0}};
    // Both pipes closed: the program is exiting, so look again soon rather than in 50 ms.
    ::poll(p, 2, out_open || err_open ? 50 : 1);
    if (out_open && drain(out_r.get(), c.out, opts.max_output)) out_open = false;
    if (err_open && drain(err_r.get(), c.err, opts.max_output)) err_open = false;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      c.exit_code = exit_code_of(status);
      break;
    }
    c.cancelled = opts.cancel && opts.cancel->load();
    c.timed_out = !c.cancelled && std::chrono::steady_clock::now() >= deadline;
    if (c.cancelled || c.timed_out) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      c.exit_code = -1;
      break;
    }
  }
  // The program is gone; a process it started may hold the pipes: take what is there.
  if (out_open) drain(out_r.get(), c.out, opts.max_output);
  if (err_open) drain(err_r.get(), c.err, opts.max_output);
  return c;
}

Result<Captured> run_captured(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                              size_t max_output) {
  SubprocessOptions opts;
  opts.timeout = timeout;
  opts.max_output = max_output;
  Captured c = TRY(run_subprocess(argv, opts));
  if (c.timed_out) return sys_error("run", argv[0], ETIMEDOUT);
  return c;
}

}  // namespace rampart
