// The container as it runs, written as a config, so `rampart check`'s own rules judge it: the
// mounts in its mount table (binds with their host paths), the masks and read-only paths that
// still hold, the namespaces it does not share with the host, the capabilities, NoNewPrivs,
// seccomp and uid its processes have, the limits its cgroup enforces.
#include <algorithm>
#include <map>
#include <set>

#include "spec/capabilities.h"
#include "util/path.h"
#include "verify/judge_internal.h"
#include "verify/mountinfo.h"

namespace rampart::verify {
namespace {

policy::FileKind file_kind(Kind k) {
  switch (k) {
    case Kind::Missing: return policy::FileKind::Missing;
    case Kind::Directory: return policy::FileKind::Directory;
    case Kind::Regular: return policy::FileKind::Regular;
    case Kind::Socket: return policy::FileKind::Socket;
    case Kind::CharDevice: return policy::FileKind::CharDevice;
    case Kind::BlockDevice: return policy::FileKind::BlockDevice;
    case Kind::Fifo: return policy::FileKind::Fifo;
    case Kind::Symlink:
    case Kind::Other: return policy::FileKind::Other;
  }
  return policy::FileKind::Other;
}

std::vector<std::string> cap_names(uint64_t mask) {
  std::vector<std::string> out;
  const auto& all = spec::all_capability_names();
  for (size_t b = 0; b < 64; ++b)
    if (mask & (uint64_t{1} << b)) out.push_back(b < all.size() ? all[b] : "CAP_" + std::to_string(b));
  return out;
}

std::optional<int64_t> limit_of(const ContainerFacts& c, const std::vector<CgroupCheck>& checks, std::string_view file) {
  for (const auto& k : checks) {
    if (k.file != file) continue;
    auto it = c.cgroup_files.find(k.key());
    if (it == c.cgroup_files.end() || !it->second.present || !it->second.error.empty()) return std::nullopt;
    const std::string& v = it->second.value;
    if (v == "max") return -1;
    try {
      long long n = std::stoll(v);
      return n >= (1LL << 62) ? -1 : n;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// check's rules that only make sense for a config's text: a mount table has no relative or
// ".." destinations, and a mount stacked on another is RP-RUN-001's, not a repeated destination.
bool config_text_rule(std::string_view rule) {
  return rule == "RP-MNT-006" || rule == "RP-MNT-007" || rule == "RP-MNT-008";
}

}  // namespace

LiveConfig live_config(const Expectation& e, const ContainerFacts& c, const HostFacts& h) {
  LiveConfig live;
  spec::Config& out = live.config;
  const spec::Config& cfg = e.config;
  MountView v = classify_mounts(e, c, h);
  std::map<uint64_t, const MountEntry*> by_id;
  for (const auto& m : c.mounts) by_id[m.id] = &m;
  auto fact = [&](const std::string& p) -> const PathFact* {
    auto it = c.paths.find(p);
    return it == c.paths.end() ? nullptr : &it->second;
  };

  out.root.path = e.rootfs;
  out.root.readonly = v.root && v.root->readonly();

  // Mounts: everything but the root, masks, read-only paths and the runtime's own; a cgroup
  // mount as one cgroup mount (read-only when every hierarchy in it is).
  std::map<int, size_t> cgroup_at;  // config index -> live mount index
  for (const auto& cm : v.mounts) {
    const MountEntry& m = *cm.mount;
    if (cm.role == MountRole::Root || cm.role == MountRole::Mask || cm.role == MountRole::Readonly ||
        cm.role == MountRole::Console || cm.role == MountRole::Device || cm.role == MountRole::Notify)
      continue;
    bool cgroupfs = m.fstype == "cgroup" || m.fstype == "cgroup2";
    if (cm.config_index >= 0) {
      const spec::Mount& want = cfg.mounts[static_cast<size_t>(cm.config_index)];
      if (want.type == "cgroup" || want.type == "cgroup2") {
        auto it = cgroup_at.find(cm.config_index);
        if (it == cgroup_at.end()) {
          spec::Mount g{clean_absolute(want.destination), "cgroup", "cgroup", {"ro"}};
          cgroup_at[cm.config_index] = out.mounts.size();
          out.mounts.push_back(g);
          live.mount_of.push_back(&m);
          it = cgroup_at.find(cm.config_index);
        }
        if (cgroupfs && !m.readonly()) out.mounts[it->second].options = {"rw"};
        continue;
      }
    }
    spec::Mount lm;
    lm.destination = m.mount_point;
    lm.options = {m.readonly() ? "ro" : "rw"};
    if (cm.host_path) {
      lm.type = "bind";
      lm.source = *cm.host_path;
      lm.options.insert(lm.options.begin(), "rbind");
      const PathFact* f = fact(clean_absolute(m.mount_point));
      live.host.bind_sources[out.mounts.size()] = {*cm.host_path,
                                                   f && f->exists ? file_kind(f->inode.kind) : policy::FileKind::Other};
    } else {
      lm.type = cgroupfs ? "cgroup" : m.fstype;
      lm.source = m.source;
    }
    out.mounts.push_back(lm);
    live.mount_of.push_back(&m);
  }

  // Masks and read-only paths that hold now (or that have nothing to hide).
  out.linux.emplace();
  auto& lx = *out.linux;
  std::set<std::string> masked, readonly;
  for (const auto& p : default_masked_paths()) masked.insert(clean_absolute(p));
  for (const auto& p : default_readonly_paths()) readonly.insert(clean_absolute(p));
  if (cfg.linux) {
    for (const auto& p : cfg.linux->masked_paths) masked.insert(clean_absolute(p));
    for (const auto& p : cfg.linux->readonly_paths) readonly.insert(clean_absolute(p));
  }
  for (const auto& p : masked) {
    const PathFact* f = fact(p);
    bool holds = !f || !f->exists || f->skipped ||
                 (f->inode.kind == Kind::CharDevice && f->inode.rdev_major == 1 && f->inode.rdev_minor == 3);
    if (!holds && f->inode.kind == Kind::Directory) {
      auto m = by_id.find(f->inode.mnt_id);
      holds = m != by_id.end() && m->second->fstype == "tmpfs" && m->second->readonly() && f->inode.mount_root;
    }
    if (holds) lx.masked_paths.push_back(p);
  }
  for (const auto& p : readonly) {
    const PathFact* f = fact(p);
    bool holds = !f || !f->exists || f->skipped;
    if (!holds) {
      auto m = by_id.find(f->inode.mnt_id);
      holds = m != by_id.end() && m->second->readonly();
    }
    if (holds) lx.readonly_paths.push_back(p);
  }
  if (v.root)
    if (auto g = v.root->shared_group())
      for (const auto& hm : h.mounts)
        if (hm.shared_group() == g) lx.rootfs_propagation = "rshared";

  const ProcessFacts* init = c.processes.empty() ? nullptr : &c.processes.front();
  // Namespaces the container does not share with the host (a joined one keeps its path).
  for (auto t : {spec::NamespaceType::Pid, spec::NamespaceType::Network, spec::NamespaceType::Mount,
                 spec::NamespaceType::Ipc, spec::NamespaceType::Uts, spec::NamespaceType::User,
                 spec::NamespaceType::Cgroup, spec::NamespaceType::Time}) {
    const spec::Namespace* want = cfg.linux ? cfg.linux->find_namespace(t) : nullptr;
    std::string n = proc_ns_name(t);
    bool own;
    if (init && init->ns.count(n) && h.ns.count(n))
      own = init->ns.at(n) != h.ns.at(n);
    else
      own = want != nullptr;  // not observable: as configured
    if (own) lx.namespaces.push_back({t, want ? want->path : ""});
  }
  if (init) {
    lx.uid_mappings = parse_id_map(init->uid_map);
    lx.gid_mappings = parse_id_map(init->gid_map);
  }

  // The process, as the most privileged of the container's processes: any root, the union of
  // capabilities, NoNewPrivs and seccomp only when every process has them.
  out.process.emplace();
  auto& lp = *out.process;
  lp.cwd = "/";
  bool userns = std::any_of(lx.namespaces.begin(), lx.namespaces.end(),
                            [](const spec::Namespace& n) { return n.type == spec::NamespaceType::User; });
  uint64_t caps[5] = {};
  bool nnp = !c.processes.empty(), filtered = !c.processes.empty();
  std::optional<uint32_t> uid;
  for (const auto& p : c.processes) {
    caps[0] |= p.cap_bnd, caps[1] |= p.cap_eff, caps[2] |= p.cap_prm, caps[3] |= p.cap_inh, caps[4] |= p.cap_amb;
    nnp = nnp && p.no_new_privs;
    filtered = filtered && p.seccomp == 2;
    uint32_t in_container = p.uid[1];
    if (userns) {
      in_container = 65534;
      for (const auto& m : lx.uid_mappings)
        if (p.uid[1] >= m.host_id && p.uid[1] - m.host_id < m.size) in_container = m.container_id + (p.uid[1] - m.host_id);
    }
    uid = uid ? std::min(*uid, in_container) : in_container;
  }
  lp.user.uid = uid.value_or(cfg.process ? cfg.process->user.uid : 0);
  lp.capabilities = spec::Capabilities{cap_names(caps[0]), cap_names(caps[1]), cap_names(caps[3]),
                                       cap_names(caps[2]), cap_names(caps[4])};
  lp.no_new_privileges = nnp;
  if (filtered) {
    lx.seccomp = cfg.linux && cfg.linux->seccomp ? *cfg.linux->seccomp : spec::Seccomp{};
    if (lx.seccomp->default_action.empty()) lx.seccomp->default_action = "SCMP_ACT_ERRNO";
  }

  // Limits in force.
  auto checks = cgroup_checks(cfg, h.mounts);
  spec::Resources res = cfg.linux && cfg.linux->resources ? *cfg.linux->resources : spec::Resources{};
  res.devices.clear();
  if (auto pids = limit_of(c, checks, "pids.max")) res.pids_limit = *pids;
  for (const char* f : {"memory.limit_in_bytes", "memory.max"})
    if (auto mem = limit_of(c, checks, f)) res.memory_limit = *mem;
  for (const auto& k : checks) {
    if (k.file != "devices.list") continue;
    auto it = c.cgroup_files.find(k.key());
    if (it != c.cgroup_files.end() && it->second.present && it->second.value.find("a *:* rwm") != std::string::npos)
      res.devices.push_back({true, "a", std::nullopt, std::nullopt, "rwm"});
  }
  lx.resources = res;
  return live;
}

std::vector<policy::Finding> live_findings(const Expectation& e, const ContainerFacts& c, const HostFacts& h) {
  LiveConfig live = live_config(e, c, h);
  std::vector<policy::Finding> out;
  for (auto& f : policy::run_rules(live.config, live.host)) {
    if (config_text_rule(f.rule)) continue;
    // "mounts[3] (...)" names a mount of the live config: say which mount of the container it is.
    if (f.field.starts_with("mounts[")) {
      size_t close = f.field.find(']');
      size_t i = std::stoul(f.field.substr(7, close - 7));
      if (i < live.mount_of.size()) {
        const MountEntry& m = *live.mount_of[i];
        std::string prefix = f.field.substr(0, close + 1);
        std::string detail = f.message.starts_with(f.subject + ": ") ? f.message.substr(f.subject.size() + 2) : f.message;
        if (f.subject.starts_with(prefix)) f.subject = "mount" + f.subject.substr(prefix.size());
        f.subject += " [mount id " + std::to_string(m.id) + "]";
        f.message = f.subject + ": " + detail;
        f.field = "mount:" + m.mount_point;
      }
    } else {
      f.field = "running:" + f.field;
      f.subject = "running: " + f.subject;
      f.message = "running: " + f.message;
    }
    f.anchor.clear();  // it pointed into the live config, not the config.json
    f.field = printable(f.field);
    f.subject = printable(f.subject);
    f.message = printable(f.message);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace rampart::verify
