// Device rules: the config's list, in order, reduced to what it means (a default and a set of
// exceptions, the way the v1 devices controller keeps them), then written either as v1
// devices.allow/deny lines or compiled into a cgroup v2 BPF device program (device_bpf.h). One
// model for both, so a rule list means the same on every host.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::cgroup {

// Access bits, numbered as the kernel's BPF device context numbers them.
enum DeviceAccess : unsigned { kMknod = 1, kRead = 2, kWrite = 4, kAllAccess = 7 };

// One exception: 'c' or 'b', and a major/minor where -1 is "any".
struct DeviceKey {
  char type = 'c';
  int64_t major = -1;
  int64_t minor = -1;
  auto operator<=>(const DeviceKey&) const = default;
};

// What a rule list amounts to: everything allowed or denied by default, and the devices that are
// the exception (with the access bits the exception covers).
struct DeviceState {
  bool default_allow = false;
  std::map<DeviceKey, unsigned> exceptions;
  // The exceptions' keys in the order the rules named them: v1 lists exceptions in the order
  // they were written, and the runtime-spec says the rules apply in the listed order
  // (runtime-tools reads devices.list back in that order). Not part of what the state means.
  std::vector<DeviceKey> order;
  bool operator==(const DeviceState& o) const { return default_allow == o.default_allow && exceptions == o.exceptions; }
};

// "c 1:3 rwm"; a missing major or minor is "*"; an empty access means "rwm". Refuses a type other
// than a/c/b and access letters other than r/w/m, so nothing odd reaches the kernel.
Result<std::string> device_rule_string(const spec::DeviceRule& rule);

// Applies the rules in order from "deny everything", with the v1 kernel's semantics: an "a" rule
// resets the default and drops every exception; a rule with the default's action removes access
// from a matching exception; a rule with the other action adds (or widens) one. A rule that would
// have to punch a hole into a wildcard exception ("allow c *:* rwm" then "deny c 1:3 w") is
// refused: the v1 kernel would silently keep the wildcard, so the config could not mean it.
Result<DeviceState> device_state(const std::vector<spec::DeviceRule>& rules);

// A v1 devices.list: "a *:* rwm" alone means allow-all; otherwise each line is an allowed
// exception under deny-by-default.
Result<DeviceState> parse_devices_list(std::string_view text);

// The v1 writes, as (file, value), that take a cgroup from `from` to `to` without ever allowing
// more than the two states together allow: a change of default starts with "a"; otherwise
// access being dropped goes first, access being gained last.
std::vector<std::pair<std::string, std::string>> device_transition(const DeviceState& from, const DeviceState& to);

// The rules a container's cgroup gets, as runc builds them: the config's linux.resources.devices
// in order, then runc's fixed default allow list (mknod of any c/b; null, zero, full, random,
// urandom, tty, ptmx, pts/*, net/tun), leaving out a default whose device the config redefines
// in linux.devices (same path). linux.devices entries themselves add no rule: a config that
// creates a node and denies it gets EPERM on it, as with runc.
std::vector<spec::DeviceRule> container_device_rules(const std::vector<spec::DeviceRule>& config_rules,
                                                     const std::vector<spec::Device>& devices);

// runc's default allow list alone (with the /dev path each covers, empty for wildcards).
std::vector<std::pair<std::string, spec::DeviceRule>> default_allowed_devices();

}  // namespace rampart::cgroup
