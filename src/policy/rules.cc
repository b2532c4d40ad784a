// The checks over a Config (a bundle's, or the one policy/k8s builds for a Kubernetes
// container). Each reads the parsed spec (and, for bind sources, the HostFacts gathered through
// fds) and emits findings with the rule's default severity. Where a pod spec says more than a
// Config can (the image decides the uid, the runtime's default capabilities are kept), the
// WorkloadFacts tell the same rule how to read it; the rules only a manifest can trigger are in
// rules_workload.cc. The table of rules is rule_table.cc.
#include <algorithm>
#include <array>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "policy/rules_internal.h"
#include "spec/defaults.h"
#include "spec/sysctl.h"
#include "util/path.h"

namespace rampart::policy {

using spec::Config;
using spec::Mount;
using spec::NamespaceType;

namespace detail {

void Emitter::operator()(std::string_view rule, std::string field, std::string subject, const std::string& text,
                         std::vector<std::string> paths, std::string anchor, std::optional<Severity> sev) const {
  const Rule* r = find_rule(rule);
  std::string message = subject + ": " + text;
  out.push_back(Finding{std::string(rule), sev ? *sev : r->severity, std::move(field), std::move(subject),
                        std::move(message), std::move(paths), std::move(anchor), std::nullopt});
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string canon_cap(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  if (!s.starts_with("CAP_")) s = "CAP_" + s;
  return s;
}

}  // namespace detail

namespace {

using detail::canon_cap;
using detail::Emitter;
using detail::join;

bool strictly_under(std::string_view path, std::string_view dir) { return path != dir && path_within(path, dir); }

bool has_option(const Mount& m, std::string_view o) {
  return std::find(m.options.begin(), m.options.end(), o) != m.options.end();
}

bool mount_readonly(const Mount& m) {
  bool ro = false;
  for (const auto& o : m.options) {
    if (o == "ro" || o == "rro") ro = true;
    if (o == "rw" || o == "rrw") ro = false;
  }
  return ro;
}

std::string describe(const Mount& m, size_t i) {
  return "mounts[" + std::to_string(i) + "] (" + (m.source.empty() ? m.type : m.source) + " -> " +
         m.destination + ")";
}

bool in(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// ---- mounts ----------------------------------------------------------------------------------

constexpr std::array<std::string_view, 8> kEngineSockets = {
    "docker.sock", "containerd.sock", "crio.sock", "podman.sock", "dockershim.sock", "cri-dockerd.sock",
    "containerd.sock.ttrpc", "buildkitd.sock"};
constexpr std::array<std::string_view, 7> kStateDirs = {"/run/rampart", "/run/runc",  "/run/containerd",
                                                        "/run/crun",    "/run/youki", "/run/docker",
                                                        "/var/lib/rampart"};
constexpr std::array<std::string_view, 22> kSensitiveDirs = {
    "/",          "/proc",    "/sys",   "/dev",  "/boot", "/etc",  "/root",    "/home",
    "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/run", "/var/run", "/var", "/var/lib",
    "/usr",       "/lib",     "/lib64", "/bin",  "/sbin", "/var/log", "/opt/cni"};
constexpr std::array<std::string_view, 14> kSensitiveTrees = {
    "/proc", "/sys", "/dev", "/boot", "/etc", "/root", "/var/lib/kubelet", "/var/lib/docker",
    "/var/lib/containerd", "/usr", "/lib", "/lib64", "/bin", "/sbin"};
constexpr std::array<std::string_view, 7> kHarmlessDev = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
                                                          "/dev/urandom", "/dev/tty", "/dev/fuse"};

std::string_view socket_name(std::string_view real) {
  auto slash = real.rfind('/');
  std::string_view base = slash == std::string_view::npos ? real : real.substr(slash + 1);
  for (auto s : kEngineSockets)
    if (base == s) return s;
  return {};
}

std::string engine_of(std::string_view sock) {
  if (sock.starts_with("docker") || sock.starts_with("cri-docker")) return "Docker engine";
  if (sock.starts_with("containerd")) return "containerd";
  if (sock.starts_with("crio")) return "CRI-O";
  if (sock.starts_with("podman")) return "Podman";
  return "BuildKit";
}

void check_host_binds(const Config& c, const HostFacts& facts, const Emitter& emit) {
  for (size_t i = 0; i < c.mounts.size(); ++i) {
    const Mount& m = c.mounts[i];
    if (!is_bind(m)) continue;
    std::string lexical = lexically_clean(m.source);
    std::string real = lexical;
    FileKind kind = FileKind::Missing;
    bool resolved = false;
    if (auto it = facts.bind_sources.find(i); it != facts.bind_sources.end()) {
      if (!it->second.real_path.empty()) real = lexically_clean(it->second.real_path);
      kind = it->second.kind;
      // A missing source was not resolved, and a manifest's never is (the kind comes from
      // hostPath.type): judge those lexically.
      resolved = kind != FileKind::Missing && !it->second.real_path.empty();
    }
    // /var/run is a symlink to /run on every modern distribution; judge lexical paths that way.
    std::string judged = real;
    if (!resolved && path_within(judged, "/var/run")) judged = "/run" + judged.substr(8);
    std::string where = describe(m, i) + (real != lexical ? " [resolves to " + real + "]" : "");
    std::vector<std::string> paths = {m.source};
    if (real != m.source) paths.push_back(real);
    bool ro = mount_readonly(m);
    std::string rw = ro ? "read-only" : "writable";
    std::string f = "mounts[" + std::to_string(i) + "]";

    for (const auto& o : m.options) {
      if (o == "shared" || o == "rshared")
        emit("RP-MNT-004", f + ".options", where, o + " propagation: mounts made inside leak back to the host",
             paths, m.destination);
      if (o == "slave" || o == "rslave")
        emit("RP-MNT-012", f + ".options", where, o + " propagation: host mounts made later appear inside", paths,
             m.destination);
    }

    if (auto s = socket_name(judged); !s.empty()) {
      emit("RP-MNT-001", f, where, "bind of the " + engine_of(s) + " socket", paths, m.destination);
      continue;
    }
    bool state = false;
    for (auto d : kStateDirs) state = state || path_within(judged, d);
    if (state) {
      emit("RP-MNT-005", f, where, rw + " bind of a container runtime's state directory", paths, m.destination);
      continue;
    }
    if (kind == FileKind::BlockDevice) {
      emit("RP-DEV-001", f, where, "bind of a host block device", paths, m.destination);
      continue;
    }
    if (in(judged, {"/dev/mem", "/dev/kmem", "/dev/port"})) {
      emit("RP-DEV-002", f, where, "bind of " + judged, paths, m.destination);
      continue;
    }
    bool exact = false;
    for (auto d : kSensitiveDirs) exact = exact || judged == d;
    if (exact) {
      emit("RP-MNT-002", f, where, rw + " bind of the host's " + judged, paths, m.destination,
           ro ? Severity::High : Severity::Critical);
      continue;
    }
    bool inside = false;
    for (auto d : kSensitiveTrees) inside = inside || strictly_under(judged, d);
    for (auto d : kHarmlessDev) inside = inside && judged != d;
    if (inside)
      emit("RP-MNT-003", f, where, rw + " bind of " + judged + " from a sensitive host directory", paths,
           m.destination, ro ? Severity::Medium : Severity::High);
  }
  // The rootfs's own propagation (it applies to every mount under it).
  if (c.linux && (c.linux->rootfs_propagation == "shared" || c.linux->rootfs_propagation == "rshared"))
    emit("RP-MNT-004", "linux.rootfsPropagation", "linux.rootfsPropagation (" + c.linux->rootfs_propagation + ")",
         "mounts made inside the container leak back to the host", {}, c.linux->rootfs_propagation);
}

void check_destinations(const Config& c, const Emitter& emit) {
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < c.mounts.size(); ++i) {
    const Mount& m = c.mounts[i];
    std::string f = "mounts[" + std::to_string(i) + "].destination";
    const std::string& d = m.destination;
    if (d.empty() || d.front() != '/')
      emit("RP-MNT-006", f, describe(m, i), "relative destination " + (d.empty() ? "\"\"" : d), {d}, d);
    bool dotdot = false;
    size_t p = 0;
    while (p <= d.size()) {
      size_t q = d.find('/', p);
      if (q == std::string::npos) q = d.size();
      dotdot = dotdot || d.compare(p, q - p, "..") == 0;
      p = q + 1;
    }
    if (dotdot) emit("RP-MNT-007", f, describe(m, i), "destination contains '..'", {d}, d);
    std::string n = lexically_clean(d);
    if (auto it = seen.find(n); it != seen.end())
      emit("RP-MNT-008", f, describe(m, i), "destination " + n + " repeats mounts[" + std::to_string(it->second) + "]",
           {d}, d);
    else
      seen.emplace(n, i);
  }
}

bool has_userns(const Config& c) { return c.linux && c.linux->find_namespace(NamespaceType::User) != nullptr; }

void check_proc_sys(const Config& c, const WorkloadFacts* w, const Emitter& emit) {
  bool proc = false;
  for (size_t i = 0; i < c.mounts.size(); ++i) {
    const Mount& m = c.mounts[i];
    std::string d = lexically_clean(m.destination);
    std::string f = "mounts[" + std::to_string(i) + "]";
    if (m.type == "proc") proc = true;
    if (m.type == "sysfs" && !mount_readonly(m))
      emit("RP-SYS-001", f, describe(m, i), "sysfs mounted writable", {d}, m.destination);
    if ((m.type == "cgroup" || m.type == "cgroup2") && !mount_readonly(m))
      emit("RP-SYS-002", f, describe(m, i), m.type + " mounted writable", {d}, m.destination,
           has_userns(c) ? Severity::Low : Severity::High);
    bool cgroupfs = (m.type == "cgroup" || m.type == "cgroup2") && d == "/sys/fs/cgroup";
    if ((strictly_under(d, "/proc") || strictly_under(d, "/sys")) && !cgroupfs)
      emit("RP-PRC-003", f, describe(m, i),
           "mount over " + d + " inside " + (d.starts_with("/proc") ? "procfs" : "sysfs"), {d, m.source},
           m.destination);
    // Anything under /dev/pts (the ptmx, a pty) or /dev/pts itself as anything but a devpts.
    if (d == "/dev/console" || strictly_under(d, "/dev/pts") || (d == "/dev/pts" && m.type != "devpts"))
      emit("RP-DEV-004", f, describe(m, i), "mount over " + d, {d, m.source}, m.destination);
  }
  if (!proc) return;
  auto listed = [&](std::string_view p, const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), p) != v.end();
  };
  static const std::vector<std::string> kNone;
  const auto& masked = c.linux ? c.linux->masked_paths : kNone;
  const auto& ro = c.linux ? c.linux->readonly_paths : kNone;
  std::vector<std::string> miss_m, miss_r;
  for (auto p : spec::default_masked_paths())
    if (!listed(p, masked)) miss_m.emplace_back(p);
  for (auto p : spec::default_readonly_paths())
    if (!listed(p, ro) && !listed(p, masked)) miss_r.emplace_back(p);
  // PSS baseline (Kubernetes 1.35+) allows an unmasked /proc in a user namespace: uid 0 there
  // cannot use the host-wide files the masks hide.
  std::optional<Severity> sev;
  if (w && w->user_namespace) sev = Severity::Medium;
  if (!miss_m.empty())
    emit("RP-PRC-001", "linux.maskedPaths", "linux.maskedPaths", "proc is mounted but not masked: " + join(miss_m),
         miss_m, "maskedPaths", sev);
  if (!miss_r.empty())
    emit("RP-PRC-002", "linux.readonlyPaths", "linux.readonlyPaths",
         "proc is mounted but not read-only: " + join(miss_r), miss_r, "readonlyPaths", sev);
}

