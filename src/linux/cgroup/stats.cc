// Usage and limits out of the cgroup files, in runc's `events` groups and units.
#include "linux/cgroup/stats.h"

#include <dirent.h>
#include <unistd.h>

#include <charconv>
#include <limits>

#include "linux/cgroup/drivers.h"
#include "linux/cgroup/files.h"

namespace rampart::cgroup {
namespace {

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  return out;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < line.size()) {
    const size_t b = line.find_first_not_of(" \t", pos);
    if (b == std::string_view::npos) break;
    const size_t e = line.find_first_of(" \t", b);
    out.push_back(line.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    pos = e == std::string_view::npos ? line.size() : e;
  }
  return out;
}

bool to_u64(std::string_view s, uint64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

// A single number file; "max" (v2) is reported as UINT64_MAX, as runc does. 0 when absent.
uint64_t number(const std::string& dir, const std::string& file) {
  auto text = read_file(dir, file);
  if (!text) return 0;
  const std::string t = trim(*text);
  if (t == "max") return std::numeric_limits<uint64_t>::max();
  uint64_t v = 0;
  if (!to_u64(t, v)) {
    int64_t s = 0;  // v1 writes -1 back for "unlimited" in some files
    std::from_chars(t.data(), t.data() + t.size(), s);
    return s < 0 ? std::numeric_limits<uint64_t>::max() : static_cast<uint64_t>(s);
  }
  return v;
}

std::vector<uint64_t> numbers(const std::string& dir, const std::string& file) {
  std::vector<uint64_t> out;
  auto text = read_file(dir, file);
  if (!text) return out;
  for (auto w : words(*text)) {
    uint64_t v = 0;
    if (to_u64(w, v)) out.push_back(v);
  }
  return out;
}

bool exists(const std::string& dir, const std::string& file) { return path_exists(join_path(dir, file)); }

// Page sizes the kernel offers (/sys/kernel/mm/hugepages/hugepages-<N>kB), named as hugetlb
// files name them ("2MB", "1GB").
std::vector<std::string> hugepage_sizes() {
  std::vector<std::string> out;
  DIR* d = ::opendir("/sys/kernel/mm/hugepages");
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    std::string_view n = e->d_name;
    if (!n.starts_with("hugepages-") || !n.ends_with("kB")) continue;
    uint64_t kb = 0;
    if (!to_u64(n.substr(10, n.size() - 12), kb) || kb == 0) continue;
    if (kb % (1024 * 1024) == 0) out.push_back(std::to_string(kb / (1024 * 1024)) + "GB");
    else if (kb % 1024 == 0) out.push_back(std::to_string(kb / 1024) + "MB");
    else out.push_back(std::to_string(kb) + "KB");
  }
  ::closedir(d);
  return out;
}

const std::string* v1_dir(const std::vector<V1Hierarchy>& hs, std::string_view controller) {
  for (const auto& h : hs)
    for (const auto& c : h.controllers)
      if (c == controller) return &h.dir;
  return nullptr;
}

void v1_memory_entry(const std::string& dir, const std::string& prefix, Stats::MemoryEntry& e) {
  e.usage = number(dir, prefix + "usage_in_bytes");
  e.max = number(dir, prefix + "max_usage_in_bytes");
  e.failcnt = number(dir, prefix + "failcnt");
  e.limit = number(dir, prefix + "limit_in_bytes");
}

}  // namespace

std::map<std::string, uint64_t> parse_flat_keyed(std::string_view text) {
  std::map<std::string, uint64_t> out;
  for (auto line : lines(text)) {
    const auto w = words(line);
    uint64_t v = 0;
    if (w.size() == 2 && to_u64(w[1], v)) out[std::string(w[0])] = v;
  }
  return out;
}

std::vector<uint16_t> parse_cpu_list(std::string_view text) {
  std::vector<uint16_t> out;
  std::string t = trim(text);
  std::string_view rest = t;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view part = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const size_t dash = part.find('-');
    uint64_t a = 0, b = 0;
    if (!to_u64(part.substr(0, dash), a)) continue;
    b = a;
    if (dash != std::string_view::npos && !to_u64(part.substr(dash + 1), b)) continue;
    for (uint64_t i = a; i <= b && i <= 65535; ++i) out.push_back(static_cast<uint16_t>(i));
  }
  return out;
}

std::vector<Stats::BlkioEntry> parse_blkio_v1(std::string_view text) {
  std::vector<Stats::BlkioEntry> out;
  for (auto line : lines(text)) {
    const auto w = words(line);
    if (w.size() < 2 || w[0] == "Total") continue;
    const size_t colon = w[0].find(':');
    Stats::BlkioEntry e;
    if (colon == std::string_view::npos || !to_u64(w[0].substr(0, colon), e.major) ||
        !to_u64(w[0].substr(colon + 1), e.minor))
      continue;
    if (w.size() == 3) {
      e.op = std::string(w[1]);
      if (!to_u64(w[2], e.value)) continue;
    } else if (!to_u64(w[1], e.value)) {
      continue;
    }
    out.push_back(e);
  }
  return out;
}

