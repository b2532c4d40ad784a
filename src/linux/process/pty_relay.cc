#include "linux/process/pty_relay.h"

#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "util/fd_passing.h"

namespace rampart::process {
namespace {

void copy_winsize(int from, int to) {
  winsize ws{};
  if (::ioctl(from, TIOCGWINSZ, &ws) == 0) (void)::ioctl(to, TIOCSWINSZ, &ws);
}

// Writes all of buf, retrying on short writes.
void write_all(int fd, const char* buf, ssize_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, buf, static_cast<size_t>(n));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    buf += w;
    n -= w;
  }
}

}  // namespace

Result<UniqueFd> receive_pty_master(int sock) {
  int fd = receive_fd(sock);
  if (fd < 0 && errno == EBADMSG) return fail("receive pty master", "no file descriptor received");
  if (fd < 0) return sys_error("receive pty master");
  return UniqueFd(fd);
}

Result<void> relay_pty(int master, int stop_fd, int signal_fd, void (*on_signal)(int, void*), void* ctx) {
  termios saved{};
  bool raw = ::isatty(0) && ::tcgetattr(0, &saved) == 0;
  if (raw) {
    termios t = saved;
    cfmakeraw(&t);
    ::tcsetattr(0, TCSANOW, &t);
    copy_winsize(0, master);
  }
  pollfd fds[4] = {{0, POLLIN, 0}, {master, POLLIN, 0}, {stop_fd, POLLIN, 0}, {signal_fd, POLLIN, 0}};
  char buf[16384];
  bool exited = false;
  while (true) {
    int r = ::poll(fds, 4, exited ? 100 : -1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;  // exited and the master has been quiet: done
    if (fds[1].revents & POLLIN) {
      ssize_t n = ::read(master, buf, sizeof buf);
      if (n > 0) write_all(1, buf, n);
    } else if (fds[1].revents & (POLLHUP | POLLERR)) {
      if (exited) break;
      fds[1].fd = -1;
    }
    if (fds[0].revents & POLLIN) {
      ssize_t n = ::read(0, buf, sizeof buf);
      if (n > 0) write_all(master, buf, n);
      else fds[0].fd = -1;  // stdin closed: stop reading it
    } else if (fds[0].revents & (POLLHUP | POLLERR)) {
      fds[0].fd = -1;
    }
    if (fds[3].revents & POLLIN) {
      signalfd_siginfo si{};
      if (::read(signal_fd, &si, sizeof si) == sizeof si) {
        if (si.ssi_signo == SIGWINCH) copy_winsize(0, master);
        else on_signal(static_cast<int>(si.ssi_signo), ctx);
      }
    }
    if (fds[2].revents & POLLIN) {
      exited = true;
      fds[2].fd = -1;
    }
  }
  if (raw) ::tcsetattr(0, TCSANOW, &saved);
  return {};
}

}  // namespace rampart::process
