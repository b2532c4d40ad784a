#include "linux/process/credentials.h"

#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>

#include "spec/capabilities.h"

namespace rampart::process {
namespace {

constexpr int kLastCap = 40;  // CAP_CHECKPOINT_RESTORE; caps above the kernel's are skipped

uint64_t mask_of(const std::vector<std::string>& names) {
  uint64_t m = 0;
  for (const auto& n : names)
    if (auto c = spec::capability_number(n)) m |= uint64_t{1} << *c;
  return m;
}

}  // namespace

int rlimit_resource(const std::string& name) {
  static const std::array<std::pair<const char*, int>, 16> table = {{
      {"RLIMIT_AS", RLIMIT_AS}, {"RLIMIT_CORE", RLIMIT_CORE}, {"RLIMIT_CPU", RLIMIT_CPU},
      {"RLIMIT_DATA", RLIMIT_DATA}, {"RLIMIT_FSIZE", RLIMIT_FSIZE}, {"RLIMIT_LOCKS", RLIMIT_LOCKS},
      {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK}, {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
      {"RLIMIT_NICE", RLIMIT_NICE}, {"RLIMIT_NOFILE", RLIMIT_NOFILE}, {"RLIMIT_NPROC", RLIMIT_NPROC},
      {"RLIMIT_RSS", RLIMIT_RSS}, {"RLIMIT_RTPRIO", RLIMIT_RTPRIO}, {"RLIMIT_RTTIME", RLIMIT_RTTIME},
      {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING}, {"RLIMIT_STACK", RLIMIT_STACK},
  }};
  for (const auto& [n, r] : table)
    if (name == n) return r;
  return -1;
}

Result<void> drop_bounding_set(const spec::Capabilities& caps) {
  uint64_t keep = mask_of(caps.bounding);
  for (int c = 0; c <= kLastCap; ++c) {
    if (keep & (uint64_t{1} << c)) continue;
    if (::prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
      return sys_error("drop capability from bounding set", spec::all_capability_names()[c]);
  }
  return {};
}

Result<void> switch_user(const spec::User& user, bool setgroups_allowed) {
  if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return sys_error("prctl PR_SET_KEEPCAPS");
  if (setgroups_allowed) {
    std::vector<gid_t> groups(user.additional_gids.begin(), user.additional_gids.end());
    // Raw syscalls: glibc's wrappers would broadcast to other threads; the init has none.
    // A user namespace whose maps an unprivileged caller wrote has setgroups "deny" (the kernel
    // demands it before an unprivileged gid_map): the caller's supplementary groups stay, as
    // runc's rootless containers keep them. Only a config asking for groups of its own fails.
    if (::syscall(SYS_setgroups, groups.size(), groups.data()) < 0 && !(errno == EPERM && groups.empty()))
      return sys_error("setgroups");
  }
  if (::syscall(SYS_setresgid, user.gid, user.gid, user.gid) < 0)
    return sys_error("setresgid", std::to_string(user.gid));
  if (::syscall(SYS_setresuid, user.uid, user.uid, user.uid) < 0)
    return sys_error("setresuid", std::to_string(user.uid));
  if (::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) return sys_error("prctl PR_SET_KEEPCAPS");
  return {};
}

Result<void> apply_capabilities(const spec::Capabilities& caps) {
  uint64_t eff = mask_of(caps.effective), prm = mask_of(caps.permitted),
           inh = mask_of(caps.inheritable), amb = mask_of(caps.ambient);
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {
      {static_cast<uint32_t>(eff), static_cast<uint32_t>(prm), static_cast<uint32_t>(inh)},
      {static_cast<uint32_t>(eff >> 32), static_cast<uint32_t>(prm >> 32), static_cast<uint32_t>(inh >> 32)},
  };
  if (::syscall(SYS_capset, &hdr, data) < 0) return sys_error("capset");
  for (int c = 0; c <= kLastCap; ++c) {
    if (!(amb & (uint64_t{1} << c))) continue;
    // Ambient needs the cap in permitted and inheritable; runc ignores failures here too.
    (void)::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0);
  }
  return {};
}

Result<void> set_rlimits(pid_t pid, const std::vector<spec::Rlimit>& rlimits) {
  for (const auto& r : rlimits) {
    int res = rlimit_resource(r.type);
    if (res < 0) return fail("set rlimit", "unknown rlimit type", r.type);
    rlimit lim{r.soft, r.hard};
    if (::prlimit(pid, static_cast<__rlimit_resource>(res), &lim, nullptr) < 0) {
      const int err = errno;
      // EPERM: a hard limit above the current one needs CAP_SYS_RESOURCE (in the initial user
      // namespace). container/process_checks.h refuses that before anything starts; this is
      // the kernel's word for what slipped by.
      return sys_error("set rlimit", r.type + " soft=" + std::to_string(r.soft) + " hard=" + std::to_string(r.hard) +
                                         (err == EPERM ? " (above the hard limit the runtime was started with?)" : ""),
                       err);
    }
  }
  return {};
}

bool has_effective_capability(int cap) {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (::syscall(SYS_capget, &hdr, data) < 0) return false;
  return (data[cap / 32].effective >> (cap % 32)) & 1;
}

Result<void> set_no_new_privs() {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return sys_error("prctl PR_SET_NO_NEW_PRIVS");
  return {};
}

}  // namespace rampart::process
