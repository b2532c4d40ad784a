#include "linux/inspect/inspect.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <set>

#include "linux/cgroup/files.h"
#include "linux/cgroup/locate.h"
#include "linux/safepath/root.h"
#include "linux/sys/syscalls.h"
#include "util/path.h"
#include "verify/mountinfo.h"

namespace rampart::inspect {
namespace {

using verify::Inode;
using verify::Kind;

constexpr const char* kNamespaces[] = {"mnt", "pid", "net", "ipc", "uts", "user", "cgroup", "time"};

bool gone(int err) { return err == ENOENT || err == ESRCH; }

Kind kind_of(mode_t m) {
  switch (m & S_IFMT) {
    case S_IFDIR: return Kind::Directory;
    case S_IFREG: return Kind::Regular;
    case S_IFLNK: return Kind::Symlink;
    case S_IFCHR: return Kind::CharDevice;
    case S_IFBLK: return Kind::BlockDevice;
    case S_IFIFO: return Kind::Fifo;
    case S_IFSOCK: return Kind::Socket;
    default: return Kind::Other;
  }
}

// statx of `name` below `dirfd` (flags 0 follows a magic link to the kernel's own object without
// opening it). AT_STATX_DONT_SYNC: a FUSE or network filesystem answers from its cache, so a
// hostile file server inside the container cannot stall the check.
Result<Inode> stat_at(int dirfd, const char* name, int flags, const std::string& what) {
  struct statx sx {};
  if (::statx(dirfd, name, flags | AT_STATX_DONT_SYNC, STATX_BASIC_STATS | STATX_MNT_ID, &sx) != 0)
    return sys_error("statx", what);
  Inode i;
  i.mnt_id = (sx.stx_mask & STATX_MNT_ID) ? sx.stx_mnt_id : 0;
  i.dev_major = sx.stx_dev_major;
  i.dev_minor = sx.stx_dev_minor;
  i.ino = sx.stx_ino;
  i.kind = kind_of(sx.stx_mode);
  i.rdev_major = sx.stx_rdev_major;
  i.rdev_minor = sx.stx_rdev_minor;
  i.mount_root = (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) && (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
  return i;
}

// /proc/PID/ns/<type> -> namespace inode, for every type the kernel has.
Result<std::map<std::string, uint64_t>> read_ns(const safepath::Procfs& proc, const std::string& pid) {
  UniqueFd dir = TRY(proc.open(pid + "/ns", O_PATH | O_DIRECTORY));
  std::map<std::string, uint64_t> out;
  for (const char* n : kNamespaces) {
    auto i = stat_at(dir.get(), n, 0, "proc:" + pid + "/ns/" + n);
    if (i) out[n] = i->ino;
    else if (!gone(i.error().err)) return std::unexpected(i.error());
  }
  return out;
}

// Filesystems whose lookups go to a server that may never answer: paths below them are not
// looked up (their mount-table entries are still judged).
bool remote_fs(std::string_view fstype) {
  for (std::string_view f : {"fuse", "nfs", "cifs", "smb3", "9p", "ceph", "glusterfs", "lustre", "afs"})
    if (fstype.starts_with(f)) return true;
  return false;
}

bool below_remote(const std::vector<verify::MountEntry>& mounts, const std::string& path) {
  for (const auto& m : mounts) {
    std::string mp = clean_absolute(m.mount_point);
    if (remote_fs(m.fstype) && mp != path && path_within(path, mp)) return true;
  }
  return false;
}

std::string errtext(const Error& e) { return e.message(); }

// One process of the container. NotFound when it exited (or its pid was reused) meanwhile.
Result<verify::ProcessFacts> process_facts(const safepath::Procfs& proc, pid_t pid, bool with_maps) {
  std::string P = std::to_string(pid);
  verify::ProcessFacts p;
  p.pid = pid;
  p.start_time = TRY(start_time(proc, pid));
  auto note = [&](const std::string& what, const Error& e) -> Result<void> {
    if (gone(e.err)) return fail_as(ErrorKind::NotFound, "inspect", "process exited", "pid " + P);
    p.unreadable.push_back(what + ": " + errtext(e));
    return {};
  };
  if (auto st = proc.read_file(P + "/status"); st) {
    if (auto parsed = verify::parse_status(*st, p); !parsed) p.unreadable.push_back("status: " + errtext(parsed.error()));
  } else {
    TRY_VOID(note("status", st.error()));
  }
  if (auto ns = read_ns(proc, P); ns) p.ns = std::move(*ns);
  else TRY_VOID(note("namespaces", ns.error()));

  auto dir = proc.open(P, O_PATH | O_DIRECTORY);
  if (!dir) return fail_as(ErrorKind::NotFound, "inspect", "process exited", "pid " + P);
  // root and cwd are magic links: statx follows them to the process's own root and cwd.
  if (auto r = stat_at(dir->get(), "root", 0, "proc:" + P + "/root"); r) p.root = *r;
  else TRY_VOID(note("root", r.error()));
  if (auto r = stat_at(dir->get(), "cwd", 0, "proc:" + P + "/cwd"); r) p.cwd = *r;
  else TRY_VOID(note("cwd", r.error()));

  if (auto fds = proc.open(P + "/fd", O_RDONLY | O_DIRECTORY); fds) {
    UniqueFd keep(::dup(fds->get()));
    DIR* d = keep ? ::fdopendir(keep.release()) : nullptr;
    if (!d) {
      TRY_VOID(note("fds", Error{"opendir", "proc:" + P + "/fd", errno, {}}));
    } else {
      while (dirent* ent = ::readdir(d)) {
        if (ent->d_name[0] == '.') continue;
        verify::FdFact f;
        f.fd = std::atoi(ent->d_name);
        auto t = stat_at(fds->get(), ent->d_name, 0, "proc:" + P + "/fd/" + ent->d_name);
        if (!t) {
          if (gone(t.error().err)) continue;  // closed meanwhile
          p.unreadable.push_back("fd " + std::string(ent->d_name) + ": " + errtext(t.error()));
          continue;
        }
        f.target = *t;
        char buf[PATH_MAX];
        ssize_t n = ::readlinkat(fds->get(), ent->d_name, buf, sizeof buf);
        if (n > 0) f.shown.assign(buf, static_cast<size_t>(n));
        p.fds.push_back(std::move(f));
      }
      ::closedir(d);
      std::sort(p.fds.begin(), p.fds.end(), [](const auto& a, const auto& b) { return a.fd < b.fd; });
    }
  } else {
    TRY_VOID(note("fds", fds.error()));
  }

  if (auto cg = proc.read_file(P + "/cgroup"); cg) p.cgroups = cgroup::parse_proc_cgroup(*cg);
  else TRY_VOID(note("cgroup", cg.error()));
  if (with_maps) {
    if (auto m = proc.read_file(P + "/uid_map"); m) p.uid_map = *m;
    else TRY_VOID(note("uid_map", m.error()));
    if (auto m = proc.read_file(P + "/gid_map"); m) p.gid_map = *m;
    else TRY_VOID(note("gid_map", m.error()));
  }
  // The same process from start to end, or its facts are not its own.
  auto again = start_time(proc, pid);
  if (!again || *again != p.start_time) return fail_as(ErrorKind::NotFound, "inspect", "process exited", "pid " + P);
  return p;
}

// A config's namespace path, looked up on the host. A /proc path goes through the handle: its
// directory is opened there and the ns entry stat'ed from it.
std::optional<uint64_t> joined_ns_inode(const safepath::Procfs& proc, const std::string& path) {
  std::optional<Inode> i;
  if (path.starts_with("/proc/")) {
    auto slash = path.rfind('/');
    auto dir = proc.open(path.substr(6, slash - 6), O_PATH | O_DIRECTORY);
    if (!dir) return std::nullopt;
    if (auto r = stat_at(dir->get(), path.c_str() + slash + 1, 0, path)) i = *r;
  } else if (auto r = stat_at(AT_FDCWD, path.c_str(), 0, path)) {  // the trusted config's host path
    i = *r;
  }
  if (!i) return std::nullopt;
  return i->ino;
}

}  // namespace

Result<uint64_t> start_time(const safepath::Procfs& proc, pid_t pid) {
  auto text = proc.read_file(std::to_string(pid) + "/stat");
  if (!text) {
    if (gone(text.error().err)) return fail_as(ErrorKind::NotFound, "inspect", "no such process", "pid " + std::to_string(pid));
    return std::unexpected(text.error());
  }
  auto close = text->rfind(')');
  if (close != std::string::npos && close + 2 < text->size() && ((*text)[close + 2] == 'Z' || (*text)[close + 2] == 'X'))
    return fail_as(ErrorKind::NotFound, "inspect", "the process is a zombie", "pid " + std::to_string(pid));
  auto t = verify::parse_start_time(*text);
  if (!t) return fail("inspect", "unreadable stat line", "proc:" + std::to_string(pid) + "/stat");
  return *t;
}

Result<verify::HostFacts> host_facts(const safepath::Procfs& proc) {
  verify::HostFacts h;
  auto text = proc.read_file("1/mountinfo");
  if (!text) text = proc.read_file("self/mountinfo");
  if (!text) return std::unexpected(text.error().within("host mount table"));
  h.mounts = TRY(verify::parse_mountinfo(*text));
  // pid 1's namespaces are the host's; when they are out of reach (pid 1 holds capabilities we
  // lack), ours stand in: verify runs on the host.
  auto own = TRY(read_ns(proc, "self"));
  auto first = read_ns(proc, "1");
  h.ns = first && !first->empty() ? *first : own;
  UniqueFd dir = TRY(proc.open("self/ns", O_PATH | O_DIRECTORY));
  auto nsfs = TRY(stat_at(dir.get(), "mnt", 0, "proc:self/ns/mnt"));
  h.nsfs_major = nsfs.dev_major;
  h.nsfs_minor = nsfs.dev_minor;
  return h;
}

std::vector<ProcessEntry> process_table(const safepath::Procfs& proc) {
  std::vector<ProcessEntry> out;
  int raw = ::openat(proc.fd(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (raw < 0) return out;
  DIR* d = ::fdopendir(raw);
  if (!d) {
    ::close(raw);
    return out;
  }
  while (dirent* e = ::readdir(d)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    auto dir = proc.open(std::string(e->d_name) + "/ns", O_PATH | O_DIRECTORY);
    if (!dir) continue;
    ProcessEntry p;
    p.pid = static_cast<pid_t>(pid);
    if (auto i = stat_at(dir->get(), "mnt", 0, "mnt")) p.mnt = i->ino;
    if (auto i = stat_at(dir->get(), "pid", 0, "pid")) p.pidns = i->ino;
    if (p.mnt || p.pidns) out.push_back(p);
  }
  ::closedir(d);
  return out;
}

Result<verify::ContainerFacts> container_facts(const safepath::Procfs& proc, const verify::Expectation& e,
                                               const verify::HostFacts& host,
                                               const std::vector<ProcessEntry>& table, pid_t init,
                                               uint64_t start) {
  std::string P = std::to_string(init);
  std::string who = "the container's init (pid " + P + ")";
  auto t0 = start_time(proc, init);
  if (!t0) {
    if (t0.error().kind == ErrorKind::NotFound) return fail_as(ErrorKind::NotFound, "verify", who + " is gone");
    return std::unexpected(t0.error());
  }
  // A pid is only the container's init if it is the process that started then.
  if (start != 0 && *t0 != start)
    return fail_as(ErrorKind::Raced, "verify",
                   "pid " + P + " is another process now (started at tick " + std::to_string(*t0) +
                       ", the init started at " + std::to_string(start) + "): the container is gone");
  verify::ContainerFacts c;
  auto mi = proc.read_file(P + "/mountinfo");
  if (!mi) {
    if (gone(mi.error().err)) return fail_as(ErrorKind::NotFound, "verify", who + " exited during the check");
    return std::unexpected(mi.error().within("verify: mount table of " + who));
  }
  c.mounts = TRY(verify::parse_mountinfo(*mi));

  auto first = process_facts(proc, init, true);
  if (!first) {
    if (first.error().kind == ErrorKind::NotFound)
      return fail_as(ErrorKind::NotFound, "verify", who + " exited during the check");
    return std::unexpected(first.error());
  }
  if (first->start_time != *t0)
    return fail_as(ErrorKind::NotFound, "verify", who + " exited during the check");
  const verify::ProcessFacts& ip = *first;

  // Paths inside the container, resolved from the init's root: the kernel hands over the
  // process's root itself (the magic link is followed once, to an O_PATH fd, nothing opened);
  // below it every path is resolved with the root as "/" (RESOLVE_IN_ROOT, no magic links), so
  // the container's symlinks can never send a lookup into the host.
  auto piddir = proc.open(P, O_PATH | O_DIRECTORY);
  if (!piddir) return fail_as(ErrorKind::NotFound, "verify", who + " exited during the check");
  UniqueFd rootfd(::openat(piddir->get(), "root", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!rootfd) {
    if (gone(errno)) return fail_as(ErrorKind::NotFound, "verify", who + " exited during the check");
    c.unreadable.push_back("the init's root: " + std::string(std::strerror(errno)));
  } else {
    auto root = safepath::Root::adopt(std::move(rootfd), "root of pid " + P);
    for (const auto& path : verify::paths_to_probe(e, c.mounts)) {
      verify::PathFact f;
      if (below_remote(c.mounts, path)) {
        f.skipped = true;
      } else if (auto fd = root.resolve(path); fd) {
        if (auto i = stat_at(fd->get(), "", AT_EMPTY_PATH, path); i) {
          f.exists = true;
          f.inode = *i;
        } else {
          f.error = errtext(i.error());
        }
      } else if (fd.error().err != ENOENT && fd.error().err != ENOTDIR) {
        f.error = errtext(fd.error());
      }
      c.paths.emplace(path, std::move(f));
    }
  }
  if (!e.rootfs.empty())
    if (auto i = stat_at(AT_FDCWD, e.rootfs.c_str(), 0, e.rootfs); i) c.rootfs_on_host = *i;  // trusted bundle path
  if (e.config.linux)
    for (const auto& ns : e.config.linux->namespaces)
      if (!ns.path.empty())
        if (auto ino = joined_ns_inode(proc, ns.path)) c.joined_ns[ns.path] = *ino;

  // Members: every process in the init's mount or pid namespace (when it is not the host's),
  // and every process in its cgroup, whatever namespaces it is in.
  std::set<pid_t> members;
  auto mine = [&](const char* n) -> uint64_t {
    auto a = ip.ns.find(n), b = host.ns.find(n);
    return a != ip.ns.end() && (b == host.ns.end() || a->second != b->second) ? a->second : 0;
  };
  uint64_t mnt = mine("mnt"), pidns = mine("pid");
  for (const auto& t : table)
    if (t.pid != init && ((mnt && t.mnt == mnt) || (pidns && t.pidns == pidns))) members.insert(t.pid);
  auto ref = verify::cgroup_reference(e, ip);
  for (const char* ctl : {"pids", "", "memory"}) {
    auto it = ref.find(ctl);
    if (it == ref.end()) continue;
    auto dir = verify::cgroup_dir(host.mounts, ctl, it->second);
    if (!dir) continue;
    if (auto pids = cgroup::read_procs_recursive(*dir))
      for (pid_t p : *pids)
        if (p != init) members.insert(p);
    break;
  }
  c.processes.push_back(std::move(*first));
  for (pid_t m : members) {
    auto p = process_facts(proc, m, false);
    if (p) c.processes.push_back(std::move(*p));
    else if (p.error().kind != ErrorKind::NotFound)
      c.unreadable.push_back("pid " + std::to_string(m) + ": " + errtext(p.error()));
  }

  for (const auto& check : verify::cgroup_checks(e.config, host.mounts)) {
    verify::CgroupValue v;
    auto it = ref.find(check.controller);
    auto dir = it == ref.end() ? std::nullopt : verify::cgroup_dir(host.mounts, check.controller, it->second);
    if (dir) {
      auto text = cgroup::read_file(*dir, check.file);
      if (text) {
        v.present = true;
        v.value = cgroup::trim(*text);
      } else if (text.error().err != ENOENT) {
        v.error = errtext(text.error());
      }
    }
    c.cgroup_files.emplace(check.key(), std::move(v));
  }

  auto t1 = start_time(proc, init);
  if (!t1 || *t1 != *t0) return fail_as(ErrorKind::NotFound, "verify", who + " exited during the check");
  return c;
}

}  // namespace rampart::inspect
