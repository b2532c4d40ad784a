// The rule table and the checks. Each check reads the parsed spec (and, for bind sources, the
// HostFacts gathered through fds) and emits findings with the rule's default severity.
#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>

#include "policy/policy.h"
#include "spec/sysctl.h"

namespace rampart::policy {

using spec::Config;
using spec::Mount;
using spec::NamespaceType;

namespace {

constexpr Profile B = Profile::Baseline;
constexpr Profile R = Profile::Restricted;
using enum Severity;

const std::vector<Rule> kRules = {
    // Mounts of host paths.
    {"RP-MNT-001", Critical, B, "bind of a container engine API socket",
     "do not mount docker/containerd/cri-o/podman sockets: whoever talks to them is root on the host",
     "CIS Docker Benchmark 5.31; Kubernetes PSS baseline: HostPath Volumes"},
    {"RP-MNT-002", High, B, "bind of a sensitive host directory (critical when writable)",
     "bind only the specific files the workload needs, read-only, from a dedicated directory",
     "CIS Docker Benchmark 5.5; Kubernetes PSS baseline: HostPath Volumes"},
    {"RP-MNT-003", Medium, B, "bind of a path inside a sensitive host directory (high when writable)",
     "copy the needed file into the bundle or bind it read-only from a dedicated directory",
     "CIS Docker Benchmark 5.5; Kubernetes PSS baseline: HostPath Volumes"},
    {"RP-MNT-004", High, B, "shared or rshared mount propagation on a host bind",
     "use private/rprivate (or slave) propagation so mounts made in the container do not reach the host",
     "CIS Docker Benchmark 5.19"},
    {"RP-MNT-005", Critical, B, "bind of a container runtime's state directory",
     "never mount /run/rampart, /run/runc, /run/containerd (or crun/youki state) into a container",
     "CVE-2019-5736 class (runtime internals reachable from the container); CIS Docker Benchmark 5.5"},
    {"RP-MNT-006", High, B, "relative mount destination",
     "write every mount destination as an absolute path inside the container",
     "OCI runtime-spec config.md (mounts.destination MUST be absolute)"},
    {"RP-MNT-007", High, B, "mount destination with a '..' component",
     "write the destination without '..' so it cannot be steered outside the intended path",
     "CVE-2021-30465 (runc mount destination race)"},
    {"RP-MNT-008", Medium, B, "duplicate mount destination",
     "mount each destination once; a later mount hides the earlier one (and any mask on it)",
     "CVE-2021-30465 (repeated destinations used to race runc)"},
    // procfs, sysfs, cgroupfs, /dev.
    {"RP-PRC-001", High, B, "proc mounted without runc's default maskedPaths",
     "add the missing paths to linux.maskedPaths (runc spec lists them)",
     "Kubernetes PSS baseline: /proc Mount Type; runc default spec"},
    {"RP-PRC-002", High, B, "proc mounted without runc's default readonlyPaths",
     "add the missing paths to linux.readonlyPaths (runc spec lists them)",
     "Kubernetes PSS baseline: /proc Mount Type; runc default spec"},
    {"RP-PRC-003", Critical, B, "mount placed over a path under /proc or /sys",
     "do not mount anything over procfs/sysfs files: it can redirect the runtime's own writes",
     "CVE-2019-19921; CVE-2025-52881"},
    {"RP-SYS-001", High, B, "sysfs mounted writable", "add \"ro\" to the sysfs mount options",
     "runc default spec (sysfs ro,nosuid,noexec,nodev); CIS Docker Benchmark 5.4"},
    {"RP-SYS-002", High, B, "cgroup filesystem mounted writable (low with a user namespace)",
     "add \"ro\" to the cgroup mount options", "CVE-2022-0492 (cgroup v1 release_agent escape)"},
    {"RP-DEV-004", High, B, "mount over /dev/console or /dev/pts",
     "let the runtime set up the console and devpts; do not mount over them",
     "CVE-2025-52565 (runc /dev/console bind-mount race)"},
    // Namespaces.
    {"RP-NS-001", High, B, "no PID namespace: the host's processes are visible",
     "add {\"type\":\"pid\"} to linux.namespaces",
     "CIS Docker Benchmark 5.15; Kubernetes PSS baseline: Host Namespaces"},
    {"RP-NS-002", High, B, "no network namespace: the host's network stack is shared",
     "add {\"type\":\"network\"} to linux.namespaces",
     "CIS Docker Benchmark 5.9; Kubernetes PSS baseline: Host Namespaces"},
    {"RP-NS-003", High, B, "no IPC namespace: host shared memory and semaphores are shared",
     "add {\"type\":\"ipc\"} to linux.namespaces",
     "CIS Docker Benchmark 5.16; Kubernetes PSS baseline: Host Namespaces"},
    {"RP-NS-004", Medium, B, "no UTS namespace: the container can change the host's hostname",
     "add {\"type\":\"uts\"} to linux.namespaces", "CIS Docker Benchmark 5.20"},
    {"RP-NS-005", Critical, B, "no mount namespace: the container's mounts are the host's",
     "add {\"type\":\"mount\"} to linux.namespaces", "OCI runtime-spec config-linux.md (namespaces)"},
    {"RP-NS-006", High, B, "namespace joined by path",
     "create a new namespace instead of joining one by path (it may be the host's)",
     "Kubernetes PSS baseline: Host Namespaces"},
    {"RP-NS-007", Medium, B, "no user namespace while the process runs as uid 0",
     "add a user namespace with uid/gid mappings, or run as a non-root uid",
     "CIS Docker Benchmark 5.30; Kubernetes user namespaces (hostUsers: false)"},
    {"RP-NS-008", Low, B, "no cgroup namespace: the host's cgroup tree is visible",
     "add {\"type\":\"cgroup\"} to linux.namespaces", "runc default spec"},
    // Privileges.
    {"RP-CAP-001", High, B, "capabilities beyond the Kubernetes baseline set (critical for SYS_ADMIN & co.)",
     "drop these capabilities from every set in process.capabilities",
     "CIS Docker Benchmark 5.3; Kubernetes PSS baseline: Capabilities"},
    {"RP-CAP-002", Low, B, "capabilities beyond runc's default set",
     "keep only CAP_AUDIT_WRITE, CAP_KILL and CAP_NET_BIND_SERVICE unless the workload needs more",
     "CIS Docker Benchmark 5.3; runc default spec"},
    {"RP-CAP-003", Medium, R, "capabilities not dropped to at most CAP_NET_BIND_SERVICE",
     "drop ALL capabilities; add back only CAP_NET_BIND_SERVICE if needed",
     "Kubernetes PSS restricted: Capabilities"},
    {"RP-PRV-001", Medium, B, "noNewPrivileges unset: setuid binaries can raise privileges",
     "set process.noNewPrivileges to true",
     "CIS Docker Benchmark 5.25; Kubernetes PSS restricted: Privilege Escalation"},
    {"RP-PRV-002", Medium, B, "no seccomp profile", "add a linux.seccomp profile (e.g. the engine's default)",
     "CIS Docker Benchmark 5.21; Kubernetes PSS baseline: Seccomp"},
    {"RP-PRV-008", High, R, "no seccomp profile (restricted requires one)",
     "add a linux.seccomp profile whose default action is an error",
     "Kubernetes PSS restricted: Seccomp (RuntimeDefault or Localhost)"},
    {"RP-PRV-003", High, B, "seccomp profile whose default action allows",
     "make the default action SCMP_ACT_ERRNO (an allow-list), not a deny-list",
     "CIS Docker Benchmark 5.21; Kubernetes PSS restricted: Seccomp"},
    {"RP-PRV-004", Medium, B, "root filesystem writable", "set root.readonly to true and mount tmpfs where writes are needed",
     "CIS Docker Benchmark 5.12"},
    {"RP-PRV-005", High, R, "process runs as uid 0", "set process.user.uid to a non-zero uid",
     "Kubernetes PSS restricted: Running as Non-root user; CIS Docker Benchmark 4.1"},
    {"RP-PRV-006", High, B, "AppArmor profile set to unconfined", "use the runtime's default AppArmor profile",
     "Kubernetes PSS baseline: AppArmor; CIS Docker Benchmark 5.1"},
    {"RP-PRV-007", High, B, "SELinux label with an unconfined or super-privileged type",
     "use the default container type (container_t)", "Kubernetes PSS baseline: SELinux; CIS Docker Benchmark 5.2"},
    // Devices.
    {"RP-DEV-001", High, B, "host block device in the container",
     "do not pass block devices; mount the filesystem on the host and bind a directory",
     "CIS Docker Benchmark 5.17; Kubernetes PSS baseline: Privileged Containers"},
    {"RP-DEV-002", Critical, B, "/dev/mem, /dev/kmem or /dev/port in the container",
     "remove the device: it gives raw access to host memory or I/O ports",
     "CIS Docker Benchmark 5.17; Kubernetes PSS baseline: Privileged Containers"},
    {"RP-DEV-003", Critical, B, "devices cgroup rule allowing every device",
     "deny all devices first ({\"allow\":false,\"access\":\"rwm\"}) and allow only the ones needed",
     "CIS Docker Benchmark 5.17; Kubernetes PSS baseline: Privileged Containers"},
    // sysctl, hooks, CVE shapes, resources.
    {"RP-SCT-001", High, B, "sysctl that is not namespaced for this container",
     "remove the key; only set sysctls namespaced by a namespace the container owns",
     "Kubernetes PSS baseline: Sysctls; CVE-2025-52881"},
    {"RP-HOOK-001", Info, B, "hook runs on the host with the runtime's privileges",
     "make sure the hook binary and its arguments are trusted", "OCI runtime-spec config.md (hooks)"},
    {"RP-CVE-001", Critical, B, "process.cwd under /proc/*/fd: a leaked runtime fd as working directory",
     "set process.cwd to a path inside the container's rootfs", "CVE-2024-21626"},
    {"RP-CVE-002", High, B, "executes /proc/self/exe (or another /proc/*/exe): the runtime's own binary",
     "run a program from the container's rootfs", "CVE-2019-5736"},
    {"RP-RES-001", Low, B, "no pids limit", "set linux.resources.pids.limit",
     "CIS Docker Benchmark 5.28"},
    {"RP-RES-002", Low, B, "no memory limit", "set linux.resources.memory.limit", "CIS Docker Benchmark 5.10"},
};

// Lexical normalisation: collapse "//" and ".", resolve ".." (not above "/" for absolute paths).
std::string normalize(std::string_view p) {
  bool abs = !p.empty() && p.front() == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    std::string_view c = p.substr(i, j - i);
    if (c == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!abs) parts.push_back(c);
    } else if (!c.empty() && c != ".") {
      parts.push_back(c);
    }
    i = j + 1;
  }
  std::string out = abs ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  if (out.empty()) out = ".";
  return out;
}

