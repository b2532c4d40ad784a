#include "spec/resources.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace rampart::spec {
namespace {

constexpr const char* kOp = "invalid resources";

std::string field(const std::string& base, const std::string& name) {
  return base.empty() ? name : base + "." + name;
}

Result<void> bad(const std::string& where, const std::string& what) { return fail(kOp, where + ": " + what); }

// Byte limits and counts: -1 is "unlimited", 0 "not set", anything else must be positive.
Result<void> limit(const std::optional<int64_t>& v, const std::string& where) {
  if (v && *v < -1) return bad(where, std::to_string(*v) + " is negative (use -1 for no limit)");
  return {};
}

bool is_page_size(const std::string& s) {
  // What the kernel names its hugetlb files with: "2MB", "1GB", "64KB".
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0 || digits > 6 || s[0] == '0') return false;
  const std::string unit = s.substr(digits);
  return unit == "KB" || unit == "MB" || unit == "GB";
}

// "<controller>.<file>": lower-case words joined by '.', '_' or '-' -- no '/', no "..", no
// space: a key names one file in the container's own cgroup directory and nothing else.
bool is_unified_key(const std::string& k) {
  const size_t dot = k.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == k.size()) return false;
  if (k.find("..") != std::string::npos) return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

Result<void> weight(const std::optional<uint16_t>& w, const std::string& where) {
  // 0 is "not set" (runc skips it); the kernel's range for blkio.weight and io.bfq.weight.
  if (w && *w != 0 && (*w < 10 || *w > 1000)) return bad(where, std::to_string(*w) + " is outside 10..1000");
  return {};
}

Result<void> device_numbers(int64_t major, int64_t minor, const std::string& where) {
  if (major < 0 || minor < 0 || major > 0xfff || minor > 0xfffff)
    return bad(where, "device " + std::to_string(major) + ":" + std::to_string(minor) + " is not a valid major:minor");
  return {};
}

template <class T>
void upsert(std::vector<T>& list, const T& entry, auto same, auto update) {
  for (auto it = list.rbegin(); it != list.rend(); ++it)
    if (same(*it, entry)) return update(*it, entry);
  list.push_back(entry);
}

template <class T>
void take(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}

}  // namespace

