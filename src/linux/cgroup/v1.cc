// The cgroup v1 driver: one directory per mounted hierarchy, the same cgroup path in each.
#include <algorithm>
#include <charconv>

#include "linux/cgroup/devices.h"
#include "linux/cgroup/drivers.h"
#include "linux/cgroup/files.h"

namespace rampart::cgroup {
namespace {

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
      TRY_VOID(mkdir_p(h.dir));
      // A task cannot join a v1 cpuset whose cpus or mems are empty, and new cpusets start empty.
      if (has(h, "cpuset")) TRY_VOID(copy_cpuset_down(h));
      auto procs = read_file(h.dir, "cgroup.procs");
      if (procs && !trim(*procs).empty())
        return fail("create cgroup", "the cgroup already holds processes", h.dir);
    }
    return {};
  }

  Result<void> apply(const spec::Resources& r) override {
    const auto device_plan = TRY(device_writes(r.devices));  // a bad rule fails before any write
    TRY_VOID(apply_memory(r));
    TRY_VOID(apply_cpu(r));
    if (!r.cpuset_cpus.empty()) TRY_VOID(write_to("cpuset", "cpuset.cpus", r.cpuset_cpus));
    if (!r.cpuset_mems.empty()) TRY_VOID(write_to("cpuset", "cpuset.mems", r.cpuset_mems));
    if (r.pids_limit)
      TRY_VOID(write_to("pids", "pids.max", *r.pids_limit > 0 ? std::to_string(*r.pids_limit) : "max"));
    return apply_devices(r, device_plan);
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

  [[nodiscard]] Result<bool> frozen() const override {
    // No freezer or no cgroup: nothing can be frozen.
    const V1Hierarchy* h = find("freezer");
    if (!h) return false;
    auto state = read_file(h->dir, "freezer.state");
    if (!state && state.error().err == ENOENT) return false;
    if (!state) return std::unexpected(state.error());
    return trim(*state) == "FROZEN";
  }

  Result<void> destroy() override {
    Result<void> first;
    for (const auto& h : hs_) {
      auto r = remove_cgroup_tree(h.dir);
      if (!r && first) first = r;  // keep going: leave as little behind as possible
    }
    return first;
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

  // The container's directory of `controller`, or an error naming the controller and the file.
  [[nodiscard]] Result<std::string> dir_for(std::string_view controller, const std::string& file) const {
    const V1Hierarchy* h = find(controller);
    if (!h)
      return fail("apply cgroup resources",
                  "cgroup v1 controller \"" + std::string(controller) + "\" is not mounted", file);
    return h->dir;
  }

  Result<void> write_to(std::string_view controller, const std::string& file, std::string_view value) {
    const std::string dir = TRY(dir_for(controller, file));
    auto r = write_file(dir, file, value);
    if (!r && r.error().err == ENOENT && path_exists(dir))
      r.error().detail = "cgroup v1 controller \"" + std::string(controller) + "\" has no " + file;
    return r;
  }

  Result<void> copy_cpuset_down(const V1Hierarchy& h) {
    if (!is_within(h.dir, h.root)) return {};
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

  Result<void> apply_memory(const spec::Resources& r) {
    int64_t mem = r.memory_limit.value_or(0);
    int64_t swap = r.memory_swap.value_or(0);
    if (mem == 0 && swap == 0) return {};
    const std::string dir = TRY(dir_for("memory", "memory.limit_in_bytes"));
    const bool has_swap = path_exists(join_path(dir, "memory.memsw.limit_in_bytes"));
    if (mem == -1 && swap == 0 && has_swap) swap = -1;  // unlimited memory: unlimited swap too (runc)
    if (swap != 0 && !has_swap) {
      // Without swap accounting only "no limit beyond memory" can be honoured.
      if (swap != -1 && swap != mem)
        return fail("apply memory swap limit", "swap accounting is off (no memory.memsw.limit_in_bytes)",
                    join_path(dir, "memory.memsw.limit_in_bytes"));
      swap = 0;
    }
    auto set_mem = [&] { return write_to("memory", "memory.limit_in_bytes", std::to_string(mem)); };
    auto set_swap = [&] { return write_to("memory", "memory.memsw.limit_in_bytes", std::to_string(swap)); };
    if (mem != 0 && swap != 0) {
      // The kernel keeps memsw >= limit at every step, so the order depends on the current limit:
      // raising memory above the current memsw needs memsw first.
      uint64_t current = UINT64_MAX;
      if (auto text = read_file(dir, "memory.limit_in_bytes")) {
        const std::string t = trim(*text);
        std::from_chars(t.data(), t.data() + t.size(), current);
      }
      if (swap == -1 || current < static_cast<uint64_t>(swap)) {
        TRY_VOID(set_swap());
        return set_mem();
      }
    }
    if (mem != 0) TRY_VOID(set_mem());
    if (swap != 0) TRY_VOID(set_swap());
    return {};
  }

  Result<void> apply_cpu(const spec::Resources& r) {
    if (r.cpu_shares && *r.cpu_shares != 0) {
      TRY_VOID(write_to("cpu", "cpu.shares", std::to_string(*r.cpu_shares)));
      // The kernel clamps shares silently; say so rather than run with another value.
      const std::string dir = TRY(dir_for("cpu", "cpu.shares"));
      const std::string got = trim(TRY(read_file(dir, "cpu.shares")));
      if (got != std::to_string(*r.cpu_shares))
        return fail("apply cpu shares",
                    "asked for " + std::to_string(*r.cpu_shares) + ", the kernel set " + got,
                    join_path(dir, "cpu.shares"));
    }
    const uint64_t period = r.cpu_period.value_or(0);
    const int64_t quota = r.cpu_quota.value_or(0);
    bool period_pending = false;
    if (period != 0) {
      auto w = write_to("cpu", "cpu.cfs_period_us", std::to_string(period));
      // A shorter period can be refused (EINVAL) while the old quota/new period would exceed the
      // parent's; runc retries it after the quota in that case, and so do we.
      if (!w && (w.error().err != EINVAL || quota == 0)) return w;
      period_pending = !w;
    }
    if (quota != 0) {
      TRY_VOID(write_to("cpu", "cpu.cfs_quota_us", std::to_string(quota)));
      if (period_pending) TRY_VOID(write_to("cpu", "cpu.cfs_period_us", std::to_string(period)));
    }
    return {};
  }

  Result<void> apply_devices(const spec::Resources& r,
                             const std::vector<std::pair<std::string, std::string>>& plan) {
    // Start from "deny everything" and add the rules in order, as runc does; a config without
    // rules thus gets no device access at all (the caller appends default_allowed_devices()).
    if (!find("devices")) {
      if (r.devices.empty()) return {};
      return fail("apply device rules", "cgroup v1 controller \"devices\" is not mounted", "devices.deny");
    }
    for (const auto& [file, value] : plan) TRY_VOID(write_to("devices", file, value));
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

}  // namespace rampart::cgroup
