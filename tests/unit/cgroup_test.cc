// The cgroup layer: path rules, conversions and every driver's file writes on scratch trees laid
// out like /sys/fs/cgroup; then, as root, the real hierarchies of this host.
#include <linux/magic.h>
#include <signal.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "linux/cgroup/cgroup.h"
#include "linux/cgroup/convert.h"
#include "linux/cgroup/devices.h"
#include "linux/cgroup/files.h"
#include "linux/cgroup/locate.h"

namespace fs = std::filesystem;
using namespace rampart;
using namespace rampart::cgroup;

namespace {

// A scratch directory removed at the end of the test.
class Scratch {
 public:
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "rampart-cgroup-XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  [[nodiscard]] const std::string& path() const { return root_; }
  [[nodiscard]] std::string operator/(const std::string& rel) const { return root_ + "/" + rel; }

  // Creates rel (and its directories) holding `content`.
  void file(const std::string& rel, const std::string& content = "") const {
    const fs::path p = root_ + "/" + rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << content;
  }
  [[nodiscard]] std::string read(const std::string& rel) const {
    std::ifstream in(root_ + "/" + rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  std::string root_;
};

std::string read_host(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string dir_of(const Paths& p, const std::string& controller) {
  for (const auto& [name, dir] : p.controllers)
    if (name == controller) return dir;
  return {};
}

bool fs_is(const std::string& path, long magic) {
  struct statfs st {};
  return ::statfs(path.c_str(), &st) == 0 && static_cast<long>(st.f_type) == magic;
}

// A child that sleeps until killed; the parent reaps it.
pid_t spawn_sleeper() {
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (;;) ::pause();
  }
  return pid;
}

void kill_and_reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

bool contains(const std::vector<pid_t>& pids, pid_t pid) {
  return std::find(pids.begin(), pids.end(), pid) != pids.end();
}

// Lays out a v1 hierarchy: each controller directory with cgroup.procs, and the container's leaf
// rampart/c1 with the files apply() writes (cgroupfs would create them; a scratch tree cannot).
void make_v1_tree(const Scratch& s, bool with_pids = true, bool with_memsw = true) {
  for (const std::string c : {"memory", "cpu", "cpuset", "devices", "freezer", "systemd"})
    s.file(c + "/cgroup.procs");
  if (with_pids) {
    s.file("pids/cgroup.procs");
    s.file("pids/rampart/c1/pids.max", "max\n");
  }
  s.file("memory/rampart/c1/memory.limit_in_bytes", "9223372036854771712\n");
  if (with_memsw) s.file("memory/rampart/c1/memory.memsw.limit_in_bytes", "9223372036854771712\n");
  s.file("cpu/rampart/c1/cpu.shares", "1024\n");
  s.file("cpu/rampart/c1/cpu.cfs_quota_us", "-1\n");
  s.file("cpu/rampart/c1/cpu.cfs_period_us", "100000\n");
  s.file("cpuset/cpuset.cpus", "0-3\n");
  s.file("cpuset/cpuset.mems", "0\n");
  s.file("cpuset/rampart/cpuset.cpus", "\n");
  s.file("cpuset/rampart/cpuset.mems", "\n");
  s.file("cpuset/rampart/c1/cpuset.cpus", "");
  s.file("cpuset/rampart/c1/cpuset.mems", "");
  s.file("devices/rampart/c1/devices.allow");
  s.file("devices/rampart/c1/devices.deny");
  s.file("freezer/rampart/c1/freezer.state", "THAWED\n");
}

// Lays out a v2 hierarchy with the container's leaf rampart/c1.
void make_v2_tree(const Scratch& s, const std::string& base = "") {
  s.file(base + "cgroup.procs");
  s.file(base + "cgroup.controllers", "cpuset cpu memory pids\n");
  s.file(base + "cgroup.subtree_control");
  s.file(base + "rampart/cgroup.controllers", "cpu memory pids\n");
  s.file(base + "rampart/cgroup.subtree_control");
  for (const std::string f : {"memory.max", "memory.swap.max", "cpu.weight", "cpu.max", "pids.max",
                              "cpuset.cpus", "cpuset.mems", "cgroup.freeze", "cgroup.procs",
                              "cgroup.subtree_control"})
    s.file(base + "rampart/c1/" + f);
  s.file(base + "rampart/c1/cgroup.events", "populated 1\nfrozen 1\n");
}

}  // namespace

// ---- cgroupsPath and host discovery ----

TEST(CgroupPath, EmptyMeansRampartSlashId) {
  auto p = parse_cgroups_path("c1", "");
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_FALSE(p->relative);
  EXPECT_EQ(p->path, "/rampart/c1");
}

TEST(CgroupPath, AbsoluteIsCleaned) {
  auto p = parse_cgroups_path("c1", "/a//b/./c/");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->relative);
  EXPECT_EQ(p->path, "/a/b/c");
}

TEST(CgroupPath, RelativeStaysRelative) {
  auto p = parse_cgroups_path("c1", "pod/c1");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->relative);
  EXPECT_EQ(p->path, "pod/c1");
}

