// The cgroup v2 driver: one directory in the unified hierarchy.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <sstream>

#include "linux/cgroup/changes.h"
#include "linux/cgroup/convert.h"
#include "linux/cgroup/device_bpf.h"
#include "linux/cgroup/devices.h"
#include "linux/cgroup/drivers.h"
#include "linux/cgroup/files.h"
#include "util/path.h"

namespace rampart::cgroup {
namespace {

std::string num(int64_t v) { return std::to_string(v); }
std::string unum(uint64_t v) { return std::to_string(v); }
std::string dev(int64_t major, int64_t minor) { return num(major) + ":" + num(minor); }

// The line of a keyed v2 file ("8:0 rbps=max wbps=max ...") for `key`, or "".
std::string keyed_line(const std::string& dir, const std::string& file, const std::string& key) {
  auto text = read_file(dir, file);
  if (!text) return {};
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(key + " ")) return trim(line);
  return {};
}

std::vector<std::string> controllers_of(const std::string& dir) {
  std::vector<std::string> out;
  std::istringstream words(read_file(dir, "cgroup.controllers").value_or(""));
  for (std::string w; words >> w;) out.push_back(w);
  return out;
}

// v2 OOM notifications: memory.events changes (poll POLLPRI) and its oom_kill count grows.
class V2OomWatch final : public OomWatch {
 public:
  V2OomWatch(std::string dir, UniqueFd fd, uint64_t seen) : dir_(std::move(dir)), fd_(std::move(fd)), seen_(seen) {}
  [[nodiscard]] int fd() const override { return fd_.get(); }
  [[nodiscard]] short poll_events() const override { return POLLPRI; }
  Result<uint64_t> consume() override {
    char buf[512];
    const ssize_t n = ::pread(fd_.get(), buf, sizeof buf - 1, 0);  // also re-arms the notification
    if (n < 0) return sys_error("read", join_path(dir_, "memory.events"));
    if (!path_exists(dir_)) return fail("watch oom", "the cgroup is gone", dir_);
    const uint64_t now = count(std::string_view(buf, static_cast<size_t>(n)));
    const uint64_t fresh = now > seen_ ? now - seen_ : 0;
    seen_ = now;
    return fresh;
  }
  static uint64_t count(std::string_view text) {
    const size_t at = text.find("oom_kill ");
    if (at == std::string_view::npos) return 0;
    uint64_t v = 0;
    std::from_chars(text.data() + at + 9, text.data() + text.size(), v);
    return v;
  }

 private:
  std::string dir_;
  UniqueFd fd_;
  uint64_t seen_ = 0;
};

// The device program attached by one apply(), kept so that a later failure can put back the
// program it replaced.
struct DeviceProgramSwap {
  UniqueFd cgroup;
  UniqueFd program;
  std::vector<UniqueFd> replaced;
};

class V2Manager final : public Manager {
 public:
  V2Manager(std::string root, std::string dir, bool enable_controllers)
      : root_(std::move(root)), enable_(enable_controllers) {
    paths_.layout = Layout::V2;
    paths_.unified = std::move(dir);
  }

  [[nodiscard]] const Paths& paths() const override { return paths_; }

  Result<void> create() override {
    const bool made = TRY(mkdir_p(dir()));
    if (enable_) enable_controllers({});
    if (!made) warn_if_populated(dir());  // a cgroup just made holds no process yet
    // A frozen cgroup stops the init the moment it joins, and create then waits forever on it:
    // refused before anything joins (runc: "container's cgroup unexpectedly frozen").
    if (TRY(frozen())) return fail("create cgroup", "the cgroup is frozen: thaw it first", dir());
    return {};
  }