// ---- namespaces ------------------------------------------------------------------------------

void check_namespaces(const Config& c, const WorkloadFacts* w, const Emitter& emit) {
  struct Want { NamespaceType t; std::string_view rule; };
  constexpr Want wants[] = {{NamespaceType::Pid, "RP-NS-001"},   {NamespaceType::Network, "RP-NS-002"},
                            {NamespaceType::Ipc, "RP-NS-003"},   {NamespaceType::Uts, "RP-NS-004"},
                            {NamespaceType::Mount, "RP-NS-005"}, {NamespaceType::Cgroup, "RP-NS-008"}};
  for (const auto& want : wants) {
    if (c.linux && c.linux->find_namespace(want.t)) continue;
    std::string n = spec::namespace_name(want.t);
    emit(want.rule, "linux.namespaces", "linux.namespaces", "no " + n + " namespace (the host's is shared)", {n},
         "namespaces");
  }
  if (c.linux)
    for (size_t i = 0; i < c.linux->namespaces.size(); ++i) {
      const auto& ns = c.linux->namespaces[i];
      if (ns.path.empty()) continue;
      std::string f = "linux.namespaces[" + std::to_string(i) + "]";
      emit("RP-NS-006", f, f + " (" + spec::namespace_name(ns.type) + ")", "joins " + ns.path, {ns.path}, ns.path);
    }
  if (c.process && c.process->user.uid == 0 && !has_userns(c))
    emit("RP-NS-007", "process.user.uid", "process.user.uid",
         w && w->uid_from_image
             ? "runs as the image's user, which may be uid 0, without a user namespace (root on the host)"
             : "runs as uid 0 without a user namespace (root on the host)",
         {}, "uid");
}

