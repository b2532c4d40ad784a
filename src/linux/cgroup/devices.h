// Device cgroup rules as the v1 devices controller reads them ("c 1:3 rwm").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::cgroup {

// "c 1:3 rwm"; a missing major or minor is "*"; an empty access means "rwm". Refuses a type other
// than a/c/b and access letters other than r/w/m, so nothing odd reaches the kernel.
Result<std::string> device_rule_string(const spec::DeviceRule& rule);

// The v1 writes for a rule list, in order, as (file, value): "a" to devices.deny first, then
// each rule to devices.allow or devices.deny, the way runc starts from deny-all. The whole list
// is checked before anything is written.
Result<std::vector<std::pair<std::string, std::string>>> device_writes(
    const std::vector<spec::DeviceRule>& rules);

}  // namespace rampart::cgroup