bool under(std::string_view path, std::string_view dir) {  // path == dir or inside it
  if (dir == "/") return true;
  return path == dir || (path.starts_with(dir) && path.size() > dir.size() && path[dir.size()] == '/');
}

bool strictly_under(std::string_view path, std::string_view dir) { return path != dir && under(path, dir); }

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

std::string join(const std::vector<std::string>& v, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

bool in(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

struct Emitter {
  std::vector<Finding>& out;
  void operator()(std::string_view rule, std::string field, std::string message, std::vector<std::string> paths = {},
                  std::string anchor = {}, std::optional<Severity> sev = {}) {
    const Rule* r = find_rule(rule);
    out.push_back(Finding{std::string(rule), sev ? *sev : r->severity, std::move(field), std::move(message),
                          std::move(paths), std::move(anchor)});
  }
};

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

void check_host_binds(const Config& c, const HostFacts& facts, Emitter& emit) {
  for (size_t i = 0; i < c.mounts.size(); ++i) {
    const Mount& m = c.mounts[i];
    if (!is_bind(m)) continue;
    std::string lexical = normalize(m.source);
    std::string real = lexical;
    FileKind kind = FileKind::Missing;
    bool known = false;
    if (auto it = facts.bind_sources.find(i); it != facts.bind_sources.end()) {
      if (!it->second.real_path.empty()) real = normalize(it->second.real_path);
      kind = it->second.kind;
      known = kind != FileKind::Missing;  // a missing source was not resolved: judge it lexically
    }
    // /var/run is a symlink to /run on every modern distribution; judge lexical paths that way.
    std::string judged = real;
    if (!known && under(judged, "/var/run")) judged = "/run" + judged.substr(8);
    std::string where = describe(m, i) + (real != lexical ? " [resolves to " + real + "]" : "");
    std::vector<std::string> paths = {m.source};
    if (real != m.source) paths.push_back(real);
    bool ro = mount_readonly(m);
    std::string rw = ro ? "read-only" : "writable";

    for (const auto& o : m.options)
      if (o == "shared" || o == "rshared")
        emit("RP-MNT-004", "mounts[" + std::to_string(i) + "].options",
             where + ": " + o + " propagation: mounts made inside leak back to the host", paths, m.destination);

    if (auto s = socket_name(judged); !s.empty() || kind == FileKind::Socket) {
      if (!s.empty()) {
        emit("RP-MNT-001", "mounts[" + std::to_string(i) + "]", where + ": bind of the " + engine_of(s) + " socket",
             paths, m.destination);
        continue;
      }
    }
    bool state = false;
    for (auto d : kStateDirs) state = state || under(judged, d);
    if (state) {
      emit("RP-MNT-005", "mounts[" + std::to_string(i) + "]",
           where + ": " + rw + " bind of a container runtime's state directory", paths, m.destination);
      continue;
    }
    if (kind == FileKind::BlockDevice) {
      emit("RP-DEV-001", "mounts[" + std::to_string(i) + "]", where + ": bind of a host block device", paths,
           m.destination);
      continue;
    }
    if (in(judged, {"/dev/mem", "/dev/kmem", "/dev/port"})) {
      emit("RP-DEV-002", "mounts[" + std::to_string(i) + "]", where + ": bind of " + judged, paths, m.destination);
      continue;
    }
    bool exact = false;
    for (auto d : kSensitiveDirs) exact = exact || judged == d;
    if (exact) {
      emit("RP-MNT-002", "mounts[" + std::to_string(i) + "]",
           where + ": " + rw + " bind of the host's " + judged, paths, m.destination,
           ro ? Severity::High : Severity::Critical);
      continue;
    }
    bool inside = false;
    for (auto d : kSensitiveTrees) inside = inside || strictly_under(judged, d);
    for (auto d : kHarmlessDev) inside = inside && judged != d;
    if (inside)
      emit("RP-MNT-003", "mounts[" + std::to_string(i) + "]",
           where + ": " + rw + " bind of " + judged + " from a sensitive host directory", paths, m.destination,
           ro ? Severity::Medium : Severity::High);
  }
  // The rootfs's own propagation (it applies to every mount under it).
  if (c.linux && (c.linux->rootfs_propagation == "shared" || c.linux->rootfs_propagation == "rshared"))
    emit("RP-MNT-004", "linux.rootfsPropagation",
         "linux.rootfsPropagation (" + c.linux->rootfs_propagation +
             "): mounts made inside the container leak back to the host",
         {}, c.linux->rootfs_propagation);
}

void check_destinations(const Config& c, Emitter& emit) {
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < c.mounts.size(); ++i) {
    const Mount& m = c.mounts[i];
    std::string f = "mounts[" + std::to_string(i) + "].destination";
    const std::string& d = m.destination;
    if (d.empty() || d.front() != '/')
      emit("RP-MNT-006", f, describe(m, i) + ": relative destination " + (d.empty() ? "\"\"" : d), {d}, d);
    bool dotdot = false;
    size_t p = 0;
    while (p <= d.size()) {
      size_t q = d.find('/', p);
      if (q == std::string::npos) q = d.size();
      dotdot = dotdot || d.compare(p, q - p, "..") == 0;
      p = q + 1;
    }
    if (dotdot) emit("RP-MNT-007", f, describe(m, i) + ": destination contains '..'", {d}, d);
    std::string n = normalize(d);
    if (auto it = seen.find(n); it != seen.end())
      emit("RP-MNT-008", f,
           describe(m, i) + ": destination " + n + " repeats mounts[" + std::to_string(it->second) + "]", {d}, d);
    else
      seen.emplace(n, i);
  }
}

constexpr std::array<std::string_view, 10> kDefaultMasked = {
    "/proc/acpi",      "/proc/asound",  "/proc/kcore",      "/proc/keys",    "/proc/latency_stats",
    "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"};
constexpr std::array<std::string_view, 5> kDefaultReadonly = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                                              "/proc/sysrq-trigger"};