// ---- privileges ------------------------------------------------------------------------------

// Kubernetes PSS baseline's allowed additions (a superset of runc's default set).
constexpr std::array<std::string_view, 13> kBaselineCaps = {
    "CAP_AUDIT_WRITE", "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID",  "CAP_KILL",      "CAP_MKNOD",
    "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"};
constexpr std::array<std::string_view, 6> kCriticalCaps = {"CAP_SYS_ADMIN",       "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
                                                           "CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE", "CAP_BPF"};
// PSS baseline (Kubernetes 1.31+) allowed SELinux types.
constexpr std::array<std::string_view, 5> kSELinuxTypes = {"", "container_t", "container_init_t", "container_kvm_t",
                                                           "container_engine_t"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& a, std::string_view s) {
  return std::find(a.begin(), a.end(), s) != a.end();
}

bool listed(std::span<const std::string_view> a, std::string_view s) {
  return std::find(a.begin(), a.end(), s) != a.end();
}

void check_capabilities(const spec::Process& p, const WorkloadFacts* w, const Emitter& emit) {
  std::set<std::string> caps;
  if (p.capabilities)
    for (const auto* set : {&p.capabilities->bounding, &p.capabilities->effective, &p.capabilities->permitted,
                            &p.capabilities->inheritable, &p.capabilities->ambient})
      for (const auto& cap : *set) caps.insert(canon_cap(cap));
  std::vector<std::string> beyond_baseline, beyond_runc, beyond_restricted;
  bool critical = false;
  for (const auto& cap : caps) {
    if (!listed(kBaselineCaps, cap)) {
      beyond_baseline.push_back(cap);
      critical = critical || listed(kCriticalCaps, cap);
    } else if (!listed(spec::default_capabilities(), cap)) {  // runc's default set
      beyond_runc.push_back(cap);
    }
    if (cap != "CAP_NET_BIND_SERVICE") beyond_restricted.push_back(cap);
  }
  const std::string f = "process.capabilities";
  if (w && w->privileged) {
    // privileged: true grants the whole set; name it once rather than list forty capabilities.
    emit("RP-CAP-001", f, f, "grants every capability (CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_PTRACE ...)",
         beyond_baseline, "", Severity::Critical);
    if (!w->windows) emit("RP-CAP-003", f, f, "grants every capability (restricted allows only CAP_NET_BIND_SERVICE)");
    return;
  }
  if (!beyond_baseline.empty())
    emit("RP-CAP-001", f, f, "grants " + join(beyond_baseline), beyond_baseline, beyond_baseline.front(),
         critical ? Severity::Critical : Severity::High);
  if (!beyond_runc.empty())
    emit("RP-CAP-002", f, f, "grants " + join(beyond_runc) + " beyond runc's default set", beyond_runc,
         beyond_runc.front());
  // A Kubernetes container keeps the runtime's default set unless it drops ALL; a Windows pod
  // has no Linux capabilities (PSS exempts it).
  if (w && w->windows) return;
  bool default_kept = w && !w->drops_all && !w->privileged;
  if (!beyond_restricted.empty() || default_kept) {
    std::string text;
    if (default_kept) text = "drop does not include ALL: the runtime's default set is kept";
    if (!beyond_restricted.empty())
      text += std::string(text.empty() ? "" : "; ") + "keeps " + join(beyond_restricted) +
              " (restricted allows only CAP_NET_BIND_SERVICE)";
    emit("RP-CAP-003", f, f, text, beyond_restricted, beyond_restricted.empty() ? "" : beyond_restricted.front());
  }
}

