#include "linux/process/spawn.h"

#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace rampart::process {

Result<Spawned> spawn(uint64_t ns_flags, int cgroup_fd) {
  int pidfd = -1;
  clone_args args{};
  args.flags = ns_flags | CLONE_PIDFD;
  args.pidfd = reinterpret_cast<uint64_t>(&pidfd);
  args.exit_signal = SIGCHLD;
  long pid = -1;
  bool in_cgroup = false;
  if (cgroup_fd >= 0) {
    clone_args into = args;
    into.flags |= CLONE_INTO_CGROUP;
    into.cgroup = static_cast<uint64_t>(cgroup_fd);
    pid = ::syscall(SYS_clone3, &into, sizeof into);
    in_cgroup = pid >= 0;
  }
  // Without a cgroup, or where the kernel refused to place the child there: a plain clone.
  if (pid < 0) pid = ::syscall(SYS_clone3, &args, sizeof args);
  if (pid < 0 && ns_flags == 0 && (errno == ENOSYS || errno == EPERM)) {
    // A container's seccomp profile may refuse clone3 (Docker's answers ENOSYS so that libc
    // falls back): startContainer hooks are spawned under it. fork, then a pidfd if allowed.
    pid = ::fork();
    if (pid > 0) pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  }
  if (pid < 0) return sys_error("clone3");
  Spawned s;
  s.pid = static_cast<pid_t>(pid);
  s.in_cgroup = in_cgroup;
  if (pid > 0) s.pidfd.reset(pidfd);
  return s;
}

}  // namespace rampart::process