TEST(CgroupPath, DotDotAndRootAreRefused) {
  for (const char* bad : {"/a/../../etc", "..", "a/..", "/", "/./"}) {
    auto p = parse_cgroups_path("c1", bad);
    EXPECT_FALSE(p) << bad;
  }
  // An id cannot smuggle ".." in either.
  EXPECT_FALSE(parse_cgroups_path("..", ""));
}

TEST(CgroupPath, ProcSelfCgroup) {
  const auto own = parse_proc_cgroup(
      "12:cpu,cpuacct:/user.slice\n"
      "9:name=systemd:/x:y\n"
      "4:memory:/process_api/abc\n"
      "0::/init.scope\n");
  EXPECT_EQ(own.at("cpu"), "/user.slice");
  EXPECT_EQ(own.at("cpuacct"), "/user.slice");
  EXPECT_EQ(own.at("name=systemd"), "/x:y");
  EXPECT_EQ(own.at("memory"), "/process_api/abc");
  EXPECT_EQ(own.at(""), "/init.scope");
}

TEST(CgroupPath, V1MountsFromMountinfo) {
  const auto mounts = parse_v1_mountinfo(
      "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
      "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
      "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime shared:5 - cgroup cgroup rw,memory\n"
      "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
      "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
      "41 22 0:38 / /mnt/other\\040dir/memory rw - cgroup cgroup rw,memory\n",
      "/sys/fs/cgroup");
  ASSERT_EQ(mounts.size(), 3u);
  EXPECT_EQ(mounts[0].dir, "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_EQ(mounts[0].controllers, (std::vector<std::string>{"cpu", "cpuacct"}));
  EXPECT_EQ(mounts[1].controllers, (std::vector<std::string>{"memory"}));
  EXPECT_EQ(mounts[2].controllers, (std::vector<std::string>{"name=systemd"}));
  const auto other = parse_v1_mountinfo("41 22 0:38 / /mnt/other\\040dir/memory rw - cgroup cgroup rw,memory\n",
                                        "/mnt/other dir");
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].dir, "/mnt/other dir/memory");
}

TEST(CgroupPath, RelativeGoesBelowOwnCgroup) {
  Scratch s;
  make_v1_tree(s);
  auto m = make_manager("c1", "pod/c1", s.path(), Layout::V1);
  ASSERT_TRUE(m) << m.error().message();
  auto own = own_cgroups();
  ASSERT_TRUE(own);
  EXPECT_EQ(dir_of((*m)->paths(), "memory"), join_path(join_path(s / "memory", own->at("memory")), "pod/c1"));
}

// ---- conversions and device rules ----

TEST(CgroupConvert, SharesToWeightLikeRunc) {
  EXPECT_EQ(shares_to_weight(2), 1u);
  EXPECT_EQ(shares_to_weight(1024), 39u);  // 1 + (1022 * 9999) / 262142
  EXPECT_EQ(shares_to_weight(262144), 10000u);
  EXPECT_EQ(shares_to_weight(1), 1u);          // clamped up, no unsigned wrap
  EXPECT_EQ(shares_to_weight(1000000), 10000u);  // clamped down
}

TEST(CgroupConvert, SwapToV2) {
  EXPECT_EQ(*swap_to_v2(0, -1), -1);          // unlimited memory, swap unset: unlimited swap
  EXPECT_EQ(*swap_to_v2(-1, 1 << 20), -1);
  EXPECT_EQ(*swap_to_v2(0, 1 << 20), 0);      // unset stays unset
  EXPECT_EQ(*swap_to_v2(3 << 20, 1 << 20), 2 << 20);
  EXPECT_EQ(*swap_to_v2(1 << 20, 1 << 20), 0);
  EXPECT_FALSE(swap_to_v2(1 << 20, 2 << 20));  // memory+swap below memory
  EXPECT_FALSE(swap_to_v2(1 << 20, 0));        // swap without memory
}

TEST(CgroupDevices, RuleStrings) {
  EXPECT_EQ(*device_rule_string({true, "c", 1, 3, "rwm"}), "c 1:3 rwm");
  EXPECT_EQ(*device_rule_string({true, "c", 136, std::nullopt, "rw"}), "c 136:* rw");
  EXPECT_EQ(*device_rule_string({false, "a", std::nullopt, std::nullopt, ""}), "a *:* rwm");
  EXPECT_FALSE(device_rule_string({true, "x", 1, 3, "rwm"}));
  EXPECT_FALSE(device_rule_string({true, "c", 1, 3, "rwx"}));
}

