#include "linux/cgroup/entry.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "linux/cgroup/files.h"

namespace rampart::cgroup {
namespace {

Result<UniqueFd> open_in(const std::string& dir, const char* name, int flags) {
  const std::string path = join_path(dir, name);
  UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return sys_error("open cgroup file", path);
  return fd;
}

// "0": the writer itself. One write(2), as cgroupfs wants a value whole.
Result<void> write_self(int fd, const char* what) {
  ssize_t n;
  do {
    n = ::write(fd, "0", 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) return sys_error("join cgroup", what);
  return {};
}

}  // namespace

Result<Entry> open_entry(const Paths& paths) {
  Entry e;
  std::vector<std::string> seen;  // cpu and cpuacct share one directory
  for (const auto& [controller, dir] : paths.controllers) {
    if (std::find(seen.begin(), seen.end(), dir) != seen.end()) continue;
    seen.push_back(dir);
    e.tasks.push_back(TRY(open_in(dir, "tasks", O_WRONLY)));
  }
  if (!paths.unified.empty()) {
    e.unified_dir = TRY(open_in(paths.unified, ".", O_PATH | O_DIRECTORY));
    e.unified_procs = TRY(open_in(paths.unified, "cgroup.procs", O_WRONLY));
  }
  return e;
}

Result<void> enter_self(Entry& entry, bool born_in_unified) {
  for (auto& fd : entry.tasks) {
    TRY_VOID(write_self(fd.get(), "v1 tasks"));
    fd.reset();
  }
  if (entry.unified_procs && !born_in_unified) TRY_VOID(write_self(entry.unified_procs.get(), "cgroup2 cgroup.procs"));
  entry.tasks.clear();
  entry.unified_procs.reset();
  entry.unified_dir.reset();
  return {};
}

}  // namespace rampart::cgroup
