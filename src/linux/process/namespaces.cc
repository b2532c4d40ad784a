#include "linux/process/namespaces.h"

#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "linux/process/spawn.h"
#include "linux/safepath/procfs.h"
#include "spec/sysctl.h"
#include "util/subprocess.h"

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

Result<std::vector<UniqueFd>> processes_in_pid_namespace(int pid_ns) {
  auto proc = TRY(safepath::Procfs::open_private());
  UniqueFd list = TRY(proc.open(".", O_RDONLY | O_DIRECTORY));
  DIR* d = ::fdopendir(list.get());
  if (!d) return sys_error("list processes", "proc");
  (void)list.release();  // the DIR owns it now
  std::vector<UniqueFd> found;
  while (dirent* e = ::readdir(d)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0)));
    if (!pidfd) continue;  // gone already
    auto ns = namespace_of(pidfd.get(), static_cast<pid_t>(pid), CLONE_NEWPID);
    if (ns && same_namespace(ns->get(), pid_ns)) found.push_back(std::move(pidfd));
  }
  ::closedir(d);
  return found;
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

std::string id_map_text(const std::vector<spec::IdMapping>& maps) {
  std::string text;
  for (const auto& m : maps)
    text += std::to_string(m.container_id) + " " + std::to_string(m.host_id) + " " + std::to_string(m.size) + "\n";
  return text;
}

namespace {

// An unprivileged caller may write one line itself: its own id, once (user_namespaces(7)).
bool only_own_id(const std::vector<spec::IdMapping>& maps, uint32_t own) {
  return maps.size() == 1 && maps[0].host_id == own && maps[0].size == 1;
}

// newuidmap/newgidmap (Debian's uidmap, setuid root): they check every range against
// /etc/subuid and /etc/subgid for the calling user, as runc and podman rely on.
Result<void> map_with_helper(const char* tool, pid_t pid, const std::vector<spec::IdMapping>& maps) {
  std::vector<std::string> argv = {tool, std::to_string(pid)};
  for (const auto& m : maps) {
    argv.push_back(std::to_string(m.container_id));
    argv.push_back(std::to_string(m.host_id));
    argv.push_back(std::to_string(m.size));
  }
  auto r = run_captured(argv, std::chrono::seconds(10), 4096);
  if (!r) return std::unexpected(r.error().within(std::string("rootless id map: ") + tool));
  if (r->exit_code != 0) {
    std::string why = r->err.empty() ? "exit code " + std::to_string(r->exit_code) : r->err;
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return fail(std::string("rootless id map: ") + tool, why + " (are the ranges in /etc/subuid and /etc/subgid?)",
                std::to_string(pid));
  }
  return {};
}

}  // namespace

// uid_map/gid_map are written through the runtime's private procfs (docs/architecture.md, the rule, point 3).
// An unprivileged caller (rootless) writes them itself only when they map nothing but its own
// id, with setgroups "deny" first as the kernel demands; any other map goes through
// newuidmap/newgidmap, as runc's rootless mode does.
Result<void> write_id_maps(pid_t pid, const std::vector<spec::IdMapping>& uids,
                           const std::vector<spec::IdMapping>& gids) {
  auto proc = TRY(safepath::Procfs::open_private());
  std::string dir = std::to_string(pid) + "/";
  const bool privileged = ::geteuid() == 0;
  if (!uids.empty()) {
    if (privileged || only_own_id(uids, ::geteuid())) TRY_VOID(proc.write_file(dir + "uid_map", id_map_text(uids)));
    else TRY_VOID(map_with_helper("newuidmap", pid, uids));
  }
  if (!gids.empty()) {
    if (privileged) {
      TRY_VOID(proc.write_file(dir + "gid_map", id_map_text(gids)));
    } else if (only_own_id(gids, ::getegid())) {
      TRY_VOID(proc.write_file(dir + "setgroups", "deny"));
      TRY_VOID(proc.write_file(dir + "gid_map", id_map_text(gids)));
    } else {
      TRY_VOID(map_with_helper("newgidmap", pid, gids));
    }
  }
  return {};
}

Result<UniqueFd> new_user_namespace(const std::vector<spec::IdMapping>& uids,
                                    const std::vector<spec::IdMapping>& gids) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) < 0) return sys_error("pipe");
  UniqueFd hold(p[0]), release(p[1]);
  auto spawned = spawn(CLONE_NEWUSER);
  if (spawned && spawned->pid == 0) {
    // Holds the namespace until the runtime has its fd: EOF (the runtime closed its end, or
    // died) ends it. It runs nothing else.
    release.reset();
    char c;
    while (::read(hold.get(), &c, 1) < 0 && errno == EINTR) {
    }
    _exit(0);
  }
  Spawned child = TRY(std::move(spawned));
  hold.reset();
  auto ns = [&]() -> Result<UniqueFd> {
    TRY_VOID(write_id_maps(child.pid, uids, gids));
    return namespace_of(child.pidfd.get(), child.pid, CLONE_NEWUSER);
  }();
  release.reset();
  while (::waitpid(child.pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  return ns;
}

Result<void> refuse_sysctls_in_host_namespaces(const spec::Linux& linux,
                                               const std::vector<std::pair<int, int>>& joined) {
  if (linux.sysctl.empty()) return {};
  for (const auto& [type, fd] : joined) {
    if (type != CLONE_NEWNET && type != CLONE_NEWIPC && type != CLONE_NEWUTS) continue;
    UniqueFd ours = TRY(own_namespace(type));
    if (!same_namespace(fd, ours.get())) continue;
    spec::NamespaceType t = type == CLONE_NEWNET   ? spec::NamespaceType::Network
                            : type == CLONE_NEWIPC ? spec::NamespaceType::Ipc
                                                   : spec::NamespaceType::Uts;
    const char* what = type == CLONE_NEWNET ? "network" : type == CLONE_NEWIPC ? "IPC" : "UTS";
    const spec::Namespace* ns = linux.find_namespace(t);
    std::string where = ns ? ns->path : std::string{};
    for (const auto& [key, value] : linux.sysctl) {
      if (spec::sysctl_namespace(key) != t) continue;
      return fail("sysctl " + key,
                  std::string("the ") + what +
                      " namespace joined from " + where +
                      " is the runtime's own (the host's): setting it would change the host's value");
    }
  }
  return {};
}

}  // namespace rampart::process
