// libFuzzer target: a policy file (`create --policy`, /etc/rampart/policy.json, `check
// --policy`) -> policy::parse_policy -> evaluate against a config -> the three reports. The
// input is "POLICY\0CONFIG" when it holds a NUL byte (both fuzzed), else POLICY alone judged
// against a fixed config with findings of every kind. Must never crash, leak or hit UB.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/policy.h"
#include "spec/parse.h"

namespace {

// Privileged, a docker socket, host namespaces, devices, added caps: many rules fire.
constexpr std::string_view kConfig = R"({
  "ociVersion": "1.2.0", "root": {"path": "rootfs"}, "hostname": "h",
  "process": {"args": ["sh"], "cwd": "/", "user": {"uid": 0, "gid": 0},
    "capabilities": {"bounding": ["CAP_SYS_ADMIN", "CAP_NET_RAW"], "effective": ["CAP_SYS_ADMIN"],
                     "permitted": ["CAP_SYS_ADMIN"], "ambient": ["CAP_SYS_PTRACE"]}},
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/var/run/docker.sock", "type": "bind", "source": "/var/run/docker.sock", "options": ["rbind"]},
    {"destination": "/host", "type": "bind", "source": "/", "options": ["rbind", "rw"]},
    {"destination": "/data", "type": "bind", "source": "/srv/data", "options": ["bind", "ro"]}],
  "linux": {"namespaces": [{"type": "mount"}, {"type": "uts"}, {"type": "network", "path": "/proc/1/ns/net"}],
    "devices": [{"path": "/dev/sda", "type": "b", "major": 8, "minor": 0}],
    "sysctl": {"net.ipv4.ip_forward": "1"}, "maskedPaths": [], "readonlyPaths": []}
})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view policy_text = input, config_text = kConfig;
  if (auto nul = input.find('\0'); nul != std::string_view::npos) {
    policy_text = input.substr(0, nul);
    config_text = input.substr(nul + 1);
  }
  auto pol = policy::parse_policy(policy_text);
  if (!pol) return 0;
  auto config = spec::parse_config(config_text);
  if (!config) return 0;
  policy::HostFacts facts;
  for (size_t i = 0; i < config->mounts.size(); ++i)
    if (i % 3 == 1) facts.bind_sources[i] = {"/run/docker.sock", policy::FileKind::Socket};
    else if (i % 3 == 2) facts.bind_sources[i] = {"/", policy::FileKind::Directory};
  const auto fail_on = static_cast<policy::Severity>(size % 5);  // Info .. Critical
  policy::Report r = policy::evaluate(*config, facts, *pol, "fuzz-container", fail_on);
  (void)policy::render_text(r, size % 2 == 0);
  (void)policy::render_json(r);
  (void)policy::render_sarif(r, config_text);
  (void)policy::one_line(r);
  return 0;
}
