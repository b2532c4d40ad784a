#include "container/process_checks.h"

#include <linux/capability.h>
#include <sys/resource.h>

#include "linux/process/credentials.h"
#include "linux/process/lsm.h"
#include "spec/process_settings.h"
#include "util/log.h"

namespace rampart::container {
namespace {

std::string field(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }

std::string limit_text(uint64_t v) { return v == RLIM_INFINITY ? "unlimited" : std::to_string(v); }

Result<void> check_rlimits(const std::vector<spec::Rlimit>& rlimits, const std::string& base) {
  if (process::has_effective_capability(CAP_SYS_RESOURCE)) return {};
  for (size_t i = 0; i < rlimits.size(); ++i) {
    const spec::Rlimit& r = rlimits[i];
    int res = process::rlimit_resource(r.type);
    rlimit own{};
    if (res < 0 || ::getrlimit(static_cast<__rlimit_resource>(res), &own) < 0) continue;
    // RLIM_INFINITY is the largest value, so one comparison covers "unlimited" on either side.
    if (r.hard > own.rlim_max)
      return fail(field(base, "rlimits[" + std::to_string(i) + "]"),
                  r.type + " hard limit " + limit_text(r.hard) + " is above the runtime's own hard limit " +
                      limit_text(own.rlim_max) + ", and raising a hard limit needs CAP_SYS_RESOURCE, which it lacks");
  }
  return {};
}

}  // namespace

Result<void> check_process_on_host(const spec::Process& p, const std::string& base) {
  TRY_VOID(check_rlimits(p.rlimits, base));
  if (!p.apparmor_profile.empty() && !apparmor_enabled())
    return fail(field(base, "apparmorProfile"),
                "AppArmor is not enabled on this host: the profile \"" + p.apparmor_profile + "\" cannot be applied");
  if (!p.selinux_label.empty() && !selinux_enabled())
    return fail(field(base, "selinuxLabel"),
                "SELinux is not enabled on this host: the label \"" + p.selinux_label + "\" cannot be applied");
  return {};
}

void warn_ignored(const spec::Config& c) {
  for (const auto& w : spec::ignored_settings(c)) log::warn(w);
}

void warn_ignored(const spec::Process& p) {
  for (const auto& w : spec::ignored_process_settings(p)) log::warn(w);
}

}  // namespace rampart::container
