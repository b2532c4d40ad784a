#include "linux/process/lsm.h"

#include "util/file.h"

namespace rampart::process {

Result<void> apply_lsm_labels(const safepath::Procfs& proc, const spec::Process& p) {
  if (!p.apparmor_profile.empty()) {
    auto r = proc.write_file("thread-self/attr/apparmor/exec", "exec " + p.apparmor_profile);
    if (!r && r.error().err == ENOENT) r = proc.write_file("thread-self/attr/exec", "exec " + p.apparmor_profile);
    if (!r) return std::unexpected(r.error().within("apply AppArmor profile " + p.apparmor_profile));
  }
  if (!p.selinux_label.empty()) {
    auto r = proc.write_file("thread-self/attr/exec", p.selinux_label);
    if (!r) return std::unexpected(r.error().within("apply SELinux label " + p.selinux_label));
  }
  return {};
}

}  // namespace rampart::process
