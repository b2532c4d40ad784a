#include "linux/cgroup/locate.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <memory>
#include <sstream>

#include "linux/cgroup/files.h"
#include "util/mountinfo.h"

namespace rampart::cgroup {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    const size_t next = s.find(sep, pos);
    out.emplace_back(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
    if (next == std::string_view::npos) return out;
    pos = next + 1;
  }
}

bool is_v1_controller(std::string_view opt) {
  static constexpr std::array<std::string_view, 15> known = {
      "cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer", "net_cls",
      "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc", "debug"};
  return opt.starts_with("name=") || std::find(known.begin(), known.end(), opt) != known.end();
}

std::string parent_dir(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string canonical(const std::string& path) {
  std::unique_ptr<char, decltype(&::free)> real(::realpath(path.c_str(), nullptr), &::free);
  return real ? std::string(real.get()) : path;
}

}  // namespace

Result<CgroupPath> parse_cgroups_path(const std::string& id, const std::string& cgroups_path) {
  const std::string raw = cgroups_path.empty() ? "/rampart/" + id : cgroups_path;
  CgroupPath out;
  out.relative = raw.front() != '/';
  for (const auto& part : split(raw, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..")
      return fail("cgroup path", "\"..\" is not allowed in a cgroups path", raw);
    out.path += (out.path.empty() && out.relative ? "" : "/") + part;
  }
  if (out.path.empty()) return fail("cgroup path", "names the hierarchy root itself", raw);
  return out;
}

std::map<std::string, std::string> parse_proc_cgroup(std::string_view text) {
  std::map<std::string, std::string> out;
  for (const auto& line : split(text, '\n')) {
    // "hierarchy-id:controller,list:/path"; the path itself may contain ':'.
    const size_t a = line.find(':');
    if (a == std::string::npos) continue;
    const size_t b = line.find(':', a + 1);
    if (b == std::string::npos) continue;
    const std::string controllers = line.substr(a + 1, b - a - 1);
    const std::string path = line.substr(b + 1);
    if (controllers.empty()) {
      out[""] = path;
      continue;
    }
    for (const auto& c : split(controllers, ',')) out[c] = path;
  }
  return out;
}

Result<std::map<std::string, std::string>> own_cgroups() {
  std::ifstream in("/proc/self/cgroup");
  if (!in) return sys_error("read", "/proc/self/cgroup");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_proc_cgroup(ss.str());
}

std::vector<V1Mount> parse_v1_mountinfo(std::string_view mountinfo, const std::string& mountpoint) {
  std::vector<V1Mount> out;
  for (const auto& e : parse_mountinfo_lenient(mountinfo)) {
    if (e.fstype != "cgroup" || parent_dir(e.mount_point) != mountpoint) continue;
    V1Mount m{{}, e.mount_point};
    for (const auto& opt : e.super_options)
      if (is_v1_controller(opt)) m.controllers.push_back(opt);
    if (m.controllers.empty()) continue;
    // A later mount on the same directory hides the earlier one.
    std::erase_if(out, [&](const V1Mount& o) { return o.dir == m.dir; });
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<V1Mount>> v1_mounts(const std::string& mountpoint) {
  const std::string mp = canonical(mountpoint);
  {
    std::ifstream in("/proc/self/mountinfo");
    if (!in) return sys_error("read", "/proc/self/mountinfo");
    std::stringstream ss;
    ss << in.rdbuf();
    auto mounts = parse_v1_mountinfo(ss.str(), mp);
    if (!mounts.empty()) {
      // Report them below the mountpoint as the caller spelled it.
      for (auto& m : mounts) m.dir = join_path(mountpoint, m.dir.substr(mp.size()));
      return mounts;
    }
  }
  std::vector<V1Mount> out;
  DIR* d = ::opendir(mountpoint.c_str());
  if (!d) return sys_error("list cgroup mounts", mountpoint);
  while (dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    // Symlinks ("cpu" -> "cpu,cpuacct") are aliases of a real directory and skipped.
    if (n == "." || n == ".." || n == "unified" || e->d_type != DT_DIR) continue;
    V1Mount m{{}, join_path(mountpoint, n)};
    if (n == "systemd") {
      m.controllers.push_back("name=systemd");
    } else {
      for (const auto& c : split(n, ','))
        if (is_v1_controller(c)) m.controllers.push_back(c);
    }
    if (!m.controllers.empty()) out.push_back(std::move(m));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const V1Mount& a, const V1Mount& b) { return a.dir < b.dir; });
  if (out.empty()) return fail("find cgroup v1 controllers", "no cgroup hierarchy is mounted", mountpoint);
  return out;
}

}  // namespace rampart::cgroup
