// The hybrid driver: v1 hierarchies carry the controllers, the cgroup2 hierarchy (mounted at
// /sys/fs/cgroup/unified) only tracks processes, as runc treats such hosts.
#include "linux/cgroup/drivers.h"

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

  // Every resource rampart sets has a v1 controller here; the unified part offers at most what
  // v1 lacks (hugetlb on this kind of host), which rampart does not set.
  Result<void> apply(const spec::Resources& r) override { return v1_->apply(r); }

  Result<void> add_pid(pid_t pid) override {
    TRY_VOID(v1_->add_pid(pid));
    return v2_->add_pid(pid);
  }

  [[nodiscard]] Result<std::vector<pid_t>> pids() const override { return v1_->pids(); }
  Result<void> freeze() override { return v1_->freeze(); }
  Result<void> thaw() override { return v1_->thaw(); }
  [[nodiscard]] Result<bool> frozen() const override { return v1_->frozen(); }

  Result<void> destroy() override {
    auto a = v1_->destroy();
    auto b = v2_->destroy();
    return a ? b : a;
  }

 private:
  std::unique_ptr<Manager> v1_, v2_;
  Paths paths_;
};

}  // namespace

std::unique_ptr<Manager> make_hybrid_manager(std::unique_ptr<Manager> v1, std::unique_ptr<Manager> v2) {
  return std::make_unique<HybridManager>(std::move(v1), std::move(v2));
}

}  // namespace rampart::cgroup
