#include "container/features.h"

#include <nlohmann/json.hpp>

#include "linux/process/lsm.h"
#include "spec/capabilities.h"
#include "spec/config.h"
#include "spec/mount_options.h"
#include "spec/version.h"

namespace rampart::container {

std::string features_json() {
  using nlohmann::ordered_json;
  ordered_json f;
  f["ociVersionMin"] = spec::kSpecVersionMin;
  f["ociVersionMax"] = spec::kSpecVersion;
  f["hooks"] = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};
  f["mountOptions"] = spec::known_mount_options();
  f["annotations"] = ordered_json::object();
  f["potentiallyUnsafeConfigAnnotations"] = ordered_json::array();
  ordered_json l;
  ordered_json ns = ordered_json::array();
  for (auto t : {spec::NamespaceType::Cgroup, spec::NamespaceType::Ipc, spec::NamespaceType::Mount,
                 spec::NamespaceType::Network, spec::NamespaceType::Pid, spec::NamespaceType::Time,
                 spec::NamespaceType::User, spec::NamespaceType::Uts})
    ns.push_back(spec::namespace_name(t));
  l["namespaces"] = ns;
  l["capabilities"] = spec::all_capability_names();
  l["cgroup"] = {{"v1", true}, {"v2", true}, {"systemd", false}, {"systemdUser", false}, {"rdma", false}};
  // The seccomp vocabulary the filter builder (linux/process/seccomp.cc) accepts.
  l["seccomp"] = {{"enabled", true},
                  {"actions", {"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                               "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"}},
                  {"operators", {"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
                                 "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"}},
                  {"archs", {"SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64"}},
                  {"knownFlags", ordered_json::array()},
                  {"supportedFlags", ordered_json::array()}};
  // Whether this host has the LSM: a config asking for a profile or label where it has not is
  // refused (container/process_checks.h), so "enabled" says what a config may ask for here.
  l["apparmor"] = {{"enabled", process::apparmor_enabled()}};
  l["selinux"] = {{"enabled", process::selinux_enabled()}};
  l["intelRdt"] = {{"enabled", false}};
  l["mountExtensions"] = {{"idmap", {{"enabled", true}}}};
  f["linux"] = l;
  return f.dump(4) + "\n";
}

}  // namespace rampart::container
