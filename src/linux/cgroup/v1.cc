// The cgroup v1 driver: one directory per mounted hierarchy, the same cgroup path in each.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>

#include "linux/cgroup/changes.h"
#include "linux/cgroup/devices.h"
#include "linux/cgroup/drivers.h"
#include "linux/cgroup/files.h"
#include "util/path.h"
#include "util/unique_fd.h"

namespace rampart::cgroup {
namespace {

std::string num(int64_t v) { return std::to_string(v); }
std::string unum(uint64_t v) { return std::to_string(v); }
std::string dev(int64_t major, int64_t minor) { return num(major) + ":" + num(minor); }

// The value a keyed v1 file ("8:0 1048576" lines) holds for `key`, or `none`.
std::string keyed_value(const std::string& dir, const std::string& file, const std::string& key,
                        const std::string& none) {
  auto text = read_file(dir, file);
  if (!text) return none;
  std::string_view rest = *text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string line = trim(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (line.starts_with(key + " ")) return line.substr(key.size() + 1);
  }
  return none;
}

// v1 OOM notifications: an eventfd registered through cgroup.event_control on
// memory.oom_control. The eventfd also fires when the cgroup is removed.
class V1OomWatch final : public OomWatch {
 public:
  V1OomWatch(std::string dir, UniqueFd efd, UniqueFd oom) : dir_(std::move(dir)), efd_(std::move(efd)), oom_(std::move(oom)) {}
  [[nodiscard]] int fd() const override { return efd_.get(); }
  [[nodiscard]] short poll_events() const override { return POLLIN; }
  Result<uint64_t> consume() override {
    uint64_t n = 0;
    if (::read(efd_.get(), &n, sizeof n) != sizeof n) {
      if (errno == EAGAIN) return 0;
      return sys_error("read oom eventfd", dir_);
    }
    if (!path_exists(join_path(dir_, "memory.oom_control"))) return fail("watch oom", "the cgroup is gone", dir_);
    return n;
  }

 private:
  std::string dir_;
  UniqueFd efd_, oom_;
};

class V1Manager final : public Manager {
 public:
  explicit V1Manager(std::vector<V1Hierarchy> hierarchies) : hs_(std::move(hierarchies)) {
    paths_.layout = Layout::V1;
    for (const auto& h : hs_)
      for (const auto& c : h.controllers) paths_.controllers.emplace_back(c, h.dir);
  }

  [[nodiscard]] const Paths& paths() const override { return paths_; }

  Result<void> create() override {
    for (const auto& h : hs_) {
      const bool made = TRY(mkdir_p(h.dir));
      // A task cannot join a v1 cpuset whose cpus or mems are empty, and new cpusets start empty.
      if (has(h, "cpuset")) TRY_VOID(copy_cpuset_down(h));
      if (!made) warn_if_populated(h.dir);  // a cgroup just made holds no process yet
    }
    TRY_VOID(refuse_frozen());
    return {};
  }

  Result<void> plan(const spec::Resources& r, ChangeSet& c) override {
    if (!r.unified.empty())
      return unavailable("unified", "cgroup v2 keys need a cgroup v2 hierarchy, and this host has only v1",
                         hs_.empty() ? "" : hs_.front().root);
    TRY_VOID(plan_devices(r, c));
    TRY_VOID(plan_memory(r, c));
    TRY_VOID(plan_cpu(r, c));
    if (!r.cpuset_cpus.empty()) TRY_VOID(write(c, "cpu.cpus", "cpuset", "cpuset.cpus", r.cpuset_cpus));
    if (!r.cpuset_mems.empty()) TRY_VOID(write(c, "cpu.mems", "cpuset", "cpuset.mems", r.cpuset_mems));
    if (r.pids_limit)
      TRY_VOID(write(c, "pids.limit", "pids", "pids.max", *r.pids_limit > 0 ? num(*r.pids_limit) : "max"));
    TRY_VOID(plan_blkio(r, c));
    TRY_VOID(plan_hugetlb(r, c));
    if (r.network_class_id)
      TRY_VOID(write(c, "network.classID", "net_cls", "net_cls.classid", unum(*r.network_class_id)));
    for (const auto& p : r.network_priorities) {
      const std::string dir = TRY(dir_for("net_prio", "network.priorities"));
      TRY_VOID(c.write("network.priorities", dir, "net_prio.ifpriomap", p.name + " " + unum(p.priority),
                       "no net_prio.ifpriomap", p.name + " " + keyed_value(dir, "net_prio.ifpriomap", p.name, "0")));
    }
    for (const auto& [device, l] : r.rdma) {
      const std::string dir = TRY(dir_for("rdma", "rdma"));
      std::string value = device;
      value += " hca_handle=" + (l.hca_handles ? unum(*l.hca_handles) : std::string("max"));
      value += " hca_object=" + (l.hca_objects ? unum(*l.hca_objects) : std::string("max"));
      TRY_VOID(c.write("rdma", dir, "rdma.max", value, "no rdma.max",
                       device + " " + keyed_value(dir, "rdma.max", device, "hca_handle=max hca_object=max")));
    }
    return {};
  }