TEST(CgroupDevices, DefaultsIncludeNullAndPts) {
  std::vector<std::string> rules;
  for (const auto& [path, r] : default_allowed_devices()) rules.push_back(*device_rule_string(r));
  EXPECT_NE(std::find(rules.begin(), rules.end(), "c 1:3 rwm"), rules.end());
  EXPECT_NE(std::find(rules.begin(), rules.end(), "c 136:* rwm"), rules.end());
  EXPECT_NE(std::find(rules.begin(), rules.end(), "c *:* m"), rules.end());
}

// ---- v1 driver on a scratch tree ----

TEST(CgroupV1Scratch, PathsPerController) {
  Scratch s;
  make_v1_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m) << m.error().message();
  const Paths& p = (*m)->paths();
  EXPECT_EQ(p.layout, Layout::V1);
  EXPECT_EQ(dir_of(p, "memory"), s / "memory/rampart/c1");
  EXPECT_EQ(dir_of(p, "pids"), s / "pids/rampart/c1");
  EXPECT_EQ(dir_of(p, "name=systemd"), s / "systemd/rampart/c1");
  EXPECT_TRUE(p.unified.empty());
}

TEST(CgroupV1Scratch, CreateCopiesCpusetDown) {
  Scratch s;
  make_v1_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  auto c = (*m)->create();
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(s.read("cpuset/rampart/cpuset.cpus"), "0-3");
  EXPECT_EQ(s.read("cpuset/rampart/cpuset.mems"), "0");
  EXPECT_EQ(s.read("cpuset/rampart/c1/cpuset.cpus"), "0-3");
  EXPECT_EQ(s.read("cpuset/rampart/c1/cpuset.mems"), "0");
}

// runc 1.1 warns and proceeds when the cgroup already holds processes.
TEST(CgroupV1Scratch, CreateAcceptsABusyCgroup) {
  Scratch s;
  make_v1_tree(s);
  s.file("memory/rampart/c1/cgroup.procs", "4242\n");
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  auto c = (*m)->create();
  EXPECT_TRUE(c) << c.error().message();
}

// A frozen cgroup would stop the init as it joins: refused at once, naming the freezer.
TEST(CgroupV1Scratch, CreateRefusesAFrozenCgroup) {
  Scratch s;
  make_v1_tree(s);
  s.file("freezer/rampart/c1/freezer.state", "FROZEN\n");
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  auto c = (*m)->create();
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message().find("frozen"), std::string::npos) << c.error().message();
  EXPECT_NE(c.error().message().find("freezer/rampart/c1"), std::string::npos) << c.error().message();
}

TEST(CgroupV1Scratch, ApplyWritesEveryController) {
  Scratch s;
  make_v1_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  spec::Resources r;
  r.memory_limit = 256 << 20;
  r.memory_swap = 512 << 20;
  r.cpu_shares = 512;
  r.cpu_quota = 50000;
  r.cpu_period = 100000;
  r.cpuset_cpus = "1";
  r.cpuset_mems = "0";
  r.pids_limit = 42;
  r.devices = {{false, "a", std::nullopt, std::nullopt, "rwm"}, {true, "c", 1, 3, "rwm"}};
  auto a = (*m)->apply(r);
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(s.read("memory/rampart/c1/memory.limit_in_bytes"), std::to_string(256 << 20));
  EXPECT_EQ(s.read("memory/rampart/c1/memory.memsw.limit_in_bytes"), std::to_string(512 << 20));
  EXPECT_EQ(s.read("cpu/rampart/c1/cpu.shares"), "512");
  EXPECT_EQ(s.read("cpu/rampart/c1/cpu.cfs_quota_us"), "50000");
  EXPECT_EQ(s.read("cpu/rampart/c1/cpu.cfs_period_us"), "100000");
  EXPECT_EQ(s.read("cpuset/rampart/c1/cpuset.cpus"), "1");
  EXPECT_EQ(s.read("pids/rampart/c1/pids.max"), "42");
  // Each file keeps its last write here; the order itself is CgroupDeviceState's business.
  EXPECT_EQ(s.read("devices/rampart/c1/devices.deny"), "a");
  EXPECT_EQ(s.read("devices/rampart/c1/devices.allow"), "c 1:3 rwm");
}

TEST(CgroupV1Scratch, UnlimitedPidsAndMemory) {
  Scratch s;
  make_v1_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  spec::Resources r;
  r.memory_limit = -1;
  r.pids_limit = -1;
  ASSERT_TRUE((*m)->apply(r));
  EXPECT_EQ(s.read("memory/rampart/c1/memory.limit_in_bytes"), "-1");
  EXPECT_EQ(s.read("memory/rampart/c1/memory.memsw.limit_in_bytes"), "-1");
  EXPECT_EQ(s.read("pids/rampart/c1/pids.max"), "max");
}

