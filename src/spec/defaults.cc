// The default bundle config: `runc spec`'s shape (and `runc spec --rootless`'s), made
// least-privilege unless asked for runc's plain output.
#include "spec/defaults.h"

#include "spec/version.h"

#include <vector>

#include <nlohmann/json.hpp>

namespace rampart::spec {
namespace {

using ojson = nlohmann::ordered_json;  // keeps runc's key order in the output

ojson string_list(std::initializer_list<const char*> items) {
  ojson a = ojson::array();
  for (const char* s : items) a.push_back(s);
  return a;
}

ojson mount(const char* destination, const char* type, const char* source,
            std::initializer_list<const char*> options) {
  ojson m;
  m["destination"] = destination;
  m["type"] = type;
  m["source"] = source;
  if (options.size() != 0) m["options"] = string_list(options);
  return m;
}


constexpr std::string_view kMaskedPaths[] = {
    "/proc/acpi",          "/proc/asound",     "/proc/kcore",       "/proc/keys",    "/proc/latency_stats",
    "/proc/timer_list",    "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"};
constexpr std::string_view kReadonlyPaths[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                               "/proc/sysrq-trigger"};
constexpr std::string_view kCapabilities[] = {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};

ojson views(std::span<const std::string_view> items) {
  ojson a = ojson::array();
  for (auto s : items) a.push_back(std::string(s));
  return a;
}

ojson id_range(uint32_t container_id, uint32_t host_id, uint32_t size) {
  ojson m;
  m["containerID"] = container_id;
  m["hostID"] = host_id;
  m["size"] = size;
  return m;
}

// The profile without its "comment" members: peers' parsers need not know them.
ojson seccomp_profile() {
  ojson p = ojson::parse(default_seccomp_profile_json());
  for (auto& rule : p["syscalls"]) rule.erase("comment");
  return p;
}

}  // namespace

std::span<const std::string_view> default_masked_paths() { return kMaskedPaths; }
std::span<const std::string_view> default_readonly_paths() { return kReadonlyPaths; }
std::span<const std::string_view> default_capabilities() { return kCapabilities; }

std::string default_config_json(const SpecOptions& o) {
  const bool rootless = o.rootless;
  const bool hardened = !o.privileged_defaults;
  const bool multi_range = rootless && o.subuid && o.subgid && o.subuid->count > kRootlessProcessUid &&
                           o.subgid->count > kRootlessProcessUid;
  const ojson caps = views(kCapabilities);

  ojson process;
  process["terminal"] = true;
  // Rootless and hardened: never root inside. With subordinate ids container root exists (and
  // maps to the caller) but the process runs as kRootlessProcessUid; without them the caller maps
  // straight to kRootlessProcessUid and there is no root in the namespace at all.
  uint32_t user = rootless && hardened ? kRootlessProcessUid : 0;
  process["user"] = {{"uid", user}, {"gid", user}};
  process["args"] = string_list({"sh"});
  process["env"] = string_list({"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"});
  process["cwd"] = "/";
  if (rootless && hardened) {
    process["capabilities"] = {{"bounding", ojson::array()}, {"effective", ojson::array()},
                               {"permitted", ojson::array()}, {"ambient", ojson::array()}};
  } else {
    process["capabilities"] = {{"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"ambient", caps}};
  }
  ojson nofile;
  nofile["type"] = "RLIMIT_NOFILE";
  nofile["hard"] = 1024;
  nofile["soft"] = 1024;
  process["rlimits"] = ojson::array({nofile});
  process["noNewPrivileges"] = true;

  // The tty group (5) exists inside only when container gid 5 maps to something.
  bool tty_group_mapped = !rootless || multi_range;
  // A network namespace of its own (loopback only) lets a rootless container mount a sysfs of
  // its own instead of binding the host's /sys; runc's rootless default shares the host's network.
  bool own_network = !rootless || hardened;
  ojson mounts = ojson::array();
  mounts.push_back(mount("/proc", "proc", "proc", {}));
  mounts.push_back(mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}));
  if (tty_group_mapped)
    mounts.push_back(mount("/dev/pts", "devpts", "devpts",
                           {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}));
  else
    mounts.push_back(mount("/dev/pts", "devpts", "devpts",
                           {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"}));
  mounts.push_back(mount("/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}));
  mounts.push_back(mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}));
  if (!own_network)  // sysfs cannot be mounted without owning the network namespace: bind the host's
    mounts.push_back(mount("/sys", "none", "/sys", {"rbind", "nosuid", "noexec", "nodev", "ro"}));
  else
    mounts.push_back(mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}));
  mounts.push_back(mount("/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "noexec", "nodev", "relatime", "ro"}));

  ojson lx;
  if (rootless && hardened && !multi_range) {
    lx["uidMappings"] = ojson::array({id_range(kRootlessProcessUid, o.uid, 1)});
    lx["gidMappings"] = ojson::array({id_range(kRootlessProcessUid, o.gid, 1)});
  } else if (rootless) {
    lx["uidMappings"] = ojson::array({id_range(0, o.uid, 1)});
    lx["gidMappings"] = ojson::array({id_range(0, o.gid, 1)});
    if (multi_range) {
      lx["uidMappings"].push_back(id_range(1, o.subuid->start, o.subuid->count));
      lx["gidMappings"].push_back(id_range(1, o.subgid->start, o.subgid->count));
    }
  } else if (hardened) {
    lx["uidMappings"] = ojson::array({id_range(0, kDefaultUserNamespaceBase, kDefaultUserNamespaceSize)});
    lx["gidMappings"] = ojson::array({id_range(0, kDefaultUserNamespaceBase, kDefaultUserNamespaceSize)});
  }
  ojson resources = ojson::object();
  if (!rootless) {
    ojson deny_all;
    deny_all["allow"] = false;
    deny_all["access"] = "rwm";
    resources["devices"] = ojson::array({deny_all});
  }
  if (rootless && hardened) {
    resources["pids"] = {{"limit", 1024}};
    resources["memory"] = {{"limit", 512LL * 1024 * 1024}};
  }
  if (!resources.empty()) lx["resources"] = resources;
  ojson namespaces = ojson::array();
  std::vector<const char*> ns_types{"pid"};
  if (own_network) ns_types.push_back("network");
  for (const char* t : {"ipc", "uts", "mount"}) ns_types.push_back(t);
  if (rootless || hardened) ns_types.push_back("user");
  if (hardened) ns_types.push_back("cgroup");
  for (const char* ns : ns_types) namespaces.push_back({{"type", ns}});
  lx["namespaces"] = namespaces;
  lx["maskedPaths"] = views(kMaskedPaths);
  lx["readonlyPaths"] = views(kReadonlyPaths);
  if (hardened) lx["seccomp"] = seccomp_profile();

  ojson config;
  config["ociVersion"] = kGeneratedConfigVersion;
  config["process"] = process;
  config["root"] = {{"path", "rootfs"}, {"readonly", true}};
  config["hostname"] = "runc";
  config["mounts"] = mounts;
  config["linux"] = lx;
  return config.dump(2) + "\n";
}

}  // namespace rampart::spec