bool has_userns(const Config& c) { return c.linux && c.linux->find_namespace(NamespaceType::User) != nullptr; }

void check_proc_sys(const Config& c, Emitter& emit) {
  bool proc = false;
  for (size_t i = 0; i < c.mounts.size(); ++i) {
    const Mount& m = c.mounts[i];
    std::string d = normalize(m.destination);
    std::string f = "mounts[" + std::to_string(i) + "]";
    if (m.type == "proc") proc = true;
    if (m.type == "sysfs" && !mount_readonly(m))
      emit("RP-SYS-001", f, describe(m, i) + ": sysfs mounted writable", {d}, m.destination);
    if ((m.type == "cgroup" || m.type == "cgroup2") && !mount_readonly(m))
      emit("RP-SYS-002", f, describe(m, i) + ": " + m.type + " mounted writable", {d}, m.destination,
           has_userns(c) ? Severity::Low : Severity::High);
    bool cgroupfs = (m.type == "cgroup" || m.type == "cgroup2") && d == "/sys/fs/cgroup";
    if ((strictly_under(d, "/proc") || strictly_under(d, "/sys")) && !cgroupfs)
      emit("RP-PRC-003", f, describe(m, i) + ": mount over " + d + " inside " + (d.starts_with("/proc") ? "procfs" : "sysfs"),
           {d, m.source}, m.destination);
    if (d == "/dev/console" || under(d, "/dev/pts/") || (d == "/dev/pts" && m.type != "devpts"))
      emit("RP-DEV-004", f, describe(m, i) + ": mount over " + d, {d, m.source}, m.destination);
  }
  if (!proc) return;
  auto listed = [&](std::string_view p, const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), p) != v.end();
  };
  static const std::vector<std::string> kNone;
  const auto& masked = c.linux ? c.linux->masked_paths : kNone;
  const auto& ro = c.linux ? c.linux->readonly_paths : kNone;
  std::vector<std::string> miss_m, miss_r;
  for (auto p : kDefaultMasked)
    if (!listed(p, masked)) miss_m.emplace_back(p);
  for (auto p : kDefaultReadonly)
    if (!listed(p, ro) && !listed(p, masked)) miss_r.emplace_back(p);
  if (!miss_m.empty())
    emit("RP-PRC-001", "linux.maskedPaths", "linux.maskedPaths: proc is mounted but not masked: " + join(miss_m),
         miss_m, "maskedPaths");
  if (!miss_r.empty())
    emit("RP-PRC-002", "linux.readonlyPaths",
         "linux.readonlyPaths: proc is mounted but not read-only: " + join(miss_r), miss_r, "readonlyPaths");
}