TEST(CgroupV1Scratch, MissingControllerIsNamed) {
  Scratch s;
  make_v1_tree(s, /*with_pids=*/false);
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  spec::Resources r;
  r.pids_limit = 10;
  auto a = (*m)->apply(r);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message().find("\"pids\""), std::string::npos) << a.error().message();
  EXPECT_NE(a.error().message().find("pids.max"), std::string::npos) << a.error().message();
}

TEST(CgroupV1Scratch, SwapWithoutSwapAccountingIsRefused) {
  Scratch s;
  make_v1_tree(s, true, /*with_memsw=*/false);
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  spec::Resources r;
  r.memory_limit = 1 << 20;
  r.memory_swap = 2 << 20;
  auto a = (*m)->apply(r);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message().find("memory.memsw.limit_in_bytes"), std::string::npos);
  // memory+swap == memory asks for no swap, which holds without accounting.
  r.memory_swap = 1 << 20;
  ASSERT_TRUE((*m)->apply(r));
  EXPECT_EQ(s.read("memory/rampart/c1/memory.limit_in_bytes"), std::to_string(1 << 20));
}

TEST(CgroupV1Scratch, MissingFileIsNamedBeforeAnyWrite) {
  Scratch s;
  make_v1_tree(s);
  fs::remove(s / "cpu/rampart/c1/cpu.cfs_quota_us");
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  spec::Resources r;
  r.pids_limit = 9;
  r.cpu_quota = 1000;
  auto a = (*m)->apply(r);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().path, s / "cpu/rampart/c1/cpu.cfs_quota_us");
  EXPECT_NE(a.error().message().find("cpu.quota"), std::string::npos) << a.error().message();
  EXPECT_EQ(s.read("pids/rampart/c1/pids.max"), "max\n") << "planned in full before the first write";
}

TEST(CgroupV1Scratch, FreezerStates) {
  Scratch s;
  make_v1_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  EXPECT_FALSE(*(*m)->frozen());
  ASSERT_TRUE((*m)->freeze());
  EXPECT_EQ(s.read("freezer/rampart/c1/freezer.state"), "FROZEN");
  EXPECT_TRUE(*(*m)->frozen());
  ASSERT_TRUE((*m)->thaw());
  EXPECT_EQ(s.read("freezer/rampart/c1/freezer.state"), "THAWED");
  EXPECT_FALSE(*(*m)->frozen());
}

TEST(CgroupV1Scratch, AddPidAndPidsFromThePidsHierarchy) {
  Scratch s;
  make_v1_tree(s);
  for (const std::string c : {"memory", "cpu", "cpuset", "devices", "freezer", "systemd", "pids"})
    s.file(c + "/rampart/c1/cgroup.procs");
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  ASSERT_TRUE((*m)->add_pid(1234));
  EXPECT_EQ(s.read("memory/rampart/c1/cgroup.procs"), "1234");
  EXPECT_EQ(s.read("systemd/rampart/c1/cgroup.procs"), "1234");
  s.file("pids/rampart/c1/cgroup.procs", "1234\n77\n");
  s.file("pids/rampart/c1/sub/cgroup.procs", "77\n99\n");
  auto pids = (*m)->pids();
  ASSERT_TRUE(pids) << pids.error().message();
  EXPECT_EQ(*pids, (std::vector<pid_t>{77, 99, 1234}));
}

TEST(CgroupV1Scratch, DestroyRemovesLeafAndSubCgroupsOnly) {
  Scratch s;
  for (const std::string c : {"memory", "pids"}) s.file(c + "/cgroup.procs");
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  ASSERT_TRUE((*m)->create());
  fs::create_directories(s / "memory/rampart/c1/a/b");
  auto d = (*m)->destroy();
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_FALSE(fs::exists(s / "memory/rampart/c1"));
  EXPECT_FALSE(fs::exists(s / "pids/rampart/c1"));
  EXPECT_TRUE(fs::exists(s / "memory/rampart"));
  EXPECT_TRUE((*m)->destroy()) << "already gone is success";
}

TEST(CgroupV1Scratch, PidsOfAGoneCgroupIsEmpty) {
  Scratch s;
  s.file("pids/cgroup.procs");
  auto m = make_manager("c1", "", s.path(), Layout::V1);
  ASSERT_TRUE(m);
  auto pids = (*m)->pids();
  ASSERT_TRUE(pids);
  EXPECT_TRUE(pids->empty());
}

// ---- v2 driver on a scratch tree ----

