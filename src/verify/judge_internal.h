// The parts of judge.cc, one file per topic.
#pragma once

#include <vector>

#include "verify/judge.h"

namespace rampart::verify {

std::vector<policy::Finding> mount_drift(const Expectation& e, const ContainerFacts& c, const HostFacts& h,
                                         const MountView& v);
std::vector<policy::Finding> process_drift(const Expectation& e, const ContainerFacts& c, const HostFacts& h,
                                           const MountView& v);
std::vector<policy::Finding> cgroup_drift(const Expectation& e, const ContainerFacts& c, const HostFacts& h);

// The host uid the config's process runs as (its uid through the config's uid mappings when
// it has a user namespace; 65534, the overflow uid, when no mapping covers it).
uint32_t expected_host_uid(const spec::Config& config);

}  // namespace rampart::verify