void check_selinux(const spec::Process& p, const WorkloadFacts* w, const Emitter& emit) {
  if (w) {
    // PSS baseline: the type from a short list, and no user or role, on the pod and the container.
    for (const auto& se : w->selinux) {
      std::vector<std::string> bad;
      if (!listed(kSELinuxTypes, se.type)) bad.push_back("type " + se.type);
      if (!se.user.empty()) bad.push_back("user " + se.user);
      if (!se.role.empty()) bad.push_back("role " + se.role);
      std::string subject = se.path.starts_with(w->pod_path + ".") ? se.path.substr(w->pod_path.size() + 1) : se.path;
      if (!bad.empty()) emit("RP-PRV-007", se.path, subject, "sets " + join(bad), {}, se.type);
    }
    return;
  }
  if (p.selinux_label.find(":spc_t") != std::string::npos || p.selinux_label.find(":unconfined_t") != std::string::npos)
    emit("RP-PRV-007", "process.selinuxLabel", "process.selinuxLabel", p.selinux_label, {}, p.selinux_label);
}

void check_privileges(const Config& c, const WorkloadFacts* w, const Emitter& emit) {
  bool windows = w && w->windows;
  if (c.process) {
    const auto& p = *c.process;
    check_capabilities(p, w, emit);
    if (!p.no_new_privileges) {
      emit("RP-PRV-001", "process.noNewPrivileges", "process.noNewPrivileges", "unset", {}, "noNewPrivileges");
      if (!windows)
        emit("RP-PRV-011", "process.noNewPrivileges", "process.noNewPrivileges",
             "unset (restricted requires allowPrivilegeEscalation: false)", {}, "noNewPrivileges");
    }
    // A manifest that leaves runAsUser unset lets the image decide (RP-PRV-010 judges
    // runAsNonRoot); PSS (1.35+) allows uid 0 in a user namespace.
    if (p.user.uid == 0 && !(w && (w->uid_from_image || w->user_namespace)))
      emit("RP-PRV-005", "process.user.uid", "process.user.uid", "0 (root)", {}, "uid");
    if (p.apparmor_profile == "unconfined")
      emit("RP-PRV-006", "process.apparmorProfile", "process.apparmorProfile", "unconfined", {}, "unconfined");
    check_selinux(p, w, emit);
    auto proc_fd = [](const std::string& s) {
      if (!s.starts_with("/proc/")) return false;
      auto rest = std::string_view(s).substr(6);
      auto slash = rest.find('/');
      return slash != std::string_view::npos && rest.substr(slash).starts_with("/fd");
    };
    if (proc_fd(lexically_clean(p.cwd)))
      emit("RP-CVE-001", "process.cwd", "process.cwd (" + p.cwd + ")", "a /proc fd directory as working directory",
           {p.cwd}, p.cwd);
    auto proc_exe = [](const std::string& s) {
      std::string n = lexically_clean(s);
      return n.starts_with("/proc/") && n.ends_with("/exe");
    };
    if (!p.args.empty() && proc_exe(p.args[0]))
      emit("RP-CVE-002", "process.args[0]", "process.args[0] (" + p.args[0] + ")", "executes the runtime's binary",
           {p.args[0]}, p.args[0]);
  }
  if (!c.linux || !c.linux->seccomp) {
    bool unconfined = w && w->seccomp_unconfined;
    emit("RP-PRV-002", "linux.seccomp", "linux.seccomp",
         unconfined ? "no seccomp profile (explicitly Unconfined)" : "no seccomp profile", {}, "linux",
         unconfined ? std::optional(Severity::High) : std::nullopt);
    if (!windows)
      emit("RP-PRV-008", "linux.seccomp", "linux.seccomp", "no seccomp profile (restricted requires one)", {},
           "linux");
  } else if (in(c.linux->seccomp->default_action, {"SCMP_ACT_ALLOW", "SCMP_ACT_LOG"})) {
    emit("RP-PRV-003", "linux.seccomp.defaultAction", "linux.seccomp.defaultAction", c.linux->seccomp->default_action,
         {}, c.linux->seccomp->default_action);
  }
  if (!c.root.readonly)
    emit("RP-PRV-004", "root.readonly", "root.readonly", "false (writable root filesystem)", {}, "root");
}

