// The defaults rampart shares with runc (the masked and read-only paths, the capabilities of a
// default container) and the config.json that `rampart spec` writes. The one home of these
// facts: policy, plan and probe read them from here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rampart::spec {

// runc's default linux.maskedPaths and linux.readonlyPaths (`runc spec`).
std::span<const std::string_view> default_masked_paths();
std::span<const std::string_view> default_readonly_paths();
// The capabilities `runc spec` gives a container.
std::span<const std::string_view> default_capabilities();

// The default seccomp profile (an allow-list, default EPERM), kept as data in
// src/spec/data/default_seccomp.json and compiled in. Its JSON is a runtime-spec linux.seccomp
// object (with "comment" members that say why each group is there; they are dropped from what
// `spec` writes).
std::string_view default_seccomp_profile_json();

struct IdRange {
  uint32_t start = 0;
  uint32_t count = 0;
};

struct SpecOptions {
  bool rootless = false;
  // runc's plain output: no seccomp profile, no user namespace (for those who need exactly it).
  bool privileged_defaults = false;
  uint32_t uid = 0;  // the caller (rootless: container root maps to it)
  uint32_t gid = 0;
  // The caller's subordinate ids (/etc/subuid, /etc/subgid), for a rootless config whose process
  // runs as a non-root user of a multi-range user namespace.
  std::optional<IdRange> subuid, subgid;
};

// The host ids a default (not rootless) config maps container root to: a range no account and
// no /etc/subuid allocation uses by default, so container root is nobody on the host.
inline constexpr uint32_t kDefaultUserNamespaceBase = 1000000000;
inline constexpr uint32_t kDefaultUserNamespaceSize = 65536;
// The non-root user a rootless config runs as when subordinate ids are available.
inline constexpr uint32_t kRootlessProcessUid = 1000;

// JSON text (2-space indent, trailing newline) of the default bundle config, shaped like
// `runc spec`'s, made least-privilege unless privileged_defaults:
//  - default: runc's config plus the default seccomp profile and a user namespace mapping
//    container root to kDefaultUserNamespaceBase (passes `check --profile baseline` with nothing
//    above low);
//  - rootless: a user namespace owned by the caller, the process never root (container root maps
//    to the caller only when subordinate ids give the namespace more users), its own network
//    namespace and sysfs, no capabilities, the seccomp profile, pids and memory limits (passes
//    `check --profile restricted`).
std::string default_config_json(const SpecOptions& o);

// runc's plain output (`runc spec`, `runc spec --rootless`): privileged_defaults.
inline std::string default_config_json(bool rootless, uint32_t uid = 0, uint32_t gid = 0) {
  SpecOptions o;
  o.rootless = rootless;
  o.privileged_defaults = true;
  o.uid = uid;
  o.gid = gid;
  return default_config_json(o);
}

}  // namespace rampart::spec