TEST(CgroupV2Scratch, CreateEnablesControllersInAncestorsOnly) {
  Scratch s;
  make_v2_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V2);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ((*m)->paths().unified, s / "rampart/c1");
  auto c = (*m)->create();
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(s.read("cgroup.subtree_control"), "+cpuset +cpu +memory +pids");
  EXPECT_EQ(s.read("rampart/cgroup.subtree_control"), "+cpu +memory +pids");
  EXPECT_EQ(s.read("rampart/c1/cgroup.subtree_control"), "") << "the leaf holds processes";
}

TEST(CgroupV2Scratch, ApplyConvertsLikeRunc) {
  Scratch s;
  make_v2_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V2);
  ASSERT_TRUE(m);
  spec::Resources r;
  r.memory_limit = 1 << 30;
  r.memory_swap = (int64_t{3} << 30) / 2;
  r.cpu_shares = 1024;
  r.cpu_quota = 50000;
  r.cpu_period = 100000;
  r.cpuset_cpus = "0-1";
  r.cpuset_mems = "0";
  r.pids_limit = 100;
  auto a = (*m)->apply(r);
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(s.read("rampart/c1/memory.max"), std::to_string(1 << 30));
  EXPECT_EQ(s.read("rampart/c1/memory.swap.max"), std::to_string(512 << 20));
  EXPECT_EQ(s.read("rampart/c1/cpu.weight"), "39");
  EXPECT_EQ(s.read("rampart/c1/cpu.max"), "50000 100000");
  EXPECT_EQ(s.read("rampart/c1/cpuset.cpus"), "0-1");
  EXPECT_EQ(s.read("rampart/c1/cpuset.mems"), "0");
  EXPECT_EQ(s.read("rampart/c1/pids.max"), "100");
}

TEST(CgroupV2Scratch, UnlimitedValues) {
  Scratch s;
  make_v2_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V2);
  ASSERT_TRUE(m);
  spec::Resources r;
  r.memory_limit = -1;
  r.cpu_quota = -1;
  r.cpu_period = 250000;
  r.pids_limit = 0;
  ASSERT_TRUE((*m)->apply(r));
  EXPECT_EQ(s.read("rampart/c1/memory.max"), "max");
  EXPECT_EQ(s.read("rampart/c1/memory.swap.max"), "max");
  EXPECT_EQ(s.read("rampart/c1/cpu.max"), "max 250000");
  EXPECT_EQ(s.read("rampart/c1/pids.max"), "max");
}

TEST(CgroupV2Scratch, SwapEqualToMemoryMeansNoSwap) {
  Scratch s;
  make_v2_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V2);
  ASSERT_TRUE(m);
  spec::Resources r;
  r.memory_limit = 1 << 20;
  r.memory_swap = 1 << 20;
  ASSERT_TRUE((*m)->apply(r));
  EXPECT_EQ(s.read("rampart/c1/memory.swap.max"), "0");
  r.memory_swap = 1 << 19;
  EXPECT_FALSE((*m)->apply(r)) << "memory+swap below memory is refused";
}

TEST(CgroupV2Scratch, MissingControllerIsNamed) {
  Scratch s;
  make_v2_tree(s);
  fs::remove(s / "rampart/c1/pids.max");
  auto m = make_manager("c1", "", s.path(), Layout::V2);
  ASSERT_TRUE(m);
  spec::Resources r;
  r.pids_limit = 5;
  auto a = (*m)->apply(r);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().path, s / "rampart/c1/pids.max");
  EXPECT_NE(a.error().message().find("controller \"pids\""), std::string::npos) << a.error().message();
}

TEST(CgroupV2Scratch, FreezeWaitsForEvents) {
  Scratch s;
  make_v2_tree(s);
  auto m = make_manager("c1", "", s.path(), Layout::V2);
  ASSERT_TRUE(m);
  ASSERT_TRUE((*m)->freeze());  // cgroup.events already says "frozen 1"
  EXPECT_EQ(s.read("rampart/c1/cgroup.freeze"), "1");
  EXPECT_TRUE(*(*m)->frozen());
  s.file("rampart/c1/cgroup.events", "populated 1\nfrozen 0\n");
  ASSERT_TRUE((*m)->thaw());
  EXPECT_EQ(s.read("rampart/c1/cgroup.freeze"), "0");
  EXPECT_FALSE(*(*m)->frozen());
}

TEST(CgroupV2Scratch, FreezeThatNeverSettlesFailsAndThaws) {
  Scratch s;
  make_v2_tree(s);
  s.file("rampart/c1/cgroup.events", "populated 1\nfrozen 0\n");
  auto m = make_manager("c1", "", s.path(), Layout::V2);
  ASSERT_TRUE(m);
  auto f = (*m)->freeze();
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message().find("cgroup.events"), std::string::npos);
  EXPECT_EQ(s.read("rampart/c1/cgroup.freeze"), "0");
}

