// Every probe case, control first, then by attack class.
#include <stdexcept>

#include "probe/case.h"
#include "probe/cases/cases.h"

namespace rampart::probe {

const std::vector<Case>& all_cases() {
  static const std::vector<Case> cases = [] {
    std::vector<Case> v;
    for (auto add : {control_cases, masked_path_cases, console_cases, procfs_cases, mount_destination_cases,
                     race_cases, fd_and_cwd_cases, runtime_binary_cases, device_cases, sysctl_cases,
                     bind_source_cases, pid_namespace_cases, hook_cases, host_file_cases,
                     mount_propagation_cases, overlay_dir_cases, device_rule_cases, host_mount_cases})
      for (auto& c : add()) v.push_back(std::move(c));
    return v;
  }();
  return cases;
}

}  // namespace rampart::probe