  Result<void> plan(const spec::Resources& r, ChangeSet& c) override {
    TRY_VOID(plan_devices(r, c));  // the program is loaded (and verified) before any write
    if (r.pids_limit)
      TRY_VOID(write(c, "pids.limit", "pids", "pids.max", *r.pids_limit > 0 ? num(*r.pids_limit) : "max"));
    TRY_VOID(plan_memory(r, c));
    TRY_VOID(plan_io(r, c));
    TRY_VOID(plan_cpu(r, c));
    if (!r.cpuset_cpus.empty()) TRY_VOID(write(c, "cpu.cpus", "cpuset", "cpuset.cpus", r.cpuset_cpus));
    if (!r.cpuset_mems.empty()) TRY_VOID(write(c, "cpu.mems", "cpuset", "cpuset.mems", r.cpuset_mems));
    for (const auto& h : r.hugepage_limits) {
      const std::string file = "hugetlb." + h.page_size + ".max";
      TRY_VOID(write(c, "hugepageLimits", "hugetlb", file, unum(h.limit)));
      const std::string rsvd = "hugetlb." + h.page_size + ".rsvd.max";
      if (path_exists(join_path(dir(), rsvd))) TRY_VOID(write(c, "hugepageLimits", "hugetlb", rsvd, unum(h.limit)));
    }
    for (const auto& [device, l] : r.rdma) {
      std::string value = device;
      value += " hca_handle=" + (l.hca_handles ? unum(*l.hca_handles) : std::string("max"));
      value += " hca_object=" + (l.hca_objects ? unum(*l.hca_objects) : std::string("max"));
      const std::string old = keyed_line(dir(), "rdma.max", device);
      TRY_VOID(write(c, "rdma", "rdma", "rdma.max", value, old.empty() ? device + " hca_handle=max hca_object=max" : old));
    }
    if (r.network_class_id || !r.network_priorities.empty())
      c.warn("linux.resources.network is ignored: cgroup v2 has no net_cls/net_prio (use BPF on the network)");
    for (const auto& [key, value] : r.unified) TRY_VOID(plan_unified(key, value, c));
    return {};
  }

  // Delegates `controller` down to the container's cgroup (hybrid uses this for what v1 lacks).
  Result<void> enable(const std::string& controller) {
    const auto offered = controllers_of(root_);
    if (std::find(offered.begin(), offered.end(), controller) == offered.end())
      return unavailable(controller, "the cgroup v2 hierarchy does not offer controller \"" + controller + "\"",
                         join_path(root_, "cgroup.controllers"));
    enable_controllers(controller);
    return {};
  }

  Result<void> add_pid(pid_t pid) override {
    return write_file(dir(), "cgroup.procs", std::to_string(pid));
  }

  [[nodiscard]] Result<std::vector<pid_t>> pids() const override { return read_procs_recursive(dir()); }

  Result<void> freeze() override { return set_frozen(true); }
  Result<void> thaw() override { return set_frozen(false); }

  [[nodiscard]] Result<bool> frozen() const override {
    auto text = read_file(dir(), "cgroup.freeze");
    if (!text && text.error().err == ENOENT) return false;  // no cgroup, or a kernel without freezing
    if (!text) return std::unexpected(text.error());
    return trim(*text) == "1";
  }

  Result<void> kill_all(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (!path_exists(dir())) return {};
    TRY_VOID(v2_kill_now(dir()));
    return wait_unpopulated(dir(), deadline);
  }

  Result<void> destroy() override { return remove_cgroup_tree(dir()); }

  [[nodiscard]] Result<Stats> stats() const override { return v2_stats(dir()); }

  [[nodiscard]] Result<std::unique_ptr<OomWatch>> watch_oom() const override {
    const std::string path = join_path(dir(), "memory.events");
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
      if (errno == ENOENT && path_exists(dir()))
        return fail("watch oom", "cgroup v2 controller \"memory\" is not available in this cgroup", path);
      return sys_error("open", path);
    }
    char buf[512];
    const ssize_t n = ::pread(fd.get(), buf, sizeof buf - 1, 0);
    const uint64_t seen = n > 0 ? V2OomWatch::count(std::string_view(buf, static_cast<size_t>(n))) : 0;
    return std::unique_ptr<OomWatch>(std::make_unique<V2OomWatch>(dir(), std::move(fd), seen));
  }

 private:
  [[nodiscard]] const std::string& dir() const { return paths_.unified; }

  Result<void> write(ChangeSet& c, const std::string& resource, const std::string& controller, const std::string& file,
                     const std::string& value, std::optional<std::string> restore = std::nullopt) {
    return c.write(resource, dir(), file, value,
                   "cgroup v2 controller \"" + controller + "\" is not available in this cgroup (no " + file + ")",
                   std::move(restore));
  }

