#include "linux/cgroup/devices.h"

#include <algorithm>
#include <charconv>

#include "linux/cgroup/files.h"

namespace rampart::cgroup {
namespace {

Result<unsigned> access_bits(const std::string& access) {
  if (access.empty()) return kAllAccess;
  unsigned bits = 0;
  for (char c : access) {
    switch (c) {
      case 'r': bits |= kRead; break;
      case 'w': bits |= kWrite; break;
      case 'm': bits |= kMknod; break;
      default: return fail("device rule", "access must be letters of \"rwm\", not \"" + access + "\"");
    }
  }
  return bits;
}

std::string access_letters(unsigned bits) {
  std::string out;
  if (bits & kRead) out += 'r';
  if (bits & kWrite) out += 'w';
  if (bits & kMknod) out += 'm';
  return out;
}

std::string number(int64_t v) { return v < 0 ? std::string("*") : std::to_string(v); }

std::string key_string(const DeviceKey& k, unsigned bits) {
  return std::string(1, k.type) + " " + number(k.major) + ":" + number(k.minor) + " " + access_letters(bits);
}

// The exceptions that cover `k` more widely (same type, a wildcard where `k` has a number).
std::vector<DeviceKey> wider_keys(const DeviceKey& k) {
  std::vector<DeviceKey> out;
  for (const DeviceKey& w : {DeviceKey{k.type, -1, k.minor}, DeviceKey{k.type, k.major, -1}, DeviceKey{k.type, -1, -1}})
    if (w != k && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  return out;
}

Result<void> remove_access(DeviceState& s, const DeviceKey& k, unsigned bits, const std::string& rule) {
  for (const DeviceKey& w : wider_keys(k)) {
    auto it = s.exceptions.find(w);
    if (it != s.exceptions.end() && (it->second & bits))
      return fail("device rule", "\"" + rule + "\" cannot be honoured: it would punch a hole into the wider rule \"" +
                                     key_string(w, it->second) + "\" (use separate rules instead)");
  }
  auto it = s.exceptions.find(k);
  if (it == s.exceptions.end()) return {};
  it->second &= ~bits;
  if (it->second == 0) s.exceptions.erase(it);
  return {};
}

}  // namespace

Result<std::string> device_rule_string(const spec::DeviceRule& rule) {
  if (rule.type != "a" && rule.type != "c" && rule.type != "b")
    return fail("device rule", "type must be \"a\", \"c\" or \"b\", not \"" + rule.type + "\"");
  TRY(access_bits(rule.access));
  const std::string access = rule.access.empty() ? "rwm" : rule.access;
  auto num = [](const std::optional<int64_t>& v) {
    return v && *v >= 0 ? std::to_string(*v) : std::string("*");
  };
  return rule.type + " " + num(rule.major) + ":" + num(rule.minor) + " " + access;
}

Result<DeviceState> device_state(const std::vector<spec::DeviceRule>& rules) {
  DeviceState s;  // deny everything
  for (const auto& rule : rules) {
    const std::string text = TRY(device_rule_string(rule));
    const unsigned bits = TRY(access_bits(rule.access));
    if (rule.type == "a") {
      // The kernel takes "a" as "a *:* rwm" whatever else the rule says.
      s = DeviceState{rule.allow, {}};
      continue;
    }
    const DeviceKey k{rule.type[0], rule.major && *rule.major >= 0 ? *rule.major : -1,
                      rule.minor && *rule.minor >= 0 ? *rule.minor : -1};
    if (rule.allow == s.default_allow) {
      TRY_VOID(remove_access(s, k, bits, text));
    } else {
      if (!s.exceptions.contains(k)) s.order.push_back(k);
      s.exceptions[k] |= bits;
    }
  }
  return s;
}

Result<DeviceState> parse_devices_list(std::string_view text) {
  DeviceState s;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string line = trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) continue;
    // "c 1:3 rwm"
    const size_t sp1 = line.find(' '), colon = line.find(':'), sp2 = line.rfind(' ');
    if (sp1 != 1 || colon == std::string::npos || sp2 == std::string::npos || !(sp1 < colon && colon < sp2))
      return fail("read devices.list", "malformed line \"" + line + "\"");
    const char type = line[0];
    if (type == 'a') return DeviceState{true, {}};
    if (type != 'c' && type != 'b') return fail("read devices.list", "unknown type in \"" + line + "\"");
    auto parse_num = [&](std::string_view v, int64_t& out) {
      if (v == "*") {
        out = -1;
        return true;
      }
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
      return ec == std::errc{} && p == v.data() + v.size() && out >= 0;
    };
    DeviceKey k{type, -1, -1};
    if (!parse_num(std::string_view(line).substr(sp1 + 1, colon - sp1 - 1), k.major) ||
        !parse_num(std::string_view(line).substr(colon + 1, sp2 - colon - 1), k.minor))
      return fail("read devices.list", "bad device numbers in \"" + line + "\"");
    const unsigned bits = TRY(access_bits(line.substr(sp2 + 1)));
    if (!s.exceptions.contains(k)) s.order.push_back(k);
    s.exceptions[k] |= bits;
  }
  return s;
}