TEST(CgroupV2Scratch, PidsAreRecursiveAndDeduped) {
  Scratch s;
  make_v2_tree(s);
  s.file("rampart/c1/cgroup.procs", "12\n13\n");
  s.file("rampart/c1/sub/cgroup.procs", "13\n14\n");
  s.file("rampart/c1/sub/deeper/cgroup.procs", "15\n");
  auto m = make_manager("c1", "", s.path(), Layout::V2);
  ASSERT_TRUE(m);
  auto pids = (*m)->pids();
  ASSERT_TRUE(pids) << pids.error().message();
  EXPECT_EQ(*pids, (std::vector<pid_t>{12, 13, 14, 15}));
}

// ---- hybrid on a scratch tree ----

TEST(CgroupHybridScratch, V1ControllersPlusUnified) {
  Scratch s;
  make_v1_tree(s);
  s.file("unified/cgroup.procs");
  s.file("unified/cgroup.controllers", "hugetlb\n");
  s.file("unified/cgroup.subtree_control");
  auto m = make_manager("c1", "", s.path(), Layout::Hybrid);
  ASSERT_TRUE(m) << m.error().message();
  const Paths& p = (*m)->paths();
  EXPECT_EQ(p.layout, Layout::Hybrid);
  EXPECT_EQ(p.unified, s / "unified/rampart/c1");
  EXPECT_EQ(dir_of(p, "memory"), s / "memory/rampart/c1");
  EXPECT_TRUE(dir_of(p, "unified").empty());
  ASSERT_TRUE((*m)->create());
  EXPECT_EQ(s.read("unified/cgroup.subtree_control"), "") << "hybrid only tracks processes in cgroup2";
  EXPECT_TRUE(fs::is_directory(s / "unified/rampart/c1"));
  s.file("unified/rampart/c1/cgroup.procs");
  for (const std::string c : {"memory", "cpu", "cpuset", "devices", "freezer", "systemd", "pids"})
    s.file(c + "/rampart/c1/cgroup.procs");
  ASSERT_TRUE((*m)->add_pid(4321));
  EXPECT_EQ(s.read("unified/rampart/c1/cgroup.procs"), "4321");
  EXPECT_EQ(s.read("freezer/rampart/c1/cgroup.procs"), "4321");
  spec::Resources r;
  r.pids_limit = 7;
  ASSERT_TRUE((*m)->apply(r));
  EXPECT_EQ(s.read("pids/rampart/c1/pids.max"), "7");
  ASSERT_TRUE((*m)->freeze());
  EXPECT_EQ(s.read("freezer/rampart/c1/freezer.state"), "FROZEN");
}

// ---- saved paths ----

TEST(CgroupJson, RoundTrip) {
  Paths p;
  p.layout = Layout::Hybrid;
  p.unified = "/sys/fs/cgroup/unified/rampart/c1";
  p.controllers = {{"cpu", "/sys/fs/cgroup/cpu,cpuacct/rampart/c1"},
                   {"cpuacct", "/sys/fs/cgroup/cpu,cpuacct/rampart/c1"},
                   {"name=systemd", "/sys/fs/cgroup/systemd/rampart/c1"}};
  auto back = paths_from_json(paths_to_json(p));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->layout, p.layout);
  EXPECT_EQ(back->unified, p.unified);
  EXPECT_EQ(back->controllers, p.controllers);

  Paths v2;
  v2.unified = "/sys/fs/cgroup/rampart/c1";
  auto back2 = paths_from_json(paths_to_json(v2));
  ASSERT_TRUE(back2);
  EXPECT_EQ(back2->layout, Layout::V2);
  EXPECT_EQ(back2->unified, v2.unified);
}

TEST(CgroupJson, BadInputIsRefused) {
  for (const char* bad : {"", "[]", "{}", R"({"layout":"v3","unified":"/x"})", R"({"layout":"v2","unified":7})",
                          R"({"layout":"v1","controllers":[{"name":"memory"}]})",
                          R"({"layout":"hybrid","controllers":[{"name":"memory","path":"/m"}]})"})
    EXPECT_FALSE(paths_from_json(bad)) << bad;
}

// A container without a cgroup of its own (rootless without delegation) saves no directory:
// its state must load again (it did not: every command on such a container failed).
TEST(CgroupJson, NoCgroupRoundTrips) {
  for (Layout l : {Layout::V1, Layout::V2, Layout::Hybrid}) {
    Paths none{l, {}, {}};
    auto back = paths_from_json(paths_to_json(none));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_TRUE(back->unified.empty() && back->controllers.empty());
    EXPECT_EQ(back->layout, l);
  }
}

