#include "linux/cgroup/files.h"

#include <dirent.h>
#include <poll.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <set>
#include <thread>

#include "util/log.h"
#include "util/unique_fd.h"

namespace rampart::cgroup {

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  while (!name.empty() && name.front() == '/') name.remove_prefix(1);
  if (name.empty()) return out;
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

bool path_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Result<void> write_file(const std::string& dir, const std::string& name, std::string_view value) {
  const std::string path = join_path(dir, name);
  // O_TRUNC is a no-op on cgroupfs but keeps scratch-directory tests honest.
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return sys_error("open cgroup file", path);
  ssize_t n;
  do {
    n = ::write(fd.get(), value.data(), value.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    auto e = sys_error("write cgroup file", path);
    e.error().detail = "value \"" + std::string(value) + "\"";
    return e;
  }
  if (static_cast<size_t>(n) != value.size())
    return fail("write cgroup file", "short write of \"" + std::string(value) + "\"", path);
  return {};
}

Result<std::string> read_file(const std::string& dir, const std::string& name) {
  const std::string path = join_path(dir, name);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return sys_error("open cgroup file", path);
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error("read cgroup file", path);
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::string trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

Result<bool> mkdir_p(const std::string& path) {
  if (path.empty() || path.front() != '/') return fail("create cgroup", "path is not absolute", path);
  // The deepest directory first: on a host that already has the parents (every start after the
  // first) this is one mkdir, not one per component failing with EEXIST.
  if (::mkdir(path.c_str(), 0755) == 0) return true;
  if (errno == EEXIST) return false;
  if (errno != ENOENT) return sys_error("create cgroup", path);
  const size_t slash = path.find_last_of('/');
  if (slash > 0) TRY(mkdir_p(path.substr(0, slash)));
  if (::mkdir(path.c_str(), 0755) == 0) return true;
  if (errno == EEXIST) return false;  // made by a concurrent create meanwhile
  return sys_error("create cgroup", path);
}

namespace {

// Names of the subdirectories of `dir` (sub-cgroups); ENOENT gives an empty list.
Result<std::vector<std::string>> subdirs(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    if (errno == ENOENT) return out;
    return sys_error("list cgroup", dir);
  }
  while (dirent* e = ::readdir(d)) {
    const std::string_view n = e->d_name;
    if (n == "." || n == "..") continue;
    bool is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN) {
      struct stat st {};
      is_dir = ::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
    }
    if (is_dir) out.emplace_back(n);
  }
  ::closedir(d);
  return out;
}

Result<void> collect_procs(const std::string& dir, std::set<pid_t>& out) {
  auto text = read_file(dir, "cgroup.procs");
  if (!text) {
    // A sub-cgroup removed while we walk is not an error; the container's own one missing means
    // the cgroup is gone (and so are its processes).
    if (text.error().err == ENOENT) return {};
    return std::unexpected(text.error());
  }
  std::string_view rest = *text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    const std::string t = trim(line);
    if (t.empty()) continue;
    pid_t pid = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), pid);
    if (ec != std::errc{} || p != t.data() + t.size())
      return fail("read cgroup file", "not a pid: \"" + t + "\"", join_path(dir, "cgroup.procs"));
    out.insert(pid);
  }
  for (const auto& sub : TRY(subdirs(dir))) TRY_VOID(collect_procs(join_path(dir, sub), out));
  return {};
}

Result<void> rmdir_retrying(const std::string& dir) {
  // runc's schedule: a process that was killed may still be leaving the cgroup for a moment.
  auto delay = std::chrono::milliseconds(10);
  for (int attempt = 0;; ++attempt) {
    if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return {};
    if (errno != EBUSY || attempt == 5) return sys_error("remove cgroup", dir);
    std::this_thread::sleep_for(delay);
    delay *= 2;
  }
}

}  // namespace

Result<std::vector<pid_t>> read_procs_recursive(const std::string& dir) {
  std::set<pid_t> pids;
  TRY_VOID(collect_procs(dir, pids));
  return std::vector<pid_t>(pids.begin(), pids.end());
}

void warn_if_populated(const std::string& dir) {
  auto procs = read_file(dir, "cgroup.procs");
  if (!procs) return;
  const auto n = std::count(procs->begin(), procs->end(), '\n') + (procs->empty() || procs->back() == '\n' ? 0 : 1);
  if (n > 0) log::warn("container's cgroup " + dir + " is not empty: " + std::to_string(n) + " process(es) found");
}

Result<void> remove_cgroup_tree(const std::string& dir) {
  for (const auto& sub : TRY(subdirs(dir))) TRY_VOID(remove_cgroup_tree(join_path(dir, sub)));
  return rmdir_retrying(dir);
}

std::string hierarchy_root(const std::string& dir) {
  size_t pos = 0;
  while (pos < dir.size()) {
    size_t next = dir.find('/', pos + 1);
    if (next == std::string::npos) next = dir.size();
    const std::string prefix = dir.substr(0, next);
    if (path_exists(join_path(prefix, "cgroup.procs"))) return prefix;
    pos = next;
  }
  return {};
}

}  // namespace rampart::cgroup

namespace rampart::cgroup {
namespace {

int ms_until(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(std::min<long>(left.count(), INT32_MAX));
}

}  // namespace

Result<void> wait_unpopulated(const std::string& dir, std::chrono::steady_clock::time_point deadline) {
  const std::string path = join_path(dir, "cgroup.events");
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return {};
    return sys_error("open", path);
  }
  for (;;) {
    // Read first, then wait: a change between the two is still reported by the poll, since
    // kernfs marks the open file as changed until it is read again.
    char buf[256];
    const ssize_t n = ::pread(fd.get(), buf, sizeof buf - 1, 0);
    if (n < 0) return sys_error("read", path);
    const std::string_view text(buf, static_cast<size_t>(n));
    if (text.find("populated 0") != std::string_view::npos) return {};
    pollfd p{fd.get(), POLLPRI, 0};
    const int r = ::poll(&p, 1, ms_until(deadline));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return sys_error("wait for cgroup to empty", path);
    if (r == 0) return fail("wait for cgroup to empty", "processes still in the cgroup after the timeout", dir);
  }
}

std::optional<uint64_t> read_keyed(const std::string& dir, const std::string& name, std::string_view key) {
  auto text = read_file(dir, name);
  if (!text) return std::nullopt;
  std::string_view rest = *text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (line.size() > key.size() && line.starts_with(key) && line[key.size()] == ' ') {
      line.remove_prefix(key.size() + 1);
      uint64_t v = 0;
      auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
      if (ec == std::errc{}) return v;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace rampart::cgroup
