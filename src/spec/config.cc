#include "spec/config.h"

namespace rampart::spec {

const char* namespace_name(NamespaceType t) {
  switch (t) {
    case NamespaceType::Pid: return "pid";
    case NamespaceType::Network: return "network";
    case NamespaceType::Mount: return "mount";
    case NamespaceType::Ipc: return "ipc";
    case NamespaceType::Uts: return "uts";
    case NamespaceType::User: return "user";
    case NamespaceType::Cgroup: return "cgroup";
    case NamespaceType::Time: return "time";
  }
  return "unknown";
}

std::optional<NamespaceType> namespace_from_name(std::string_view name) {
  static constexpr NamespaceType kAll[] = {NamespaceType::Pid,  NamespaceType::Network, NamespaceType::Mount,
                                           NamespaceType::Ipc,  NamespaceType::Uts,     NamespaceType::User,
                                           NamespaceType::Cgroup, NamespaceType::Time};
  for (NamespaceType t : kAll)
    if (name == namespace_name(t)) return t;
  return std::nullopt;
}

}  // namespace rampart::spec
