#include "spec/sysctl.h"

#include <array>
#include <string_view>

namespace rampart::spec {
namespace {

bool has_own(const Config& c, NamespaceType t) {
  const Namespace* ns = c.linux ? c.linux->find_namespace(t) : nullptr;
  return ns != nullptr && ns->path.empty();
}
bool has_ns(const Config& c, NamespaceType t) {
  return c.linux && c.linux->find_namespace(t) != nullptr;
}

// IPC-namespaced keys, exactly as runc's validator lists them (kernel.shm_rmid_forced is one:
// podman and Kubernetes pods set it).
constexpr std::array<std::string_view, 8> kIpcKeys = {
    "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
    "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"};

}  // namespace

Result<void> validate_sysctls(const Config& c) {
  if (!c.linux) return {};
  for (const auto& [key, value] : c.linux->sysctl) {
    auto refuse = [&](const std::string& why) { return fail("sysctl", why, key); };
    if (key.empty() || key.find('/') != std::string::npos || key.find("..") != std::string::npos ||
        key.front() == '.' || key.back() == '.')
      return refuse("key must be dot-separated names without '/' or '..'");
    bool ipc = false;
    for (auto k : kIpcKeys) ipc = ipc || key == k;
    if (ipc || key.starts_with("fs.mqueue.")) {
      if (!has_ns(c, NamespaceType::Ipc)) return refuse("needs an IPC namespace");
      continue;
    }
    if (key.starts_with("net.")) {
      // A joined network namespace is the container's own too (runc allows it).
      if (!has_ns(c, NamespaceType::Network)) return refuse("needs a network namespace");
      continue;
    }
    if (key == "kernel.hostname" || key == "kernel.domainname") {
      if (!has_own(c, NamespaceType::Uts)) return refuse("needs a UTS namespace");
      return refuse("set hostname/domainname in config.json, not as a sysctl");
    }
    return refuse("not namespaced: it would change the host");
  }
  return {};
}

}  // namespace rampart::spec