  // Every ancestor from the root down to the leaf's parent delegates what it has (or just
  // `only`). Failures are ignored, as runc does: a controller that could not be enabled (EBUSY
  // from a parent holding processes, or not delegated to us) shows up as a clear error in
  // apply() only if it is used.
  void enable_controllers(const std::string& only) {
    if (!path_within(dir(), root_)) return;
    std::string cur = root_;
    size_t pos = root_.size();
    while (pos < dir().size()) {
      std::vector<std::string> wanted;
      for (const auto& c : controllers_of(cur))
        if (only.empty() || c == only) wanted.push_back("+" + c);
      std::string all;
      for (const auto& w : wanted) all += (all.empty() ? "" : " ") + w;
      if (!all.empty() && !write_file(cur, "cgroup.subtree_control", all))
        for (const auto& w : wanted) (void)write_file(cur, "cgroup.subtree_control", w);
      const size_t next = dir().find('/', pos + 1);
      if (next == std::string::npos) break;  // `cur` was the leaf's parent
      cur = dir().substr(0, next);
      pos = next;
    }
  }

  Result<void> plan_devices(const spec::Resources& r, ChangeSet& c) {
    if (r.devices.empty()) return {};
    // Without this program a v2 cgroup lets the container open any device node it can reach
    // (an image shipping the host disk's block node reads and writes it): device rules are
    // enforced or the container does not start.
    const DeviceState target = TRY(device_state(r.devices));
    auto swap = std::make_shared<DeviceProgramSwap>();
    swap->cgroup.reset(::open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!swap->cgroup) return sys_error("open cgroup", dir());
    swap->program = TRY(load_device_program(device_program(target), dir()));
    const std::string where = dir();
    ChangeSet::Change change;
    change.resource = "devices";
    change.make = [swap, where]() -> Result<void> {
      swap->replaced = TRY(install_device_program(swap->cgroup.get(), swap->program.get(), where));
      return {};
    };
    change.undo = [swap, where] {
      if (swap->replaced.size() == 1) {
        (void)install_device_program(swap->cgroup.get(), swap->replaced.front().get(), where);
      } else if (swap->replaced.empty()) {
        bpf_attr detach{};
        detach.target_fd = static_cast<uint32_t>(swap->cgroup.get());
        detach.attach_bpf_fd = static_cast<uint32_t>(swap->program.get());
        detach.attach_type = BPF_CGROUP_DEVICE;
        (void)::syscall(SYS_bpf, BPF_PROG_DETACH, &detach, sizeof detach);
      }
    };
    c.add(std::move(change));
    return {};
  }

  Result<void> plan_memory(const spec::Resources& r, ChangeSet& c) {
    if (r.memory_swappiness)
      c.warn("linux.resources.memory.swappiness is ignored: cgroup v2 has no per-cgroup swappiness");
    if (r.memory_disable_oom_killer && *r.memory_disable_oom_killer)
      c.warn("linux.resources.memory.disableOOMKiller is ignored: cgroup v2 cannot disable the OOM killer");
    if ((r.memory_kernel && *r.memory_kernel != 0) || (r.memory_kernel_tcp && *r.memory_kernel_tcp != 0))
      c.warn("linux.resources.memory.kernel and kernelTCP are ignored: cgroup v2 accounts kernel memory in memory.max");
    if (r.memory_use_hierarchy && !*r.memory_use_hierarchy)
      c.warn("linux.resources.memory.useHierarchy false is ignored: cgroup v2 is always hierarchical");
    const int64_t mem = r.memory_limit.value_or(0);
    const int64_t swap_total = r.memory_swap.value_or(0);
    const int64_t reservation = r.memory_reservation.value_or(0);
    if (mem == 0 && swap_total == 0 && reservation == 0) return {};
    if (mem > 0 && r.memory_check_before_update.value_or(false)) {
      const uint64_t usage = read_keyed_number("memory.current");
      if (static_cast<uint64_t>(mem) < usage)
        return fail("apply cgroup resources",
                    "memory.limit: " + num(mem) + " is below the current usage " + unum(usage) + " (checkBeforeUpdate)",
                    join_path(dir(), "memory.max"));
    }
    if (mem != 0 || swap_total != 0) {
      const int64_t swap = TRY(swap_to_v2(swap_total, mem));
      std::string value = swap == 0 ? "" : v2_limit(swap);
      if (swap == 0 && swap_total > 0) value = "0";  // memory+swap == memory: no swap at all
      if (!value.empty()) {
        // Without swap accounting there is no swap to limit: "max" and "0" hold anyway (runc).
        const bool optional = value == "max" || value == "0";
        if (path_exists(join_path(dir(), "memory.swap.max")) || !optional || !path_exists(join_path(dir(), "memory.max")))
          TRY_VOID(write(c, "memory.swap", "memory", "memory.swap.max", value));
      }
      if (mem != 0) TRY_VOID(write(c, "memory.limit", "memory", "memory.max", v2_limit(mem)));
    }
    if (reservation != 0) TRY_VOID(write(c, "memory.reservation", "memory", "memory.low", v2_limit(reservation)));
    return {};
  }

