#include "verify/expect.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "spec/defaults.h"
#include "util/path.h"
#include "verify/mountinfo.h"

namespace rampart::verify {
namespace {

bool to_int(std::string_view s, int64_t& out) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc{} && end == s.data() + s.size();
}

// Default device nodes a runtime may bind (in a user namespace) instead of creating them.
constexpr const char* kDefaultDevices[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
                                           "/dev/urandom", "/dev/tty"};

}  // namespace

// The one home of runc's lists is spec/defaults.
const std::vector<std::string>& default_masked_paths() {
  static const std::vector<std::string> v(spec::default_masked_paths().begin(), spec::default_masked_paths().end());
  return v;
}

const std::vector<std::string>& default_readonly_paths() {
  static const std::vector<std::string> v(spec::default_readonly_paths().begin(),
                                          spec::default_readonly_paths().end());
  return v;
}

std::vector<std::string> paths_to_probe(const Expectation& e, const std::vector<MountEntry>& mounts) {
  std::set<std::string> s = {"/", "/dev/console"};
  for (const auto& m : mounts) s.insert(clean_absolute(m.mount_point));
  for (const auto& m : e.config.mounts) s.insert(clean_absolute(m.destination));
  for (const auto& p : default_masked_paths()) s.insert(clean_absolute(p));
  for (const auto& p : default_readonly_paths()) s.insert(clean_absolute(p));
  for (const auto* p : kDefaultDevices) s.insert(p);
  if (e.config.linux) {
    for (const auto& p : e.config.linux->masked_paths) s.insert(clean_absolute(p));
    for (const auto& p : e.config.linux->readonly_paths) s.insert(clean_absolute(p));
    for (const auto& d : e.config.linux->devices) s.insert(clean_absolute(d.path));
  }
  return {s.begin(), s.end()};
}

const MountEntry* mount_of(const std::vector<MountEntry>& mounts, std::string_view path) {
  std::string p = clean_absolute(path);
  size_t longest = 0;
  bool any = false;
  for (const auto& m : mounts) {
    std::string mp = clean_absolute(m.mount_point);
    if (path_within(p, mp) && (!any || mp.size() > longest)) longest = mp.size(), any = true;
  }
  if (!any) return nullptr;
  // Of the mounts stacked at that point, the top one: no other at the point sits on it.
  std::vector<const MountEntry*> stack;
  for (const auto& m : mounts) {
    std::string mp = clean_absolute(m.mount_point);
    if (path_within(p, mp) && mp.size() == longest) stack.push_back(&m);
  }
  for (const auto* m : stack) {
    bool covered = false;
    for (const auto* o : stack) covered = covered || (o != m && o->parent == m->id);
    if (!covered) return m;
  }
  return stack.back();
}

std::optional<std::string> host_path_of(const MountEntry& m, const std::vector<MountEntry>& host_mounts) {
  const MountEntry* best = nullptr;
  std::string root = m.root;
  if (root.ends_with("//deleted")) root.resize(root.size() - 9);
  for (const auto& h : host_mounts) {
    if (!h.same_superblock(m) || !path_within(root, h.root)) continue;
    if (!best || h.root.size() > best->root.size() ||
        (h.root.size() == best->root.size() && h.mount_point.size() < best->mount_point.size()))
      best = &h;
  }
  if (!best) return std::nullopt;
  std::string rest = best->root == "/" ? root : root.substr(best->root.size());
  return clean_absolute(best->mount_point + "/" + rest);
}

bool cgroup_v1_has(const std::vector<MountEntry>& host_mounts, std::string_view controller) {
  for (const auto& h : host_mounts)
    if (h.fstype == "cgroup")
      for (const auto& o : h.super_options)
        if (o == controller) return true;
  return false;
}

std::vector<CgroupCheck> cgroup_checks(const spec::Config& config, const std::vector<MountEntry>& host) {
  using C = CgroupCheck::Compare;
  const spec::Resources* r =
      config.linux && config.linux->resources ? &*config.linux->resources : nullptr;
  std::vector<CgroupCheck> out;
  auto add = [&](std::string_view controller, std::string file, std::optional<std::string> expected, C cmp,
                 std::string field) {
    bool v1 = cgroup_v1_has(host, controller);
    out.push_back({v1 ? std::string(controller) : "", std::move(file), std::move(expected), cmp, std::move(field)});
  };
  auto bytes = [](int64_t v) { return v < 0 ? std::string("max") : std::to_string(v); };
  bool mem_v1 = cgroup_v1_has(host, "memory"), cpu_v1 = cgroup_v1_has(host, "cpu");

  std::optional<std::string> pids;
  if (r && r->pids_limit) pids = *r->pids_limit > 0 ? std::to_string(*r->pids_limit) : "max";
  add("pids", "pids.max", pids, C::Exact, "linux.resources.pids.limit");

  std::optional<std::string> mem;
  if (r && r->memory_limit && *r->memory_limit != 0) mem = bytes(*r->memory_limit);
  add("memory", mem_v1 ? "memory.limit_in_bytes" : "memory.max", mem, C::Bytes, "linux.resources.memory.limit");
  if (r && r->memory_swap && *r->memory_swap != 0 && mem_v1)
    add("memory", "memory.memsw.limit_in_bytes", bytes(*r->memory_swap), C::Bytes, "linux.resources.memory.swap");

  if (r && r->cpu_shares && cpu_v1)  // cgroup2's cpu.weight is a conversion runc defines; not judged
    add("cpu", "cpu.shares", std::to_string(std::clamp<uint64_t>(*r->cpu_shares, 2, 262144)), C::Exact,
        "linux.resources.cpu.shares");
  if (r && (r->cpu_quota || r->cpu_period)) {
    if (cpu_v1) {
      if (r->cpu_quota)
        add("cpu", "cpu.cfs_quota_us", std::to_string(*r->cpu_quota > 0 ? *r->cpu_quota : -1), C::Exact,
            "linux.resources.cpu.quota");
      if (r->cpu_period)
        add("cpu", "cpu.cfs_period_us", std::to_string(*r->cpu_period), C::Exact, "linux.resources.cpu.period");
    } else {
      std::string q = r->cpu_quota && *r->cpu_quota > 0 ? std::to_string(*r->cpu_quota) : "max";
      add("cpu", "cpu.max", q + " " + (r->cpu_period ? std::to_string(*r->cpu_period) : std::string("*")),
          C::CpuMax, "linux.resources.cpu.quota");
    }
  }
  if (r && !r->cpuset_cpus.empty()) add("cpuset", "cpuset.cpus", r->cpuset_cpus, C::Cpus, "linux.resources.cpu.cpus");
  if (r && !r->cpuset_mems.empty()) add("cpuset", "cpuset.mems", r->cpuset_mems, C::Cpus, "linux.resources.cpu.mems");
  if (cgroup_v1_has(host, "devices")) add("devices", "devices.list", std::nullopt, C::Exact, "linux.resources.devices");
  return out;
}

