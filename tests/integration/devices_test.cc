// Device rules inside real containers: on this host's v1 devices controller, and on cgroup v2
// (a BPF device program) in a private mount namespace where cgroup2 is mounted at
// /sys/fs/cgroup, as a pure v2 host shows it. Also the cgroup namespace and the cgroup mount.
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>

#include <fstream>
#include <sstream>

#include "harness.h"
#include "host_fs.h"

using namespace rampart::testing;
using nlohmann::json;

namespace {

bool hybrid_host() { return fs_is("/sys/fs/cgroup", TMPFS_MAGIC) && fs_is("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC); }

json device(const std::string& path, int major, int minor, const char* type = "c") {
  return {{"path", path}, {"type", type}, {"major", major}, {"minor", minor}, {"fileMode", 0666}, {"uid", 0}, {"gid", 0}};
}
json rule(bool allow, const char* type, int major, int minor, const char* access) {
  return {{"allow", allow}, {"type", type}, {"major", major}, {"minor", minor}, {"access", access}};
}

// /dev/kmsg (c 1:11) is created by the config; the default config denies every device first.
void with_kmsg(Bundle& b) { b.config()["linux"]["devices"] = json::array({device("/dev/kmsg", 1, 11)}); }

// The runtime under test inside `unshare -m` with cgroup2 mounted over /sys/fs/cgroup: what a
// cgroup v2 host looks like, on this hybrid one. Device programs need no v2 controller.
std::vector<std::string> on_cgroup2(Bundle& b, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"unshare", "-m", "--propagation", "private", "/bin/sh", "-c",
                                   "mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec \"$@\"", "sh"};
  for (const auto& a : runtime_argv()) argv.push_back(a);
  argv.insert(argv.end(), {"--root", b.state_root().string()});
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// A v2 runtime delegates controllers down to the container's cgroup; on this host that writes
// the real unified hierarchy. Put back what the test found.
struct RestoreDelegation {
  const std::vector<std::string> dirs = {"/sys/fs/cgroup/unified/rampart-it", "/sys/fs/cgroup/unified/rampart",
                                         "/sys/fs/cgroup/unified"};
  std::vector<std::string> before;
  RestoreDelegation() {
    for (const auto& d : dirs) before.push_back(read_file(d + "/cgroup.subtree_control"));
  }
  ~RestoreDelegation() {
    for (size_t i = 0; i < dirs.size(); ++i) {
      std::istringstream now(read_file(dirs[i] + "/cgroup.subtree_control"));
      for (std::string c; now >> c;)
        if (before[i].find(c) == std::string::npos) std::ofstream(dirs[i] + "/cgroup.subtree_control") << "-" << c;
    }
  }
};

Result run_on_cgroup2(Bundle& b) {
  RestoreDelegation restore;
  b.write();
  return run_command(on_cgroup2(b, {"run", "--bundle", b.dir().string(), b.id()}));
}

// The probes a test asks the container for, one per line.
std::string probes(const std::vector<std::pair<std::string, std::string>>& list) {
  std::string script;
  for (const auto& [cmd, path] : list) script += std::string(kHelper) + " " + cmd + " " + path + "; ";
  return script;
}

}  // namespace

// Issue 8 class 10: a device the config creates and denies stays denied (runc: EPERM).
TEST(Devices, CreatedButDeniedNodeStaysDenied) {
  Bundle b;
  with_kmsg(b);
  b.set_args({"/bin/sh", "-c", probes({{"write-probe", "/dev/kmsg"}, {"write-probe", "/dev/null"}})});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\nwritable\n");
}

TEST(Devices, AnAllowRuleOpensIt) {
  Bundle b;
  with_kmsg(b);
  b.config()["linux"]["resources"]["devices"].push_back(rule(true, "c", 1, 11, "rw"));
  b.set_args({kHelper, "write-probe", "/dev/kmsg"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "writable\n");
}

TEST(Devices, ReadOnlyRuleDeniesWrites) {
  // An unbound loop device (b 7:0): opening it is harmless, reading gives 0 bytes.
  Bundle b;
  b.config()["linux"]["devices"] = json::array({device("/dev/loop0", 7, 0, "b")});
  b.config()["linux"]["resources"]["devices"].push_back(rule(true, "b", 7, 0, "r"));
  b.set_args({"/bin/sh", "-c", probes({{"write-probe", "/dev/loop0"}, {"read-probe", "/dev/loop0"}})});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(r.out.starts_with("denied: EPERM\nreadable")) << r;
}

TEST(DevicesV2, DeniedDeviceIsEpermAndAllowedOneWorks) {
  if (!hybrid_host()) GTEST_SKIP() << "needs the unified hierarchy to mount in a private namespace";
  Bundle b;
  with_kmsg(b);
  b.set_args({"/bin/sh", "-c",
              probes({{"write-probe", "/dev/kmsg"}, {"write-probe", "/dev/null"}, {"read-probe", "/dev/zero"}}) +
                  "cat /proc/self/cgroup"});
  Result r = run_on_cgroup2(b);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(r.out.starts_with("denied: EPERM\nwritable\nreadable")) << r;
  EXPECT_NE(r.out.find("0::/"), std::string::npos) << "ran in a cgroup v2 hierarchy: " << r;
}

TEST(DevicesV2, AllowRuleAndHostDiskNode) {
  if (!hybrid_host()) GTEST_SKIP() << "needs the unified hierarchy to mount in a private namespace";
  // The image ships a node for the host's first block device: with no rule for it, it stays
  // closed (before the BPF program, v2 let the container read and write it).
  std::string disk;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/sys/dev/block", ec)) {
    disk = e.path().filename().string();
    break;
  }
  Bundle b;
  with_kmsg(b);
  b.config()["linux"]["resources"]["devices"].push_back(rule(true, "c", 1, 11, "rw"));
  std::string script = probes({{"write-probe", "/dev/kmsg"}});
  if (!disk.empty()) {
    const int major = std::stoi(disk.substr(0, disk.find(':')));
    const int minor = std::stoi(disk.substr(disk.find(':') + 1));
    b.config()["linux"]["devices"].push_back(device("/dev/hostdisk", major, minor, "b"));
    script += probes({{"read-probe", "/dev/hostdisk"}});
  }
  b.set_args({"/bin/sh", "-c", script});
  Result r = run_on_cgroup2(b);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, disk.empty() ? "writable\n" : "writable\ndenied: EPERM\n") << r;
}

TEST(DevicesV2, UpdateReplacesTheProgram) {
  if (!hybrid_host()) GTEST_SKIP() << "needs the unified hierarchy to mount in a private namespace";
  Bundle b({"/bin/sleep", "600"});
  with_kmsg(b);
  b.write();
  // One namespace for the whole test: run -d, then update and exec inside the same one.
  const std::string script =
      "mount -t cgroup2 cgroup2 /sys/fs/cgroup || exit 9\n"
      "R=\"$1\"; shift\n"
      "$R run -d --bundle " + b.dir().string() + " " + b.id() + " || exit 10\n"
      "$R exec " + b.id() + " " + kHelper + " write-probe /dev/kmsg\n"
      "echo '{\"devices\":[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":11,\"access\":\"rw\"}]}'"
      " | $R update -r - " + b.id() + " || exit 11\n"
      "$R exec " + b.id() + " " + kHelper + " write-probe /dev/kmsg\n"
      "$R delete -f " + b.id() + "\n";
  std::string runtime;
  for (const auto& a : runtime_argv()) runtime += (runtime.empty() ? "" : " ") + a;
  runtime += " --root " + b.state_root().string();
  RestoreDelegation restore;
  Result r = run_command({"unshare", "-m", "--propagation", "private", "/bin/sh", "-c", script, "sh", runtime});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EPERM\nwritable\n") << r;
}

// ---- the cgroup namespace and the cgroup mount ----

TEST(CgroupNamespace, ContainerSeesItsCgroupAsRoot) {
  if (!hybrid_host()) GTEST_SKIP() << "written for this hybrid host";
  Bundle b;
  b.config()["linux"]["namespaces"].push_back({{"type", "cgroup"}});
  b.config()["linux"]["cgroupsPath"] = "/rampart-it/" + b.id();
  b.set_args({"/bin/sh", "-c",
              "cat /proc/self/cgroup; ls /sys/fs/cgroup/memory | grep -c rampart-it; "
              "ls /sys/fs/cgroup/memory/memory.limit_in_bytes; " + std::string(kHelper) +
                  " write-probe /sys/fs/cgroup/pids/pids.max"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  std::istringstream lines(r.out);
  int cgroup_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find(':') == std::string::npos || line.starts_with("/sys")) continue;
    if (line.find("::") != std::string::npos || std::count(line.begin(), line.end(), ':') == 2) {
      ++cgroup_lines;
      EXPECT_TRUE(line.ends_with(":/")) << "not rooted at the container's cgroup: " << line;
    }
  }
  EXPECT_GE(cgroup_lines, 5);
  EXPECT_NE(r.out.find("\n0\n/sys/fs/cgroup/memory/memory.limit_in_bytes\n"), std::string::npos)
      << "only its own subtree is visible: " << r;
  EXPECT_TRUE(r.out.ends_with("denied: EROFS\n")) << "read-only as the config says: " << r;
}

TEST(CgroupNamespace, RwMountIsWritableOnlyForItsOwnCgroup) {
  if (!hybrid_host()) GTEST_SKIP() << "written for this hybrid host";
  Bundle b;
  b.config()["linux"]["namespaces"].push_back({{"type", "cgroup"}});
  for (auto& m : b.config()["mounts"])
    if (m["type"] == "cgroup") m["options"] = {"nosuid", "noexec", "nodev", "rw"};
  b.set_args({kHelper, "write-probe", "/sys/fs/cgroup/pids/pids.max"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "writable\n");
}

TEST(CgroupNamespace, V2WithoutANamespaceSeesOnlyItsOwnCgroup) {
  if (!hybrid_host()) GTEST_SKIP() << "needs the unified hierarchy to mount in a private namespace";
  for (bool with_ns : {false, true}) {
    Bundle b;
    b.config()["linux"]["cgroupsPath"] = "/rampart-it/" + b.id();
    if (with_ns) b.config()["linux"]["namespaces"].push_back({{"type", "cgroup"}});
    b.set_args({"/bin/sh", "-c", "ls /sys/fs/cgroup | grep -c -e rampart-it -e '^rampart$'; ls /sys/fs/cgroup/cgroup.procs"});
    Result r = run_on_cgroup2(b);
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, "0\n/sys/fs/cgroup/cgroup.procs\n") << (with_ns ? "with" : "without") << " a cgroup namespace: " << r;
  }
}
