// Every runtime-spec resource through each driver's writes, on scratch trees laid out like
// /sys/fs/cgroup (cgroupfs would create the files; here the test does), the undo of a failed
// apply, and the errors for what a host cannot provide.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "linux/cgroup/cgroup.h"
#include "linux/cgroup/convert.h"
#include "linux/cgroup/files.h"

namespace fs = std::filesystem;
using namespace rampart;
using namespace rampart::cgroup;

namespace {

class Tree {
 public:
  Tree() {
    std::string tmpl = (fs::temp_directory_path() / "rampart-cgres-XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
  }
  ~Tree() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  [[nodiscard]] const std::string& path() const { return root_; }
  void file(const std::string& rel, const std::string& content = "") const {
    const fs::path p = root_ + "/" + rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << content;
  }
  void files(const std::string& dir, std::initializer_list<std::pair<const char*, const char*>> list) const {
    for (const auto& [name, content] : list) file(dir + "/" + name, content);
  }
  [[nodiscard]] std::string read(const std::string& rel) const {
    std::ifstream in(root_ + "/" + rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  [[nodiscard]] bool exists(const std::string& rel) const { return fs::exists(root_ + "/" + rel); }

 private:
  std::string root_;
};

// A v1 host with every controller the runtime-spec has (as a fully equipped kernel shows them).
void v1_host(const Tree& t) {
  for (const std::string c : {"memory", "cpu,cpuacct", "cpuset", "devices", "freezer", "pids", "blkio", "hugetlb",
                              "net_cls,net_prio", "rdma", "systemd"})
    t.file(c + "/cgroup.procs");
  const std::string leaf = "/rampart/c1";
  t.files("memory" + leaf, {{"memory.limit_in_bytes", "9223372036854771712"},
                            {"memory.memsw.limit_in_bytes", "9223372036854771712"},
                            {"memory.soft_limit_in_bytes", "9223372036854771712"},
                            {"memory.swappiness", "60"},
                            {"memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n"},
                            {"memory.kmem.tcp.limit_in_bytes", "9223372036854771712"},
                            {"memory.usage_in_bytes", "4096"}});
  t.files("cpu,cpuacct" + leaf, {{"cpu.shares", "1024"},
                                 {"cpu.cfs_quota_us", "-1"},
                                 {"cpu.cfs_period_us", "100000"},
                                 {"cpu.cfs_burst_us", "0"},
                                 {"cpu.rt_period_us", "1000000"},
                                 {"cpu.rt_runtime_us", "0"},
                                 {"cpu.idle", "0"}});
  t.files("cpuset", {{"cpuset.cpus", "0-1"}, {"cpuset.mems", "0"}});
  t.files("cpuset/rampart", {{"cpuset.cpus", "0-1"}, {"cpuset.mems", "0"}});
  t.files("cpuset" + leaf, {{"cpuset.cpus", "0-1"}, {"cpuset.mems", "0"}});
  t.files("pids" + leaf, {{"pids.max", "max"}});
  t.files("blkio" + leaf, {{"blkio.weight", "500"},
                           {"blkio.weight_device", ""},
                           {"blkio.leaf_weight", "500"},
                           {"blkio.leaf_weight_device", ""},
                           {"blkio.throttle.read_bps_device", ""},
                           {"blkio.throttle.write_bps_device", ""},
                           {"blkio.throttle.read_iops_device", ""},
                           {"blkio.throttle.write_iops_device", ""}});
  t.files("hugetlb" + leaf, {{"hugetlb.2MB.limit_in_bytes", "9223372036854771712"},
                             {"hugetlb.2MB.rsvd.limit_in_bytes", "9223372036854771712"}});
  t.files("net_cls,net_prio" + leaf, {{"net_cls.classid", "0"}, {"net_prio.ifpriomap", "lo 0\neth0 0\n"}});
  t.files("rdma" + leaf, {{"rdma.max", ""}});
  t.files("devices" + leaf, {{"devices.allow", ""}, {"devices.deny", ""}, {"devices.list", "a *:* rwm\n"}});
  t.files("freezer" + leaf, {{"freezer.state", "THAWED"}});
}

void v2_host(const Tree& t, const std::string& base = "") {
  t.files(base, {{"cgroup.procs", ""},
                 {"cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma"},
                 {"cgroup.subtree_control", ""}});
  t.files(base + "rampart", {{"cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma"},
                             {"cgroup.subtree_control", ""}});
  t.files(base + "rampart/c1", {{"cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma"},
                                {"cgroup.procs", ""},
                                {"cgroup.events", "populated 0\nfrozen 0\n"},
                                {"cgroup.freeze", "0"},
                                {"memory.max", "max"},
                                {"memory.swap.max", "max"},
                                {"memory.low", "0"},
                                {"memory.current", "8192"},
                                {"cpu.weight", "100"},
                                {"cpu.max", "max 100000"},
                                {"cpu.max.burst", "0"},
                                {"cpu.idle", "0"},
                                {"cpuset.cpus", ""},
                                {"cpuset.mems", ""},
                                {"pids.max", "max"},
                                {"io.weight", "default 100"},
                                {"io.max", ""},
                                {"hugetlb.2MB.max", "max"},
                                {"hugetlb.2MB.rsvd.max", "max"},
                                {"hugetlb.1GB.max", "max"},
                                {"rdma.max", ""},
                                {"memory.high", "max"}});
}

std::unique_ptr<Manager> manager(const Tree& t, Layout layout) {
  auto m = make_manager("c1", "", t.path(), layout);
  EXPECT_TRUE(m) << m.error().message();
  return m ? std::move(*m) : nullptr;
}

std::string message_of(const Result<void>& r) { return r ? std::string("(success)") : r.error().message(); }

}  // namespace

// ---- v1 ----

TEST(CgroupV1Resources, EveryResourceIsWritten) {
  Tree t;
  v1_host(t);
  auto m = manager(t, Layout::V1);
  spec::Resources r;
  r.memory_limit = 64 << 20;
  r.memory_swap = 128 << 20;
  r.memory_reservation = 32 << 20;
  r.memory_swappiness = 10;
  r.memory_disable_oom_killer = true;
  r.memory_kernel_tcp = 1 << 20;
  r.memory_kernel = 1 << 20;  // warned and ignored
  r.cpu_shares = 512;
  r.cpu_quota = 20000;
  r.cpu_period = 50000;
  r.cpu_burst = 1000;
  r.cpu_realtime_period = 900000;
  r.cpu_realtime_runtime = 1000;
  r.cpu_idle = 1;
  r.cpuset_cpus = "1";
  r.cpuset_mems = "0";
  r.pids_limit = 33;
  r.blkio_weight = 300;
  r.blkio_leaf_weight = 200;
  r.blkio_weight_device = {{8, 0, 400, 250}};
  r.blkio_throttle_read_bps = {{8, 0, 1048576}};
  r.blkio_throttle_write_bps = {{8, 16, 2097152}};
  r.blkio_throttle_read_iops = {{8, 0, 100}};
  r.blkio_throttle_write_iops = {{8, 0, 200}};
  r.hugepage_limits = {{"2MB", 4 << 20}};
  r.network_class_id = 0x100001;
  r.network_priorities = {{"eth0", 5}};
  r.rdma = {{"mlx5_0", {3, std::nullopt}}};
  auto a = m->apply(r);
  ASSERT_TRUE(a) << message_of(a);
  const std::string mem = "memory/rampart/c1/", cpu = "cpu,cpuacct/rampart/c1/", bio = "blkio/rampart/c1/";
  EXPECT_EQ(t.read(mem + "memory.limit_in_bytes"), std::to_string(64 << 20));
  EXPECT_EQ(t.read(mem + "memory.memsw.limit_in_bytes"), std::to_string(128 << 20));
  EXPECT_EQ(t.read(mem + "memory.soft_limit_in_bytes"), std::to_string(32 << 20));
  EXPECT_EQ(t.read(mem + "memory.swappiness"), "10");
  EXPECT_EQ(t.read(mem + "memory.oom_control"), "1");
  EXPECT_EQ(t.read(mem + "memory.kmem.tcp.limit_in_bytes"), std::to_string(1 << 20));
  EXPECT_EQ(t.read(cpu + "cpu.shares"), "512");
  EXPECT_EQ(t.read(cpu + "cpu.cfs_quota_us"), "20000");
  EXPECT_EQ(t.read(cpu + "cpu.cfs_period_us"), "50000");
  EXPECT_EQ(t.read(cpu + "cpu.cfs_burst_us"), "1000");
  EXPECT_EQ(t.read(cpu + "cpu.rt_period_us"), "900000");
  EXPECT_EQ(t.read(cpu + "cpu.rt_runtime_us"), "1000");
  EXPECT_EQ(t.read(cpu + "cpu.idle"), "1");
  EXPECT_EQ(t.read("cpuset/rampart/c1/cpuset.cpus"), "1");
  EXPECT_EQ(t.read("pids/rampart/c1/pids.max"), "33");
  EXPECT_EQ(t.read(bio + "blkio.weight"), "300");
  EXPECT_EQ(t.read(bio + "blkio.leaf_weight"), "200");
  EXPECT_EQ(t.read(bio + "blkio.leaf_weight_device"), "8:0 250");
  EXPECT_EQ(t.read(bio + "blkio.weight_device"), "8:0 400");
  EXPECT_EQ(t.read(bio + "blkio.throttle.read_bps_device"), "8:0 1048576");
  EXPECT_EQ(t.read(bio + "blkio.throttle.write_bps_device"), "8:16 2097152");
  EXPECT_EQ(t.read(bio + "blkio.throttle.read_iops_device"), "8:0 100");
  EXPECT_EQ(t.read(bio + "blkio.throttle.write_iops_device"), "8:0 200");
  EXPECT_EQ(t.read("hugetlb/rampart/c1/hugetlb.2MB.limit_in_bytes"), std::to_string(4 << 20));
  EXPECT_EQ(t.read("hugetlb/rampart/c1/hugetlb.2MB.rsvd.limit_in_bytes"), std::to_string(4 << 20));
  EXPECT_EQ(t.read("net_cls,net_prio/rampart/c1/net_cls.classid"), std::to_string(0x100001));
  EXPECT_EQ(t.read("net_cls,net_prio/rampart/c1/net_prio.ifpriomap"), "eth0 5");
  EXPECT_EQ(t.read("rdma/rampart/c1/rdma.max"), "mlx5_0 hca_handle=3 hca_object=max");
}

TEST(CgroupV1Resources, BfqWeightWhenTheKernelHasIt) {
  Tree t;
  v1_host(t);
  fs::remove(t.path() + "/blkio/rampart/c1/blkio.weight");
  t.file("blkio/rampart/c1/blkio.bfq.weight", "100");
  t.file("blkio/rampart/c1/blkio.bfq.weight_device", "");
  auto m = manager(t, Layout::V1);
  spec::Resources r;
  r.blkio_weight = 700;
  r.blkio_weight_device = {{8, 0, 800, std::nullopt}};
  ASSERT_TRUE(m->apply(r));
  EXPECT_EQ(t.read("blkio/rampart/c1/blkio.bfq.weight"), "700");
  EXPECT_EQ(t.read("blkio/rampart/c1/blkio.bfq.weight_device"), "8:0 800");
}

TEST(CgroupV1Resources, WhatTheHostLacksIsNamed) {
  Tree t;
  v1_host(t);
  fs::remove(t.path() + "/blkio/rampart/c1/blkio.weight");  // this host: no CFQ/BFQ
  fs::remove(t.path() + "/cpu,cpuacct/rampart/c1/cpu.rt_runtime_us");
  auto m = manager(t, Layout::V1);
  spec::Resources weight;
  weight.blkio_weight = 500;
  auto a = m->apply(weight);
  EXPECT_NE(message_of(a).find("blockIO.weight"), std::string::npos) << message_of(a);
  EXPECT_NE(message_of(a).find("proportional weight"), std::string::npos) << message_of(a);
  spec::Resources rt;
  rt.cpu_realtime_runtime = 100;
  a = m->apply(rt);
  EXPECT_NE(message_of(a).find("cpu.realtimeRuntime"), std::string::npos) << message_of(a);
  spec::Resources unified;
  unified.unified = {{"memory.high", "1G"}};
  a = m->apply(unified);
  EXPECT_NE(message_of(a).find("cgroup v2"), std::string::npos) << message_of(a);
  spec::Resources huge;
  huge.hugepage_limits = {{"1GB", 1 << 30}};
  a = m->apply(huge);
  EXPECT_NE(message_of(a).find("hugetlb.1GB.limit_in_bytes"), std::string::npos) << message_of(a);
}

TEST(CgroupV1Resources, ControllerNotMountedIsNamed) {
  Tree t;
  for (const std::string c : {"memory", "pids"}) t.file(c + "/cgroup.procs");
  t.file("pids/rampart/c1/pids.max", "max");
  auto m = manager(t, Layout::V1);
  spec::Resources r;
  r.network_class_id = 7;
  auto a = m->apply(r);
  EXPECT_NE(message_of(a).find("\"net_cls\" is not mounted"), std::string::npos) << message_of(a);
  r = {};
  r.rdma = {{"mlx5_0", {1, 1}}};
  EXPECT_NE(message_of(m->apply(r)).find("\"rdma\""), std::string::npos);
}

TEST(CgroupV1Resources, FailedApplyRestoresWhatItChanged) {
  Tree t;
  v1_host(t);
  // hugetlb comes after pids and memory: make its file refuse the write (a directory).
  fs::remove(t.path() + "/hugetlb/rampart/c1/hugetlb.2MB.limit_in_bytes");
  fs::create_directory(t.path() + "/hugetlb/rampart/c1/hugetlb.2MB.limit_in_bytes");
  auto m = manager(t, Layout::V1);
  spec::Resources r;
  r.pids_limit = 10;
  r.memory_reservation = 1 << 20;
  r.cpu_shares = 100;
  r.hugepage_limits = {{"2MB", 1 << 21}};
  auto a = m->apply(r);
  ASSERT_FALSE(a);
  EXPECT_NE(message_of(a).find("hugepageLimits"), std::string::npos) << message_of(a);
  EXPECT_EQ(t.read("pids/rampart/c1/pids.max"), "max");
  EXPECT_EQ(t.read("memory/rampart/c1/memory.soft_limit_in_bytes"), "9223372036854771712");
  EXPECT_EQ(t.read("cpu,cpuacct/rampart/c1/cpu.shares"), "1024");
}

TEST(CgroupV1Resources, CheckBeforeUpdateRefusesALimitBelowUsage) {
  Tree t;
  v1_host(t);
  t.file("memory/rampart/c1/memory.usage_in_bytes", "10485760");
  auto m = manager(t, Layout::V1);
  spec::Resources r;
  r.memory_limit = 1 << 20;
  r.memory_check_before_update = true;
  auto a = m->apply(r);
  EXPECT_NE(message_of(a).find("below the current usage"), std::string::npos) << message_of(a);
  EXPECT_EQ(t.read("memory/rampart/c1/memory.limit_in_bytes"), "9223372036854771712");
  r.memory_check_before_update = false;
  EXPECT_TRUE(m->apply(r));
}

TEST(CgroupV1Resources, DeviceRulesGoThroughTheTransition) {
  Tree t;
  v1_host(t);
  auto m = manager(t, Layout::V1);
  spec::Resources r;
  r.devices = {{false, "a", std::nullopt, std::nullopt, "rwm"}, {true, "c", 1, 5, "rw"}};
  ASSERT_TRUE(m->apply(r));
  // The parent's list said allow-all, so the transition starts with "a" and adds the rule.
  EXPECT_EQ(t.read("devices/rampart/c1/devices.deny"), "a");
  EXPECT_EQ(t.read("devices/rampart/c1/devices.allow"), "c 1:5 rw");
  // An update from the list the kernel now shows: only the difference is written.
  t.file("devices/rampart/c1/devices.list", "c 1:5 rw\n");
  t.file("devices/rampart/c1/devices.deny", "");
  t.file("devices/rampart/c1/devices.allow", "");
  r.devices.push_back({true, "c", 1, 7, "rwm"});
  ASSERT_TRUE(m->apply(r));
  EXPECT_EQ(t.read("devices/rampart/c1/devices.deny"), "") << "no reset: nothing is denied on the way";
  EXPECT_EQ(t.read("devices/rampart/c1/devices.allow"), "c 1:7 rwm");
}

// ---- v2 ----

TEST(CgroupV2Resources, EveryResourceIsWritten) {
  Tree t;
  v2_host(t);
  auto m = manager(t, Layout::V2);
  spec::Resources r;
  r.memory_limit = 64 << 20;
  r.memory_swap = 96 << 20;
  r.memory_reservation = 16 << 20;
  r.cpu_shares = 2048;
  r.cpu_quota = 30000;
  r.cpu_period = 60000;
  r.cpu_burst = 5000;
  r.cpuset_cpus = "0";
  r.cpuset_mems = "0";
  r.pids_limit = 12;
  r.blkio_weight = 505;
  r.blkio_weight_device = {{8, 0, 10, std::nullopt}};
  r.blkio_throttle_read_bps = {{8, 0, 1048576}};
  r.blkio_throttle_write_iops = {{8, 0, 0}};
  r.hugepage_limits = {{"2MB", 8 << 20}};
  r.rdma = {{"mlx5_0", {std::nullopt, 9}}};
  r.unified = {{"memory.high", "50331648"}};
  auto a = m->apply(r);
  ASSERT_TRUE(a) << message_of(a);
  const std::string d = "rampart/c1/";
  EXPECT_EQ(t.read(d + "memory.max"), std::to_string(64 << 20));
  EXPECT_EQ(t.read(d + "memory.swap.max"), std::to_string(32 << 20));
  EXPECT_EQ(t.read(d + "memory.low"), std::to_string(16 << 20));
  EXPECT_EQ(t.read(d + "cpu.weight"), std::to_string(shares_to_weight(2048)));
  EXPECT_EQ(t.read(d + "cpu.max.burst"), "5000");
  EXPECT_EQ(t.read(d + "cpu.max"), "30000 60000");
  EXPECT_EQ(t.read(d + "cpuset.cpus"), "0");
  EXPECT_EQ(t.read(d + "pids.max"), "12");
  // Each keyed file keeps its last line here; the io.weight conversion is runc's.
  EXPECT_EQ(t.read(d + "io.weight"), "8:0 " + std::to_string(blkio_to_io_weight(10)));
  EXPECT_EQ(t.read(d + "io.max"), "8:0 wiops=max");
  EXPECT_EQ(t.read(d + "hugetlb.2MB.max"), std::to_string(8 << 20));
  EXPECT_EQ(t.read(d + "hugetlb.2MB.rsvd.max"), std::to_string(8 << 20));
  EXPECT_EQ(t.read(d + "rdma.max"), "mlx5_0 hca_handle=max hca_object=9");
  EXPECT_EQ(t.read(d + "memory.high"), "50331648");
}

TEST(CgroupV2Resources, BlkioWeightConversion) {
  EXPECT_EQ(blkio_to_io_weight(10), 1u);
  EXPECT_EQ(blkio_to_io_weight(500), 1 + (490u * 9999) / 990);
  EXPECT_EQ(blkio_to_io_weight(1000), 10000u);
  Tree t;
  v2_host(t);
  auto m = manager(t, Layout::V2);
  spec::Resources r;
  r.blkio_weight = 1000;
  ASSERT_TRUE(m->apply(r));
  EXPECT_EQ(t.read("rampart/c1/io.weight"), "10000");
  t.file("rampart/c1/io.bfq.weight", "default 100");
  r.blkio_weight = 250;
  ASSERT_TRUE(m->apply(r));
  EXPECT_EQ(t.read("rampart/c1/io.bfq.weight"), "250") << "BFQ takes the v1 value as it is";
}

TEST(CgroupV2Resources, V1OnlySettingsAreNotWritten) {
  Tree t;
  v2_host(t);
  auto m = manager(t, Layout::V2);
  spec::Resources r;
  r.memory_swappiness = 0;
  r.memory_disable_oom_killer = true;
  r.memory_kernel = 1 << 20;
  r.cpu_realtime_runtime = 1000;
  r.network_class_id = 3;
  auto a = m->apply(r);
  EXPECT_TRUE(a) << "runc skips these on v2; rampart warns: " << message_of(a);
  EXPECT_FALSE(t.exists("rampart/c1/memory.swappiness"));
}

TEST(CgroupV2Resources, UnifiedKeysAreCheckedAgainstTheCgroup) {
  Tree t;
  v2_host(t);
  auto m = manager(t, Layout::V2);
  spec::Resources r;
  r.unified = {{"memory.nosuchfile", "1"}};
  auto a = m->apply(r);
  EXPECT_NE(message_of(a).find("unified[\"memory.nosuchfile\"]"), std::string::npos) << message_of(a);
  r.unified = {{"misc.max", "x 1"}};
  a = m->apply(r);
  EXPECT_NE(message_of(a).find("controller \"misc\" is not available"), std::string::npos) << message_of(a);
  for (const char* refused : {"cgroup.procs", "cgroup.kill", "cgroup.freeze", "cgroup.subtree_control"}) {
    r.unified = {{refused, "1"}};
    EXPECT_NE(message_of(m->apply(r)).find("refused"), std::string::npos) << refused;
  }
}

TEST(CgroupV2Resources, FailedApplyRestoresWhatItChanged) {
  Tree t;
  v2_host(t);
  fs::remove(t.path() + "/rampart/c1/hugetlb.2MB.max");
  fs::create_directory(t.path() + "/rampart/c1/hugetlb.2MB.max");
  auto m = manager(t, Layout::V2);
  spec::Resources r;
  r.pids_limit = 4;
  r.memory_limit = 1 << 24;
  r.cpu_quota = 50000;
  r.hugepage_limits = {{"2MB", 1 << 21}};
  ASSERT_FALSE(m->apply(r));
  EXPECT_EQ(t.read("rampart/c1/pids.max"), "max");
  EXPECT_EQ(t.read("rampart/c1/memory.max"), "max");
  EXPECT_EQ(t.read("rampart/c1/cpu.max"), "max 100000");
}

TEST(CgroupV2Resources, MissingControllerIsNamed) {
  Tree t;
  v2_host(t);
  fs::remove(t.path() + "/rampart/c1/io.max");
  auto m = manager(t, Layout::V2);
  spec::Resources r;
  r.blkio_throttle_read_bps = {{8, 0, 1}};
  auto a = m->apply(r);
  EXPECT_NE(message_of(a).find("controller \"io\""), std::string::npos) << message_of(a);
}

// ---- hybrid: what v1 lacks goes to cgroup2 ----

TEST(CgroupHybridResources, HugetlbAndUnifiedGoToCgroup2) {
  Tree t;
  v1_host(t);
  fs::remove_all(t.path() + "/hugetlb");  // as on this host: hugetlb only in the unified part
  v2_host(t, "unified/");
  t.file("unified/cgroup.controllers", "hugetlb");
  auto m = manager(t, Layout::Hybrid);
  ASSERT_TRUE(m->create());
  spec::Resources r;
  r.pids_limit = 5;
  r.hugepage_limits = {{"2MB", 2 << 20}};
  r.unified = {{"hugetlb.1GB.max", "0"}};
  auto a = m->apply(r);
  ASSERT_TRUE(a) << message_of(a);
  EXPECT_EQ(t.read("pids/rampart/c1/pids.max"), "5");
  EXPECT_EQ(t.read("unified/rampart/c1/hugetlb.2MB.max"), std::to_string(2 << 20));
  EXPECT_EQ(t.read("unified/rampart/c1/hugetlb.1GB.max"), "0");
  EXPECT_EQ(t.read("unified/cgroup.subtree_control"), "+hugetlb") << "delegated only what was needed";
}

// ---- stats ----

TEST(CgroupStatsParse, Formats) {
  const auto kv = parse_flat_keyed("cache 4096\nrss 8192\nbad line here\nmapped_file 0\n");
  EXPECT_EQ(kv.at("cache"), 4096u);
  EXPECT_EQ(kv.at("rss"), 8192u);
  EXPECT_EQ(kv.size(), 3u);
  EXPECT_EQ(parse_cpu_list("0-3,7\n"), (std::vector<uint16_t>{0, 1, 2, 3, 7}));
  EXPECT_TRUE(parse_cpu_list("").empty());
  const auto b = parse_blkio_v1("8:0 Read 4096\n8:0 Write 512\n8:0 Total 4608\nTotal 4608\n");
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].major, 8u);
  EXPECT_EQ(b[0].op, "Read");
  EXPECT_EQ(b[1].value, 512u);
  Stats::Blkio io;
  parse_io_stat("8:0 rbytes=100 wbytes=200 rios=3 wios=4 dbytes=0 dios=0\n", io);
  ASSERT_EQ(io.service_bytes.size(), 2u);
  EXPECT_EQ(io.service_bytes[1].op, "Write");
  EXPECT_EQ(io.service_bytes[1].value, 200u);
  EXPECT_EQ(io.serviced[0].value, 3u);
}

TEST(CgroupStatsScratch, V2Files) {
  Tree t;
  v2_host(t);
  t.files("rampart/c1", {{"cpu.stat", "usage_usec 10\nuser_usec 6\nsystem_usec 4\nnr_periods 2\nnr_throttled 1\n"
                                      "throttled_usec 5\n"},
                         {"memory.stat", "file 123\nanon 456\n"},
                         {"memory.events", "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\n"},
                         {"memory.max", "1048576"},
                         {"pids.current", "3"},
                         {"pids.max", "max"},
                         {"cpuset.cpus.effective", "0-1"},
                         {"cpuset.mems.effective", "0"},
                         {"io.stat", "8:0 rbytes=1 wbytes=2 rios=3 wios=4\n"}});
  auto m = manager(t, Layout::V2);
  auto s = m->stats();
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->cpu.total, 10000u) << "microseconds become nanoseconds";
  EXPECT_EQ(s->cpu.user, 6000u);
  EXPECT_EQ(s->cpu.throttled_time, 5000u);
  EXPECT_EQ(s->memory.cache, 123u);
  EXPECT_EQ(s->memory.usage.usage, 8192u);
  EXPECT_EQ(s->memory.usage.limit, 1048576u);
  EXPECT_EQ(s->memory.usage.failcnt, 7u);
  EXPECT_EQ(s->pids.current, 3u);
  EXPECT_EQ(s->pids.limit, 0u) << "max is no limit";
  EXPECT_EQ(s->cpuset.cpus, (std::vector<uint16_t>{0, 1}));
  EXPECT_EQ(s->blkio.service_bytes.size(), 2u);
}
