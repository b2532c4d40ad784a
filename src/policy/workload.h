// What a Kubernetes pod spec says about one container that a config.json cannot: the facts the
// manifest-only rules judge, and the context that changes how shared rules read the Config
// built for it (policy/k8s/translate.cc). Every fact carries the YAML path it was read from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace rampart::policy {

struct WorkloadFacts {
  std::string pod_path;        // "spec.template.spec"
  std::string container_path;  // "spec.template.spec.containers[0]"
  std::string container_name;
  bool windows = false;        // spec.os.name: windows (PSS exempts these from some restricted checks)

  bool privileged = false;
  std::string privileged_path;

  // Users. uid_from_image: runAsUser is unset, so the image's USER decides (Config's uid is then 0
  // when runAsNonRoot is not true, else a placeholder non-root uid).
  bool uid_from_image = false;
  std::string run_as_user_path;          // where runAsUser is (or would be) written
  bool run_as_non_root = false;          // effective: the container's, else the pod's
  std::string run_as_non_root_path;
  bool user_namespace = false;           // hostUsers: false
  std::string host_users_path;

  // Capabilities as written (Config holds only what is added, the default set being implied).
  bool drops_all = false;                // capabilities.drop includes "ALL"
  std::vector<std::string> added;
  std::string capabilities_path;         // securityContext.capabilities (or securityContext)
  std::string add_path;

  bool allow_privilege_escalation_false = false;
  std::string allow_privilege_escalation_path;

  // seccomp: explicit Unconfined (baseline forbids it) versus unset (the kubelet's default).
  bool seccomp_unconfined = false;
  std::string seccomp_path;

  std::string proc_mount;  // "Unmasked", "Default", ""
  std::string proc_mount_path;

  // seLinuxOptions of the pod and of the container (PSS judges both).
  struct SELinux {
    std::string user, role, type, path;
  };
  std::vector<SELinux> selinux;

  bool host_process = false;
  std::string host_process_path;

  struct HostPort {
    std::string path;
    int64_t port = 0;
  };
  std::vector<HostPort> host_ports;

  struct ProbeHost {
    std::string path, host;
  };
  std::vector<ProbeHost> probe_hosts;

  struct Volume {
    std::string path, name, source, host_path;  // source: "hostPath", "emptyDir", ...
  };
  std::vector<Volume> volumes;  // every volume of the pod

  struct SubPathMount {
    std::string path;          // the volumeMount
    std::string volume, host_path, sub_path;
    bool expr = false;         // subPathExpr
  };
  std::vector<SubPathMount> host_subpaths;

  struct Sysctl {
    std::string path, name, value;
  };
  std::vector<Sysctl> sysctls;
};

}  // namespace rampart::policy
