// The kernel's numbers for process.scheduler, process.ioPriority, process.execCPUAffinity and
// linux.personality, and the checks that refuse a bad value before anything starts (an unknown
// policy would otherwise surface as EINVAL from sched_setattr inside a half-made container).
// Pure: the numbers are the kernel's ABI (linux/sched.h, linux/ioprio.h, linux/personality.h),
// written out so no Linux header is needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::spec {

// "SCHED_OTHER" -> 0 ... "SCHED_DEADLINE" -> 6; nullopt for a name the spec does not define.
std::optional<uint32_t> scheduler_policy_number(std::string_view name);
// "SCHED_FLAG_RESET_ON_FORK" -> 0x01 ...; nullopt for an unknown flag.
std::optional<uint64_t> scheduler_flag_bit(std::string_view name);
// "IOPRIO_CLASS_RT" -> 1, "IOPRIO_CLASS_BE" -> 2, "IOPRIO_CLASS_IDLE" -> 3.
std::optional<int> io_priority_class_number(std::string_view name);
// The ioprio_set(2) value: class << 13 | priority.
int io_priority_value(const IoPriority& p);
// "LINUX" -> PER_LINUX (0), "LINUX32" -> PER_LINUX32 (8).
std::optional<unsigned long> personality_domain_number(std::string_view name);

// The highest CPU number a CPU list may name (runc's limit too).
inline constexpr uint32_t kMaxCpu = 64 * 1024;
// A CPU list as the kernel prints them ("0-3,7", spaces around elements and empty elements
// allowed, as runc accepts them): the CPU numbers, ascending and unique. An error names what
// is wrong ("invalid range 3-1", "9999999 is above 65536", "no CPU in the list").
Result<std::vector<uint32_t>> parse_cpu_list(std::string_view list);

// The checks of these fields, with `base` the field path prefix ("process", or "" for a
// process.json); errors say "process.scheduler.policy: unknown policy \"SCHED_FAST\"".
Result<void> check_scheduler(const Scheduler& s, const std::string& base, const char* op);
Result<void> check_io_priority(const IoPriority& p, const std::string& base, const char* op);
Result<void> check_cpu_affinity(const CpuAffinity& a, const std::string& base, const char* op);
Result<void> check_personality(const Personality& p, const char* op);

// What a config asks for that is ignored, as runc ignores it, each as one warning line:
// unknown capability names (runtime-spec >= 1.1: "ignoring unknown or unavailable
// capabilities: [CAP_FOO CAP_BAR]") and personality flags. Empty when nothing is.
std::vector<std::string> ignored_process_settings(const Process& p);
std::vector<std::string> ignored_settings(const Config& c);

}  // namespace rampart::spec
