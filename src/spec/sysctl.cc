#include "spec/sysctl.h"

#include <array>
#include <string>

namespace rampart::spec {
namespace {

bool has_ns(const Config& c, NamespaceType t) {
  return c.linux && c.linux->find_namespace(t) != nullptr;
}

// IPC-namespaced keys, exactly as runc's validator lists them (kernel.shm_rmid_forced is one:
// podman and Kubernetes pods set it).
constexpr std::array<std::string_view, 8> kIpcKeys = {
    "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
    "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"};

}  // namespace

std::optional<NamespaceType> sysctl_namespace(std::string_view key) {
  for (auto k : kIpcKeys)
    if (key == k) return NamespaceType::Ipc;
  if (key.starts_with("fs.mqueue.")) return NamespaceType::Ipc;
  if (key.starts_with("net.")) return NamespaceType::Network;
  if (key == "kernel.hostname" || key == "kernel.domainname") return NamespaceType::Uts;
  return std::nullopt;
}

Result<void> validate_sysctls(const Config& c) {
  if (!c.linux) return {};
  for (const auto& [key, value] : c.linux->sysctl) {
    auto refuse = [&](const std::string& why) { return fail("sysctl", why, key); };
    if (key.empty() || key.find('/') != std::string::npos || key.find("..") != std::string::npos ||
        key.front() == '.' || key.back() == '.')
      return refuse("key must be dot-separated names without '/' or '..'");
    auto ns = sysctl_namespace(key);
    if (!ns) return refuse("not namespaced: it would change the host");
    switch (*ns) {
      case NamespaceType::Ipc:
        if (!has_ns(c, NamespaceType::Ipc)) return refuse("needs an IPC namespace");
        break;
      case NamespaceType::Network:
        // A joined network namespace may be another container's (runc allows it); whether it
        // is the host's own is judged on the joined fd by the runtime.
        if (!has_ns(c, NamespaceType::Network)) return refuse("needs a network namespace");
        break;
      default:
        // As runc: kernel.domainname is UTS-namespaced and has no OCI field of its own in older
        // specs, so it is accepted with a UTS namespace (a joined one is checked against the
        // runtime's own on the fd); kernel.hostname conflicts with the `hostname` field.
        if (!has_ns(c, NamespaceType::Uts)) return refuse("needs a UTS namespace");
        if (key == "kernel.hostname") return refuse("conflicts with the \"hostname\" field: set it there, not as a sysctl");
        break;
    }
  }
  return {};
}

}  // namespace rampart::spec
