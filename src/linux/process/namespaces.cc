#include "linux/process/namespaces.h"

#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

#include "linux/safepath/procfs.h"
#include "spec/sysctl.h"

namespace rampart::process {
namespace {

// PIDFD_GET_*_NAMESPACE from linux/pidfd.h (Linux 6.11); Debian 12's headers predate them.
constexpr unsigned kPidfsIoctlMagic = 0xFF;

struct Kind {
  int type;
  const char* name;  // entry in /proc/<pid>/ns
  unsigned long ioctl;
};

// User first: joining it is what grants the capabilities to join the rest.
constexpr Kind kKinds[] = {
    {CLONE_NEWUSER, "user", _IO(kPidfsIoctlMagic, 9)},  {CLONE_NEWNS, "mnt", _IO(kPidfsIoctlMagic, 3)},
    {CLONE_NEWIPC, "ipc", _IO(kPidfsIoctlMagic, 2)},    {CLONE_NEWUTS, "uts", _IO(kPidfsIoctlMagic, 10)},
    {CLONE_NEWNET, "net", _IO(kPidfsIoctlMagic, 4)},    {CLONE_NEWCGROUP, "cgroup", _IO(kPidfsIoctlMagic, 1)},
    {CLONE_NEWPID, "pid", _IO(kPidfsIoctlMagic, 5)},    {CLONE_NEWTIME, "time", _IO(kPidfsIoctlMagic, 7)},
};

const Kind* kind_of(int type) {
  for (const auto& k : kKinds)
    if (k.type == type) return &k;
  return nullptr;
}

bool pidfd_alive(int pidfd) { return ::syscall(SYS_pidfd_send_signal, pidfd, 0, nullptr, 0) == 0; }

}  // namespace

int clone_flag(spec::NamespaceType t) {
  switch (t) {
    case spec::NamespaceType::Pid: return CLONE_NEWPID;
    case spec::NamespaceType::Network: return CLONE_NEWNET;
    case spec::NamespaceType::Mount: return CLONE_NEWNS;
    case spec::NamespaceType::Ipc: return CLONE_NEWIPC;
    case spec::NamespaceType::Uts: return CLONE_NEWUTS;
    case spec::NamespaceType::User: return CLONE_NEWUSER;
    case spec::NamespaceType::Cgroup: return CLONE_NEWCGROUP;
    case spec::NamespaceType::Time: return CLONE_NEWTIME;
  }
  return 0;
}

Result<UniqueFd> namespace_of(int pidfd, pid_t pid, int type) {
  const Kind* k = kind_of(type);
  if (!k) return fail("open namespace", "unknown namespace type");
  int fd = ::ioctl(pidfd, k->ioctl, 0);
  if (fd >= 0) return UniqueFd(fd);
  if (errno == ESRCH) return sys_error(std::string("open ") + k->name + " namespace", std::to_string(pid));
  if (errno == EOPNOTSUPP) return sys_error(std::string("open ") + k->name + " namespace", {}, ENOENT);
  // No such ioctl on this kernel: /proc/<pid>/ns through the private procfs. The ns entries
  // are magic links, which the handle refuses by design: the directory is opened through it
  // and the entry (a namespace, not a path) from there.
  auto proc = TRY(safepath::Procfs::open_private());
  UniqueFd dir = TRY(proc.open(std::to_string(pid) + "/ns", O_PATH | O_DIRECTORY));
  UniqueFd ns(::openat(dir.get(), k->name, O_RDONLY | O_CLOEXEC));
  if (!ns) return sys_error(std::string("open ") + k->name + " namespace", std::to_string(pid));
  if (!pidfd_alive(pidfd))
    return sys_error(std::string("open ") + k->name + " namespace", std::to_string(pid), ESRCH);
  return ns;
}

Result<UniqueFd> own_namespace(int type) {
  UniqueFd self(static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0)));
  if (!self) return sys_error("pidfd_open", "self");
  return namespace_of(self.get(), ::getpid(), type);
}

bool same_namespace(int a, int b) {
  struct stat sa{}, sb{};
  return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

Result<int> namespaces_to_join(int pidfd, pid_t pid) {
  int mask = 0;
  for (const auto& k : kKinds) {
    auto theirs = namespace_of(pidfd, pid, k.type);
    if (!theirs && theirs.error().err == ENOENT) continue;  // not on this kernel
    if (!theirs) return std::unexpected(theirs.error());
    UniqueFd ours = TRY(own_namespace(k.type));
    if (!same_namespace(theirs->get(), ours.get())) mask |= k.type;
  }
  return mask;
}

bool may_join(int userns, int ns) {
  UniqueFd owner(::ioctl(ns, NS_GET_USERNS));
  // Walk up from the owner: joining needs CAP_SYS_ADMIN over it, which a process holding all
  // capabilities in `userns` has when the owner is `userns` or below it.
  while (owner) {
    if (same_namespace(owner.get(), userns)) return true;
    owner = UniqueFd(::ioctl(owner.get(), NS_GET_PARENT));
  }
  return false;
}

Result<void> refuse_sysctls_in_host_namespaces(const spec::Linux& linux,
                                               const std::vector<std::pair<int, int>>& joined) {
  if (linux.sysctl.empty()) return {};
  for (const auto& [type, fd] : joined) {
    if (type != CLONE_NEWNET && type != CLONE_NEWIPC) continue;
    UniqueFd ours = TRY(own_namespace(type));
    if (!same_namespace(fd, ours.get())) continue;
    spec::NamespaceType t = type == CLONE_NEWNET ? spec::NamespaceType::Network : spec::NamespaceType::Ipc;
    const spec::Namespace* ns = linux.find_namespace(t);
    std::string where = ns ? ns->path : std::string{};
    for (const auto& [key, value] : linux.sysctl) {
      if (spec::sysctl_namespace(key) != t) continue;
      return fail("sysctl " + key,
                  std::string("the ") + (t == spec::NamespaceType::Network ? "network" : "IPC") +
                      " namespace joined from " + where +
                      " is the runtime's own (the host's): setting it would change the host's value");
    }
  }
  return {};
}

}  // namespace rampart::process