// ---- namespaces ------------------------------------------------------------------------------

void check_namespaces(const Config& c, Emitter& emit) {
  struct Want { NamespaceType t; std::string_view rule; };
  constexpr Want wants[] = {{NamespaceType::Pid, "RP-NS-001"},   {NamespaceType::Network, "RP-NS-002"},
                            {NamespaceType::Ipc, "RP-NS-003"},   {NamespaceType::Uts, "RP-NS-004"},
                            {NamespaceType::Mount, "RP-NS-005"}, {NamespaceType::Cgroup, "RP-NS-008"}};
  for (const auto& w : wants) {
    if (c.linux && c.linux->find_namespace(w.t)) continue;
    std::string n = spec::namespace_name(w.t);
    emit(w.rule, "linux.namespaces", "linux.namespaces: no " + n + " namespace (the host's is shared)", {n},
         "namespaces");
  }
  if (c.linux)
    for (size_t i = 0; i < c.linux->namespaces.size(); ++i) {
      const auto& ns = c.linux->namespaces[i];
      if (ns.path.empty()) continue;
      emit("RP-NS-006", "linux.namespaces[" + std::to_string(i) + "]",
           "linux.namespaces[" + std::to_string(i) + "] (" + spec::namespace_name(ns.type) + "): joins " + ns.path,
           {ns.path}, ns.path);
    }
  if (c.process && c.process->user.uid == 0 && !has_userns(c))
    emit("RP-NS-007", "process.user.uid", "process.user.uid: runs as uid 0 without a user namespace (root on the host)",
         {}, "uid");
}

