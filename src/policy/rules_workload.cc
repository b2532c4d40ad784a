// The rules only a Kubernetes pod spec can trigger: what the API says that a config.json has no
// field for (privileged as one flag, runAsNonRoot, hostPort, hostPath volumes and their subPaths,
// volume types, the kubelet's safe sysctls, probe hosts, Windows HostProcess). Each finding's
// field is the YAML path it is about.
#include <algorithm>
#include <array>

#include "policy/rules_internal.h"

namespace rampart::policy::detail {

namespace {

// The path relative to the pod spec, for messages: "containers[0].securityContext.privileged".
std::string rel(const WorkloadFacts& w, const std::string& path) {
  if (path.starts_with(w.pod_path + ".")) return path.substr(w.pod_path.size() + 1);
  return path;
}

// PSS baseline's safe sysctls (pod-security-admission's latest set, Kubernetes 1.37).
constexpr std::array<std::string_view, 14> kSafeSysctls = {
    "kernel.shm_rmid_forced",      "net.ipv4.ip_local_port_range",  "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",   "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",      "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem",           "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"};

// PSS restricted's allowed volume sources.
constexpr std::array<std::string_view, 9> kRestrictedVolumes = {
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected",
    "secret"};

}  // namespace

void check_workload(const spec::Config& /*c*/, const WorkloadFacts& w, const Emitter& emit) {
  if (w.privileged)
    emit("RP-PRV-009", w.privileged_path, rel(w, w.privileged_path),
         "true (every capability and host device, unmasked /proc, writable /sys)");
  // PSS (1.35+) relaxes runAsNonRoot for pods in a user namespace.
  if (!w.run_as_non_root && !w.user_namespace)
    emit("RP-PRV-010", w.run_as_non_root_path, rel(w, w.run_as_non_root_path),
         "not true on the container or the pod: the image's USER decides, and may be root");
  if (w.host_process)
    emit("RP-PRV-012", w.host_process_path, rel(w, w.host_process_path), "true (runs on the node itself)");
  for (const auto& p : w.host_ports)
    emit("RP-NS-009", p.path, rel(w, p.path), "hostPort " + std::to_string(p.port) + " on the node",
         {std::to_string(p.port)});
  for (const auto& p : w.probe_hosts)
    emit("RP-NS-010", p.path, rel(w, p.path), "the kubelet connects to \"" + p.host + "\"", {p.host});
  for (const auto& s : w.host_subpaths)
    emit("RP-MNT-009", s.path, rel(w, s.path),
         std::string(s.expr ? "subPathExpr " : "subPath ") + s.sub_path + " into hostPath volume " + s.volume + " (" +
             s.host_path + ")",
         {s.host_path});
  for (const auto& v : w.volumes) {
    // hostPath is outside the restricted set too; RP-MNT-010 reports it at every level.
    if (v.source == "hostPath") {
      emit("RP-MNT-010", v.path, rel(w, v.path) + " (" + v.name + ")", "hostPath " + v.host_path, {v.host_path});
    } else if (std::find(kRestrictedVolumes.begin(), kRestrictedVolumes.end(), v.source) == kRestrictedVolumes.end()) {
      emit("RP-MNT-011", v.path, rel(w, v.path) + " (" + v.name + ")", v.source + " volume");
    }
  }
  if (!w.proc_mount.empty() && w.proc_mount != "Default")
    emit("RP-PRC-004", w.proc_mount_path, rel(w, w.proc_mount_path), w.proc_mount);
  for (const auto& s : w.sysctls) {
    if (std::find(kSafeSysctls.begin(), kSafeSysctls.end(), s.name) == kSafeSysctls.end())
      emit("RP-SCT-002", s.path, rel(w, s.path) + " (" + s.name + ")", "not in the kubelet's safe set", {s.name});
    // CVE-2022-0811: CRI-O split "1+kernel.core_pattern=|/x" into a second sysctl.
    if (s.value.find_first_of("+=") != std::string::npos)
      emit("RP-SCT-003", s.path, rel(w, s.path) + " (" + s.name + ")", "value \"" + s.value + "\" holds '+' or '='",
           {s.name});
  }
}

}  // namespace rampart::policy::detail