TEST(CgroupFromPaths, SameDriverFromSavedPaths) {
  Scratch s;
  make_v1_tree(s);
  s.file("unified/cgroup.procs");
  auto m = make_manager("c1", "", s.path(), Layout::Hybrid);
  ASSERT_TRUE(m);
  auto saved = paths_from_json(paths_to_json((*m)->paths()));
  ASSERT_TRUE(saved);
  auto again = manager_from_paths(*saved);
  EXPECT_EQ(again->paths().layout, Layout::Hybrid);
  EXPECT_EQ(again->paths().unified, (*m)->paths().unified);
  EXPECT_EQ(again->paths().controllers, (*m)->paths().controllers);
  EXPECT_EQ(hierarchy_root(s / "cpuset/rampart/c1"), s / "cpuset");
  // The cpuset copy needs the hierarchy root, found again from the saved path alone.
  ASSERT_TRUE(again->create());
  EXPECT_EQ(s.read("cpuset/rampart/c1/cpuset.cpus"), "0-3");
  s.file("freezer/rampart/c1/freezer.state", "THAWED\n");
  ASSERT_TRUE(again->freeze());
  EXPECT_TRUE(*again->frozen());
}

// ---- the real host (root only) ----

TEST(CgroupDetect, ScratchDirIsNotV2) {
  Scratch s;
  auto l = detect_layout(s.path());
  ASSERT_TRUE(l);
  EXPECT_NE(*l, Layout::V2);
  EXPECT_FALSE(detect_layout(s / "missing"));
}

