// Processes: root, cwd, fds, namespaces, privileges and cgroup membership of every process of
// the container, against the config.
#include <algorithm>
#include <map>
#include <set>

#include "spec/capabilities.h"
#include "util/path.h"
#include "verify/judge_internal.h"
#include "verify/mountinfo.h"

namespace rampart::verify {
namespace {

bool has_userns(const spec::Config& c) { return c.linux && c.linux->find_namespace(spec::NamespaceType::User); }

// Character devices any process may hold from anywhere: they reach no file.
bool harmless_device(const Inode& i) {
  if (i.kind != Kind::CharDevice) return false;
  if (i.rdev_major == 1) return i.rdev_minor == 3 || i.rdev_minor == 5 || i.rdev_minor == 7 || i.rdev_minor == 8 ||
                                i.rdev_minor == 9;
  return i.rdev_major == 5 && i.rdev_minor == 0;
}

std::string who(const ProcessFacts& p) { return "pid " + std::to_string(p.pid) + " (" + p.comm + ")"; }

std::string ns_type_of(const HostFacts& h, uint64_t ino) {
  for (const auto& [n, i] : h.ns)
    if (i == ino) return n;
  return "";
}

std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> triples(const std::vector<spec::IdMapping>& v) {
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> t;
  for (const auto& m : v) t.emplace_back(m.container_id, m.host_id, m.size);
  std::sort(t.begin(), t.end());
  return t;
}

std::string map_text(const std::vector<spec::IdMapping>& v) {
  std::string s;
  for (const auto& m : v)
    s += (s.empty() ? "" : ", ") + std::to_string(m.container_id) + ":" + std::to_string(m.host_id) + ":" +
         std::to_string(m.size);
  return s.empty() ? "none" : s;
}

}  // namespace

uint32_t expected_host_uid(const spec::Config& c) {
  uint32_t uid = c.process ? c.process->user.uid : 0;
  if (!has_userns(c)) return uid;
  for (const auto& m : c.linux->uid_mappings)
    if (uid >= m.container_id && uid - m.container_id < m.size) return m.host_id + (uid - m.container_id);
  return 65534;
}

std::vector<policy::Finding> process_drift(const Expectation& e, const ContainerFacts& c, const HostFacts& h,
                                           const MountView& v) {
  std::vector<policy::Finding> out;
  if (c.processes.empty()) return out;
  const ProcessFacts& init = c.processes.front();
  const spec::Config& cfg = e.config;

  // The namespaces the config asks for.
  if (cfg.linux)
    for (size_t i = 0; i < cfg.linux->namespaces.size(); ++i) {
      const auto& ns = cfg.linux->namespaces[i];
      std::string n = proc_ns_name(ns.type);
      auto obs = init.ns.find(n);
      if (obs == init.ns.end()) continue;
      std::string field = "linux.namespaces[" + std::to_string(i) + "]";
      std::string where = field + " (" + spec::namespace_name(ns.type) + ")";
      if (ns.path.empty()) {
        auto host = h.ns.find(n);
        if (host != h.ns.end() && host->second == obs->second)
          out.push_back(finding("RP-RUN-007", field,
                                where + ": the container is in the host's " + n + " namespace (inode " +
                                    std::to_string(obs->second) + ") though the config asks for a new one",
                                {n}));
      } else if (auto joined = c.joined_ns.find(ns.path); joined != c.joined_ns.end() &&
                                                          joined->second != obs->second) {
        out.push_back(finding("RP-RUN-007", field,
                              where + ": the container's " + n + " namespace (inode " + std::to_string(obs->second) +
                                  ") is not the one " + ns.path + " names (inode " + std::to_string(joined->second) +
                                  ")",
                              {ns.path}));
      }
    }

  if (has_userns(cfg)) {
    auto uid = parse_id_map(init.uid_map), gid = parse_id_map(init.gid_map);
    if (triples(uid) != triples(cfg.linux->uid_mappings))
      out.push_back(finding("RP-RUN-011", "linux.uidMappings",
                            "linux.uidMappings: the config maps " + map_text(cfg.linux->uid_mappings) +
                                ", the container's user namespace maps " + map_text(uid)));
    if (triples(gid) != triples(cfg.linux->gid_mappings))
      out.push_back(finding("RP-RUN-011", "linux.gidMappings",
                            "linux.gidMappings: the config maps " + map_text(cfg.linux->gid_mappings) +
                                ", the container's user namespace maps " + map_text(gid)));
  }

  std::set<uint64_t> container_mounts;
  for (const auto& m : c.mounts) container_mounts.insert(m.id);
  std::map<uint64_t, const MountEntry*> host_mounts;
  for (const auto& m : h.mounts) host_mounts[m.id] = &m;
  std::set<uint64_t> container_ns;
  for (const auto& [n, ino] : init.ns) container_ns.insert(ino);
  auto host_mount_text = [&](uint64_t id) {
    auto it = host_mounts.find(id);
    if (it == host_mounts.end()) return "mount id " + std::to_string(id) + ", not in the container's mount table";
    return "the host's mount id " + std::to_string(id) + " at " + it->second->mount_point + " (" +
           it->second->fstype + ")";
  };

  uint64_t want_caps[5] = {};
  if (cfg.process && cfg.process->capabilities) {
    const auto& k = *cfg.process->capabilities;
    want_caps[0] = capability_mask(k.bounding);
    want_caps[1] = capability_mask(k.permitted);
    want_caps[2] = capability_mask(k.effective);
    want_caps[3] = capability_mask(k.inheritable);
    want_caps[4] = capability_mask(k.ambient);
  }
  const char* cap_fields[5] = {"bounding", "permitted", "effective", "inheritable", "ambient"};
  bool want_nnp = cfg.process && cfg.process->no_new_privileges;
  bool want_seccomp = cfg.linux && cfg.linux->seccomp;
  uint32_t host_uid = expected_host_uid(cfg);
  const auto cgroup_ref = cgroup_reference(e, init);

  for (const auto& p : c.processes) {
    std::string w = who(p), field = "pid:" + std::to_string(p.pid);
    bool is_init = &p == &init;
    for (const auto& u : p.unreadable)
      out.push_back(finding("RP-RUN-015", field, w + ": could not read " + u, {}));

    if (v.root && p.root.mnt_id != 0 && (p.root.mnt_id != v.root->id || !p.root.same_file(init.root)))
      out.push_back(finding("RP-RUN-006", field,
                            w + ": its root is not the container's root filesystem (" + host_mount_text(p.root.mnt_id) +
                                ", inode " + std::to_string(p.root.ino) + ")"));
    if (is_init && c.rootfs_on_host && p.root.mnt_id != 0 && !p.root.same_file(*c.rootfs_on_host))
      out.push_back(finding("RP-RUN-006", "root.path",
                            "root.path (" + e.rootfs + "): the init's root is inode " + std::to_string(p.root.ino) +
                                " of device " + std::to_string(p.root.dev_major) + ":" +
                                std::to_string(p.root.dev_minor) + ", not the configured rootfs",
                            {e.rootfs}));
    if (p.cwd.mnt_id != 0 && !container_mounts.count(p.cwd.mnt_id))
      out.push_back(finding("RP-RUN-006", field + "/cwd",
                            w + ": its working directory is outside the container (" + host_mount_text(p.cwd.mnt_id) +
                                ", inode " + std::to_string(p.cwd.ino) + ")"));

    for (const auto& fd : p.fds) {
      const Inode& t = fd.target;
      std::string where = w + " fd " + std::to_string(fd.fd);
      std::string ffield = field + "/fd:" + std::to_string(fd.fd);
      std::string shown = fd.shown.empty() ? "" : " (shown as " + fd.shown + ")";
      if (container_mounts.count(t.mnt_id)) continue;  // a file of the container's own mounts
      if (t.dev_major == h.nsfs_major && t.dev_minor == h.nsfs_minor && h.nsfs_major + h.nsfs_minor != 0) {
        if (container_ns.count(t.ino)) continue;
        std::string type = ns_type_of(h, t.ino);
        out.push_back(finding("RP-RUN-005", ffield,
                              where + ": a namespace that is not the container's" +
                                  (type.empty() ? "" : " (the host's " + type + " namespace)") + ", inode " +
                                  std::to_string(t.ino) + shown));
        continue;
      }
      if (t.kind == Kind::Socket) continue;  // not a path: judged by no mount
      if (t.kind == Kind::Directory) {
        out.push_back(finding("RP-RUN-005", ffield,
                              where + ": a directory outside the container (" + host_mount_text(t.mnt_id) + ", inode " +
                                  std::to_string(t.ino) + ")" + shown));
        continue;
      }
      if (!host_mounts.count(t.mnt_id)) continue;  // a pipe, memfd, anon inode: the kernel's, no path
      if (harmless_device(t) || fd.fd <= 2) continue;  // the caller's stdio, /dev/null & co.
      auto f = finding("RP-RUN-005", ffield,
                       where + ": a host " + kind_name(t.kind) + " (" + host_mount_text(t.mnt_id) + ", inode " +
                           std::to_string(t.ino) + ")" + shown);
      f.severity = policy::Severity::High;
      out.push_back(f);
    }

    if (!is_init)
      for (const auto& [n, ino] : init.ns) {
        auto it = p.ns.find(n);
        if (it == p.ns.end() || it->second == ino) continue;
        auto host = h.ns.find(n);
        bool hosts = host != h.ns.end() && host->second == it->second;
        out.push_back(finding("RP-RUN-007", field + "/ns:" + n,
                              w + ": in " + (hosts ? "the host's" : "another") + " " + n + " namespace (inode " +
                                  std::to_string(it->second) + "), not the container's (inode " + std::to_string(ino) +
                                  ")",
                              {n}));
      }

    uint64_t held[5] = {p.cap_bnd, p.cap_prm, p.cap_eff, p.cap_inh, p.cap_amb};
    uint64_t more = 0;
    std::string sets;
    for (int i = 0; i < 5; ++i) {
      uint64_t m = held[i] & ~want_caps[i];
      if (!m) continue;
      more |= m;
      sets += (sets.empty() ? "" : ", ") + std::string(cap_fields[i]);
    }
    if (more) {
      std::vector<std::string> names;
      const auto& all = spec::all_capability_names();
      for (size_t b = 0; b < 64; ++b)
        if (more & (uint64_t{1} << b)) names.push_back(b < all.size() ? all[b] : "CAP_" + std::to_string(b));
      out.push_back(finding("RP-RUN-008", field + "/caps",
                            w + ": holds " + capability_list(more) + " beyond process.capabilities (in its " + sets +
                                " set" + (sets.find(',') == std::string::npos ? "" : "s") + ")",
                            names));
    }
    if (want_nnp && !p.no_new_privs)
      out.push_back(finding("RP-RUN-009", field + "/nnp",
                            w + ": NoNewPrivs is 0 though process.noNewPrivileges is true"));
    if (want_seccomp && p.seccomp != 2)
      out.push_back(finding("RP-RUN-010", field + "/seccomp",
                            w + ": Seccomp mode " + std::to_string(p.seccomp) +
                                " (no filter) though the config has a linux.seccomp profile"));
    if (host_uid != 0 && (p.uid[0] == 0 || p.uid[1] == 0))
      out.push_back(finding("RP-RUN-012", field + "/uid",
                            w + ": runs as host root (uid " + std::to_string(p.uid[0]) + ", euid " +
                                std::to_string(p.uid[1]) + ") though the config's process runs as host uid " +
                                std::to_string(host_uid)));
    std::string outside;
    std::vector<std::string> refs;
    for (const auto& [ctl, ref] : cgroup_ref) {
      auto it = p.cgroups.find(ctl);
      if (it == p.cgroups.end() || path_within(clean_absolute(it->second), clean_absolute(ref))) continue;
      outside += (outside.empty() ? "" : ", ") + (ctl.empty() ? std::string("cgroup2") : ctl) + " " + it->second +
                 " (the container's is " + ref + ")";
      refs.push_back(ref);
    }
    if (!outside.empty())
      out.push_back(finding("RP-RUN-013", field + "/cgroup", w + ": outside the container's cgroup: " + outside, refs));
  }
  return out;
}

std::vector<policy::Finding> cgroup_drift(const Expectation& e, const ContainerFacts& c, const HostFacts& h) {
  std::vector<policy::Finding> out;
  for (const auto& check : cgroup_checks(e.config, h.mounts)) {
    if (!check.expected) continue;
    auto it = c.cgroup_files.find(check.key());
    if (it == c.cgroup_files.end()) continue;
    const CgroupValue& got = it->second;
    if (!got.error.empty()) {
      out.push_back(finding("RP-RUN-015", "cgroup:" + check.key(), "cgroup " + check.key() + ": " + got.error));
      continue;
    }
    if (!got.present) continue;  // the controller is not there for this container: nothing is enforced anyway
    if (cgroup_value_holds(check, got.value)) continue;
    out.push_back(finding("RP-RUN-014", check.field,
                          check.field + ": the config asks for " + *check.expected + ", " + check.key() + " is " +
                              got.value,
                          {check.key()}));
  }
  for (const auto& u : c.unreadable) out.push_back(finding("RP-RUN-015", "container", "could not read " + u));
  return out;
}

}  // namespace rampart::verify