Result<void> validate_resources(const Resources& r, const std::string& base) {
  for (size_t i = 0; i < r.devices.size(); ++i) {
    const DeviceRule& d = r.devices[i];
    const std::string where = field(base, "devices[" + std::to_string(i) + "]");
    if (d.type != "a" && d.type != "c" && d.type != "b")
      return bad(where + ".type", "\"" + d.type + "\" is not a device rule type (one of a, c, b)");
    if (d.access.find_first_not_of("rwm") != std::string::npos)
      return bad(where + ".access", "\"" + d.access + "\" is not a subset of \"rwm\"");
    for (const auto& [name, v] : {std::pair{"major", d.major}, std::pair{"minor", d.minor}})
      if (v && *v > 0xfffff) return bad(where + "." + name, std::to_string(*v) + " is not a device number");
  }
  const std::string mem = field(base, "memory");
  TRY_VOID(limit(r.memory_limit, mem + ".limit"));
  TRY_VOID(limit(r.memory_reservation, mem + ".reservation"));
  TRY_VOID(limit(r.memory_swap, mem + ".swap"));
  TRY_VOID(limit(r.memory_kernel, mem + ".kernel"));
  TRY_VOID(limit(r.memory_kernel_tcp, mem + ".kernelTCP"));
  if (r.memory_swappiness && *r.memory_swappiness > 100)
    return bad(mem + ".swappiness", std::to_string(*r.memory_swappiness) + " is above 100");
  if (r.memory_limit && r.memory_swap && *r.memory_limit > 0 && *r.memory_swap > 0 &&
      *r.memory_swap < *r.memory_limit)
    return bad(mem + ".swap", "memory+swap " + std::to_string(*r.memory_swap) + " is below the memory limit " +
                                  std::to_string(*r.memory_limit));
  const std::string cpu = field(base, "cpu");
  if (r.cpu_shares && *r.cpu_shares != 0 && (*r.cpu_shares < 2 || *r.cpu_shares > 262144))
    return bad(cpu + ".shares", std::to_string(*r.cpu_shares) + " is outside 2..262144");
  // The kernel's CFS bounds: a period of 1 ms to 1 s, a quota of at least 1 ms.
  if (r.cpu_period && *r.cpu_period != 0 && (*r.cpu_period < 1000 || *r.cpu_period > 1000000))
    return bad(cpu + ".period", std::to_string(*r.cpu_period) + " is outside 1000..1000000 microseconds");
  if (r.cpu_quota && *r.cpu_quota != 0 && *r.cpu_quota != -1 && *r.cpu_quota < 1000)
    return bad(cpu + ".quota", std::to_string(*r.cpu_quota) + " is below 1000 microseconds (use -1 for no limit)");
  if (r.cpu_burst && r.cpu_quota && *r.cpu_quota > 0 && *r.cpu_burst > static_cast<uint64_t>(*r.cpu_quota))
    return bad(cpu + ".burst", std::to_string(*r.cpu_burst) + " is above the quota");
  if (r.cpu_realtime_runtime && *r.cpu_realtime_runtime < -1)
    return bad(cpu + ".realtimeRuntime", std::to_string(*r.cpu_realtime_runtime) + " is negative (use -1 for no limit)");
  if (r.cpu_realtime_period && r.cpu_realtime_runtime && *r.cpu_realtime_period != 0 &&
      *r.cpu_realtime_runtime > 0 && static_cast<uint64_t>(*r.cpu_realtime_runtime) > *r.cpu_realtime_period)
    return bad(cpu + ".realtimeRuntime", "is longer than realtimePeriod");
  if (r.cpu_idle && *r.cpu_idle != 0 && *r.cpu_idle != 1)
    return bad(cpu + ".idle", std::to_string(*r.cpu_idle) + " is not 0 or 1");
  for (const auto& [name, list] : {std::pair{"cpus", &r.cpuset_cpus}, std::pair{"mems", &r.cpuset_mems}})
    if (list->find_first_not_of("0123456789,-") != std::string::npos)
      return bad(cpu + "." + name, "\"" + *list + "\" is not a list like \"0-3,7\"");
  if (r.pids_limit && *r.pids_limit < -1)
    return bad(field(base, "pids.limit"), std::to_string(*r.pids_limit) + " is negative (use -1 for no limit)");
  const std::string bio = field(base, "blockIO");
  TRY_VOID(weight(r.blkio_weight, bio + ".weight"));
  TRY_VOID(weight(r.blkio_leaf_weight, bio + ".leafWeight"));
  for (size_t i = 0; i < r.blkio_weight_device.size(); ++i) {
    const auto& d = r.blkio_weight_device[i];
    const std::string where = bio + ".weightDevice[" + std::to_string(i) + "]";
    TRY_VOID(device_numbers(d.major, d.minor, where));
    TRY_VOID(weight(d.weight, where + ".weight"));
    TRY_VOID(weight(d.leaf_weight, where + ".leafWeight"));
  }
  for (const auto& [name, list] :
       {std::pair{"throttleReadBpsDevice", &r.blkio_throttle_read_bps},
        std::pair{"throttleWriteBpsDevice", &r.blkio_throttle_write_bps},
        std::pair{"throttleReadIOPSDevice", &r.blkio_throttle_read_iops},
        std::pair{"throttleWriteIOPSDevice", &r.blkio_throttle_write_iops}})
    for (size_t i = 0; i < list->size(); ++i)
      TRY_VOID(device_numbers((*list)[i].major, (*list)[i].minor,
                              bio + "." + name + "[" + std::to_string(i) + "]"));
  for (size_t i = 0; i < r.hugepage_limits.size(); ++i)
    if (!is_page_size(r.hugepage_limits[i].page_size))
      return bad(field(base, "hugepageLimits[" + std::to_string(i) + "].pageSize"),
                 "\"" + r.hugepage_limits[i].page_size + "\" is not a page size like \"2MB\" or \"1GB\"");
  for (const auto& p : r.network_priorities)
    if (p.name.empty() || p.name.size() > 15 || p.name.find_first_of("/ \n:") != std::string::npos)
      return bad(field(base, "network.priorities"), "\"" + p.name + "\" is not an interface name");
  for (const auto& [dev, l] : r.rdma)
    if (dev.empty() || dev.find_first_of(" \n=") != std::string::npos)
      return bad(field(base, "rdma"), "\"" + dev + "\" is not an RDMA device name");
  for (const auto& [key, value] : r.unified) {
    if (!is_unified_key(key))
      return bad(field(base, "unified"), "\"" + key + "\" is not a cgroup v2 file name (\"<controller>.<file>\")");
    if (value.find('\0') != std::string::npos)
      return bad(field(base, "unified[\"" + key + "\"]"), "contains a NUL byte");
  }
  return {};
}

