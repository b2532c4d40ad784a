// Device rules on cgroup v2: a BPF_PROG_TYPE_CGROUP_DEVICE program compiled from a DeviceState
// (devices.h), loaded with bpf(2) and attached to the container's cgroup directory. Written by
// hand (a dozen instruction shapes), so the static binary needs no BPF library.
#pragma once

#include <linux/bpf.h>

#include <string>
#include <vector>

#include "linux/cgroup/devices.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::cgroup {

// The program: reads the access type, major and minor from struct bpf_cgroup_dev_ctx and returns
// 1 (allow) or 0 (deny). An exception under deny-by-default allows a request whose every access
// bit it covers; under allow-by-default it denies a request sharing any bit with it (the v1
// kernel's rules for its own lists). Everything else gets the default.
std::vector<bpf_insn> device_program(const DeviceState& state);

// Loads `program` (BPF_PROG_LOAD, type CGROUP_DEVICE).
Result<UniqueFd> load_device_program(const std::vector<bpf_insn>& program, const std::string& cgroup_dir);

// The BPF_CGROUP_DEVICE programs attached to the cgroup itself (not inherited ones), as fds.
Result<std::vector<UniqueFd>> attached_device_programs(int cgroup_fd, const std::string& cgroup_dir);

// Makes `program` the cgroup's device program: replaces the one attached program atomically
// (BPF_F_ALLOW_MULTI | BPF_F_REPLACE), or, when none or several are attached, attaches it and
// then detaches the others (while both are attached a device must pass both, so there is never
// a moment with less restriction than either program). Returns the programs it replaced, so a
// failed update can put the old one back.
Result<std::vector<UniqueFd>> install_device_program(int cgroup_fd, int program_fd, const std::string& cgroup_dir);

}  // namespace rampart::cgroup
