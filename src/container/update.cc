#include "container/update.h"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "container/contract_errors.h"
#include "container/store.h"
#include "linux/cgroup/cgroup.h"
#include "linux/cgroup/devices.h"
#include "spec/parse.h"
#include "util/log.h"

namespace rampart::container {
namespace {

constexpr const char* kResourcesFile = "resources.json";

Result<uint64_t> unsigned_flag(const std::string& flag, const std::string& v) {
  uint64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc{} || p != v.data() + v.size())
    return fail("update", "invalid value for --" + flag + ": \"" + v + "\" is not a non-negative integer");
  return out;
}

Result<int64_t> signed_flag(const std::string& flag, const std::string& v) {
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc{} || p != v.data() + v.size())
    return fail("update", "invalid value for --" + flag + ": \"" + v + "\" is not an integer");
  return out;
}

Result<int64_t> size_flag(const std::string& flag, const std::string& v) {
  if (v == "-1") return -1;
  auto n = parse_ram_size(v);
  if (!n) return fail("update", "invalid value for --" + flag + ": " + n.error().detail);
  return n;
}

// The resources this container has now: what the last update kept, else its config's.
Result<spec::Resources> current_resources(const ContainerDir& dir, std::vector<spec::Device>& devices) {
  const spec::Config config = TRY(spec::parse_config(TRY(dir.load_config())));
  if (config.linux) devices = config.linux->devices;
  UniqueFd fd(::openat(dir.fd(), kResourcesFile, O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    if (errno != ENOENT) return sys_error("read", dir.path() + "/" + kResourcesFile);
    return config.linux && config.linux->resources ? *config.linux->resources : spec::Resources{};
  }
  std::string text;
  char buf[8192];
  for (ssize_t n; (n = ::read(fd.get(), buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  return spec::parse_resources(text);
}

// Written like state.json: a temp file in the locked state directory, renamed over the old one.
Result<void> save_resources(const ContainerDir& dir, const spec::Resources& r) {
  const std::string text = spec::resources_to_json(r);
  const std::string tmp = std::string(kResourcesFile) + ".tmp";
  UniqueFd fd(::openat(dir.fd(), tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return sys_error("save resources", dir.path() + "/" + tmp);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    return sys_error("save resources", dir.path() + "/" + tmp);
  if (::renameat(dir.fd(), tmp.c_str(), dir.fd(), kResourcesFile) < 0)
    return sys_error("save resources", dir.path() + "/" + kResourcesFile);
  return {};
}

}  // namespace

Result<int64_t> parse_ram_size(std::string_view text) {
  const std::string s(text);
  size_t i = 0;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) ++i;
  const std::string number = s.substr(0, i);
  std::string unit;
  for (char c : s.substr(i)) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double value = 0;
  auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc{} || p != number.data() + number.size() || value < 0)
    return fail("parse size", "\"" + s + "\" is not a size (like 512m, 1g or 1048576)");
  static const std::pair<const char*, int> units[] = {{"", 0}, {"b", 0}, {"k", 1}, {"kb", 1}, {"kib", 1},
                                                      {"m", 2}, {"mb", 2}, {"mib", 2}, {"g", 3}, {"gb", 3},
                                                      {"gib", 3}, {"t", 4}, {"tb", 4}, {"tib", 4}, {"p", 5},
                                                      {"pb", 5}, {"pib", 5}};
  for (const auto& [name, power] : units) {
    if (unit != name) continue;
    const double bytes = value * std::pow(1024.0, power);
    if (bytes >= static_cast<double>(std::numeric_limits<int64_t>::max()))
      return fail("parse size", "\"" + s + "\" is too large");
    return static_cast<int64_t>(bytes);
  }
  return fail("parse size", "\"" + s + "\" has an unknown unit \"" + unit + "\"");
}

Result<spec::Resources> update_request(const UpdateOptions& o) {
  if (!o.resources_file.empty()) {
    std::string text = o.resources_json;
    if (o.resources_file != "-" && text.empty()) {
      UniqueFd fd(::open(o.resources_file.c_str(), O_RDONLY | O_CLOEXEC));
      if (!fd) return sys_error("update: read resources", o.resources_file);
      char buf[8192];
      for (ssize_t n; (n = ::read(fd.get(), buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
    }
    return spec::parse_resources(text);
  }
  if (o.l3_cache_schema || o.mem_bw_schema)
    return fail("update", "Intel RDT (--l3-cache-schema, --mem-bw-schema) is not supported");
  spec::Resources r;
  if (o.memory) r.memory_limit = TRY(size_flag("memory", *o.memory));
  if (o.memory_reservation) r.memory_reservation = TRY(size_flag("memory-reservation", *o.memory_reservation));
  if (o.memory_swap) r.memory_swap = TRY(size_flag("memory-swap", *o.memory_swap));
  if (o.kernel_memory) r.memory_kernel = TRY(size_flag("kernel-memory", *o.kernel_memory));
  if (o.kernel_memory_tcp) r.memory_kernel_tcp = TRY(size_flag("kernel-memory-tcp", *o.kernel_memory_tcp));
  if (o.cpu_shares) r.cpu_shares = TRY(unsigned_flag("cpu-share", *o.cpu_shares));
  if (o.cpu_quota) r.cpu_quota = TRY(signed_flag("cpu-quota", *o.cpu_quota));
  if (o.cpu_period) r.cpu_period = TRY(unsigned_flag("cpu-period", *o.cpu_period));
  if (o.cpu_burst) r.cpu_burst = TRY(unsigned_flag("cpu-burst", *o.cpu_burst));
  if (o.cpu_rt_runtime) r.cpu_realtime_runtime = TRY(signed_flag("cpu-rt-runtime", *o.cpu_rt_runtime));
  if (o.cpu_rt_period) r.cpu_realtime_period = TRY(unsigned_flag("cpu-rt-period", *o.cpu_rt_period));
  if (o.cpuset_cpus) r.cpuset_cpus = *o.cpuset_cpus;
  if (o.cpuset_mems) r.cpuset_mems = *o.cpuset_mems;
  if (o.cpu_idle) r.cpu_idle = TRY(signed_flag("cpu-idle", *o.cpu_idle));
  if (o.pids_limit) r.pids_limit = TRY(signed_flag("pids-limit", *o.pids_limit));
  if (o.blkio_weight) {
    const uint64_t w = TRY(unsigned_flag("blkio-weight", *o.blkio_weight));
    if (w > 1000) return fail("update", "invalid value for --blkio-weight: " + *o.blkio_weight + " is outside 10..1000");
    if (w != 0) r.blkio_weight = static_cast<uint16_t>(w);  // runc: 0 is "not given"
  }
  TRY_VOID(spec::validate_resources(r, ""));
  return r;
}

spec::Resources update_writes(const spec::Resources& merged, const spec::Resources& q) {
  spec::Resources w = q;
  if (q.memory_limit || q.memory_swap) {
    w.memory_limit = merged.memory_limit;
    w.memory_swap = merged.memory_swap;
  }
  if (q.memory_limit && *q.memory_limit == -1 && !q.memory_swap) w.memory_swap = 0;  // runc's fix-up
  w.memory_check_before_update = merged.memory_check_before_update;
  if (q.cpu_quota || q.cpu_period || q.cpu_burst) {
    w.cpu_quota = merged.cpu_quota;
    w.cpu_period = merged.cpu_period;
    w.cpu_burst = merged.cpu_burst;
  }
  if (q.cpu_realtime_runtime || q.cpu_realtime_period) {
    w.cpu_realtime_runtime = merged.cpu_realtime_runtime;
    w.cpu_realtime_period = merged.cpu_realtime_period;
  }
  if (q.cpu_idle || q.cpu_shares) {
    w.cpu_idle = merged.cpu_idle;
    w.cpu_shares = merged.cpu_shares;
  }
  // The devices are not written unless the update gives rules (runc cannot change them at all).
  if (!q.devices_given) w.devices.clear();
  return w;
}

Result<void> update(const std::string& root, const UpdateOptions& opts) {
  const spec::Resources request = TRY(update_request(opts));
  Store store(root);
  ContainerDir dir = TRY(store.open(opts.id));
  const State s = TRY(dir.load());
  if (current_status(dir, s) == Status::Stopped) return not_running();
  std::vector<spec::Device> devices;
  const spec::Resources current = TRY(current_resources(dir, devices));
  const spec::Resources merged = spec::merge_resources(current, request);
  TRY_VOID(spec::validate_resources(merged, ""));
  spec::Resources writes = update_writes(merged, request);
  if (request.devices_given) writes.devices = cgroup::container_device_rules(merged.devices, devices);
  auto cg = cgroup::manager_from_paths(s.cgroup_paths);
  TRY_VOID(cg->apply(writes));
  return save_resources(dir, merged);
}

}  // namespace rampart::container