// ---- devices, sysctl, hooks, resources ---------------------------------------------------------

void check_devices(const Config& c, const Emitter& emit) {
  if (!c.linux) return;
  for (size_t i = 0; i < c.linux->devices.size(); ++i) {
    const auto& d = c.linux->devices[i];
    std::string f = "linux.devices[" + std::to_string(i) + "]";
    std::string where = f + " (" + d.path + " " + d.type + " " + std::to_string(d.major) + ":" +
                        std::to_string(d.minor) + ")";
    bool mem = (d.type == 'c' || d.type == 'u') && d.major == 1 && (d.minor == 1 || d.minor == 2 || d.minor == 4);
    if (mem || in(lexically_clean(d.path), {"/dev/mem", "/dev/kmem", "/dev/port"}))
      emit("RP-DEV-002", f, where, "raw host memory/port device", {d.path}, d.path);
    else if (d.type == 'b')
      emit("RP-DEV-001", f, where, "host block device", {d.path}, d.path);
  }
  if (c.linux->resources)
    for (size_t i = 0; i < c.linux->resources->devices.size(); ++i) {
      const auto& r = c.linux->resources->devices[i];
      if (!r.allow || !(r.type == "a" || r.type.empty()) || r.major || r.minor) continue;
      if (!r.access.empty() && (r.access.find('r') == std::string::npos || r.access.find('w') == std::string::npos))
        continue;
      std::string f = "linux.resources.devices[" + std::to_string(i) + "]";
      emit("RP-DEV-003", f, f, "allows " + (r.access.empty() ? "rwm" : r.access) + " on every device", {}, "devices");
    }
}