  Result<void> add_pid(pid_t pid) override {
    for (const auto& h : hs_) TRY_VOID(write_file(h.dir, "cgroup.procs", std::to_string(pid)));
    return {};
  }

  [[nodiscard]] Result<std::vector<pid_t>> pids() const override {
    if (hs_.empty()) return std::vector<pid_t>{};
    const V1Hierarchy* h = find("pids");
    return read_procs_recursive(h ? h->dir : hs_.front().dir);
  }

  Result<void> freeze() override { return set_freezer("FROZEN"); }
  Result<void> thaw() override { return set_freezer("THAWED"); }

  // A frozen cgroup stops the init the moment it joins, and create then waits forever on it:
  // refused before anything joins (runc: "container's cgroup unexpectedly frozen").
  Result<void> refuse_frozen() const {
    if (TRY(frozen())) return fail("create cgroup", "the cgroup is frozen: thaw it first", find("freezer")->dir);
    return {};
  }

  [[nodiscard]] Result<bool> frozen() const override {
    // No freezer or no cgroup: nothing can be frozen.
    const V1Hierarchy* h = find("freezer");
    if (!h) return false;
    auto state = read_file(h->dir, "freezer.state");
    if (!state && state.error().err == ENOENT) return false;
    if (!state) return std::unexpected(state.error());
    return trim(*state) == "FROZEN";
  }

  Result<void> kill_all(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (TRY(pids()).empty()) return {};
    // Frozen, no process can fork a child we would miss, nor exit and have its pid reused
    // between the listing and the kill.
    const bool froze = find("freezer") && path_exists(find("freezer")->dir) && freeze().has_value();
    std::vector<UniqueFd> pidfds;
    for (;;) {
      const auto listed = TRY(pids());
      if (listed.empty()) break;
      for (pid_t pid : listed) {
        UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
        if (!pidfd) continue;  // already gone
        ::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0);
        pidfds.push_back(std::move(pidfd));
      }
      if (froze) break;  // nothing new can have appeared
      // Without a freezer a fork may have raced the listing: list again once these are gone.
      TRY_VOID(wait_empty(pidfds, deadline));
      pidfds.clear();
    }
    if (froze) (void)thaw();  // a frozen v1 task cannot die
    return wait_empty(pidfds, deadline);
  }

  Result<void> destroy() override {
    Result<void> first;
    for (const auto& h : hs_) {
      auto r = remove_cgroup_tree(h.dir);
      if (!r && first) first = r;  // keep going: leave as little behind as possible
    }
    return first;
  }

  [[nodiscard]] Result<Stats> stats() const override { return v1_stats(hs_); }

  [[nodiscard]] Result<std::unique_ptr<OomWatch>> watch_oom() const override {
    const std::string dir = TRY(dir_for("memory", "oom notifications"));
    UniqueFd efd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!efd) return sys_error("create oom eventfd");
    UniqueFd oom(::open(join_path(dir, "memory.oom_control").c_str(), O_RDONLY | O_CLOEXEC));
    if (!oom) return sys_error("open", join_path(dir, "memory.oom_control"));
    TRY_VOID(write_file(dir, "cgroup.event_control", std::to_string(efd.get()) + " " + std::to_string(oom.get())));
    return std::unique_ptr<OomWatch>(std::make_unique<V1OomWatch>(dir, std::move(efd), std::move(oom)));
  }

