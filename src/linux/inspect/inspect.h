// `rampart verify`'s eyes: what a running container is, read from the host. Everything goes
// through the private procfs handle (safepath::Procfs): /proc/PID/{mountinfo,status,stat,cgroup,
// uid_map} are read through it; ns, root, cwd and fd entries -- magic links the handle refuses to
// follow on open -- are only stat'ed from the directory opened through it (statx follows them
// to the kernel's own object without opening it); paths inside the container are resolved from
// the process's root with safepath::Root (RESOLVE_IN_ROOT), never as host path strings. Nothing
// the container can write (its files, its config, link texts) decides anything.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "linux/safepath/procfs.h"
#include "util/error.h"
#include "verify/expect.h"
#include "verify/facts.h"

namespace rampart::inspect {

// The host's mount table and namespaces (pid 1's, else this process's when pid 1 is out of
// reach), read once per pass.
Result<verify::HostFacts> host_facts(const safepath::Procfs& proc);

// Every process's mount and pid namespace, read once per pass to find each container's members.
struct ProcessEntry {
  pid_t pid = 0;
  uint64_t mnt = 0, pidns = 0;
};
std::vector<ProcessEntry> process_table(const safepath::Procfs& proc);

// The start time (/proc/PID/stat field 22) of `pid`; NotFound when it is gone or a zombie.
Result<uint64_t> start_time(const safepath::Procfs& proc, pid_t pid);

// Everything verify judges about the container whose init is `init`. `start` (0: unknown) is
// the init's start time as its runtime recorded it: a different one means the pid now belongs
// to another process (ErrorKind::Raced). The init exiting before or during the reading is
// ErrorKind::NotFound; other processes that exit meanwhile are just left out.
Result<verify::ContainerFacts> container_facts(const safepath::Procfs& proc, const verify::Expectation& e,
                                               const verify::HostFacts& host,
                                               const std::vector<ProcessEntry>& table, pid_t init,
                                               uint64_t start);

}  // namespace rampart::inspect
