#include "census.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace rampart::testing {

namespace fs = std::filesystem;

std::ostream& operator<<(std::ostream& os, const Census& c) {
  return os << "{processes " << c.processes << ", cgroup dirs " << c.cgroup_dirs << ", mounts " << c.mounts
            << ", fds " << c.fds << ", state entries " << c.state_entries << "}";
}

namespace {

// The state root's compiled-seccomp-filter cache (src/linux/process/seccomp_cache.h).
constexpr const char* kSeccompCacheDir = ".seccomp-cache";

size_t live_children() {
  size_t n = 0;
  std::error_code ec;
  const std::string me = std::to_string(getpid());
  for (auto& e : fs::directory_iterator("/proc", ec)) {
    std::string name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "status");
    std::string line, state, ppid;
    while (std::getline(in, line)) {
      if (line.starts_with("State:")) state = line.substr(6);
      if (line.starts_with("PPid:")) ppid = line.substr(5);
    }
    auto trim = [](std::string s) { return s.erase(0, s.find_first_not_of(" \t")); };
    if (trim(ppid) == me && trim(state).rfind('Z', 0) != 0) ++n;
  }
  return n;
}

size_t our_cgroup_dirs() {
  size_t n = 0;
  const std::string tag = "-" + std::to_string(getpid()) + "-";
  std::error_code ec;
  for (auto& hier : fs::directory_iterator("/sys/fs/cgroup", ec)) {
    std::error_code ec2;
    for (auto it = fs::recursive_directory_iterator(hier.path(), fs::directory_options::skip_permission_denied, ec2);
         it != fs::recursive_directory_iterator(); it.increment(ec2)) {
      if (ec2) break;
      if (it.depth() >= 3) it.disable_recursion_pending();
      if (it->is_directory(ec2) && !it->is_symlink(ec2) && it->path().filename().string().find(tag) != std::string::npos)
        ++n;
    }
  }
  return n;
}

size_t our_mounts(const std::vector<fs::path>& roots) {
  const std::string tag = "-" + std::to_string(getpid()) + "-";
  std::ifstream in("/proc/self/mountinfo");
  size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    bool ours = line.find(tag) != std::string::npos;
    for (const auto& r : roots) ours = ours || line.find(r.parent_path().string() + "/") != std::string::npos;
    n += ours;
  }
  return n;
}

size_t entries(const fs::path& dir) {
  size_t n = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    n += it->path().filename() != kSeccompCacheDir;  // the state root's own cache, not a container's
  return n;
}

}  // namespace

Census take_census(const std::vector<fs::path>& roots) {
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }
  Census c;
  c.processes = live_children();
  c.cgroup_dirs = our_cgroup_dirs();
  c.mounts = our_mounts(roots);
  c.fds = entries("/proc/self/fd") - 1;  // less the directory iterator's own
  for (const auto& r : roots) c.state_entries += entries(r);
  return c;
}

Census wait_for_census(const Census& want, const std::vector<fs::path>& roots, int tries) {
  Census now = take_census(roots);
  for (int i = 0; i < tries && now != want; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    now = take_census(roots);
  }
  return now;
}

}  // namespace rampart::testing
