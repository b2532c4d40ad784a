#include "linux/process/settings.h"

#include <linux/sched/types.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "spec/process_settings.h"

namespace rampart::process {
namespace {

constexpr int kIoprioWhoProcess = 1;  // linux/ioprio.h IOPRIO_WHO_PROCESS

// A cpu mask of `bits` CPUs, as sched_setaffinity takes it.
std::vector<unsigned long> mask_of(size_t bits) {
  constexpr size_t kPerWord = 8 * sizeof(unsigned long);
  return std::vector<unsigned long>((bits + kPerWord - 1) / kPerWord, 0);
}

}  // namespace

Result<void> apply_scheduling(const spec::Process& p) {
  if (p.scheduler) {
    const spec::Scheduler& s = *p.scheduler;
    sched_attr attr{};
    attr.size = sizeof attr;
    attr.sched_policy = spec::scheduler_policy_number(s.policy).value_or(0);
    for (const auto& f : s.flags) attr.sched_flags |= spec::scheduler_flag_bit(f).value_or(0);
    attr.sched_nice = s.nice;
    attr.sched_priority = static_cast<uint32_t>(s.priority);
    attr.sched_runtime = s.runtime;
    attr.sched_deadline = s.deadline;
    attr.sched_period = s.period;
    if (::syscall(SYS_sched_setattr, 0, &attr, 0) < 0) {
      const int err = errno;
      // runc's hint: with cgroup v1's realtime group scheduling a new cgroup has no realtime
      // budget (cpu.rt_runtime_us 0), and the kernel answers EPERM even to root.
      const bool rt = s.policy == "SCHED_FIFO" || s.policy == "SCHED_RR" || s.policy == "SCHED_DEADLINE";
      return sys_error(rt && errno == EPERM ? "set scheduler (no realtime budget in the container's cgroup?)"
                                            : "set scheduler",
                       s.policy, err);
    }
  }
  if (p.io_priority) {
    // The calling process (who 0), inherited by every process it starts. Not the process
    // group: a foreground `run` shares the caller's, and its I/O priority is not ours to change.
    if (::syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, spec::io_priority_value(*p.io_priority)) < 0)
      return sys_error("set I/O priority", p.io_priority->io_class + " " + std::to_string(p.io_priority->priority));
  }
  return {};
}

Result<void> apply_personality(const spec::Personality& p) {
  auto domain = spec::personality_domain_number(p.domain);
  if (!domain) return fail("set personality", "unknown domain", p.domain);
  if (::personality(*domain) < 0) return sys_error("set personality", p.domain);
  return {};
}

Result<void> set_cpu_affinity(const std::string& list, const char* which) {
  auto cpus = spec::parse_cpu_list(list);
  if (!cpus) return fail(std::string("set ") + which + " CPU affinity", cpus.error().detail, list);
  auto mask = mask_of(cpus->back() + 1);
  constexpr size_t kPerWord = 8 * sizeof(unsigned long);
  for (uint32_t c : *cpus) mask[c / kPerWord] |= 1UL << (c % kPerWord);
  if (::syscall(SYS_sched_setaffinity, 0, mask.size() * sizeof(unsigned long), mask.data()) < 0)
    return sys_error(std::string("set ") + which + " CPU affinity", list);
  return {};
}

Result<std::vector<unsigned long>> swap_cpu_affinity(const std::string& list) {
  auto old = mask_of(spec::kMaxCpu);
  long n = ::syscall(SYS_sched_getaffinity, 0, old.size() * sizeof(unsigned long), old.data());
  if (n < 0) return sys_error("get CPU affinity");
  TRY_VOID(set_cpu_affinity(list, "initial"));
  return old;
}

void restore_cpu_affinity(const std::vector<unsigned long>& mask) {
  (void)::syscall(SYS_sched_setaffinity, 0, mask.size() * sizeof(unsigned long), mask.data());
}

void reset_cpu_affinity() {
  auto mask = mask_of(spec::kMaxCpu);
  std::memset(mask.data(), 0xff, mask.size() * sizeof(unsigned long));
  (void)::syscall(SYS_sched_setaffinity, 0, mask.size() * sizeof(unsigned long), mask.data());
}

}  // namespace rampart::process