Resources merge_resources(const Resources& current, const Resources& u) {
  Resources r = current;
  if (u.devices_given) {
    r.devices = u.devices;
    r.devices_given = true;
  }
  take(r.memory_limit, u.memory_limit);
  take(r.memory_reservation, u.memory_reservation);
  take(r.memory_swap, u.memory_swap);
  take(r.memory_kernel, u.memory_kernel);
  take(r.memory_kernel_tcp, u.memory_kernel_tcp);
  take(r.memory_swappiness, u.memory_swappiness);
  take(r.memory_disable_oom_killer, u.memory_disable_oom_killer);
  take(r.memory_use_hierarchy, u.memory_use_hierarchy);
  take(r.memory_check_before_update, u.memory_check_before_update);
  take(r.cpu_shares, u.cpu_shares);
  take(r.cpu_quota, u.cpu_quota);
  take(r.cpu_burst, u.cpu_burst);
  take(r.cpu_period, u.cpu_period);
  take(r.cpu_realtime_runtime, u.cpu_realtime_runtime);
  take(r.cpu_realtime_period, u.cpu_realtime_period);
  if (!u.cpuset_cpus.empty()) r.cpuset_cpus = u.cpuset_cpus;
  if (!u.cpuset_mems.empty()) r.cpuset_mems = u.cpuset_mems;
  take(r.cpu_idle, u.cpu_idle);
  take(r.pids_limit, u.pids_limit);
  take(r.blkio_weight, u.blkio_weight);
  take(r.blkio_leaf_weight, u.blkio_leaf_weight);
  auto same_device = [](const auto& a, const auto& b) { return a.major == b.major && a.minor == b.minor; };
  for (const auto& wd : u.blkio_weight_device)
    upsert(r.blkio_weight_device, wd, same_device, [](WeightDevice& into, const WeightDevice& from) {
      take(into.weight, from.weight);
      take(into.leaf_weight, from.leaf_weight);
    });
  auto rate = [](ThrottleDevice& into, const ThrottleDevice& from) { into.rate = from.rate; };
  for (const auto& td : u.blkio_throttle_read_bps) upsert(r.blkio_throttle_read_bps, td, same_device, rate);
  for (const auto& td : u.blkio_throttle_write_bps) upsert(r.blkio_throttle_write_bps, td, same_device, rate);
  for (const auto& td : u.blkio_throttle_read_iops) upsert(r.blkio_throttle_read_iops, td, same_device, rate);
  for (const auto& td : u.blkio_throttle_write_iops) upsert(r.blkio_throttle_write_iops, td, same_device, rate);
  for (const auto& h : u.hugepage_limits)
    upsert(
        r.hugepage_limits, h, [](const HugepageLimit& a, const HugepageLimit& b) { return a.page_size == b.page_size; },
        [](HugepageLimit& into, const HugepageLimit& from) { into.limit = from.limit; });
  take(r.network_class_id, u.network_class_id);
  for (const auto& p : u.network_priorities)
    upsert(
        r.network_priorities, p, [](const NetworkPriority& a, const NetworkPriority& b) { return a.name == b.name; },
        [](NetworkPriority& into, const NetworkPriority& from) { into.priority = from.priority; });
  for (const auto& [dev, l] : u.rdma) r.rdma[dev] = l;
  for (const auto& [k, v] : u.unified) r.unified[k] = v;
  return r;
}