  uint64_t read_keyed_number(const std::string& file) const {
    uint64_t v = 0;
    if (auto t = read_file(dir(), file)) {
      const std::string s = trim(*t);
      std::from_chars(s.data(), s.data() + s.size(), v);
    }
    return v;
  }

  Result<void> plan_io(const spec::Resources& r, ChangeSet& c) {
    if (r.blkio_leaf_weight && *r.blkio_leaf_weight)
      c.warn("linux.resources.blockIO.leafWeight is ignored: cgroup v2 has no leaf weights");
    const bool bfq = path_exists(join_path(dir(), "io.bfq.weight"));
    if (r.blkio_weight && *r.blkio_weight) {
      // BFQ takes the v1 value as it is; io.weight needs runc's conversion from 10..1000.
      if (bfq)
        TRY_VOID(write(c, "blockIO.weight", "io", "io.bfq.weight", unum(*r.blkio_weight)));
      else
        TRY_VOID(write(c, "blockIO.weight", "io", "io.weight", unum(blkio_to_io_weight(*r.blkio_weight))));
    }
    for (const auto& wd : r.blkio_weight_device) {
      if (wd.leaf_weight && *wd.leaf_weight)
        c.warn("linux.resources.blockIO.weightDevice[].leafWeight is ignored: cgroup v2 has no leaf weights");
      if (!wd.weight || !*wd.weight) continue;
      const std::string key = dev(wd.major, wd.minor);
      const std::string file = bfq ? "io.bfq.weight" : "io.weight";
      const std::string value = key + " " + unum(bfq ? *wd.weight : blkio_to_io_weight(*wd.weight));
      const std::string old = keyed_line(dir(), file, key);
      TRY_VOID(write(c, "blockIO.weightDevice", "io", file, value, old.empty() ? key + " default" : old));
    }
    for (const auto& [name, list, op] :
         {std::tuple{"blockIO.throttleReadBpsDevice", &r.blkio_throttle_read_bps, "rbps"},
          std::tuple{"blockIO.throttleWriteBpsDevice", &r.blkio_throttle_write_bps, "wbps"},
          std::tuple{"blockIO.throttleReadIOPSDevice", &r.blkio_throttle_read_iops, "riops"},
          std::tuple{"blockIO.throttleWriteIOPSDevice", &r.blkio_throttle_write_iops, "wiops"}})
      for (const auto& td : *list) {
        const std::string key = dev(td.major, td.minor);
        // A rate of 0 means "no limit" in the OCI (and v1) form.
        const std::string rate = td.rate == 0 ? "max" : unum(td.rate);
        const std::string old = keyed_line(dir(), "io.max", key);
        TRY_VOID(write(c, name, "io", "io.max", key + " " + op + "=" + rate,
                       old.empty() ? key + " rbps=max wbps=max riops=max wiops=max" : old));
      }
    return {};
  }

