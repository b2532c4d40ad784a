// The parts of a Kubernetes pod spec that decide a container's boundary, typed, each with the
// YAML path it was read from (so a finding can point at the line). Pure.
// Fields rampart does not judge are ignored; a judged field of the wrong type is an error, as
// the API server would refuse it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "manifest/yaml.h"
#include "util/error.h"

namespace rampart::manifest {

// A value as written, and where it was (or would be) written.
template <class T>
struct Field {
  std::optional<T> value;
  std::string path;  // YAML path of the field, set even when the field is absent
  [[nodiscard]] bool set() const { return value.has_value(); }
};

struct Profile {        // seccompProfile / appArmorProfile
  Field<std::string> type;              // "RuntimeDefault", "Localhost", "Unconfined"
  Field<std::string> localhost_profile;
  std::string path;                     // of the profile object
};

struct SELinuxOptions {
  Field<std::string> user, role, type, level;
  std::string path;
  bool present = false;
};

struct Capabilities {
  std::vector<std::string> add, drop;  // as written ("SYS_ADMIN")
  std::string add_path, drop_path;
};

// The fields shared by the pod's and a container's securityContext.
struct SecurityContext {
  std::string path;  // of the securityContext object (it may be absent)
  Field<int64_t> run_as_user;
  Field<int64_t> run_as_group;
  Field<bool> run_as_non_root;
  Profile seccomp;
  Profile apparmor;
  SELinuxOptions selinux;
  Field<bool> host_process;  // windowsOptions.hostProcess
  // Container only.
  Field<bool> privileged;
  Field<bool> allow_privilege_escalation;
  Field<bool> read_only_root_filesystem;
  Field<std::string> proc_mount;
  Capabilities capabilities;
  bool capabilities_present = false;
};

struct Sysctl {
  std::string name, value, path;
};

struct VolumeMount {
  std::string path;  // "spec.containers[0].volumeMounts[1]"
  std::string name;
  std::string mount_path;
  bool read_only = false;
  Field<std::string> sub_path;
  Field<std::string> sub_path_expr;
  Field<std::string> mount_propagation;  // "None", "HostToContainer", "Bidirectional"
};

struct Port {
  std::string path;
  int64_t host_port = 0;
  int64_t container_port = 0;
};

// A probe's or lifecycle handler's httpGet.host / tcpSocket.host.
struct HostReference {
  std::string path, host;
};

enum class ContainerKind { Init, Regular, Ephemeral };
const char* container_kind_name(ContainerKind k);  // "initContainers", "containers", "ephemeralContainers"

struct Container {
  ContainerKind kind = ContainerKind::Regular;
  std::string path;  // "spec.containers[0]"
  std::string name;
  std::vector<std::string> command;
  std::string command_path;
  Field<std::string> working_dir;
  SecurityContext security;
  std::vector<VolumeMount> mounts;
  std::vector<Port> ports;
  Field<std::string> memory_limit;  // resources.limits.memory, as written
  std::vector<HostReference> probe_hosts;
};

struct Volume {
  std::string path;  // "spec.volumes[2]"
  std::string name;
  std::string source;  // the volume source's key: "hostPath", "emptyDir", "gitRepo", ...
  std::string host_path;       // hostPath.path
  std::string host_path_type;  // hostPath.type ("", "Directory", "Socket", ...)
};

struct PodSpec {
  std::string path;  // "spec", "spec.template.spec", "items[2].spec.jobTemplate.spec.template.spec"
  Field<bool> host_network, host_pid, host_ipc, host_users;
  SecurityContext security;
  std::vector<Sysctl> sysctls;
  std::vector<Volume> volumes;
  std::vector<Container> containers;  // init, then regular, then ephemeral (as PSS visits them)
  Field<std::string> os;              // spec.os.name
  std::map<std::string, std::string> annotations;  // the pod's metadata.annotations
  std::string annotations_path;
};

// Decodes `spec` (found at `spec_path` of `doc`) and the pod's `metadata` (at `meta_path`; may
// be null). Errors read "<source>:<line>:<column>: <yaml path>: <what>".
Result<PodSpec> decode_pod_spec(const Json& spec, const std::string& spec_path, const Json* metadata,
                                const std::string& meta_path, const Document& doc, const std::string& source);

}  // namespace rampart::manifest