std::optional<std::string> cgroup_dir(const std::vector<MountEntry>& host, std::string_view controller,
                                      std::string_view path) {
  for (const auto& h : host) {
    bool match = false;
    if (controller.empty()) {
      match = h.fstype == "cgroup2";
    } else if (h.fstype == "cgroup") {
      for (const auto& o : h.super_options) match = match || o == controller;
    }
    if (!match || !path_within(clean_absolute(path), clean_absolute(h.root))) continue;
    std::string rest = clean_absolute(h.root) == "/" ? clean_absolute(path) : clean_absolute(path).substr(clean_absolute(h.root).size());
    return clean_absolute(h.mount_point + "/" + rest);
  }
  return std::nullopt;
}

std::map<std::string, std::string> cgroup_reference(const Expectation& e, const ProcessFacts& init) {
  if (!e.cgroup.empty()) return e.cgroup;
  if (e.cgroup_everywhere.empty()) return init.cgroups;
  std::map<std::string, std::string> out;
  bool only_v2 = true;
  for (const auto& [ctl, path] : init.cgroups) only_v2 = only_v2 && ctl.empty();
  for (const auto& [ctl, path] : init.cgroups)
    if (!ctl.empty() || only_v2) out[ctl] = e.cgroup_everywhere;  // a hybrid host's cgroup2 part is not crun's
  return out;
}

std::optional<std::string> cgroup_path_of(const std::vector<MountEntry>& host, std::string_view controller,
                                          std::string_view dir) {
  for (const auto& h : host) {
    bool match = false;
    if (controller.empty()) {
      match = h.fstype == "cgroup2";
    } else if (h.fstype == "cgroup") {
      for (const auto& o : h.super_options) match = match || o == controller;
    }
    std::string mp = clean_absolute(h.mount_point), d = clean_absolute(dir);
    if (!match || !path_within(d, mp)) continue;
    return clean_absolute(h.root + "/" + (mp == "/" ? d : d.substr(mp.size())));
  }
  return std::nullopt;
}

bool cgroup_value_holds(const CgroupCheck& c, std::string_view observed) {
  if (!c.expected) return true;
  while (!observed.empty() && (observed.back() == '\n' || observed.back() == ' ')) observed.remove_suffix(1);
  const std::string& want = *c.expected;
  switch (c.compare) {
    case CgroupCheck::Compare::Exact: return observed == want;
    case CgroupCheck::Compare::Bytes: {
      // The kernel rounds a byte limit down to a whole page; v1 shows "unlimited" as a huge number.
      constexpr int64_t kUnlimited = int64_t{1} << 62;
      int64_t got = 0, w = 0;
      bool unlimited = observed == "max" || (to_int(observed, got) && got >= kUnlimited);
      if (want == "max") return unlimited;
      if (unlimited || !to_int(observed, got) || !to_int(want, w)) return false;
      return got <= w && w - got < 65536;
    }
    case CgroupCheck::Compare::Cpus: return parse_cpu_list(observed) == parse_cpu_list(want);
    case CgroupCheck::Compare::CpuMax: {
      auto sp = want.find(' ');
      auto osp = observed.find(' ');
      if (osp == std::string_view::npos) return false;
      if (observed.substr(0, osp) != std::string_view(want).substr(0, sp)) return false;
      std::string_view period = std::string_view(want).substr(sp + 1);
      return period == "*" || observed.substr(osp + 1) == period;
    }
  }
  return false;
}

const char* proc_ns_name(spec::NamespaceType t) {
  switch (t) {
    case spec::NamespaceType::Pid: return "pid";
    case spec::NamespaceType::Network: return "net";
    case spec::NamespaceType::Mount: return "mnt";
    case spec::NamespaceType::Ipc: return "ipc";
    case spec::NamespaceType::Uts: return "uts";
    case spec::NamespaceType::User: return "user";
    case spec::NamespaceType::Cgroup: return "cgroup";
    case spec::NamespaceType::Time: return "time";
  }
  return "?";
}

}  // namespace rampart::verify
