// linux.seccomp -> a BPF program, compiled by libseccomp while the runtime may still fail
// cleanly (before Ready: a bad profile fails `create`), installed with a single seccomp(2) as the
// very last step before execve. After that the runtime makes no syscall of its own but execve,
// so a profile may deny anything else (openat2, close_range, a default errno of ENXIO...).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::process {

struct SeccompFilter {
  std::vector<uint64_t> program;  // struct sock_filter[], 8 bytes each
  unsigned flags = 0;             // SECCOMP_FILTER_FLAG_* for seccomp(2)
  bool notify = false;            // some rule is SCMP_ACT_NOTIFY: the load makes a listener fd
};

// Where the listener fd of an SCMP_ACT_NOTIFY profile goes: a socket connected to the
// profile's listenerPath (seccomp_listener.h) and the ContainerProcessState JSON sent with it.
struct SeccompListener {
  int socket = -1;
  std::string state;
};

// Builds the filter. Unknown syscall names are skipped (as runc does: profiles list syscalls of
// newer kernels); unknown actions, operators, architectures or flags, and flags this kernel
// lacks, are errors. Rules with several conditions on one argument are split as runc splits
// them (spec::expand_seccomp_rules). Architectures no process on this host can use (aarch64 on
// x86_64) are left out: only the native one and its compat ABIs are compiled.
// With a `state_root` (--root), the program is looked up in, or added to, the compiled-filter
// cache under it (seccomp_cache.h); any trouble with the cache only means compiling in memory.
// Flags are worked out (and probed on the kernel) at every call, cached program or not.
Result<SeccompFilter> compile_seccomp(const spec::Seccomp& profile, const std::string& state_root = {});

// For `features`: the spec's architectures libseccomp knows, and the flags this kernel has.
std::vector<std::string> supported_seccomp_architectures();
std::vector<std::string> supported_seccomp_flags();

// The same filter with no listener (for startContainer hooks: a notified syscall answers
// ENOSYS, as the kernel does when no listener is attached).
SeccompFilter without_listener(const SeccompFilter& filter);

// Installs `filter` on the calling thread. Meant to run right before execve: nothing after it
// may need a syscall. `privileged`: the process has no no_new_privs, so CAP_SYS_ADMIN (kept in
// its permitted set for this, see finish.cc) is raised to effective first; execve recomputes
// every capability set, so the program never holds it. With a notify filter, an unfiltered
// helper thread sends the listener fd and the state to `listener` while this thread waits
// without a syscall.
Result<void> install_seccomp(const SeccompFilter& filter, bool privileged, const SeccompListener* listener);

}  // namespace rampart::process
