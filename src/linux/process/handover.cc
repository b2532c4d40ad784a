#include "linux/process/handover.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/process/sync.h"
#include "util/unique_fd.h"

namespace rampart::process {

Result<pid_t> hand_over_to_child(int sync_fd) {
  int gate[2];
  if (::pipe2(gate, O_CLOEXEC) < 0) return sys_error("handover: pipe");
  UniqueFd gate_rd(gate[0]), gate_wr(gate[1]);
  clone_args args{};
  args.flags = CLONE_PARENT;  // exit_signal must be 0: the child inherits ours (SIGCHLD)
  long pid = ::syscall(SYS_clone3, &args, sizeof args);
  if (pid < 0) return sys_error("handover: clone3");
  if (pid == 0) {
    gate_wr.reset();
    // Our parent is the runtime now; tie us to it as the stage was.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    char c = 0;
    ssize_t n;
    do n = ::read(gate_rd.get(), &c, 1);
    while (n < 0 && errno == EINTR);
    if (n != 1) _exit(1);  // the stage died before reporting us: the runtime knows nothing of us
    return 0;
  }
  gate_rd.reset();
  TRY_VOID(send_msg(sync_fd, Msg::Child, static_cast<int32_t>(pid)));
  if (::write(gate_wr.get(), "1", 1) != 1) return sys_error("handover: release child");
  return static_cast<pid_t>(pid);
}

}  // namespace rampart::process