std::vector<std::pair<std::string, std::string>> device_transition(const DeviceState& from, const DeviceState& to) {
  std::vector<std::pair<std::string, std::string>> out;
  std::map<DeviceKey, unsigned> old = from.exceptions;
  if (from.default_allow != to.default_allow) {
    // A new default resets the list; nothing of the old exceptions survives it.
    out.emplace_back(to.default_allow ? "devices.allow" : "devices.deny", "a");
    old.clear();
  }
  // Under deny-by-default the exceptions allow (dropping one narrows); under allow-by-default they
  // deny (adding one narrows). Narrowing goes first, so the cgroup never allows more than both
  // states do.
  std::vector<std::pair<std::string, std::string>> dropped, gained;
  for (const auto& [k, bits] : old) {
    const auto it = to.exceptions.find(k);
    const unsigned lost = bits & ~(it == to.exceptions.end() ? 0u : it->second);
    if (lost) dropped.emplace_back(to.default_allow ? "devices.allow" : "devices.deny", key_string(k, lost));
  }
  // Gained exceptions in the rules' order (DeviceState::order), then any the order misses.
  std::vector<DeviceKey> keys;
  for (const auto& k : to.order)
    if (to.exceptions.contains(k) && std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  for (const auto& [k, bits] : to.exceptions)
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  for (const auto& k : keys) {
    const unsigned bits = to.exceptions.at(k);
    const auto it = old.find(k);
    const unsigned won = bits & ~(it == old.end() ? 0u : it->second);
    if (won) gained.emplace_back(to.default_allow ? "devices.deny" : "devices.allow", key_string(k, won));
  }
  auto& first = to.default_allow ? gained : dropped;
  auto& second = to.default_allow ? dropped : gained;
  out.insert(out.end(), first.begin(), first.end());
  out.insert(out.end(), second.begin(), second.end());
  return out;
}

std::vector<std::pair<std::string, spec::DeviceRule>> default_allowed_devices() {
  auto rule = [](const char* type, std::optional<int64_t> major, std::optional<int64_t> minor, const char* access) {
    return spec::DeviceRule{true, type, major, minor, access};
  };
  return {
      {"", rule("c", std::nullopt, std::nullopt, "m")},  // mknod of any char device
      {"", rule("b", std::nullopt, std::nullopt, "m")},  // mknod of any block device
      {"/dev/null", rule("c", 1, 3, "rwm")},
      {"/dev/random", rule("c", 1, 8, "rwm")},
      {"/dev/full", rule("c", 1, 7, "rwm")},
      {"/dev/tty", rule("c", 5, 0, "rwm")},
      {"/dev/zero", rule("c", 1, 5, "rwm")},
      {"/dev/urandom", rule("c", 1, 9, "rwm")},
      {"", rule("c", 136, std::nullopt, "rwm")},  // /dev/pts/*
      {"", rule("c", 5, 2, "rwm")},               // /dev/ptmx
      {"", rule("c", 10, 200, "rwm")},            // /dev/net/tun
  };
}

std::vector<spec::DeviceRule> container_device_rules(const std::vector<spec::DeviceRule>& config_rules,
                                                     const std::vector<spec::Device>& devices) {
  std::vector<spec::DeviceRule> out = config_rules;
  for (const auto& [path, rule] : default_allowed_devices()) {
    const bool redefined = !path.empty() && std::any_of(devices.begin(), devices.end(),
                                                        [&](const spec::Device& d) { return d.path == path; });
    if (!redefined) out.push_back(rule);
  }
  return out;
}

}  // namespace rampart::cgroup