// ---- privileges ------------------------------------------------------------------------------

// Kubernetes PSS baseline's allowed additions (a superset of runc's default set).
constexpr std::array<std::string_view, 13> kBaselineCaps = {
    "CAP_AUDIT_WRITE", "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID",  "CAP_KILL",      "CAP_MKNOD",
    "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"};
constexpr std::array<std::string_view, 3> kRuncCaps = {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
constexpr std::array<std::string_view, 6> kCriticalCaps = {"CAP_SYS_ADMIN",       "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
                                                           "CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE", "CAP_BPF"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& a, std::string_view s) {
  return std::find(a.begin(), a.end(), s) != a.end();
}

std::string canon_cap(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  if (!s.starts_with("CAP_")) s = "CAP_" + s;
  return s;
}

void check_privileges(const Config& c, Emitter& emit) {
  if (c.process) {
    const auto& p = *c.process;
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
      } else if (!listed(kRuncCaps, cap)) {
        beyond_runc.push_back(cap);
      }
      if (cap != "CAP_NET_BIND_SERVICE") beyond_restricted.push_back(cap);
    }
    if (!beyond_baseline.empty())
      emit("RP-CAP-001", "process.capabilities", "process.capabilities: grants " + join(beyond_baseline),
           beyond_baseline, beyond_baseline.front(), critical ? Severity::Critical : Severity::High);
    if (!beyond_runc.empty())
      emit("RP-CAP-002", "process.capabilities",
           "process.capabilities: grants " + join(beyond_runc) + " beyond runc's default set", beyond_runc,
           beyond_runc.front());
    if (!beyond_restricted.empty())
      emit("RP-CAP-003", "process.capabilities",
           "process.capabilities: keeps " + join(beyond_restricted) + " (restricted allows only CAP_NET_BIND_SERVICE)",
           beyond_restricted, beyond_restricted.front());
    if (!p.no_new_privileges)
      emit("RP-PRV-001", "process.noNewPrivileges", "process.noNewPrivileges: unset", {}, "noNewPrivileges");
    if (p.user.uid == 0) emit("RP-PRV-005", "process.user.uid", "process.user.uid: 0 (root)", {}, "uid");
    if (p.apparmor_profile == "unconfined")
      emit("RP-PRV-006", "process.apparmorProfile", "process.apparmorProfile: unconfined", {}, "unconfined");
    if (p.selinux_label.find(":spc_t") != std::string::npos ||
        p.selinux_label.find(":unconfined_t") != std::string::npos)
      emit("RP-PRV-007", "process.selinuxLabel", "process.selinuxLabel: " + p.selinux_label, {}, p.selinux_label);
    std::string cwd = normalize(p.cwd);
    auto proc_fd = [](const std::string& s) {
      if (!s.starts_with("/proc/")) return false;
      auto rest = std::string_view(s).substr(6);
      auto slash = rest.find('/');
      return slash != std::string_view::npos && rest.substr(slash).starts_with("/fd");
    };
    if (proc_fd(cwd))
      emit("RP-CVE-001", "process.cwd", "process.cwd (" + p.cwd + "): a /proc fd directory as working directory",
           {p.cwd}, p.cwd);
    auto proc_exe = [](const std::string& s) {
      std::string n = normalize(s);
      return n.starts_with("/proc/") && n.ends_with("/exe");
    };
    if (!p.args.empty() && proc_exe(p.args[0]))
      emit("RP-CVE-002", "process.args[0]", "process.args[0] (" + p.args[0] + "): executes the runtime's binary",
           {p.args[0]}, p.args[0]);
  }
  if (!c.linux || !c.linux->seccomp) {
    emit("RP-PRV-002", "linux.seccomp", "linux.seccomp: no seccomp profile", {}, "linux");
    emit("RP-PRV-008", "linux.seccomp", "linux.seccomp: no seccomp profile (restricted requires one)", {}, "linux");
  }
  else if (in(c.linux->seccomp->default_action, {"SCMP_ACT_ALLOW", "SCMP_ACT_LOG"}))
    emit("RP-PRV-003", "linux.seccomp.defaultAction",
         "linux.seccomp.defaultAction: " + c.linux->seccomp->default_action, {}, c.linux->seccomp->default_action);
  if (!c.root.readonly) emit("RP-PRV-004", "root.readonly", "root.readonly: false (writable root filesystem)", {}, "root");
}

