#include "plan/rootfs_plan.h"

#include <algorithm>

namespace rampart::plan {

const std::vector<spec::Device>& default_devices() {
  static const std::vector<spec::Device> devices = {
      {"/dev/null", 'c', 1, 3, 0666, 0, 0},    {"/dev/zero", 'c', 1, 5, 0666, 0, 0},
      {"/dev/full", 'c', 1, 7, 0666, 0, 0},    {"/dev/random", 'c', 1, 8, 0666, 0, 0},
      {"/dev/urandom", 'c', 1, 9, 0666, 0, 0}, {"/dev/tty", 'c', 5, 0, 0666, 0, 0},
  };
  return devices;
}

namespace {

void add_devices(const spec::Config& config, Plan& plan) {
  std::vector<spec::Device> devices = default_devices();
  if (config.linux) {
    for (const auto& d : config.linux->devices) {
      auto same = std::find_if(devices.begin(), devices.end(),
                               [&](const spec::Device& x) { return x.path == d.path; });
      if (same != devices.end())
        *same = d;
      else
        devices.push_back(d);
    }
  }
  for (const auto& d : devices) {
    Step s;
    s.kind = StepKind::Device;
    s.destination = d.path;
    s.device = d;
    s.implicit = std::any_of(default_devices().begin(), default_devices().end(),
                             [&](const spec::Device& x) { return x.path == d.path; });
    plan.steps.push_back(std::move(s));
  }
}

void add_link(Plan& plan, std::string target, std::string dest) {
  Step s;
  s.kind = StepKind::Symlink;
  s.target = std::move(target);
  s.destination = std::move(dest);
  s.implicit = true;
  plan.steps.push_back(std::move(s));
}

}  // namespace

Plan build_rootfs_plan(const spec::Config& config, bool host_has_kcore) {
  Plan plan;
  for (size_t i = 0; i < config.mounts.size(); ++i) {
    const auto& m = config.mounts[i];
    Step s;
    s.kind = StepKind::Mount;
    s.mount_index = i;
    s.destination = m.destination;
    s.options = spec::parse_mount_options(m.options);
    s.type = spec::is_bind_mount(m.type, m.options) ? "bind" : m.type;
    s.source = m.source;
    if (s.type == "bind" && m.type == "bind" && !s.options.is_bind()) s.options.set |= spec::kBind;
    if (m.destination == "/dev" && m.type == "tmpfs") plan.dev_is_tmpfs = true;
    if (m.destination == "/dev/pts" && m.type == "devpts") plan.has_devpts = true;
    plan.steps.push_back(std::move(s));
  }
  add_devices(config, plan);
  add_link(plan, "/proc/self/fd", "/dev/fd");
  add_link(plan, "/proc/self/fd/0", "/dev/stdin");
  add_link(plan, "/proc/self/fd/1", "/dev/stdout");
  add_link(plan, "/proc/self/fd/2", "/dev/stderr");
  if (plan.has_devpts) add_link(plan, "pts/ptmx", "/dev/ptmx");
  if (host_has_kcore) add_link(plan, "/proc/kcore", "/dev/core");
  if (config.linux) {
    for (const auto& p : config.linux->masked_paths) {
      Step s;
      s.kind = StepKind::Mask;
      s.destination = p;
      plan.steps.push_back(std::move(s));
    }
    for (const auto& p : config.linux->readonly_paths) {
      Step s;
      s.kind = StepKind::Readonly;
      s.destination = p;
      plan.steps.push_back(std::move(s));
    }
  }
  return plan;
}

}  // namespace rampart::plan
