// What `rampart verify` observed about one running container, as plain data. The impure side
// (src/linux/inspect) fills it from the host through the private procfs handle; everything that
// judges it (src/verify) is pure, so every comparison is unit-tested on hand-written facts.
// Nothing here comes from a file the container can write: mount tables, status fields, ns
// inodes and fd identities are the kernel's own answers about the process.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/mountinfo.h"

namespace rampart::verify {

// One line of /proc/PID/mountinfo (util/mountinfo.h).
using rampart::MountEntry;

enum class Kind { Missing, Directory, Regular, Symlink, CharDevice, BlockDevice, Fifo, Socket, Other };
const char* kind_name(Kind k);

// An inode as statx(2) reports it, with the mount it was reached through.
struct Inode {
  uint64_t mnt_id = 0;
  uint32_t dev_major = 0, dev_minor = 0;
  uint64_t ino = 0;
  Kind kind = Kind::Missing;
  uint32_t rdev_major = 0, rdev_minor = 0;  // char/block devices
  bool mount_root = false;                  // STATX_ATTR_MOUNT_ROOT

  [[nodiscard]] bool same_file(const Inode& o) const {
    return dev_major == o.dev_major && dev_minor == o.dev_minor && ino == o.ino;
  }
};

// A path looked up inside the container's root (resolved with the root as "/", from the host).
struct PathFact {
  bool exists = false;
  bool skipped = false;  // not looked up (below a FUSE mount, which could stall the lookup)
  std::string error;     // a lookup error other than "does not exist"
  Inode inode;
};

// One open file descriptor of a process, identified by what it is, never by its link text.
struct FdFact {
  int fd = -1;
  Inode target;
  std::string shown;  // the kernel's link text, only ever printed (never judged)
};

struct ProcessFacts {
  int pid = 0;
  std::string comm;
  uint64_t start_time = 0;       // /proc/PID/stat field 22
  uint32_t uid[4] = {}, gid[4] = {};  // real, effective, saved, fs: in the host's user namespace
  uint64_t cap_inh = 0, cap_prm = 0, cap_eff = 0, cap_bnd = 0, cap_amb = 0;
  bool no_new_privs = false;
  int seccomp = 0;               // 0 none, 1 strict, 2 filter
  std::map<std::string, uint64_t> ns;  // "mnt" -> namespace inode
  Inode root, cwd;
  std::vector<FdFact> fds;
  std::map<std::string, std::string> cgroups;  // controller ("" for cgroup2) -> path in the hierarchy
  std::string uid_map, gid_map;  // text of /proc/PID/{uid,gid}_map (read for the init)
  std::vector<std::string> unreadable;  // what could not be read ("fds: EACCES")
};

// One cgroup file the expectations asked for, as read.
struct CgroupValue {
  bool present = false;  // the file exists
  std::string value;     // trimmed content
  std::string error;
};

// Facts about the host, gathered once per pass and shared by every container.
struct HostFacts {
  std::vector<MountEntry> mounts;            // the host's mount table (pid 1's, else ours)
  std::map<std::string, uint64_t> ns;        // the host's namespaces ("mnt" -> inode)
  uint32_t nsfs_major = 0, nsfs_minor = 0;   // the device of namespace files
};

struct ContainerFacts {
  std::vector<MountEntry> mounts;            // the init's mount table
  std::map<std::string, PathFact> paths;     // container path -> what is there
  std::optional<Inode> rootfs_on_host;       // the config's root.path, looked up on the host
  std::map<std::string, uint64_t> joined_ns; // a config's namespace path -> the inode it names now
  std::vector<ProcessFacts> processes;       // the init first, then every other member
  std::map<std::string, CgroupValue> cgroup_files;  // "pids/pids.max" -> value
  std::vector<std::string> unreadable;       // container-wide parts that could not be read
};

}  // namespace rampart::verify
