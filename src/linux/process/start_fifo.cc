#include "linux/process/start_fifo.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <string>

namespace rampart::process {
namespace {

Result<void> write_all(int fd, const std::string& s) {
  for (size_t off = 0; off < s.size();) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return sys_error("write exec fifo");
    off += static_cast<size_t>(n);
  }
  return {};
}

}  // namespace

Result<void> prepare_start_fifo(int fifo) {
  long page = ::sysconf(_SC_PAGESIZE);
  if (::fcntl(fifo, F_SETPIPE_SZ, static_cast<int>(page)) < 0 || ::fcntl(fifo, F_GETPIPE_SZ) != page)
    return sys_error("shrink exec fifo to one page");
  return {};
}

Result<void> wait_for_release(int fifo) {
  TRY_VOID(write_all(fifo, "0"));
  for (;;) {
    // With one page the pipe is full while our byte is in it: POLLOUT means `start` read it.
    pollfd p{fifo, POLLOUT, 0};
    int r = ::poll(&p, 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return sys_error("wait on exec fifo");
    int queued = 0;
    if ((p.revents & POLLOUT) && ::ioctl(fifo, FIONREAD, &queued) == 0 && queued == 0) return {};
  }
}

Result<void> report_exec(int fifo) { return write_all(fifo, "1"); }

void report_failure(int fifo, const std::string& message) { (void)write_all(fifo, "E" + message); }

Result<void> release_init(int fifo) {
  int fl = ::fcntl(fifo, F_GETFL);
  if (fl < 0 || ::fcntl(fifo, F_SETFL, fl & ~O_NONBLOCK) < 0) return sys_error("start: exec fifo");
  std::string got;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fifo, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error("start: read exec fifo");
    if (n == 0) break;  // no writer left: the init exec'd or exited
    got.append(buf, static_cast<size_t>(n));
    if (got.size() > 65536) got.resize(65536);
  }
  if (got.empty()) return fail("start", "container init exited before it was started");
  if (got[0] != '0') return fail("start", "unexpected data on exec fifo");
  if (got.size() > 1 && got[1] == 'E') return fail("start", got.substr(2));
  if (got.size() > 2 && got[1] == '1' && got[2] == 'E') return fail("start", got.substr(3));
  if (got == "01") return {};
  return fail("start", "container init exited before its process ran");
}

}  // namespace rampart::process

