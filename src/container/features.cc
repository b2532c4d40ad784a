#include "container/features.h"

#include <nlohmann/json.hpp>

#include "linux/process/lsm.h"
#include "linux/process/seccomp.h"
#include "spec/capabilities.h"
#include "spec/config.h"
#include "spec/mount_options.h"
#include "spec/seccomp.h"
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
  // The seccomp vocabulary of spec/seccomp.h; architectures libseccomp knows, flags the kernel has.
  l["seccomp"] = {{"enabled", true},
                  {"actions", spec::seccomp_actions()},
                  {"operators", spec::seccomp_operators()},
                  {"archs", process::supported_seccomp_architectures()},
                  {"knownFlags", spec::seccomp_flags()},
                  {"supportedFlags", process::supported_seccomp_flags()}};
  // Whether this host has the LSM: a config asking for a profile or label where it has not is
  // refused (container/process_checks.h), so "enabled" says what a config may ask for here.
  l["apparmor"] = {{"enabled", apparmor_enabled()}};
  l["selinux"] = {{"enabled", selinux_enabled()}};
  l["intelRdt"] = {{"enabled", false}};
  l["mountExtensions"] = {{"idmap", {{"enabled", true}}}};
  f["linux"] = l;
  return f.dump(4) + "\n";
}

}  // namespace rampart::container