std::string resources_to_json(const Resources& r) {
  using nlohmann::ordered_json;
  ordered_json j = ordered_json::object();
  auto put = [](ordered_json& o, const char* k, const auto& v) {
    if (v) o[k] = *v;
  };
  if (r.devices_given || !r.devices.empty()) {
    j["devices"] = ordered_json::array();
    for (const auto& d : r.devices) {
      ordered_json e = {{"allow", d.allow}, {"type", d.type}};
      put(e, "major", d.major);
      put(e, "minor", d.minor);
      e["access"] = d.access;
      j["devices"].push_back(e);
    }
  }
  ordered_json mem = ordered_json::object();
  put(mem, "limit", r.memory_limit);
  put(mem, "reservation", r.memory_reservation);
  put(mem, "swap", r.memory_swap);
  put(mem, "kernel", r.memory_kernel);
  put(mem, "kernelTCP", r.memory_kernel_tcp);
  put(mem, "swappiness", r.memory_swappiness);
  put(mem, "disableOOMKiller", r.memory_disable_oom_killer);
  put(mem, "useHierarchy", r.memory_use_hierarchy);
  put(mem, "checkBeforeUpdate", r.memory_check_before_update);
  if (!mem.empty()) j["memory"] = mem;
  ordered_json cpu = ordered_json::object();
  put(cpu, "shares", r.cpu_shares);
  put(cpu, "quota", r.cpu_quota);
  put(cpu, "burst", r.cpu_burst);
  put(cpu, "period", r.cpu_period);
  put(cpu, "realtimeRuntime", r.cpu_realtime_runtime);
  put(cpu, "realtimePeriod", r.cpu_realtime_period);
  if (!r.cpuset_cpus.empty()) cpu["cpus"] = r.cpuset_cpus;
  if (!r.cpuset_mems.empty()) cpu["mems"] = r.cpuset_mems;
  put(cpu, "idle", r.cpu_idle);
  if (!cpu.empty()) j["cpu"] = cpu;
  if (r.pids_limit) j["pids"] = {{"limit", *r.pids_limit}};
  ordered_json bio = ordered_json::object();
  put(bio, "weight", r.blkio_weight);
  put(bio, "leafWeight", r.blkio_leaf_weight);
  if (!r.blkio_weight_device.empty()) {
    bio["weightDevice"] = ordered_json::array();
    for (const auto& w : r.blkio_weight_device) {
      ordered_json e = {{"major", w.major}, {"minor", w.minor}};
      put(e, "weight", w.weight);
      put(e, "leafWeight", w.leaf_weight);
      bio["weightDevice"].push_back(e);
    }
  }
  for (const auto& [name, list] :
       {std::pair{"throttleReadBpsDevice", &r.blkio_throttle_read_bps},
        std::pair{"throttleWriteBpsDevice", &r.blkio_throttle_write_bps},
        std::pair{"throttleReadIOPSDevice", &r.blkio_throttle_read_iops},
        std::pair{"throttleWriteIOPSDevice", &r.blkio_throttle_write_iops}}) {
    if (list->empty()) continue;
    bio[name] = ordered_json::array();
    for (const auto& t : *list) bio[name].push_back({{"major", t.major}, {"minor", t.minor}, {"rate", t.rate}});
  }
  if (!bio.empty()) j["blockIO"] = bio;
  if (!r.hugepage_limits.empty()) {
    j["hugepageLimits"] = ordered_json::array();
    for (const auto& h : r.hugepage_limits) j["hugepageLimits"].push_back({{"pageSize", h.page_size}, {"limit", h.limit}});
  }
  ordered_json net = ordered_json::object();
  put(net, "classID", r.network_class_id);
  if (!r.network_priorities.empty()) {
    net["priorities"] = ordered_json::array();
    for (const auto& p : r.network_priorities) net["priorities"].push_back({{"name", p.name}, {"priority", p.priority}});
  }
  if (!net.empty()) j["network"] = net;
  if (!r.rdma.empty()) {
    j["rdma"] = ordered_json::object();
    for (const auto& [dev, l] : r.rdma) {
      ordered_json e = ordered_json::object();
      put(e, "hcaHandles", l.hca_handles);
      put(e, "hcaObjects", l.hca_objects);
      j["rdma"][dev] = e;
    }
  }
  if (!r.unified.empty()) j["unified"] = r.unified;
  return j.dump();
}

}  // namespace rampart::spec
