// linux.resources of runtime-spec 1.2 as typed C++, and its validation. Pure: no Linux headers.
// The same struct is what `update` reads (-r FILE|- takes the LinuxResources JSON object), so
// each field is optional: absent means "leave as it is" (the driver writes nothing for it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace rampart::spec {

struct DeviceRule {
  bool allow = false;
  std::string type = "a";  // "a", "c", "b"
  std::optional<int64_t> major;  // absent or negative: any
  std::optional<int64_t> minor;
  std::string access;  // subset of "rwm"; empty means "rwm"
};

struct WeightDevice {
  int64_t major = 0;
  int64_t minor = 0;
  std::optional<uint16_t> weight;
  std::optional<uint16_t> leaf_weight;
};

struct ThrottleDevice {
  int64_t major = 0;
  int64_t minor = 0;
  uint64_t rate = 0;
};

struct HugepageLimit {
  std::string page_size;  // "2MB", "1GB", "64KB"
  uint64_t limit = 0;
};

struct NetworkPriority {
  std::string name;  // interface
  uint32_t priority = 0;
};

struct RdmaLimit {
  std::optional<uint32_t> hca_handles;
  std::optional<uint32_t> hca_objects;
};

struct Resources {
  std::vector<DeviceRule> devices;
  // memory (bytes; -1 unlimited; absent or 0: not set)
  std::optional<int64_t> memory_limit;
  std::optional<int64_t> memory_reservation;
  std::optional<int64_t> memory_swap;  // memory + swap, as on cgroup v1
  std::optional<int64_t> memory_kernel;      // gone from the kernel: warned and ignored
  std::optional<int64_t> memory_kernel_tcp;  // likewise
  std::optional<uint64_t> memory_swappiness;  // 0..100
  std::optional<bool> memory_disable_oom_killer;
  std::optional<bool> memory_use_hierarchy;
  std::optional<bool> memory_check_before_update;  // refuse a limit below current usage
  // cpu
  std::optional<uint64_t> cpu_shares;
  std::optional<int64_t> cpu_quota;  // microseconds per period; -1 unlimited
  std::optional<uint64_t> cpu_burst;
  std::optional<uint64_t> cpu_period;
  std::optional<int64_t> cpu_realtime_runtime;
  std::optional<uint64_t> cpu_realtime_period;
  std::string cpuset_cpus;  // empty: not set
  std::string cpuset_mems;
  std::optional<int64_t> cpu_idle;  // 0 or 1 (SCHED_IDLE for the cgroup)
  // pids: a positive limit, or 0 / -1 for none ("max"), as runc writes it
  std::optional<int64_t> pids_limit;
  // blockIO / io
  std::optional<uint16_t> blkio_weight;       // 10..1000
  std::optional<uint16_t> blkio_leaf_weight;  // 10..1000 (v1 CFQ only)
  std::vector<WeightDevice> blkio_weight_device;
  std::vector<ThrottleDevice> blkio_throttle_read_bps;
  std::vector<ThrottleDevice> blkio_throttle_write_bps;
  std::vector<ThrottleDevice> blkio_throttle_read_iops;
  std::vector<ThrottleDevice> blkio_throttle_write_iops;
  std::vector<HugepageLimit> hugepage_limits;
  std::optional<uint32_t> network_class_id;  // v1 net_cls
  std::vector<NetworkPriority> network_priorities;  // v1 net_prio
  std::map<std::string, RdmaLimit> rdma;  // device name -> limits
  std::map<std::string, std::string> unified;  // cgroup v2 file -> value
  // Set by the parser: whether "devices" was present (update replaces the rules only then).
  bool devices_given = false;
};

// Checks values no kernel would accept (or would silently clamp) before anything is written:
// negative limits other than -1, a period outside 1 ms..1 s, shares outside 2..262144, weights
// outside 10..1000, swappiness above 100, idle not 0/1, device rules with a bad type or access,
// hugepage sizes that are not "<n>KB|MB|GB", unified keys that are not "<controller>.<file>".
// `base` prefixes the field names in errors ("linux.resources").
Result<void> validate_resources(const Resources& r, const std::string& base);

// `update`'s merge, with runc's rules: every field the update sets replaces the container's;
// per-device blkio and hugepage entries are updated in place or appended; `unified` keys are
// set one by one; the device rules, when given, replace the old list whole.
Resources merge_resources(const Resources& current, const Resources& update);

// The LinuxResources JSON object for `r` (only the fields set), as parse_resources() reads it:
// what `update` keeps in the state directory between updates.
std::string resources_to_json(const Resources& r);

}  // namespace rampart::spec
