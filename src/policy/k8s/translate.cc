// Pod spec -> Config + HostFacts + WorkloadFacts, the way the kubelet and a CRI runtime
// (containerd, CRI-O) build the OCI config of a pod's container.
#include "policy/k8s/translate.h"

#include <algorithm>

#include "manifest/yaml.h"
#include "policy/rules_internal.h"
#include "spec/capabilities.h"
#include "spec/defaults.h"
#include "spec/version.h"

namespace rampart::policy::k8s {

namespace {

using manifest::child_path;
using manifest::Container;
using manifest::PodSpec;
using manifest::SecurityContext;

// A placeholder uid for "runAsNonRoot: true and no runAsUser": the kubelet refuses to start the
// container if the image's user is 0, so it is some non-root uid.
constexpr uint32_t kSomeNonRootUid = 65534;

std::string rel(const std::string& pod_path, const std::string& path) {
  if (path.starts_with(pod_path + ".")) return path.substr(pod_path.size() + 1);
  return path;
}

FileKind kind_of_host_path_type(const std::string& t) {
  if (t == "Socket") return FileKind::Socket;
  if (t == "BlockDevice") return FileKind::BlockDevice;
  if (t == "CharDevice") return FileKind::CharDevice;
  if (t == "Directory" || t == "DirectoryOrCreate") return FileKind::Directory;
  if (t == "File" || t == "FileOrCreate") return FileKind::Regular;
  return FileKind::Missing;  // unset: whatever is there
}

// The container's value of a field, else the pod's.
template <class T>
const manifest::Field<T>& effective(const manifest::Field<T>& container, const manifest::Field<T>& pod) {
  return container.set() || !pod.set() ? container : pod;
}

bool allowed_apparmor_annotation(const std::string& v) {
  return v.empty() || v == "runtime/default" || v.starts_with("localhost/");
}

void add_namespaces(const PodSpec& p, spec::Config& cfg, ContainerFacts& out) {
  using spec::NamespaceType;
  auto& ns = cfg.linux->namespaces;
  bool host_net = p.host_network.value.value_or(false);
  if (!p.host_pid.value.value_or(false)) ns.push_back({NamespaceType::Pid, {}});
  if (!host_net) ns.push_back({NamespaceType::Network, {}});
  if (!p.host_ipc.value.value_or(false)) ns.push_back({NamespaceType::Ipc, {}});
  if (!host_net) ns.push_back({NamespaceType::Uts, {}});  // hostNetwork pods share the host's UTS namespace
  ns.push_back({NamespaceType::Mount, {}});
  ns.push_back({NamespaceType::Cgroup, {}});
  if (p.host_users.value && !*p.host_users.value) {
    ns.push_back({NamespaceType::User, {}});
    cfg.linux->uid_mappings.push_back({0, 100000, 65536});
    cfg.linux->gid_mappings.push_back({0, 100000, 65536});
  }
  auto name = [&](const manifest::Field<bool>& f) { return Place{f.path, rel(p.path, f.path) + ": true"}; };
  out.places["linux.namespaces/pid"] = name(p.host_pid);
  out.places["linux.namespaces/network"] = name(p.host_network);
  out.places["linux.namespaces/ipc"] = name(p.host_ipc);
  out.places["linux.namespaces/uts"] = name(p.host_network);
}

void add_capabilities(const Container& c, bool privileged, spec::Process& pr, WorkloadFacts& w) {
  std::vector<std::string> caps;
  if (privileged) {
    for (const auto& n : spec::all_capability_names())
      if (!n.empty()) caps.push_back(n);
  } else {
    std::vector<std::string> dropped;
    for (const auto& d : c.security.capabilities.drop) dropped.push_back(detail::canon_cap(d));
    for (const auto& a : c.security.capabilities.add) {
      std::string cap = detail::canon_cap(a);
      if (std::find(dropped.begin(), dropped.end(), cap) == dropped.end() &&
          std::find(caps.begin(), caps.end(), cap) == caps.end())
        caps.push_back(cap);
    }
  }
  w.drops_all = std::find(c.security.capabilities.drop.begin(), c.security.capabilities.drop.end(), "ALL") !=
                c.security.capabilities.drop.end();
  w.added = c.security.capabilities.add;
  w.add_path = c.security.capabilities.add_path;
  w.capabilities_path = c.security.capabilities_present ? child_path(c.security.path, "capabilities") : c.security.path;
  spec::Capabilities set;
  set.bounding = set.effective = set.permitted = caps;
  pr.capabilities = set;
}

}  // namespace

std::vector<ContainerFacts> translate(const manifest::Workload& wl) {
  const PodSpec& p = wl.pod;
  std::vector<manifest::Container> containers = p.containers;
  if (containers.empty()) {
    manifest::Container none;
    none.path = child_path(p.path, "containers");
    none.security.path = child_path(none.path, "securityContext");
    containers.push_back(none);
  }
  std::vector<ContainerFacts> out;
  for (const auto& c : containers) {
    ContainerFacts tc;
    spec::Config& cfg = tc.config;
    WorkloadFacts& w = tc.workload;
    auto place = [&](const std::string& field, const std::string& yaml_path, std::string subject = {}) {
      tc.places[field] = Place{yaml_path, subject.empty() ? rel(p.path, yaml_path) : std::move(subject)};
    };
    const SecurityContext& sc = c.security;
    const SecurityContext& psc = p.security;
    tc.scope = {c.name, wl.namespace_, wl.name};
    w.pod_path = p.path;
    w.container_path = c.path;
    w.container_name = c.name;
    w.windows = p.os.value.value_or("") == "windows";
    cfg.oci_version = spec::kSpecVersion;
    cfg.linux.emplace();
    add_namespaces(p, cfg, tc);
    w.user_namespace = p.host_users.value && !*p.host_users.value;
    w.host_users_path = p.host_users.path;

    bool privileged = sc.privileged.value.value_or(false);
    w.privileged = privileged;
    w.privileged_path = sc.privileged.path;

    // The process.
    spec::Process pr;
    pr.args = c.command;
    pr.cwd = c.working_dir.value.value_or("/");
    place("process.cwd", c.working_dir.path);
    place("process.args[0]", manifest::item_path(c.command_path, 0));
    const auto& uid = effective(sc.run_as_user, psc.run_as_user);
    const auto& non_root = effective(sc.run_as_non_root, psc.run_as_non_root);
    w.run_as_non_root = non_root.value.value_or(false);
    w.run_as_non_root_path = non_root.path;
    w.uid_from_image = !uid.set();
    w.run_as_user_path = uid.path;
    if (uid.set()) pr.user.uid = static_cast<uint32_t>(std::clamp<int64_t>(*uid.value, 0, UINT32_MAX));
    else pr.user.uid = w.run_as_non_root ? kSomeNonRootUid : 0;
    place("process.user.uid", uid.path, rel(p.path, uid.path) + (uid.set() ? "" : " (unset)"));
    add_capabilities(c, privileged, pr, w);
    place("process.capabilities",
          privileged ? sc.privileged.path : (!sc.capabilities.add.empty() ? sc.capabilities.add_path : sc.capabilities.drop_path));
    w.allow_privilege_escalation_false = sc.allow_privilege_escalation.value == false;
    w.allow_privilege_escalation_path = sc.allow_privilege_escalation.path;
    pr.no_new_privileges = sc.allow_privilege_escalation.value == false && !privileged;
    place("process.noNewPrivileges", sc.allow_privilege_escalation.path);

    // AppArmor: a field of the container or the pod, or the older annotation; anything but
    // RuntimeDefault/Localhost (runtime/default, localhost/*) is judged as unconfined.
    std::string ann_key = "container.apparmor.security.beta.kubernetes.io/" + c.name;
    std::string apparmor_path = sc.apparmor.type.path;
    for (const auto* prof : {&sc.apparmor, &psc.apparmor})
      if (prof->type.set() && *prof->type.value != "RuntimeDefault" && *prof->type.value != "Localhost" &&
          pr.apparmor_profile.empty()) {
        pr.apparmor_profile = "unconfined";
        apparmor_path = prof->type.path;
      }
    if (auto it = p.annotations.find(ann_key);
        pr.apparmor_profile.empty() && it != p.annotations.end() && !allowed_apparmor_annotation(it->second)) {
      pr.apparmor_profile = "unconfined";
      apparmor_path = child_path(p.annotations_path, ann_key);
    }
    place("process.apparmorProfile", apparmor_path, rel(p.path, apparmor_path));

    // SELinux: the pod's options and the container's, each judged.
    for (const auto* se : {&psc.selinux, &sc.selinux})
      if (se->present)
        w.selinux.push_back({se->user.value.value_or(""), se->role.value.value_or(""), se->type.value.value_or(""),
                             se->path});
    const auto& se = sc.selinux.present ? sc.selinux : psc.selinux;
    if (se.present)
      pr.selinux_label = se.user.value.value_or("system_u") + ":" + se.role.value.value_or("system_r") + ":" +
                         se.type.value.value_or("container_t") + ":" + se.level.value.value_or("s0");
    cfg.process = pr;

    // seccomp: an explicit Unconfined on the pod or the container is what baseline forbids.
    const manifest::Field<std::string>* unconfined = nullptr;
    for (const auto* prof : {&sc.seccomp, &psc.seccomp})
      if (!unconfined && prof->type.value == "Unconfined") unconfined = &prof->type;
    const auto& seccomp = effective(sc.seccomp.type, psc.seccomp.type);
    if (unconfined) {
      w.seccomp_unconfined = true;
      w.seccomp_path = unconfined->path;
    } else if (seccomp.value == "RuntimeDefault" || seccomp.value == "Localhost") {
      cfg.linux->seccomp = spec::Seccomp{"SCMP_ACT_ERRNO", {}, {}, {}, {}};
      w.seccomp_path = seccomp.path;
    } else {
      w.seccomp_path = seccomp.path;
    }
    place("linux.seccomp", w.seccomp_path,
          rel(p.path, w.seccomp_path) + (unconfined || seccomp.set() ? "" : " (unset)"));

    cfg.root.path = "rootfs";
    cfg.root.readonly = sc.read_only_root_filesystem.value.value_or(false);
    place("root.readonly", sc.read_only_root_filesystem.path,
          rel(p.path, sc.read_only_root_filesystem.path) + (sc.read_only_root_filesystem.set() ? "" : " (unset)"));

    // /proc, /sys and cgroupfs as the runtime mounts them; masks unless Unmasked or privileged.
    w.proc_mount = sc.proc_mount.value.value_or("");
    w.proc_mount_path = sc.proc_mount.path;
    bool unmasked = privileged || (!w.proc_mount.empty() && w.proc_mount != "Default");
    std::string mask_place = privileged ? sc.privileged.path : sc.proc_mount.path;
    if (!unmasked) {
      // runc's defaults, which containerd and CRI-O apply unless procMount is Unmasked or the
      // container is privileged.
      const auto masked = spec::default_masked_paths();
      const auto readonly = spec::default_readonly_paths();
      cfg.linux->masked_paths.assign(masked.begin(), masked.end());
      cfg.linux->readonly_paths.assign(readonly.begin(), readonly.end());
    }
    place("linux.maskedPaths", mask_place);
    place("linux.readonlyPaths", mask_place);
    auto sysmount = [&](const char* dst, const char* type) {
      std::vector<std::string> opts = {"nosuid", "noexec", "nodev"};
      if (!privileged) opts.push_back("ro");
      place("mounts[" + std::to_string(cfg.mounts.size()) + "]", sc.privileged.path,
            rel(p.path, sc.privileged.path) + " (" + type + " at " + dst + ")");
      cfg.mounts.push_back({dst, type, type, opts});
    };
    cfg.mounts.push_back({"/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}});
    sysmount("/sys", "sysfs");
    sysmount("/sys/fs/cgroup", "cgroup");
    if (privileged) {
      cfg.linux->resources.emplace();
      cfg.linux->resources->devices.push_back({true, "a", std::nullopt, std::nullopt, "rwm"});
      place("linux.resources.devices[0]", sc.privileged.path);
    }

    // Volumes.
    for (const auto& v : p.volumes) w.volumes.push_back({v.path, v.name, v.source, v.host_path});
    for (const auto& vm : c.mounts) {
      auto vol = std::find_if(p.volumes.begin(), p.volumes.end(), [&](const auto& v) { return v.name == vm.name; });
      if (vol == p.volumes.end()) continue;  // the API server refuses a mount of an undeclared volume
      size_t index = cfg.mounts.size();
      std::string f = "mounts[" + std::to_string(index) + "]";
      if (vol->source == "hostPath") {
        std::string source = vol->host_path;
        const auto& sub = vm.sub_path.set() ? vm.sub_path : vm.sub_path_expr;
        if (sub.value && !sub.value->empty()) {
          source += "/" + *sub.value;
          w.host_subpaths.push_back({vm.path, vol->name, vol->host_path, *sub.value, !vm.sub_path.set()});
        }
        std::vector<std::string> opts = {"rbind", vm.read_only ? "ro" : "rw"};
        std::string prop = vm.mount_propagation.value.value_or("None");
        opts.push_back(prop == "Bidirectional" ? "rshared" : prop == "HostToContainer" ? "rslave" : "rprivate");
        cfg.mounts.push_back({vm.mount_path, "bind", source, opts});
        tc.host.bind_sources[index] = HostPath{"", kind_of_host_path_type(vol->host_path_type)};
        std::string subject = rel(p.path, vm.path) + " (hostPath " + source + " -> " + vm.mount_path + ")";
        place(f, vm.path, subject);
        place(f + ".options", vm.mount_propagation.set() ? vm.mount_propagation.path : vm.path, subject);
        place(f + ".destination", vm.path, subject);
      } else {
        cfg.mounts.push_back({vm.mount_path, vol->source, vol->name, vm.read_only ? std::vector<std::string>{"ro"}
                                                                                  : std::vector<std::string>{}});
        std::string subject = rel(p.path, vm.path) + " (" + vol->source + " " + vol->name + " -> " + vm.mount_path + ")";
        place(f, vm.path, subject);
        place(f + ".destination", vm.path, subject);
      }
    }

    // Sysctls, resources, and what only the manifest says.
    for (const auto& s : p.sysctls) {
      cfg.linux->sysctl[s.name] = s.value;
      w.sysctls.push_back({s.path, s.name, s.value});
      place("linux.sysctl/" + s.name, s.path, rel(p.path, s.path) + " (" + s.name + ")");
    }
    if (c.memory_limit.value && !c.memory_limit.value->empty() && *c.memory_limit.value != "0") {
      if (!cfg.linux->resources) cfg.linux->resources.emplace();
      cfg.linux->resources->memory_limit = 1;  // set; its size is not judged
    }
    place("linux.resources.memory", c.memory_limit.path);
    const auto& hp = effective(sc.host_process, psc.host_process);
    w.host_process = sc.host_process.value.value_or(false) || psc.host_process.value.value_or(false);
    w.host_process_path = sc.host_process.value.value_or(false) ? sc.host_process.path : hp.path;
    if (!sc.host_process.value.value_or(false) && psc.host_process.value.value_or(false))
      w.host_process_path = psc.host_process.path;
    for (const auto& port : c.ports)
      if (port.host_port != 0) w.host_ports.push_back({child_path(port.path, "hostPort"), port.host_port});
    for (const auto& h : c.probe_hosts) w.probe_hosts.push_back({h.path, h.host});
    out.push_back(std::move(tc));
  }
  return out;
}

void locate(Finding& f, const ContainerFacts& c, const manifest::Workload& wl,
            const manifest::Manifest& m) {
  const Place* place = nullptr;
  auto find = [&](const std::string& key) -> const Place* {
    auto it = c.places.find(key);
    return it == c.places.end() ? nullptr : &it->second;
  };
  if (!f.paths.empty()) place = find(f.field + "/" + f.paths.front());
  if (!place) place = find(f.field);
  if (!place && f.field.starts_with("linux.sysctl") && !f.paths.empty()) place = find("linux.sysctl/" + f.paths.front());
  Location l;
  l.file = m.source;
  l.document = wl.document;
  l.kind = wl.kind;
  l.name = wl.name;
  l.namespace_ = wl.namespace_;
  if (place) {
    l.yaml_path = place->yaml_path;
    // Name it in the manifest's terms: "<yaml subject>: <what is wrong>".
    std::string text = f.message.starts_with(f.subject + ": ") ? f.message.substr(f.subject.size() + 2) : f.message;
    f.subject = place->subject;
    f.message = f.subject + ": " + text;
  } else {
    l.yaml_path = f.field;  // the manifest-only rules name the YAML path themselves
  }
  const auto& doc = m.documents.at(static_cast<size_t>(wl.document));
  manifest::Mark mark = doc.mark_of(l.yaml_path);
  l.line = mark.line;
  l.column = mark.column;
  const std::string& cp = c.workload.container_path;
  bool container_level = !c.workload.container_name.empty() &&
                         (l.yaml_path == cp || l.yaml_path.starts_with(cp + ".") || l.yaml_path.starts_with(cp + "["));
  if (container_level) {
    l.container = c.workload.container_name;
  } else if (!c.workload.container_name.empty()) {
    l.containers = {c.workload.container_name};
  }
  f.location = std::move(l);
}

Report evaluate_manifests(const std::vector<manifest::Manifest>& manifests, const Policy& policy,
                          Severity default_fail_on) {
  struct Owned {
    const manifest::Manifest* m;
    const manifest::Workload* w;
    std::vector<ContainerFacts> containers;
  };
  std::vector<Owned> owned;
  size_t containers = 0, workloads = 0;
  for (const auto& m : manifests)
    for (const auto& w : m.workloads) {
      owned.push_back({&m, &w, translate(w)});
      ++workloads;
      containers += w.pod.containers.size();
    }
  std::vector<Target> targets;
  for (const auto& o : owned)
    for (const auto& c : o.containers) {
      Target t;
      t.config = &c.config;
      t.host = &c.host;
      t.workload = &c.workload;
      t.scope = c.scope;
      t.locate = [&c, &o](Finding& f) { locate(f, c, *o.w, *o.m); };
      targets.push_back(std::move(t));
    }
  Report rep = evaluate(targets, policy, default_fail_on);
  rep.manifest = true;
  rep.workloads = workloads;
  rep.containers = containers;
  for (const auto& m : manifests) {
    rep.files.push_back(m.source);
    for (const auto& s : m.skipped) {
      std::string where = m.source + " (document " + std::to_string(s.document) + ")";
      if (!s.object_path.empty()) where += " " + s.object_path;
      rep.skipped.push_back(where + ": " + (s.kind.empty() ? "" : s.kind + ": ") + s.reason);
    }
  }
  return rep;
}

}  // namespace rampart::policy::k8s
