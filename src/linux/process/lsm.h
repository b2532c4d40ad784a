// AppArmor and SELinux for the container's process: its profile/label applied on its execve
// (attr/exec), written through the runtime's private procfs (CVE-2019-16884: a /proc the container mounted could take that write and
// leave the process unconfined).
#pragma once

#include "linux/safepath/procfs.h"
#include "spec/config.h"
#include "util/error.h"
#include "util/host_lsm.h"  // whether the host has them

namespace rampart::process {

// Writes "exec <apparmorProfile>" to thread-self/attr/apparmor/exec (attr/exec on kernels
// without per-LSM attr directories) and selinuxLabel to thread-self/attr/exec; nothing when
// neither is set. Both take effect at the next execve. The caller has checked that the host
// has the LSM (container/process_checks.h): on a host without one this write fails.
Result<void> apply_lsm_labels(const safepath::Procfs& proc, const spec::Process& p);

}  // namespace rampart::process