void check_sysctls(const Config& c, const Emitter& emit) {
  if (!c.linux) return;
  for (const auto& [key, value] : c.linux->sysctl) {
    Config one;
    one.linux.emplace();
    one.linux->namespaces = c.linux->namespaces;
    one.linux->sysctl.emplace(key, value);
    auto r = spec::validate_sysctls(one);
    if (!r) emit("RP-SCT-001", "linux.sysctl", "linux.sysctl[" + key + "]", r.error().detail, {key}, key);
  }
}

void check_hooks(const Config& c, const Emitter& emit) {
  struct Phase { const char* name; const std::vector<spec::Hook>* hooks; };
  const Phase phases[] = {{"prestart", &c.hooks.prestart},           {"createRuntime", &c.hooks.create_runtime},
                          {"createContainer", &c.hooks.create_container}, {"startContainer", &c.hooks.start_container},
                          {"poststart", &c.hooks.poststart},         {"poststop", &c.hooks.poststop}};
  for (const auto& ph : phases)
    for (size_t i = 0; i < ph.hooks->size(); ++i) {
      const auto& h = (*ph.hooks)[i];
      std::string f = std::string("hooks.") + ph.name + "[" + std::to_string(i) + "]";
      bool in_container = std::string_view(ph.name) == "startContainer";
      emit("RP-HOOK-001", f, f + " (" + h.path + ")",
           std::string("runs ") + (in_container ? "in the container's namespaces" : "on the host"), {h.path}, h.path);
    }
}

void check_resources(const Config& c, const WorkloadFacts* w, const Emitter& emit) {
  const spec::Resources* r = c.linux && c.linux->resources ? &*c.linux->resources : nullptr;
  // A pod cannot set a pids limit: the kubelet does (--pod-max-pids).
  if (!w && (!r || !r->pids_limit || *r->pids_limit <= 0))
    emit("RP-RES-001", "linux.resources.pids", "linux.resources.pids.limit", "unset (fork bombs reach the host)", {},
         {});
  if (!r || !r->memory_limit || *r->memory_limit <= 0)
    emit("RP-RES-002", "linux.resources.memory", "linux.resources.memory.limit", "unset", {}, {});
}

}  // namespace

bool is_bind(const Mount& m) {
  return m.type == "bind" || has_option(m, "bind") || has_option(m, "rbind");
}

std::vector<Finding> run_rules(const Config& c, const HostFacts& facts, const WorkloadFacts* w) {
  std::vector<Finding> out;
  Emitter emit{out};
  check_host_binds(c, facts, emit);
  check_destinations(c, emit);
  check_proc_sys(c, w, emit);
  check_namespaces(c, w, emit);
  check_privileges(c, w, emit);
  check_devices(c, emit);
  check_sysctls(c, emit);
  check_hooks(c, emit);
  check_resources(c, w, emit);
  if (w) detail::check_workload(c, *w, emit);
  return out;
}

}  // namespace rampart::policy
