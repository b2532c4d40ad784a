// The hybrid driver: v1 hierarchies carry the controllers, the cgroup2 hierarchy (mounted at
// /sys/fs/cgroup/unified) tracks every process and provides what v1 lacks on this host:
// hugetlb when no v1 hugetlb is mounted, `unified` keys, and device rules when there is no v1
// devices controller (a BPF program needs no v2 controller at all).
#include <chrono>

#include "linux/cgroup/changes.h"
#include "linux/cgroup/drivers.h"
#include "linux/cgroup/files.h"

namespace rampart::cgroup {
namespace {

class HybridManager final : public Manager {
 public:
  HybridManager(std::unique_ptr<Manager> v1, std::unique_ptr<Manager> v2)
      : v1_(std::move(v1)), v2_(std::move(v2)) {
    paths_ = v1_->paths();
    paths_.layout = Layout::Hybrid;
    paths_.unified = v2_->paths().unified;
  }

  [[nodiscard]] const Paths& paths() const override { return paths_; }

  Result<void> create() override {
    TRY_VOID(v1_->create());
    return v2_->create();
  }

  Result<void> plan(const spec::Resources& r, ChangeSet& c) override {
    spec::Resources for_v1 = r, for_v2;
    for_v1.unified.clear();
    for_v2.unified = r.unified;
    if (!r.hugepage_limits.empty() && !v1_has_controller(*v1_, "hugetlb")) {
      for_v1.hugepage_limits.clear();
      for_v2.hugepage_limits = r.hugepage_limits;
      TRY_VOID(enable_v2_controller(*v2_, "hugetlb"));
    }
    if (!r.devices.empty() && !v1_has_controller(*v1_, "devices")) {
      for_v1.devices.clear();
      for_v2.devices = r.devices;
    }
    for (const auto& [key, value] : r.unified) {
      // A controller the hierarchy does not offer: the v2 plan names the key that needs it.
      const std::string controller = key.substr(0, key.find('.'));
      if (controller != "cgroup") (void)enable_v2_controller(*v2_, controller);
    }
    TRY_VOID(v1_->plan(for_v1, c));
    return v2_->plan(for_v2, c);
  }

  Result<void> add_pid(pid_t pid) override {
    TRY_VOID(v1_->add_pid(pid));
    return v2_->add_pid(pid);
  }

  [[nodiscard]] Result<std::vector<pid_t>> pids() const override { return v1_->pids(); }
  Result<void> freeze() override { return v1_->freeze(); }
  Result<void> thaw() override { return v1_->thaw(); }
  [[nodiscard]] Result<bool> frozen() const override { return v1_->frozen(); }

  Result<void> kill_all(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string& unified = paths_.unified;
    if (path_exists(unified)) {
      // Every process is in the unified hierarchy too: one cgroup.kill reaches them all, forks
      // in flight included, and cgroup.events tells when the last one is gone.
      TRY_VOID(v2_kill_now(unified));
      if (v1_->frozen().value_or(false)) (void)v1_->thaw();  // a v1-frozen task cannot die
      TRY_VOID(wait_unpopulated(unified, deadline));
    }
    // Anything only v1 still knows of (none, unless someone moved it): the v1 way.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return v1_->kill_all(std::max(left, std::chrono::milliseconds(1)));
  }

  Result<void> destroy() override {
    auto a = v1_->destroy();
    auto b = v2_->destroy();
    return a ? b : a;
  }

  [[nodiscard]] Result<Stats> stats() const override {
    Stats s = TRY(v1_->stats());
    if (s.hugetlb.empty() && path_exists(paths_.unified)) {
      // Huge pages are counted in the unified part on hosts like this one.
      if (auto u = v2_->stats(); u && !u->hugetlb.empty()) {
        s.hugetlb = u->hugetlb;
        s.present.push_back("hugetlb");
      }
    }
    return s;
  }

  [[nodiscard]] Result<std::unique_ptr<OomWatch>> watch_oom() const override { return v1_->watch_oom(); }

 private:
  std::unique_ptr<Manager> v1_, v2_;
  Paths paths_;
};

}  // namespace

std::unique_ptr<Manager> make_hybrid_manager(std::unique_ptr<Manager> v1, std::unique_ptr<Manager> v2) {
  return std::make_unique<HybridManager>(std::move(v1), std::move(v2));
}

}  // namespace rampart::cgroup