// ---- devices, sysctl, hooks, resources ---------------------------------------------------------

void check_devices(const Config& c, Emitter& emit) {
  if (!c.linux) return;
  for (size_t i = 0; i < c.linux->devices.size(); ++i) {
    const auto& d = c.linux->devices[i];
    std::string f = "linux.devices[" + std::to_string(i) + "]";
    std::string where = f + " (" + d.path + " " + d.type + " " + std::to_string(d.major) + ":" +
                        std::to_string(d.minor) + ")";
    bool mem = (d.type == 'c' || d.type == 'u') && d.major == 1 && (d.minor == 1 || d.minor == 2 || d.minor == 4);
    if (mem || in(normalize(d.path), {"/dev/mem", "/dev/kmem", "/dev/port"}))
      emit("RP-DEV-002", f, where + ": raw host memory/port device", {d.path}, d.path);
    else if (d.type == 'b')
      emit("RP-DEV-001", f, where + ": host block device", {d.path}, d.path);
  }
  if (c.linux->resources)
    for (size_t i = 0; i < c.linux->resources->devices.size(); ++i) {
      const auto& r = c.linux->resources->devices[i];
      if (!r.allow || !(r.type == "a" || r.type.empty()) || r.major || r.minor) continue;
      if (!r.access.empty() && (r.access.find('r') == std::string::npos || r.access.find('w') == std::string::npos))
        continue;
      std::string f = "linux.resources.devices[" + std::to_string(i) + "]";
      emit("RP-DEV-003", f, f + ": allows " + (r.access.empty() ? "rwm" : r.access) + " on every device", {}, "devices");
    }
}

