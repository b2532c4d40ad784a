#include "linux/process/fds.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace rampart::process {
namespace {

std::vector<int>& inherited() {
  static std::vector<int> fds;
  return fds;
}

// The highest fd number a one-by-one loop has to reach.
int fd_limit() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
    return static_cast<int>(std::min<rlim_t>(std::max<rlim_t>(rl.rlim_cur, 1024), 1 << 20));
  return 1 << 16;
}

// Closes lo..hi (inclusive; hi < 0 means to the end).
void close_span(int lo, int hi) {
  if (hi >= 0 && hi < lo) return;
  unsigned last = hi < 0 ? ~0U : static_cast<unsigned>(hi);
  if (::syscall(SYS_close_range, static_cast<unsigned>(lo), last, 0) == 0) return;
  // No close_range (older kernel, or a container's seccomp profile answers EPERM/ENOSYS).
  int end = hi < 0 ? fd_limit() : hi;
  for (int fd = lo; fd <= end; ++fd) ::close(fd);
}

}  // namespace

void record_inherited_fds() {
  std::vector<int>& fds = inherited();
  fds.clear();
  // The host's /proc of the runtime's own process (nothing of a container exists yet). The fd
  // this takes is the lowest free one: it is the listing's own and not recorded.
  int dirfd = ::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd >= 0) {
    if (DIR* d = ::fdopendir(dirfd)) {
      while (dirent* e = ::readdir(d)) {
        char* end = nullptr;
        long fd = std::strtol(e->d_name, &end, 10);
        if (end == e->d_name || *end != '\0' || fd < 3 || fd == dirfd) continue;
        fds.push_back(static_cast<int>(fd));
      }
      ::closedir(d);
    } else {
      ::close(dirfd);
    }
  } else {
    for (int fd = 3, n = fd_limit(); fd < n; ++fd)
      if (::fcntl(fd, F_GETFD) >= 0) fds.push_back(fd);
  }
  std::sort(fds.begin(), fds.end());
}

bool inherited_fd(int fd) {
  const std::vector<int>& fds = inherited();
  return std::binary_search(fds.begin(), fds.end(), fd);
}

void close_fds_except(int preserve_fds, const std::vector<int>& keep) {
  std::vector<int> kept = {0, 1, 2};
  for (int fd : inherited()) {
    if (fd >= 3 + preserve_fds) break;
    kept.push_back(fd);
    int fl = ::fcntl(fd, F_GETFD);
    if (fl >= 0 && (fl & FD_CLOEXEC)) ::fcntl(fd, F_SETFD, fl & ~FD_CLOEXEC);
  }
  for (int fd : keep)
    if (fd >= 0) kept.push_back(fd);
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  for (size_t i = 0; i + 1 < kept.size(); ++i) close_span(kept[i] + 1, kept[i + 1] - 1);
  close_span(kept.back() + 1, -1);
}

void close_fds_from(int first) { close_span(first, -1); }

}  // namespace rampart::process