 private:
  static bool has(const V1Hierarchy& h, std::string_view controller) {
    return std::find(h.controllers.begin(), h.controllers.end(), controller) != h.controllers.end();
  }

  [[nodiscard]] const V1Hierarchy* find(std::string_view controller) const {
    for (const auto& h : hs_)
      if (has(h, controller)) return &h;
    return nullptr;
  }

  // The container's directory of `controller`, or an error naming the resource and controller.
  [[nodiscard]] Result<std::string> dir_for(std::string_view controller, const std::string& resource) const {
    const V1Hierarchy* h = find(controller);
    if (!h)
      return unavailable(resource, "cgroup v1 controller \"" + std::string(controller) + "\" is not mounted", "");
    return h->dir;
  }

  Result<void> write(ChangeSet& c, const std::string& resource, std::string_view controller, const std::string& file,
                     const std::string& value, std::optional<std::string> restore = std::nullopt) {
    const std::string dir = TRY(dir_for(controller, resource + " (" + file + ")"));
    return c.write(resource, dir, file, value,
                   "cgroup v1 controller \"" + std::string(controller) + "\" has no " + file, std::move(restore));
  }

  // Until no hierarchy lists a process. v1 has no notification for that; a process's pidfd
  // wakes us when it exits, and the tasks are re-read at least every 20 ms meanwhile -- a pid
  // namespace's init leaves its cgroup when it starts exiting but its pidfd only turns readable
  // once the zombies of processes reparented outside the container are reaped.
  Result<void> wait_empty(const std::vector<UniqueFd>& pidfds, std::chrono::steady_clock::time_point deadline) {
    std::vector<pollfd> fds;
    for (const auto& p : pidfds) fds.push_back({p.get(), POLLIN, 0});
    for (;;) {
      bool empty = true;
      for (const auto& h : hs_) {
        auto left = read_procs_recursive(h.dir);
        if (left && !left->empty()) empty = false;
      }
      if (empty) return {};
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return fail("kill container processes", "processes still in the cgroup after the timeout",
                                       hs_.front().dir);
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
      ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long>(left, 20)));
      std::erase_if(fds, [](const pollfd& p) { return p.revents != 0; });
    }
  }

  Result<void> copy_cpuset_down(const V1Hierarchy& h) {
    if (!path_within(h.dir, h.root)) return {};
    // Walk root -> leaf; every level with empty cpus/mems takes its parent's.
    std::string parent = h.root;
    size_t pos = h.root.size();
    while (pos < h.dir.size()) {
      size_t next = h.dir.find('/', pos + 1);
      if (next == std::string::npos) next = h.dir.size();
      const std::string cur = h.dir.substr(0, next);
      for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
        const std::string mine = trim(TRY(read_file(cur, file)));
        if (!mine.empty()) continue;
        const std::string theirs = trim(TRY(read_file(parent, file)));
        TRY_VOID(write_file(cur, file, theirs));
      }
      parent = cur;
      pos = next;
    }
    return {};
  }

  Result<void> plan_devices(const spec::Resources& r, ChangeSet& c) {
    if (r.devices.empty()) return {};
    const DeviceState target = TRY(device_state(r.devices));  // a bad rule fails before any write
    const std::string dir = TRY(dir_for("devices", "devices"));
    // From what the cgroup has now (a new one inherits its parent's list) to what the rules
    // mean, and back again for undo: the minimal writes, never allowing more than both states.
    DeviceState now{true, {}};
    if (auto list = read_file(dir, "devices.list")) now = TRY(parse_devices_list(*list));
    for (const char* f : {"devices.allow", "devices.deny"})
      if (!path_exists(join_path(dir, f))) return unavailable("devices", std::string("no ") + f, join_path(dir, f));
    const auto forward = device_transition(now, target);
    const auto back = device_transition(target, now);
    ChangeSet::Change change;
    change.resource = "devices";
    change.make = [dir, forward]() -> Result<void> {
      for (const auto& [file, value] : forward) TRY_VOID(write_file(dir, file, value));
      return {};
    };
    change.undo = [dir, back] {
      for (const auto& [file, value] : back) (void)write_file(dir, file, value);
    };
    c.add(std::move(change));
    return {};
  }

  Result<void> plan_memory(const spec::Resources& r, ChangeSet& c) {
    if (r.memory_kernel && *r.memory_kernel != 0)
      c.warn("linux.resources.memory.kernel is ignored: the kernel no longer limits kernel memory");
    if (r.memory_kernel_tcp && *r.memory_kernel_tcp != 0)
      TRY_VOID(write(c, "memory.kernelTCP", "memory", "memory.kmem.tcp.limit_in_bytes", num(*r.memory_kernel_tcp)));
    if (r.memory_use_hierarchy && !*r.memory_use_hierarchy)
      c.warn("linux.resources.memory.useHierarchy false is ignored: the kernel always accounts hierarchically");
    int64_t mem = r.memory_limit.value_or(0);
    int64_t swap = r.memory_swap.value_or(0);
    if (mem != 0 || swap != 0) TRY_VOID(plan_memory_limits(r, mem, swap, c));
    if (r.memory_reservation && *r.memory_reservation != 0)
      TRY_VOID(write(c, "memory.reservation", "memory", "memory.soft_limit_in_bytes", num(*r.memory_reservation)));
    if (r.memory_swappiness)
      TRY_VOID(write(c, "memory.swappiness", "memory", "memory.swappiness", unum(*r.memory_swappiness)));
    if (r.memory_disable_oom_killer) {
      const std::string dir = TRY(dir_for("memory", "memory.disableOOMKiller"));
      std::string old = "0";
      if (auto t = read_file(dir, "memory.oom_control"); t && t->find("oom_kill_disable 1") != std::string::npos)
        old = "1";
      TRY_VOID(c.write("memory.disableOOMKiller", dir, "memory.oom_control", *r.memory_disable_oom_killer ? "1" : "0",
                       "no memory.oom_control", old));
    }
    return {};
  }

  Result<void> plan_memory_limits(const spec::Resources& r, int64_t mem, int64_t swap, ChangeSet& c) {
    const std::string dir = TRY(dir_for("memory", "memory.limit"));
    const bool has_swap = path_exists(join_path(dir, "memory.memsw.limit_in_bytes"));
    if (mem == -1 && swap == 0 && has_swap) swap = -1;  // unlimited memory: unlimited swap too (runc)
    if (swap != 0 && !has_swap) {
      // Without swap accounting only "no limit beyond memory" can be honoured.
      if (swap != -1 && swap != mem)
        return unavailable("memory.swap", "swap accounting is off (no memory.memsw.limit_in_bytes)",
                           join_path(dir, "memory.memsw.limit_in_bytes"));
      swap = 0;
    }
    if (mem > 0 && r.memory_check_before_update.value_or(false)) {
      // runc's checkBeforeUpdate: refuse a limit below what the cgroup already uses.
      uint64_t usage = 0;
      if (auto t = read_file(dir, "memory.usage_in_bytes")) {
        const std::string u = trim(*t);
        std::from_chars(u.data(), u.data() + u.size(), usage);
      }
      if (static_cast<uint64_t>(mem) < usage)
        return fail("apply cgroup resources",
                    "memory.limit: " + num(mem) + " is below the current usage " + unum(usage) +
                        " (checkBeforeUpdate)",
                    join_path(dir, "memory.limit_in_bytes"));
    }
    const std::string why_mem = "no memory.limit_in_bytes", why_swap = "no memory.memsw.limit_in_bytes";
    if (mem != 0 && swap != 0) {
      // The kernel keeps memsw >= limit at every step, so the order depends on the current limit:
      // raising memory above the current memsw needs memsw first.
      uint64_t current = UINT64_MAX;
      if (auto text = read_file(dir, "memory.limit_in_bytes")) {
        const std::string t = trim(*text);
        std::from_chars(t.data(), t.data() + t.size(), current);
      }
      const bool swap_first = swap == -1 || current < static_cast<uint64_t>(swap);
      return c.write_retrying("memory.limit", dir, swap_first ? "memory.memsw.limit_in_bytes" : "memory.limit_in_bytes",
                              swap_first ? num(swap) : num(mem),
                              swap_first ? "memory.limit_in_bytes" : "memory.memsw.limit_in_bytes",
                              swap_first ? num(mem) : num(swap), swap_first ? why_swap : why_mem);
    }
    if (mem != 0) TRY_VOID(c.write("memory.limit", dir, "memory.limit_in_bytes", num(mem), why_mem));
    if (swap != 0) TRY_VOID(c.write("memory.swap", dir, "memory.memsw.limit_in_bytes", num(swap), why_swap));
    return {};
  }

  Result<void> plan_cpu(const spec::Resources& r, ChangeSet& c) {
    // Realtime first: a runtime the parent cannot grant fails before anything else changes.
    if (r.cpu_realtime_period && *r.cpu_realtime_period != 0)
      TRY_VOID(write(c, "cpu.realtimePeriod", "cpu", "cpu.rt_period_us", unum(*r.cpu_realtime_period)));
    if (r.cpu_realtime_runtime && *r.cpu_realtime_runtime != 0)
      TRY_VOID(write(c, "cpu.realtimeRuntime", "cpu", "cpu.rt_runtime_us", num(*r.cpu_realtime_runtime)));
    if (r.cpu_shares && *r.cpu_shares != 0) {
      TRY_VOID(write(c, "cpu.shares", "cpu", "cpu.shares", unum(*r.cpu_shares)));
      // The kernel clamps shares silently; say so rather than run with another value.
      const std::string dir = TRY(dir_for("cpu", "cpu.shares"));
      c.add({"cpu.shares",
             [dir, want = unum(*r.cpu_shares)]() -> Result<void> {
               const std::string got = trim(TRY(read_file(dir, "cpu.shares")));
               if (got != want)
                 return fail("apply cpu shares", "asked for " + want + ", the kernel set " + got,
                             join_path(dir, "cpu.shares"));
               return {};
             },
             {}});
    }
    const uint64_t period = r.cpu_period.value_or(0);
    const int64_t quota = r.cpu_quota.value_or(0);
    const std::string dir = find("cpu") ? find("cpu")->dir : "";
    // A shorter period can be refused (EINVAL) while the old quota/new period would exceed the
    // parent's; runc retries it after the quota in that case, and so do we.
    if (period != 0 && quota != 0) {
      if (dir.empty()) return unavailable("cpu.period", "cgroup v1 controller \"cpu\" is not mounted", "");
      TRY_VOID(c.write_retrying("cpu.period", dir, "cpu.cfs_period_us", unum(period), "cpu.cfs_quota_us", num(quota),
                                "cgroup v1 controller \"cpu\" has no CFS bandwidth control"));
    } else if (period != 0) {
      TRY_VOID(write(c, "cpu.period", "cpu", "cpu.cfs_period_us", unum(period)));
    } else if (quota != 0) {
      TRY_VOID(write(c, "cpu.quota", "cpu", "cpu.cfs_quota_us", num(quota)));
    }
    if (r.cpu_burst) TRY_VOID(write(c, "cpu.burst", "cpu", "cpu.cfs_burst_us", unum(*r.cpu_burst)));
    if (r.cpu_idle) TRY_VOID(write(c, "cpu.idle", "cpu", "cpu.idle", num(*r.cpu_idle)));
    return {};
  }

  Result<void> plan_blkio(const spec::Resources& r, ChangeSet& c) {
    const bool any = (r.blkio_weight && *r.blkio_weight) || (r.blkio_leaf_weight && *r.blkio_leaf_weight) ||
                     !r.blkio_weight_device.empty() || !r.blkio_throttle_read_bps.empty() ||
                     !r.blkio_throttle_write_bps.empty() || !r.blkio_throttle_read_iops.empty() ||
                     !r.blkio_throttle_write_iops.empty();
    if (!any) return {};
    const std::string dir = TRY(dir_for("blkio", "blockIO"));
    // CFQ's blkio.weight, or BFQ's blkio.bfq.weight, whichever this kernel has (runc's choice).
    const bool bfq = path_exists(join_path(dir, "blkio.bfq.weight"));
    const std::string weight_file = bfq ? "blkio.bfq.weight" : "blkio.weight";
    const std::string weight_dev_file = bfq ? "blkio.bfq.weight_device" : "blkio.weight_device";
    const std::string no_weight = "this kernel's blkio controller has no proportional weight (neither "
                                  "blkio.weight nor blkio.bfq.weight: no CFQ/BFQ I/O scheduler)";
    if (r.blkio_weight && *r.blkio_weight)
      TRY_VOID(c.write("blockIO.weight", dir, weight_file, unum(*r.blkio_weight), no_weight));
    if (r.blkio_leaf_weight && *r.blkio_leaf_weight)
      TRY_VOID(c.write("blockIO.leafWeight", dir, "blkio.leaf_weight", unum(*r.blkio_leaf_weight),
                       "no blkio.leaf_weight (CFQ only)"));
    for (const auto& wd : r.blkio_weight_device) {
      const std::string key = dev(wd.major, wd.minor);
      if (wd.weight && *wd.weight)
        TRY_VOID(c.write("blockIO.weightDevice", dir, weight_dev_file, key + " " + unum(*wd.weight), no_weight,
                         key + " " + keyed_value(dir, weight_dev_file, key, "0")));
      if (wd.leaf_weight && *wd.leaf_weight)
        TRY_VOID(c.write("blockIO.weightDevice", dir, "blkio.leaf_weight_device", key + " " + unum(*wd.leaf_weight),
                         "no blkio.leaf_weight_device (CFQ only)",
                         key + " " + keyed_value(dir, "blkio.leaf_weight_device", key, "0")));
    }
    for (const auto& [name, list, file] :
         {std::tuple{"blockIO.throttleReadBpsDevice", &r.blkio_throttle_read_bps, "blkio.throttle.read_bps_device"},
          std::tuple{"blockIO.throttleWriteBpsDevice", &r.blkio_throttle_write_bps, "blkio.throttle.write_bps_device"},
          std::tuple{"blockIO.throttleReadIOPSDevice", &r.blkio_throttle_read_iops, "blkio.throttle.read_iops_device"},
          std::tuple{"blockIO.throttleWriteIOPSDevice", &r.blkio_throttle_write_iops,
                     "blkio.throttle.write_iops_device"}})
      for (const auto& td : *list) {
        const std::string key = dev(td.major, td.minor);
        TRY_VOID(c.write(name, dir, file, key + " " + unum(td.rate), std::string("no ") + file,
                         key + " " + keyed_value(dir, file, key, "0")));
      }
    return {};
  }

  Result<void> plan_hugetlb(const spec::Resources& r, ChangeSet& c) {
    for (const auto& h : r.hugepage_limits) {
      const std::string dir = TRY(dir_for("hugetlb", "hugepageLimits"));
      const std::string file = "hugetlb." + h.page_size + ".limit_in_bytes";
      TRY_VOID(c.write("hugepageLimits", dir, file, unum(h.limit),
                       "no " + file + " (the kernel has no " + h.page_size + " huge pages)"));
      // The reservation limit too, where the kernel has it (runc does the same).
      const std::string rsvd = "hugetlb." + h.page_size + ".rsvd.limit_in_bytes";
      if (path_exists(join_path(dir, rsvd))) TRY_VOID(c.write("hugepageLimits", dir, rsvd, unum(h.limit), ""));
    }
    return {};
  }

  Result<void> set_freezer(const std::string& state) {
    const std::string dir = TRY(dir_for("freezer", "freezer.state"));
    auto reached = poll_until([&]() -> Result<bool> {
      // Re-writing is harmless and un-sticks a freeze that raced with a fork.
      TRY_VOID(write_file(dir, "freezer.state", state));
      return trim(TRY(read_file(dir, "freezer.state"))) == state;
    });
    if (!reached) return std::unexpected(reached.error());
    if (!*reached) {
      if (state == "FROZEN") (void)write_file(dir, "freezer.state", "THAWED");
      return fail("set freezer state", "did not reach " + state + " in time", join_path(dir, "freezer.state"));
    }
    return {};
  }

  std::vector<V1Hierarchy> hs_;
  Paths paths_;
};

}  // namespace

std::unique_ptr<Manager> make_v1_manager(std::vector<V1Hierarchy> hierarchies) {
  return std::make_unique<V1Manager>(std::move(hierarchies));
}

bool v1_has_controller(const Manager& v1, std::string_view controller) {
  for (const auto& [name, dir] : v1.paths().controllers)
    if (name == controller) return true;
  return false;
}

}  // namespace rampart::cgroup