void check_sysctls(const Config& c, Emitter& emit) {
  if (!c.linux) return;
  for (const auto& [key, value] : c.linux->sysctl) {
    Config one;
    one.linux.emplace();
    one.linux->namespaces = c.linux->namespaces;
    one.linux->sysctl.emplace(key, value);
    auto r = spec::validate_sysctls(one);
    if (!r) emit("RP-SCT-001", "linux.sysctl", "linux.sysctl[" + key + "]: " + r.error().detail, {key}, key);
  }
}

void check_hooks(const Config& c, Emitter& emit) {
  struct Phase { const char* name; const std::vector<spec::Hook>* hooks; };
  const Phase phases[] = {{"prestart", &c.hooks.prestart},           {"createRuntime", &c.hooks.create_runtime},
                          {"createContainer", &c.hooks.create_container}, {"startContainer", &c.hooks.start_container},
                          {"poststart", &c.hooks.poststart},         {"poststop", &c.hooks.poststop}};
  for (const auto& ph : phases)
    for (size_t i = 0; i < ph.hooks->size(); ++i) {
      const auto& h = (*ph.hooks)[i];
      std::string f = std::string("hooks.") + ph.name + "[" + std::to_string(i) + "]";
      bool in_container = std::string_view(ph.name) == "startContainer";
      emit("RP-HOOK-001", f,
           f + " (" + h.path + "): runs " + (in_container ? "in the container's namespaces" : "on the host"), {h.path},
           h.path);
    }
}

void check_resources(const Config& c, Emitter& emit) {
  const spec::Resources* r = c.linux && c.linux->resources ? &*c.linux->resources : nullptr;
  if (!r || !r->pids_limit || *r->pids_limit <= 0)
    emit("RP-RES-001", "linux.resources.pids", "linux.resources.pids.limit: unset (fork bombs reach the host)", {}, {});
  if (!r || !r->memory_limit || *r->memory_limit <= 0)
    emit("RP-RES-002", "linux.resources.memory", "linux.resources.memory.limit: unset", {}, {});
}

}  // namespace

const std::vector<Rule>& all_rules() { return kRules; }

const Rule* find_rule(std::string_view id) {
  for (const auto& r : kRules)
    if (r.id == id) return &r;
  return nullptr;
}

bool is_bind(const Mount& m) {
  return m.type == "bind" || has_option(m, "bind") || has_option(m, "rbind");
}

std::vector<Finding> run_rules(const Config& c, const HostFacts& facts) {
  std::vector<Finding> out;
  Emitter emit{out};
  check_host_binds(c, facts, emit);
  check_destinations(c, emit);
  check_proc_sys(c, emit);
  check_namespaces(c, emit);
  check_privileges(c, emit);
  check_devices(c, emit);
  check_sysctls(c, emit);
  check_hooks(c, emit);
  check_resources(c, emit);
  return out;
}

}  // namespace rampart::policy
