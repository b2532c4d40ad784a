// The OCI runtime-spec config.json as typed C++ (runtime-spec 1.2). Pure: no Linux headers.
// Only the fields rampart acts on or reports are typed; unknown fields are ignored like runc does.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/resources.h"

// g++ in GNU mode (-std=gnu++23, which TRY() needs) predefines the macro `linux` as 1, which
// would turn the member `Config::linux` below into `1`. Nothing in rampart uses that macro
// (use __linux__), so it is removed here, where the name is declared.
#undef linux

namespace rampart::spec {

struct User {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::optional<uint32_t> umask;
  std::vector<uint32_t> additional_gids;
};

struct Rlimit {
  std::string type;  // "RLIMIT_NOFILE" ...
  uint64_t hard = 0;
  uint64_t soft = 0;
};

struct Capabilities {
  std::vector<std::string> bounding, effective, inheritable, permitted, ambient;
};

struct ConsoleSize {
  uint32_t height = 0;
  uint32_t width = 0;
};

// process.scheduler: sched_setattr(2)'s fields by the spec's names ("SCHED_FIFO" ...).
struct Scheduler {
  std::string policy;
  int32_t nice = 0;
  int32_t priority = 0;
  std::vector<std::string> flags;  // "SCHED_FLAG_RESET_ON_FORK" ...
  uint64_t runtime = 0;
  uint64_t deadline = 0;
  uint64_t period = 0;
};

// process.ioPriority: ioprio_set(2) for the process group.
struct IoPriority {
  std::string io_class;  // "IOPRIO_CLASS_RT" | "IOPRIO_CLASS_BE" | "IOPRIO_CLASS_IDLE"
  int32_t priority = 0;  // 0 (highest) .. 7
};

// process.execCPUAffinity: CPU lists ("0-3,7"); empty means not set.
struct CpuAffinity {
  std::string initial;  // the runtime's set-up stage, before it joins the container's cgroup
  std::string final;    // the process itself
};

struct Process {
  bool terminal = false;
  std::optional<ConsoleSize> console_size;
  User user;
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::string cwd = "/";
  std::optional<Capabilities> capabilities;
  std::vector<Rlimit> rlimits;
  bool no_new_privileges = false;
  std::optional<int> oom_score_adj;
  std::string apparmor_profile;
  std::string selinux_label;
  std::optional<Scheduler> scheduler;
  std::optional<IoPriority> io_priority;
  std::optional<CpuAffinity> exec_cpu_affinity;
};

struct Root {
  std::string path;  // as written in config.json (relative to the bundle, or absolute)
  bool readonly = false;
};

struct IdMapping {
  uint32_t container_id = 0;
  uint32_t host_id = 0;
  uint32_t size = 0;
};

struct Mount {
  std::string destination;
  std::string type;
  std::string source;
  std::vector<std::string> options;
  // An idmapped mount (runtime-spec "mountExtensions"): ids of the source filesystem
  // (containerID) are shown as hostID through this mount.
  std::vector<IdMapping> uid_mappings;
  std::vector<IdMapping> gid_mappings;
};

struct Hook {
  std::string path;
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::optional<int> timeout;  // seconds
};

struct Hooks {
  std::vector<Hook> prestart, create_runtime, create_container, start_container, poststart, poststop;
};

enum class NamespaceType { Pid, Network, Mount, Ipc, Uts, User, Cgroup, Time };

struct Namespace {
  NamespaceType type;
  std::string path;  // empty: create a new one; else join this one
};

struct Device {
  std::string path;
  char type = 'c';  // 'c', 'u', 'b', 'p'
  int64_t major = 0;
  int64_t minor = 0;
  std::optional<uint32_t> file_mode;
  std::optional<uint32_t> uid;
  std::optional<uint32_t> gid;
};

struct SeccompArg {
  uint32_t index = 0;
  uint64_t value = 0;
  uint64_t value_two = 0;
  std::string op;  // "SCMP_CMP_EQ" ...
};

struct SeccompSyscall {
  std::vector<std::string> names;
  std::string action;  // "SCMP_ACT_ALLOW" ...
  std::optional<uint32_t> errno_ret;
  std::vector<SeccompArg> args;
};

struct Seccomp {
  std::string default_action;
  std::optional<uint32_t> default_errno_ret;
  std::vector<std::string> architectures;
  std::vector<std::string> flags;
  std::vector<SeccompSyscall> syscalls;
  std::string listener_path;      // unix socket the SCMP_ACT_NOTIFY fd is sent to ("@x": abstract)
  std::string listener_metadata;  // passed to the listener as is
};

// linux.personality: personality(2)'s execution domain.
struct Personality {
  std::string domain;              // "LINUX" | "LINUX32"
  std::vector<std::string> flags;  // none defined by the spec: ignored with a warning, as runc does
};

struct TimeOffset {
  int64_t secs = 0;
  uint32_t nanosecs = 0;
};

struct Linux {
  std::vector<Namespace> namespaces;
  std::vector<IdMapping> uid_mappings;
  std::vector<IdMapping> gid_mappings;
  std::vector<Device> devices;
  std::string cgroups_path;
  std::optional<Resources> resources;
  std::string rootfs_propagation;
  std::vector<std::string> masked_paths;
  std::vector<std::string> readonly_paths;
  std::map<std::string, std::string> sysctl;
  std::optional<Seccomp> seccomp;
  std::string mount_label;
  std::map<std::string, TimeOffset> time_offsets;  // "monotonic", "boottime"
  std::optional<Personality> personality;

  [[nodiscard]] const Namespace* find_namespace(NamespaceType t) const {
    for (const auto& ns : namespaces)
      if (ns.type == t) return &ns;
    return nullptr;
  }
};

struct Config {
  std::string oci_version;
  Root root;
  std::vector<Mount> mounts;
  std::optional<Process> process;
  std::string hostname;
  std::string domainname;
  Hooks hooks;
  std::map<std::string, std::string> annotations;
  std::optional<Linux> linux;
};

// "pid", "network", ... as the spec spells them.
const char* namespace_name(NamespaceType t);

// The inverse of namespace_name: "pid" -> Pid; nullopt for a name the spec does not define.
std::optional<NamespaceType> namespace_from_name(std::string_view name);

}  // namespace rampart::spec
