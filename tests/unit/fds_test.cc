// Which fds a container process gets: exactly the caller's among the preserved range, plus what
// the runtime keeps on purpose; runtime fds that landed in the range's holes are closed.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/process/fds.h"

using namespace rampart::process;

namespace {

// Runs `body` in a child with only stdio open; the test passes if it returns 0.
int in_child(int (*body)()) {
  pid_t pid = fork();
  if (pid == 0) {
    syscall(SYS_close_range, 3, ~0U, 0);
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

bool open_fd(int fd) { return fcntl(fd, F_GETFD) >= 0; }

}  // namespace

TEST(Fds, OnlyTheCallersFdsInThePreservedRangeSurvive) {
  EXPECT_EQ(in_child([] {
              int null = open("/dev/null", O_RDONLY);
              // The caller passed 5, 7 (in 3..7 with --preserve-fds 5) and 9 (beyond it).
              for (int fd : {5, 7, 9}) dup2(null, fd);
              close(null);
              record_inherited_fds();
              for (int fd : {5, 7}) fcntl(fd, F_SETFD, FD_CLOEXEC);
              // The runtime's own fds fill the holes 3, 4, 6; it keeps 4 on purpose.
              for (int i = 0; i < 3; ++i) open("/dev/null", O_RDONLY | O_CLOEXEC);
              if (!open_fd(3) || !open_fd(4) || !open_fd(6)) return 1;
              close_fds_except(5, {4});
              for (int fd : {3, 6, 8, 9})
                if (open_fd(fd)) return 10 + fd;
              for (int fd : {0, 1, 2, 4, 5, 7})
                if (!open_fd(fd)) return 20 + fd;
              for (int fd : {5, 7})  // passed on across execve
                if (fcntl(fd, F_GETFD) & FD_CLOEXEC) return 30 + fd;
              return inherited_fd(5) && inherited_fd(9) && !inherited_fd(3) ? 0 : 2;
            }),
            0);
}

TEST(Fds, CloseFromLeavesStdio) {
  EXPECT_EQ(in_child([] {
              for (int i = 0; i < 4; ++i) open("/dev/null", O_RDONLY);
              close_fds_from(3);
              for (int fd = 3; fd < 8; ++fd)
                if (open_fd(fd)) return fd;
              return open_fd(0) && open_fd(1) && open_fd(2) ? 0 : 1;
            }),
            0);
}
