// The default bundle config, mirroring `runc spec` (libcontainer/specconv.Example) and
// `runc spec --rootless` (specconv.ToRootless).
#include "spec/defaults.h"

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

ojson id_map(uint32_t host_id) {
  ojson m;
  m["containerID"] = 0;
  m["hostID"] = host_id;
  m["size"] = 1;
  return m;
}

}  // namespace

std::string default_config_json(bool rootless, uint32_t uid, uint32_t gid) {
  const ojson caps = string_list({"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"});

  ojson process;
  process["terminal"] = true;
  process["user"] = {{"uid", 0}, {"gid", 0}};
  process["args"] = string_list({"sh"});
  process["env"] = string_list({"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"});
  process["cwd"] = "/";
  process["capabilities"] = {{"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"ambient", caps}};
  ojson nofile;
  nofile["type"] = "RLIMIT_NOFILE";
  nofile["hard"] = 1024;
  nofile["soft"] = 1024;
  process["rlimits"] = ojson::array({nofile});
  process["noNewPrivileges"] = true;

  ojson mounts = ojson::array();
  mounts.push_back(mount("/proc", "proc", "proc", {}));
  mounts.push_back(mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}));
  if (rootless)  // no gid=5: the tty group is not mapped into a rootless container
    mounts.push_back(mount("/dev/pts", "devpts", "devpts",
                           {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"}));
  else
    mounts.push_back(mount("/dev/pts", "devpts", "devpts",
                           {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}));
  mounts.push_back(mount("/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}));
  mounts.push_back(mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}));
  if (rootless)  // sysfs cannot be mounted without owning the network namespace: bind the host's
    mounts.push_back(mount("/sys", "none", "/sys", {"rbind", "nosuid", "noexec", "nodev", "ro"}));
  else
    mounts.push_back(mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}));
  mounts.push_back(mount("/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "noexec", "nodev", "relatime", "ro"}));

  ojson lx;  // not "linux": GNU mode predefines that as a macro
  if (rootless) {
    lx["uidMappings"] = ojson::array({id_map(uid)});
    lx["gidMappings"] = ojson::array({id_map(gid)});
  } else {
    ojson deny_all;
    deny_all["allow"] = false;
    deny_all["access"] = "rwm";
    lx["resources"] = {{"devices", ojson::array({deny_all})}};
  }
  ojson namespaces = ojson::array();
  const std::vector<const char*> ns_types = rootless ? std::vector<const char*>{"pid", "ipc", "uts", "mount", "user"}
                                                     : std::vector<const char*>{"pid", "network", "ipc", "uts", "mount"};
  for (const char* ns : ns_types) namespaces.push_back({{"type", ns}});
  lx["namespaces"] = namespaces;
  lx["maskedPaths"] = string_list({"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                                      "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
                                      "/proc/scsi"});
  lx["readonlyPaths"] =
      string_list({"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"});

  ojson config;
  // 1.1.0, not 1.2.0: crun 1.8.1 (Debian 12) refuses "1.2.0" with "unknown version specified",
  // and a bundle from `rampart spec` should run under every peer runtime.
  config["ociVersion"] = "1.1.0";
  config["process"] = process;
  config["root"] = {{"path", "rootfs"}, {"readonly", true}};
  config["hostname"] = "runc";
  config["mounts"] = mounts;
  config["linux"] = lx;
  return config.dump(2) + "\n";
}

}  // namespace rampart::spec
