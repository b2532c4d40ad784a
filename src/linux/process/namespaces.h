// A process's namespaces, reached through its pidfd, and comparisons with the runtime's own.
#pragma once

#include <sys/types.h>

#include <utility>
#include <vector>

#include "spec/config.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::process {

// The CLONE_NEW* flag of a spec namespace type.
int clone_flag(spec::NamespaceType t);

// An fd of the namespace `type` (CLONE_NEW*) of the process `pidfd` refers to. Through the
// pidfd itself (PIDFD_GET_*_NAMESPACE, Linux 6.11) when the kernel has it; otherwise through
// /proc/<pid>/ns of the private procfs, accepted only if the pidfd shows the process still
// alive afterwards -- then `pid` named that very process when the entry was opened, and a
// recycled pid can never hand us another process's namespace. ENOENT when the kernel has no
// such namespace type.
Result<UniqueFd> namespace_of(int pidfd, pid_t pid, int type);

// The runtime's own namespace of `type`.
Result<UniqueFd> own_namespace(int type);

// Whether two namespace fds name the same namespace (nsfs device and inode).
bool same_namespace(int a, int b);

// The CLONE_NEW* flags of every namespace of `pidfd`'s process that differs from ours (user,
// mnt, ipc, uts, net, cgroup, pid, time): what a process must join to be where it is.
Result<int> namespaces_to_join(int pidfd, pid_t pid);

// pidfds of every process whose pid namespace is `pid_ns` (an nsfs fd), listed through the
// private procfs (it shows the runtime's pid namespace, so one below it is seen whole; processes
// of namespaces nested in it are not included). Each process is pinned by its pidfd before its
// namespace is read through that pidfd (namespace_of): a pid recycled while we look is never
// returned.
Result<std::vector<UniqueFd>> processes_in_pid_namespace(int pid_ns);

// Whether a process in user namespace `userns` (holding all capabilities there) may join the
// namespace `ns`: its owner is `userns` or a descendant of it.
bool may_join(int userns, int ns);

// "containerID hostID size" lines, as /proc/PID/uid_map takes them.
std::string id_map_text(const std::vector<spec::IdMapping>& maps);

// Writes uid_map and gid_map of `pid` (a child in a new user namespace) through the private
// procfs; an empty list is left unwritten.
Result<void> write_id_maps(pid_t pid, const std::vector<spec::IdMapping>& uids,
                           const std::vector<spec::IdMapping>& gids);

// A new user namespace with these maps and no process in it (the one made to hold it is gone
// when this returns): what an idmapped mount takes (mount_setattr MOUNT_ATTR_IDMAP).
Result<UniqueFd> new_user_namespace(const std::vector<spec::IdMapping>& uids,
                                    const std::vector<spec::IdMapping>& gids);

// Sysctls are judged against the namespace really used: a network or IPC namespace joined by
// path that is the runtime's own -- the host's -- would make a net.* or IPC key change the host's
// value (validate_sysctls can only see that the config names a path). `joined` holds the
// (CLONE_NEW* type, fd) pairs that will be joined; the error names the key and the namespace.
Result<void> refuse_sysctls_in_host_namespaces(const spec::Linux& linux,
                                               const std::vector<std::pair<int, int>>& joined);

}  // namespace rampart::process
