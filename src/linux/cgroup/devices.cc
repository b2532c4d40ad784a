#include "linux/cgroup/devices.h"

#include "linux/cgroup/cgroup.h"

namespace rampart::cgroup {

Result<std::string> device_rule_string(const spec::DeviceRule& rule) {
  if (rule.type != "a" && rule.type != "c" && rule.type != "b")
    return fail("device rule", "type must be \"a\", \"c\" or \"b\", not \"" + rule.type + "\"");
  const std::string access = rule.access.empty() ? "rwm" : rule.access;
  if (access.find_first_not_of("rwm") != std::string::npos)
    return fail("device rule", "access must be letters of \"rwm\", not \"" + rule.access + "\"");
  auto num = [](const std::optional<int64_t>& v) {
    return v && *v >= 0 ? std::to_string(*v) : std::string("*");
  };
  return rule.type + " " + num(rule.major) + ":" + num(rule.minor) + " " + access;
}

Result<std::vector<std::pair<std::string, std::string>>> device_writes(
    const std::vector<spec::DeviceRule>& rules) {
  std::vector<std::pair<std::string, std::string>> out{{"devices.deny", "a"}};
  for (const auto& rule : rules)
    out.emplace_back(rule.allow ? "devices.allow" : "devices.deny", TRY(device_rule_string(rule)));
  return out;
}

std::vector<spec::DeviceRule> default_allowed_devices() {
  auto rule = [](const char* type, std::optional<int64_t> major, std::optional<int64_t> minor,
                 const char* access) { return spec::DeviceRule{true, type, major, minor, access}; };
  return {
      rule("c", std::nullopt, std::nullopt, "m"),  // mknod of any char device
      rule("b", std::nullopt, std::nullopt, "m"),  // mknod of any block device
      rule("c", 1, 3, "rwm"),                      // /dev/null
      rule("c", 1, 8, "rwm"),                      // /dev/random
      rule("c", 1, 7, "rwm"),                      // /dev/full
      rule("c", 5, 0, "rwm"),                      // /dev/tty
      rule("c", 1, 5, "rwm"),                      // /dev/zero
      rule("c", 1, 9, "rwm"),                      // /dev/urandom
      rule("c", 136, std::nullopt, "rwm"),         // /dev/pts/*
      rule("c", 5, 2, "rwm"),                      // /dev/ptmx
      rule("c", 10, 200, "rwm"),                   // /dev/net/tun
  };
}

}  // namespace rampart::cgroup