  Result<void> plan_cpu(const spec::Resources& r, ChangeSet& c) {
    if ((r.cpu_realtime_runtime && *r.cpu_realtime_runtime != 0) ||
        (r.cpu_realtime_period && *r.cpu_realtime_period != 0))
      c.warn("linux.resources.cpu.realtimeRuntime/realtimePeriod are ignored: cgroup v2 has no realtime bandwidth");
    if (r.cpu_idle) TRY_VOID(write(c, "cpu.idle", "cpu", "cpu.idle", num(*r.cpu_idle)));
    // cpu.idle 1 and a weight are exclusive; runc writes no weight then.
    if (r.cpu_shares && *r.cpu_shares != 0 && r.cpu_idle.value_or(0) == 0)
      TRY_VOID(write(c, "cpu.shares", "cpu", "cpu.weight", unum(shares_to_weight(*r.cpu_shares))));
    const int64_t quota = r.cpu_quota.value_or(0);
    const uint64_t period = r.cpu_period.value_or(0);
    if (quota != 0 || period != 0) {
      // "$QUOTA $PERIOD"; runc writes "max" for an unset or negative quota, and leaves the period
      // out (keeping the kernel's) when none is given.
      std::string value = quota > 0 ? num(quota) : "max";
      if (period != 0) value += " " + unum(period);
      if (r.cpu_burst) {
        // A burst larger than the old quota allows is refused until the new quota is in.
        TRY_VOID(c.write_retrying("cpu.burst", dir(), "cpu.max.burst", unum(*r.cpu_burst), "cpu.max", value,
                                  "cgroup v2 controller \"cpu\" is not available in this cgroup (no cpu.max.burst)"));
        return {};
      }
      TRY_VOID(write(c, "cpu.quota", "cpu", "cpu.max", value));
    } else if (r.cpu_burst) {
      TRY_VOID(write(c, "cpu.burst", "cpu", "cpu.max.burst", unum(*r.cpu_burst)));
    }
    return {};
  }

  Result<void> plan_unified(const std::string& key, const std::string& value, ChangeSet& c) {
    const std::string resource = "unified[\"" + key + "\"]";
    // These move, kill or freeze processes, or change the cgroup's type: not resources.
    static const std::vector<std::string> refused = {"cgroup.procs", "cgroup.threads", "cgroup.kill",
                                                     "cgroup.freeze", "cgroup.type", "cgroup.subtree_control"};
    if (std::find(refused.begin(), refused.end(), key) != refused.end())
      return fail("apply cgroup resources", resource + ": not a resource limit; refused");
    const std::string controller = key.substr(0, key.find('.'));
    std::string why = "no such file in the container's cgroup";
    const auto offered = controllers_of(dir());
    if (controller != "cgroup" && std::find(offered.begin(), offered.end(), controller) == offered.end())
      why = "cgroup v2 controller \"" + controller + "\" is not available in this cgroup";
    return c.write(resource, dir(), key, value, why);
  }

  Result<void> set_frozen(bool freeze) {
    TRY_VOID(write_file(dir(), "cgroup.freeze", freeze ? "1" : "0"));
    // The write only asks; cgroup.events says when every task has actually stopped (or resumed).
    const std::string want = freeze ? "frozen 1" : "frozen 0";
    auto reached = poll_until([&]() -> Result<bool> {
      const std::string events = TRY(read_file(dir(), "cgroup.events"));
      std::istringstream lines(events);
      for (std::string line; std::getline(lines, line);)
        if (trim(line) == want) return true;
      return false;
    });
    if (!reached) return std::unexpected(reached.error());
    if (!*reached) {
      if (freeze) (void)write_file(dir(), "cgroup.freeze", "0");
      return fail(freeze ? "freeze cgroup" : "thaw cgroup", "cgroup.events did not report \"" + want + "\" in time",
                  join_path(dir(), "cgroup.events"));
    }
    return {};
  }

  std::string root_;
  bool enable_;
  Paths paths_;
};

}  // namespace

Result<void> v2_kill_now(const std::string& dir) {
  // cgroup.kill (Linux 5.14) kills every process in the subtree at once, forks in flight included.
  if (path_exists(join_path(dir, "cgroup.kill"))) return write_file(dir, "cgroup.kill", "1");
  // Older kernels: freeze so nothing forks or exits between the listing and the kill, then thaw.
  const bool froze = path_exists(join_path(dir, "cgroup.freeze")) && write_file(dir, "cgroup.freeze", "1");
  for (pid_t pid : TRY(read_procs_recursive(dir))) {
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (pidfd) ::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0);
  }
  if (froze) TRY_VOID(write_file(dir, "cgroup.freeze", "0"));
  return {};
}

Result<void> enable_v2_controller(Manager& v2, const std::string& controller) {
  return static_cast<V2Manager&>(v2).enable(controller);
}

std::unique_ptr<Manager> make_v2_manager(std::string root, std::string dir, bool enable_controllers) {
  return std::make_unique<V2Manager>(std::move(root), std::move(dir), enable_controllers);
}

}  // namespace rampart::cgroup
