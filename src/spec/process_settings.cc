#include "spec/process_settings.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <utility>

#include "spec/capabilities.h"

namespace rampart::spec {
namespace {

std::string field(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s.substr(0, 128)) out += (static_cast<unsigned char>(c) < 0x20 || c == '"') ? '?' : c;
  return out + "\"";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<uint32_t> cpu_number(std::string_view s) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v > kMaxCpu) return std::nullopt;
  return static_cast<uint32_t>(v);
}

}  // namespace

std::optional<uint32_t> scheduler_policy_number(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, uint32_t>, 7> kPolicies{{
      {"SCHED_OTHER", 0}, {"SCHED_FIFO", 1}, {"SCHED_RR", 2}, {"SCHED_BATCH", 3},
      {"SCHED_ISO", 4}, {"SCHED_IDLE", 5}, {"SCHED_DEADLINE", 6},
  }};
  for (const auto& [n, v] : kPolicies)
    if (n == name) return v;
  return std::nullopt;
}

std::optional<uint64_t> scheduler_flag_bit(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, uint64_t>, 7> kFlags{{
      {"SCHED_FLAG_RESET_ON_FORK", 0x01}, {"SCHED_FLAG_RECLAIM", 0x02}, {"SCHED_FLAG_DL_OVERRUN", 0x04},
      {"SCHED_FLAG_KEEP_POLICY", 0x08}, {"SCHED_FLAG_KEEP_PARAMS", 0x10}, {"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
      {"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40},
  }};
  for (const auto& [n, v] : kFlags)
    if (n == name) return v;
  return std::nullopt;
}

std::optional<int> io_priority_class_number(std::string_view name) {
  if (name == "IOPRIO_CLASS_RT") return 1;
  if (name == "IOPRIO_CLASS_BE") return 2;
  if (name == "IOPRIO_CLASS_IDLE") return 3;
  return std::nullopt;
}

int io_priority_value(const IoPriority& p) {
  return (io_priority_class_number(p.io_class).value_or(0) << 13) | p.priority;
}

std::optional<unsigned long> personality_domain_number(std::string_view name) {
  if (name == "LINUX") return 0x0000UL;
  if (name == "LINUX32") return 0x0008UL;
  return std::nullopt;
}

Result<std::vector<uint32_t>> parse_cpu_list(std::string_view list) {
  std::set<uint32_t> cpus;
  std::string_view rest = list;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    if (!item.empty()) {
      size_t dash = item.find('-');
      auto first = cpu_number(trim(item.substr(0, dash)));
      auto last = dash == std::string_view::npos ? first : cpu_number(trim(item.substr(dash + 1)));
      if (!first || !last)
        return fail("parse CPU list", "bad element " + quoted(item) + " (CPU numbers 0.." + std::to_string(kMaxCpu) +
                                          ", ranges as 0-3)");
      if (*first > *last) return fail("parse CPU list", "invalid range " + quoted(item));
      for (uint32_t c = *first; c <= *last; ++c) cpus.insert(c);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (cpus.empty()) return fail("parse CPU list", "no CPU in " + quoted(list));
  return std::vector<uint32_t>(cpus.begin(), cpus.end());
}

Result<void> check_scheduler(const Scheduler& s, const std::string& base, const char* op) {
  const std::string path = field(base, "scheduler");
  if (s.policy.empty()) return fail(op, path + ".policy: required");
  auto policy = scheduler_policy_number(s.policy);
  if (!policy)
    return fail(op, path + ".policy: unknown policy " + quoted(s.policy) +
                        " (one of SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_ISO, SCHED_IDLE, SCHED_DEADLINE)");
  for (size_t i = 0; i < s.flags.size(); ++i)
    if (!scheduler_flag_bit(s.flags[i]))
      return fail(op, path + ".flags[" + std::to_string(i) + "]: unknown flag " + quoted(s.flags[i]));
  const bool realtime = s.policy == "SCHED_FIFO" || s.policy == "SCHED_RR";
  if ((s.policy == "SCHED_OTHER" || s.policy == "SCHED_BATCH") && (s.nice < -20 || s.nice > 19))
    return fail(op, path + ".nice: " + std::to_string(s.nice) + " is outside -20..19");
  // As runc: a priority means something only to the realtime policies, and there sched_setattr
  // takes 1..99 only.
  if (!realtime && s.priority != 0)
    return fail(op, path + ".priority: only SCHED_FIFO and SCHED_RR take a priority");
  if (realtime && (s.priority < 1 || s.priority > 99))
    return fail(op, path + ".priority: " + std::to_string(s.priority) + " is outside 1..99 for " + s.policy);
  const bool deadline = s.policy == "SCHED_DEADLINE";
  if (!deadline && (s.runtime != 0 || s.deadline != 0 || s.period != 0))
    return fail(op, path + ": runtime, deadline and period are for SCHED_DEADLINE only");
  // The kernel's own rule (sched(7)): runtime <= deadline <= period, deadline not zero.
  if (deadline && (s.deadline == 0 || s.runtime > s.deadline || (s.period != 0 && s.deadline > s.period)))
    return fail(op, path + ": SCHED_DEADLINE needs runtime <= deadline <= period, deadline above 0");
  return {};
}

Result<void> check_io_priority(const IoPriority& p, const std::string& base, const char* op) {
  const std::string path = field(base, "ioPriority");
  if (!io_priority_class_number(p.io_class))
    return fail(op, path + ".class: unknown class " + quoted(p.io_class) +
                        " (one of IOPRIO_CLASS_RT, IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE)");
  if (p.priority < 0 || p.priority > 7)
    return fail(op, path + ".priority: " + std::to_string(p.priority) + " is outside 0..7");
  return {};
}

Result<void> check_cpu_affinity(const CpuAffinity& a, const std::string& base, const char* op) {
  const std::string path = field(base, "execCPUAffinity");
  for (const auto& [key, list] : {std::pair{"initial", &a.initial}, std::pair{"final", &a.final}}) {
    if (list->empty()) continue;
    auto cpus = parse_cpu_list(*list);
    if (!cpus) return fail(op, path + "." + key + ": " + cpus.error().detail);
  }
  return {};
}

Result<void> check_personality(const Personality& p, const char* op) {
  if (!personality_domain_number(p.domain))
    return fail(op, "linux.personality.domain: unknown domain " + quoted(p.domain) + " (one of LINUX, LINUX32)");
  return {};
}

std::vector<std::string> ignored_process_settings(const Process& p) {
  std::vector<std::string> out;
  if (p.capabilities) {
    std::set<std::string> unknown;  // sorted, each once: runc's wording
    for (const auto* set : {&p.capabilities->bounding, &p.capabilities->effective, &p.capabilities->inheritable,
                            &p.capabilities->permitted, &p.capabilities->ambient})
      for (const auto& name : *set)
        if (!capability_number(name)) unknown.insert(name);
    if (!unknown.empty()) {
      std::string line = "ignoring unknown or unavailable capabilities: [";
      for (const auto& n : unknown) line += (line.back() == '[' ? "" : " ") + n;
      out.push_back(line + "]");
    }
  }
  return out;
}

std::vector<std::string> ignored_settings(const Config& c) {
  std::vector<std::string> out;
  if (c.process) out = ignored_process_settings(*c.process);
  if (c.linux && c.linux->personality && !c.linux->personality->flags.empty())
    out.push_back("ignoring linux.personality.flags: the runtime-spec defines none");
  return out;
}

}  // namespace rampart::spec