void parse_io_stat(std::string_view text, Stats::Blkio& out) {
  for (auto line : lines(text)) {
    const auto w = words(line);
    if (w.empty()) continue;
    const size_t colon = w[0].find(':');
    uint64_t major = 0, minor = 0;
    if (colon == std::string_view::npos || !to_u64(w[0].substr(0, colon), major) ||
        !to_u64(w[0].substr(colon + 1), minor))
      continue;
    for (size_t i = 1; i < w.size(); ++i) {
      const size_t eq = w[i].find('=');
      if (eq == std::string_view::npos) continue;
      const auto key = w[i].substr(0, eq);
      uint64_t v = 0;
      if (!to_u64(w[i].substr(eq + 1), v)) continue;
      if (key == "rbytes") out.service_bytes.push_back({major, minor, "Read", v});
      else if (key == "wbytes") out.service_bytes.push_back({major, minor, "Write", v});
      else if (key == "rios") out.serviced.push_back({major, minor, "Read", v});
      else if (key == "wios") out.serviced.push_back({major, minor, "Write", v});
    }
  }
}

Result<Stats> v1_stats(const std::vector<V1Hierarchy>& hs) {
  Stats s;
  if (const auto* d = v1_dir(hs, "cpuacct"); d && exists(*d, "cpuacct.usage")) {
    s.present.push_back("cpu");
    s.cpu.total = number(*d, "cpuacct.usage");
    s.cpu.percpu = numbers(*d, "cpuacct.usage_percpu");
    s.cpu.percpu_kernel = numbers(*d, "cpuacct.usage_percpu_sys");
    s.cpu.percpu_user = numbers(*d, "cpuacct.usage_percpu_user");
    // cpuacct.stat counts clock ticks; runc reports nanoseconds.
    const auto st = parse_flat_keyed(read_file(*d, "cpuacct.stat").value_or(""));
    const long hz = ::sysconf(_SC_CLK_TCK) > 0 ? ::sysconf(_SC_CLK_TCK) : 100;
    const uint64_t ns_per_tick = 1000000000ULL / static_cast<uint64_t>(hz);
    if (st.contains("user")) s.cpu.user = st.at("user") * ns_per_tick;
    if (st.contains("system")) s.cpu.kernel = st.at("system") * ns_per_tick;
  }
  if (const auto* d = v1_dir(hs, "cpu"); d && exists(*d, "cpu.stat")) {
    if (s.present.empty() || s.present.back() != "cpu") s.present.push_back("cpu");
    const auto st = parse_flat_keyed(read_file(*d, "cpu.stat").value_or(""));
    if (st.contains("nr_periods")) s.cpu.periods = st.at("nr_periods");
    if (st.contains("nr_throttled")) s.cpu.throttled_periods = st.at("nr_throttled");
    if (st.contains("throttled_time")) s.cpu.throttled_time = st.at("throttled_time");
  }
  if (const auto* d = v1_dir(hs, "cpuset"); d && exists(*d, "cpuset.cpus")) {
    s.present.push_back("cpuset");
    s.cpuset.cpus = parse_cpu_list(read_file(*d, "cpuset.cpus").value_or(""));
    s.cpuset.mems = parse_cpu_list(read_file(*d, "cpuset.mems").value_or(""));
    s.cpuset.cpu_exclusive = number(*d, "cpuset.cpu_exclusive");
    s.cpuset.mem_hardwall = number(*d, "cpuset.mem_hardwall");
    s.cpuset.mem_exclusive = number(*d, "cpuset.mem_exclusive");
    s.cpuset.memory_migrate = number(*d, "cpuset.memory_migrate");
    s.cpuset.memory_spread_page = number(*d, "cpuset.memory_spread_page");
    s.cpuset.memory_spread_slab = number(*d, "cpuset.memory_spread_slab");
    s.cpuset.memory_pressure = number(*d, "cpuset.memory_pressure");
    s.cpuset.sched_load_balance = number(*d, "cpuset.sched_load_balance");
    if (auto t = read_file(*d, "cpuset.sched_relax_domain_level")) {
      const std::string v = trim(*t);
      std::from_chars(v.data(), v.data() + v.size(), s.cpuset.sched_relax_domain_level);
    }
  }
  if (const auto* d = v1_dir(hs, "memory"); d && exists(*d, "memory.usage_in_bytes")) {
    s.present.push_back("memory");
    v1_memory_entry(*d, "memory.", s.memory.usage);
    v1_memory_entry(*d, "memory.memsw.", s.memory.swap);
    v1_memory_entry(*d, "memory.kmem.", s.memory.kernel);
    v1_memory_entry(*d, "memory.kmem.tcp.", s.memory.kernel_tcp);
    s.memory.raw = parse_flat_keyed(read_file(*d, "memory.stat").value_or(""));
    if (s.memory.raw.contains("cache")) s.memory.cache = s.memory.raw.at("cache");
  }
  if (const auto* d = v1_dir(hs, "pids"); d && exists(*d, "pids.current")) {
    s.present.push_back("pids");
    s.pids.current = number(*d, "pids.current");
    const uint64_t max = number(*d, "pids.max");
    s.pids.limit = max == std::numeric_limits<uint64_t>::max() ? 0 : max;
  }
  if (const auto* d = v1_dir(hs, "blkio"); d && path_exists(*d)) {
    s.present.push_back("blkio");
    // The throttle files always count; the CFQ/BFQ ones only exist with those schedulers.
    const bool cfq = exists(*d, "blkio.io_service_bytes_recursive");
    const bool bfq = exists(*d, "blkio.bfq.io_service_bytes_recursive");
    const std::string prefix = cfq ? "blkio." : bfq ? "blkio.bfq." : "blkio.throttle.";
    auto read = [&](const std::string& name) { return parse_blkio_v1(read_file(*d, prefix + name).value_or("")); };
    s.blkio.service_bytes = read("io_service_bytes_recursive");
    s.blkio.serviced = read("io_serviced_recursive");
    if (cfq) {
      s.blkio.queued = read("io_queued_recursive");
      s.blkio.service_time = read("io_service_time_recursive");
      s.blkio.wait_time = read("io_wait_time_recursive");
      s.blkio.merged = read("io_merged_recursive");
      s.blkio.time = read("time_recursive");
      s.blkio.sectors = read("sectors_recursive");
    }
  }
  if (const auto* d = v1_dir(hs, "hugetlb"); d && path_exists(*d)) {
    s.present.push_back("hugetlb");
    for (const auto& size : hugepage_sizes()) {
      const std::string p = "hugetlb." + size + ".";
      if (!exists(*d, p + "usage_in_bytes")) continue;
      s.hugetlb[size] = {number(*d, p + "usage_in_bytes"), number(*d, p + "max_usage_in_bytes"),
                         number(*d, p + "failcnt")};
    }
  }
  return s;
}

