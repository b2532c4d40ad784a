#include "plan/rootfs_plan.h"
#include "util/path.h"

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

RootPropagation parse_root_propagation(const std::string& value) {
  RootPropagation r;
  if (value.empty()) return r;
  spec::MountOptions o = spec::parse_mount_options({value});  // one table of propagation words
  r.kind = o.propagation;
  r.recursive = o.propagation_recursive;
  return r;
}

namespace {

// Splits "a:b\:c" on unescaped colons (giving "a", "b:c"); "::" gives an empty field.
std::vector<std::string> split_layers(const std::string& list) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i] == '\\' && i + 1 < list.size()) {
      out.back() += list[++i];
    } else if (list[i] == ':') {
      out.emplace_back();
    } else {
      out.back() += list[i];
    }
  }
  return out;
}

}  // namespace

void take_overlay_layers(Step& step) {
  std::vector<std::string> rest;
  for (const auto& opt : step.options.data) {
    auto eq = opt.find('=');
    std::string key = opt.substr(0, eq), value = eq == std::string::npos ? "" : opt.substr(eq + 1);
    if (key == "lowerdir") {
      bool data_only = false;
      for (auto& layer : split_layers(value)) {
        if (layer.empty()) {
          data_only = true;  // "::" separates the lower layers from the data-only ones
          continue;
        }
        (data_only ? step.data_dirs : step.lower_dirs).push_back(std::move(layer));
      }
    } else if (key == "lowerdir+") {
      step.lower_dirs.push_back(value);
    } else if (key == "datadir+") {
      step.data_dirs.push_back(value);
    } else if (key == "upperdir") {
      step.upper_dir = value;
    } else if (key == "workdir") {
      step.work_dir = value;
    } else {
      rest.push_back(opt);
    }
  }
  step.options.data = std::move(rest);
}

Plan build_rootfs_plan(const spec::Config& config, bool host_has_kcore) {
  Plan plan;
  if (config.linux) plan.root_propagation = parse_root_propagation(config.linux->rootfs_propagation);
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
    std::string dest = clean_absolute(m.destination);  // "/dev/", "//dev", "/dev/." all name /dev
    if (dest == "/dev" && m.type == "tmpfs") {
      plan.dev_is_tmpfs = true;
      if (s.options.set & spec::kRdonly) {
        plan.dev_readonly = true;
        s.options.set &= ~spec::kRdonly;
      }
    }
    if (dest == "/dev/pts" && m.type == "devpts") plan.has_devpts = true;
    if (dest == "/dev" && s.type == "bind") plan.dev_is_bind = true;
    if (s.type == "bind") {
      // Attack: mounts made under a bind propagating back to the host. A detached copy of a
      // shared host mount is a peer of it until it is told otherwise. Private when the mount (or the
      // rootfs, for a mount that says nothing) asks for it, else slave as runc's binds are.
      spec::Propagation p = s.options.propagation;
      bool priv = p == spec::Propagation::Private || p == spec::Propagation::Unbindable ||
                  (p == spec::Propagation::None && plan.root_propagation.kind == spec::Propagation::Private);
      s.clone_propagation = priv ? spec::Propagation::Private : spec::Propagation::Slave;
    }
    if (s.type == "overlay") take_overlay_layers(s);
    plan.steps.push_back(std::move(s));
  }
  // runc: a config that binds /dev brings its own; the runtime adds nothing to it.
  if (!plan.dev_is_bind) {
    add_devices(config, plan);
    add_link(plan, "/proc/self/fd", "/dev/fd");
    add_link(plan, "/proc/self/fd/0", "/dev/stdin");
    add_link(plan, "/proc/self/fd/1", "/dev/stdout");
    add_link(plan, "/proc/self/fd/2", "/dev/stderr");
    if (plan.has_devpts) add_link(plan, "pts/ptmx", "/dev/ptmx");
    if (host_has_kcore) add_link(plan, "/proc/kcore", "/dev/core");
  }
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