TEST(CgroupDetect, RealHost) {
  const bool hybrid = fs_is("/sys/fs/cgroup", TMPFS_MAGIC) && fs_is("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC);
  const bool v2 = fs_is("/sys/fs/cgroup", CGROUP2_SUPER_MAGIC);
  if (!hybrid && !v2) GTEST_SKIP() << "/sys/fs/cgroup is neither hybrid nor cgroup2";
  auto l = detect_layout();
  ASSERT_TRUE(l) << l.error().message();
  EXPECT_EQ(*l, hybrid ? Layout::Hybrid : Layout::V2);
  if (hybrid) {
    EXPECT_EQ(*detect_layout("/sys/fs/cgroup/unified"), Layout::V2);
  }
}

namespace {

bool real_hybrid_available() {
  return ::geteuid() == 0 && fs_is("/sys/fs/cgroup", TMPFS_MAGIC) &&
         fs_is("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC) && fs_is("/sys/fs/cgroup/pids", CGROUP_SUPER_MAGIC) &&
         fs_is("/sys/fs/cgroup/memory", CGROUP_SUPER_MAGIC) && fs_is("/sys/fs/cgroup/freezer", CGROUP_SUPER_MAGIC);
}

}  // namespace

TEST(CgroupReal, HybridLifecycle) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  if (!real_hybrid_available()) GTEST_SKIP() << "no hybrid hierarchy with pids, memory and freezer";
  const std::string path = "/rampart-test-" + std::to_string(::getpid());
  auto made = make_manager("t", path);
  ASSERT_TRUE(made) << made.error().message();
  auto& m = *made;
  ASSERT_EQ(m->paths().layout, Layout::Hybrid);
  EXPECT_EQ(dir_of(m->paths(), "memory"), "/sys/fs/cgroup/memory" + path);
  EXPECT_EQ(m->paths().unified, "/sys/fs/cgroup/unified" + path);

  auto c = m->create();
  ASSERT_TRUE(c) << c.error().message();
  spec::Resources r;
  r.pids_limit = 16;
  r.memory_limit = 64 << 20;
  r.devices = {{false, "a", std::nullopt, std::nullopt, "rwm"}, {true, "c", 1, 3, "rwm"}, {true, "c", 1, 5, "rw"}};
  auto a = m->apply(r);
  EXPECT_TRUE(a) << a.error().message();
  EXPECT_EQ(trim(read_host("/sys/fs/cgroup/pids" + path + "/pids.max")), "16");
  EXPECT_EQ(trim(read_host("/sys/fs/cgroup/memory" + path + "/memory.limit_in_bytes")), std::to_string(64 << 20));
  EXPECT_EQ(read_host("/sys/fs/cgroup/devices" + path + "/devices.list"), "c 1:3 rwm\nc 1:5 rw\n");
  if (fs_is("/sys/fs/cgroup/cpuset", CGROUP_SUPER_MAGIC)) {
    EXPECT_NE(trim(read_host("/sys/fs/cgroup/cpuset" + path + "/cpuset.cpus")), "") << "copied from the parent";
  }

  const pid_t child = spawn_sleeper();
  ASSERT_GT(child, 0);
  auto added = m->add_pid(child);
  EXPECT_TRUE(added) << added.error().message();
  auto pids = m->pids();
  ASSERT_TRUE(pids) << pids.error().message();
  EXPECT_TRUE(contains(*pids, child));
  EXPECT_NE(read_host("/sys/fs/cgroup/unified" + path + "/cgroup.procs").find(std::to_string(child)),
            std::string::npos);

  auto f = m->freeze();
  EXPECT_TRUE(f) << f.error().message();
  EXPECT_TRUE(*m->frozen());
  auto t = m->thaw();
  EXPECT_TRUE(t) << t.error().message();
  EXPECT_FALSE(*m->frozen());

  kill_and_reap(child);
  auto d = m->destroy();
  EXPECT_TRUE(d) << d.error().message();
  for (const auto& [name, dir] : m->paths().controllers) EXPECT_FALSE(fs::exists(dir)) << dir;
  EXPECT_FALSE(fs::exists(m->paths().unified));
}

TEST(CgroupReal, HybridRefusesSwapWhenBelowMemoryAndCleansUp) {
  if (!real_hybrid_available()) GTEST_SKIP() << "needs root and the hybrid hierarchy";
  const std::string path = "/rampart-test-" + std::to_string(::getpid()) + "-swap";
  auto made = make_manager("t", path);
  ASSERT_TRUE(made);
  auto& m = *made;
  ASSERT_TRUE(m->create());
  spec::Resources r;
  r.memory_limit = 64 << 20;
  r.memory_swap = 32 << 20;  // the kernel refuses memsw < limit
  EXPECT_FALSE(m->apply(r));
  EXPECT_TRUE(m->destroy());
  EXPECT_FALSE(fs::exists(dir_of(m->paths(), "memory")));
}

TEST(CgroupReal, V2DriverOnUnified) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  // The v2 hierarchy here: /sys/fs/cgroup on a v2 host, /sys/fs/cgroup/unified on a hybrid one.
  std::string root;
  if (fs_is("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC))
    root = "/sys/fs/cgroup/unified";
  else if (fs_is("/sys/fs/cgroup", CGROUP2_SUPER_MAGIC))
    root = "/sys/fs/cgroup";
  else
    GTEST_SKIP() << "no cgroup2 hierarchy";
  const std::string before = read_host(root + "/cgroup.subtree_control");
  const std::string path = "/rampart-test-" + std::to_string(::getpid()) + "-v2";
  auto made = make_manager("t", path, root);
  ASSERT_TRUE(made) << made.error().message();
  auto& m = *made;
  ASSERT_EQ(m->paths().layout, Layout::V2);
  EXPECT_EQ(m->paths().unified, root + path);
  auto c = m->create();
  ASSERT_TRUE(c) << c.error().message();
  if (!fs::exists(root + path + "/cgroup.freeze")) {
    (void)m->destroy();
    GTEST_SKIP() << "kernel without cgroup.freeze";
  }

  const pid_t child = spawn_sleeper();
  ASSERT_GT(child, 0);
  auto added = m->add_pid(child);
  EXPECT_TRUE(added) << added.error().message();
  // A process in a sub-cgroup is still the container's.
  ASSERT_TRUE(mkdir_p(root + path + "/sub"));
  ASSERT_TRUE(write_file(root + path + "/sub", "cgroup.procs", std::to_string(child)));
  auto pids = m->pids();
  ASSERT_TRUE(pids) << pids.error().message();
  EXPECT_TRUE(contains(*pids, child));

  auto f = m->freeze();
  EXPECT_TRUE(f) << f.error().message();
  EXPECT_TRUE(*m->frozen());
  EXPECT_NE(read_host(root + path + "/cgroup.events").find("frozen 1"), std::string::npos);
  auto t = m->thaw();
  EXPECT_TRUE(t) << t.error().message();
  EXPECT_FALSE(*m->frozen());

  // Only controllers the hierarchy offers can be set; the error names the one missing.
  const std::string offered = read_host(root + path + "/cgroup.controllers");
  if (offered.find("pids") == std::string::npos) {
    spec::Resources r;
    r.pids_limit = 5;
    auto a = m->apply(r);
    ASSERT_FALSE(a);
    EXPECT_NE(a.error().message().find("controller \"pids\""), std::string::npos) << a.error().message();
  }

  kill_and_reap(child);
  auto d = m->destroy();
  EXPECT_TRUE(d) << d.error().message();
  EXPECT_FALSE(fs::exists(root + path));
  // Leave the host's root delegation as it was (create() enabled what the root offers).
  if (trim(before).empty() && root == "/sys/fs/cgroup/unified") {
    std::istringstream words(read_host(root + "/cgroup.subtree_control"));
    for (std::string w; words >> w;) (void)write_file(root, "cgroup.subtree_control", "-" + w);
  }
}