Result<Stats> v2_stats(const std::string& dir) {
  Stats s;
  if (!path_exists(dir)) return fail("read cgroup stats", "the cgroup is gone", dir);
  if (exists(dir, "cpu.stat")) {
    s.present.push_back("cpu");
    const auto st = parse_flat_keyed(read_file(dir, "cpu.stat").value_or(""));
    auto get = [&](const char* k) { return st.contains(k) ? st.at(k) : 0; };
    s.cpu.total = get("usage_usec") * 1000;
    s.cpu.user = get("user_usec") * 1000;
    s.cpu.kernel = get("system_usec") * 1000;
    s.cpu.periods = get("nr_periods");
    s.cpu.throttled_periods = get("nr_throttled");
    s.cpu.throttled_time = get("throttled_usec") * 1000;
  }
  if (exists(dir, "cpuset.cpus.effective")) {
    s.present.push_back("cpuset");
    s.cpuset.cpus = parse_cpu_list(read_file(dir, "cpuset.cpus.effective").value_or(""));
    s.cpuset.mems = parse_cpu_list(read_file(dir, "cpuset.mems.effective").value_or(""));
  }
  if (exists(dir, "memory.current")) {
    s.present.push_back("memory");
    s.memory.raw = parse_flat_keyed(read_file(dir, "memory.stat").value_or(""));
    if (s.memory.raw.contains("file")) s.memory.cache = s.memory.raw.at("file");
    s.memory.usage.usage = number(dir, "memory.current");
    s.memory.usage.limit = number(dir, "memory.max");
    s.memory.usage.max = number(dir, "memory.peak");
    s.memory.usage.failcnt = read_keyed(dir, "memory.events", "max").value_or(0);
    // runc reports v2 swap as memory+swap, the way v1's memsw counts it.
    s.memory.swap.usage = number(dir, "memory.swap.current") + s.memory.usage.usage;
    const uint64_t swap_max = number(dir, "memory.swap.max");
    s.memory.swap.limit = swap_max == std::numeric_limits<uint64_t>::max() || s.memory.usage.limit == swap_max
                              ? swap_max
                              : swap_max + s.memory.usage.limit;
    s.memory.swap.failcnt = read_keyed(dir, "memory.swap.events", "max").value_or(0);
  }
  if (exists(dir, "pids.current")) {
    s.present.push_back("pids");
    s.pids.current = number(dir, "pids.current");
    const uint64_t max = number(dir, "pids.max");
    s.pids.limit = max == std::numeric_limits<uint64_t>::max() ? 0 : max;
  }
  if (exists(dir, "io.stat")) {
    s.present.push_back("blkio");
    parse_io_stat(read_file(dir, "io.stat").value_or(""), s.blkio);
  }
  bool any_hugetlb = false;
  for (const auto& size : hugepage_sizes()) {
    const std::string p = "hugetlb." + size + ".";
    if (!exists(dir, p + "current")) continue;
    any_hugetlb = true;
    // v2 keeps no peak for hugetlb; runc leaves "max" out there too.
    s.hugetlb[size] = {number(dir, p + "current"), 0, read_keyed(dir, p + "events", "max").value_or(0)};
  }
  if (any_hugetlb) s.present.push_back("hugetlb");
  return s;
}

}  // namespace rampart::cgroup
