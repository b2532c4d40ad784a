// One function per attack class, each in the file named for it; registry.cc puts them together
// in AttackClass order.
#pragma once

#include <vector>

#include "probe/case.h"

namespace rampart::probe {

std::vector<Case> control_cases();
std::vector<Case> masked_path_cases();
std::vector<Case> console_cases();
std::vector<Case> procfs_cases();
std::vector<Case> mount_destination_cases();
std::vector<Case> race_cases();
std::vector<Case> fd_and_cwd_cases();
std::vector<Case> runtime_binary_cases();
std::vector<Case> device_cases();
std::vector<Case> sysctl_cases();
std::vector<Case> bind_source_cases();
std::vector<Case> pid_namespace_cases();
std::vector<Case> hook_cases();
std::vector<Case> host_file_cases();
std::vector<Case> mount_propagation_cases();
std::vector<Case> overlay_dir_cases();
std::vector<Case> device_rule_cases();
std::vector<Case> host_mount_cases();

}  // namespace rampart::probe
