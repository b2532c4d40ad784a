// A running container as verify sees it, written by hand: a rampart-like container of the test
// harness's default config, intact. Tests break one thing each and look for the finding.
#pragma once

#include <string>

#include "spec/parse.h"
#include "verify/expect.h"
#include "verify/facts.h"
#include "verify/mountinfo.h"

namespace rampart::verify::testing {

inline constexpr const char* kHostMounts =
    "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
    "22 27 0:21 / /proc rw,relatime shared:5 - proc proc rw\n"
    "23 27 0:22 / /sys rw,relatime shared:6 - sysfs sysfs rw\n"
    "24 27 0:6 / /dev rw,relatime shared:2 - devtmpfs devtmpfs rw,mode=755\n"
    "30 23 0:29 / /sys/fs/cgroup/pids rw,relatime shared:10 - cgroup cgroup rw,pids\n"
    "31 23 0:32 / /sys/fs/cgroup/memory rw,relatime shared:11 - cgroup cgroup rw,memory\n"
    "40 27 254:0 /srv/data /mnt/data rw,relatime shared:1 - ext4 /dev/vda rw\n";

inline constexpr const char* kContainerMounts =
    "100 99 254:0 /tmp/b/rootfs / ro,relatime - ext4 /dev/vda rw\n"
    "101 100 0:45 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
    "102 100 0:46 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755\n"
    "103 102 0:47 / /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=666\n"
    "104 102 0:48 / /dev/shm rw,nosuid,nodev,noexec,relatime - tmpfs shm rw,size=65536k\n"
    "105 102 0:44 / /dev/mqueue rw,nosuid,nodev,noexec,relatime - mqueue mqueue rw\n"
    "106 100 0:49 / /sys ro,nosuid,nodev,noexec,relatime - sysfs sysfs ro\n"
    "107 106 0:50 / /sys/fs/cgroup ro,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755\n"
    "108 107 0:29 /c1 /sys/fs/cgroup/pids ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,pids\n"
    "109 107 0:32 /c1 /sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime - cgroup cgroup rw,memory\n"
    "110 101 0:51 / /proc/acpi ro,nosuid,nodev,noexec,relatime - tmpfs tmpfs ro,size=0k,mode=555\n"
    "111 101 0:6 /null /proc/keys rw,nosuid - devtmpfs devtmpfs rw,mode=755\n"
    "112 101 0:45 /sys /proc/sys ro,nosuid,nodev,noexec,relatime - proc proc rw\n"
    "113 106 0:52 / /sys/firmware ro,nosuid,nodev,noexec,relatime - tmpfs tmpfs ro,size=0k,mode=555\n";

inline constexpr const char* kConfig = R"({
  "ociVersion": "1.0.2",
  "process": {"user": {"uid": 0, "gid": 0}, "args": ["/bin/sh"], "cwd": "/",
    "capabilities": {"bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                     "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                     "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                     "ambient": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]},
    "noNewPrivileges": true},
  "root": {"path": "/tmp/b/rootfs", "readonly": true},
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"]},
    {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec"]},
    {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev"]},
    {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
    {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
    {"destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": ["nosuid", "ro"]}
  ],
  "linux": {
    "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}],
    "maskedPaths": ["/proc/acpi", "/proc/keys", "/sys/firmware", "/proc/kcore"],
    "readonlyPaths": ["/proc/sys"]
  }
})";

inline constexpr uint64_t kCaps = (uint64_t{1} << 29) | (uint64_t{1} << 5) | (uint64_t{1} << 10);

inline Inode dir_on(uint64_t mnt, uint64_t ino, bool root = false) {
  Inode i;
  i.mnt_id = mnt;
  i.dev_major = 254;
  i.ino = ino;
  i.kind = Kind::Directory;
  i.mount_root = root;
  return i;
}

// A directory of the host's root filesystem (mount 27 of kHostMounts).
inline Inode dir_on_host(uint64_t mnt, uint64_t ino) { return dir_on(mnt, ino); }

inline Inode dev_null(uint64_t mnt) {
  Inode i;
  i.mnt_id = mnt;
  i.dev_minor = 6;
  i.ino = 3;
  i.kind = Kind::CharDevice;
  i.rdev_major = 1;
  i.rdev_minor = 3;
  return i;
}

struct Scene {
  Expectation e;
  ContainerFacts c;
  HostFacts h;

  Scene() {
    e.id = "c1";
    e.runtime = "rampart";
    e.config_path = "/run/rampart/c1/config.json";
    e.config = *spec::parse_config(kConfig);
    e.rootfs = "/tmp/b/rootfs";
    e.cgroup = {{"pids", "/c1"}, {"memory", "/c1"}};
    h.mounts = *parse_mountinfo(kHostMounts);
    h.ns = {{"mnt", 1}, {"pid", 2}, {"net", 3}, {"ipc", 4}, {"uts", 5}, {"user", 6}, {"cgroup", 7}, {"time", 8}};
    h.nsfs_major = 0;
    h.nsfs_minor = 4;
    c.mounts = *parse_mountinfo(kContainerMounts);
    auto at = [&](const char* p, Inode i) {
      PathFact f;
      f.exists = true;
      f.inode = i;
      c.paths[p] = f;
    };
    at("/", dir_on(100, 5000, true));
    at("/proc/acpi", [] { auto i = dir_on(110, 1, true); i.dev_major = 0; return i; }());
    at("/proc/keys", dev_null(111));
    at("/sys/firmware", [] { auto i = dir_on(113, 1, true); i.dev_major = 0; return i; }());
    at("/proc/sys", [] { auto i = dir_on(112, 30, true); i.dev_major = 0; return i; }());
    c.paths["/proc/kcore"] = PathFact{};
    Inode root = dir_on(100, 5000, true);
    c.rootfs_on_host = root;
    c.processes.push_back(process(1000));
    c.cgroup_files["pids/pids.max"] = {true, "max", ""};
    c.cgroup_files["memory/memory.limit_in_bytes"] = {true, "9223372036854771712", ""};
  }

  ProcessFacts process(int pid) const {
    ProcessFacts p;
    p.pid = pid;
    p.comm = pid == 1000 ? "sh" : "sleep";
    p.start_time = 4242;
    p.cap_bnd = p.cap_prm = p.cap_eff = p.cap_amb = kCaps;
    p.no_new_privs = true;
    p.ns = {{"mnt", 101}, {"pid", 102}, {"net", 103}, {"ipc", 104}, {"uts", 105}, {"user", 6}, {"cgroup", 7},
            {"time", 8}};
    p.root = dir_on(100, 5000, true);
    p.cwd = dir_on(100, 5000, true);
    for (int fd = 0; fd < 3; ++fd) p.fds.push_back({fd, dev_null(24), "/dev/null"});
    p.cgroups = {{"pids", "/c1"}, {"memory", "/c1"}};
    return p;
  }

  ProcessFacts& init() { return c.processes.front(); }
};

}  // namespace rampart::verify::testing
