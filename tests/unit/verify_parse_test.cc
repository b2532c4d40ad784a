// The kernel texts verify reads, and the small lookups over mount tables it makes.
#include <gtest/gtest.h>

#include "verify/expect.h"
#include "verify/mountinfo.h"
#include "verify_fixture.h"

namespace rampart::verify {
namespace {

TEST(VerifyParse, MountinfoFieldsEscapesAndTags) {
  auto m = parse_mountinfo(
      "36 35 98:0 /mnt1 /mnt\\040with\\011tab rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue\n"
      "37 36 0:5 / /x ro - tmpfs none ro\n");
  ASSERT_TRUE(m) << m.error().message();
  ASSERT_EQ(m->size(), 2u);
  const auto& a = (*m)[0];
  EXPECT_EQ(a.id, 36u);
  EXPECT_EQ(a.parent, 35u);
  EXPECT_EQ(a.major, 98u);
  EXPECT_EQ(a.root, "/mnt1");
  EXPECT_EQ(a.mount_point, "/mnt with\ttab");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"master:1", "shared:7"}));
  EXPECT_EQ(a.shared_group(), 7u);
  EXPECT_EQ(a.fstype, "ext3");
  EXPECT_FALSE(a.readonly());
  EXPECT_TRUE((*m)[1].readonly());
  EXPECT_EQ((*m)[1].shared_group(), std::nullopt);
}

TEST(VerifyParse, MalformedMountinfoIsAnError) {
  EXPECT_FALSE(parse_mountinfo("36 35 98:0 /mnt1 /mnt rw shared:7 ext3 /dev/root rw\n"));
  EXPECT_FALSE(parse_mountinfo("x 35 98:0 / / rw - ext4 /dev/root rw\n"));
  EXPECT_TRUE(parse_mountinfo(""));
}

TEST(VerifyParse, Status) {
  ProcessFacts p;
  ASSERT_TRUE(parse_status("Name:\tsh\nUid:\t0\t1\t2\t3\nGid:\t4\t5\t6\t7\nCapInh:\t0000000000000000\n"
                           "CapPrm:\t0000000020000420\nCapEff:\t0000000020000420\nCapBnd:\t000001ffffffffff\n"
                           "CapAmb:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n",
                           p));
  EXPECT_EQ(p.comm, "sh");
  EXPECT_EQ(p.uid[1], 1u);
  EXPECT_EQ(p.gid[3], 7u);
  EXPECT_EQ(p.cap_eff, 0x20000420u);
  EXPECT_EQ(p.cap_bnd, 0x1ffffffffffu);
  EXPECT_TRUE(p.no_new_privs);
  EXPECT_EQ(p.seccomp, 2);
  ProcessFacts q;
  EXPECT_FALSE(parse_status("Name:\tsh\n", q));
  EXPECT_FALSE(parse_status("Uid:\t0\t0\t0\t0\nCapEff:\tzz\n", q));
}

TEST(VerifyParse, StartTimeSurvivesAHostileCommandName) {
  std::string stat = "1234 (a) b (c) S 1 1234 1234 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 98765 1000 100";
  EXPECT_EQ(parse_start_time(stat), 98765u);
  EXPECT_EQ(parse_start_time("garbage"), std::nullopt);
}

TEST(VerifyParse, IdMapsNsLinksAndCpuLists) {
  auto m = parse_id_map("         0     100000      65536\n      65536     0   1\n");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].host_id, 100000u);
  EXPECT_EQ(m[1].size, 1u);
  EXPECT_EQ(parse_ns_link("mnt:[4026531840]"), 4026531840u);
  EXPECT_EQ(parse_ns_link("/etc"), std::nullopt);
  EXPECT_EQ(parse_cpu_list("0-2,5"), (std::vector<uint32_t>{0, 1, 2, 5}));
  EXPECT_EQ(parse_cpu_list("3-1"), std::nullopt);
}

TEST(VerifyParse, MountOfFindsTheTopOfTheDeepestStack) {
  auto ms = *parse_mountinfo(
      "1 0 8:1 / / rw - ext4 a rw\n"
      "3 2 0:9 / /d rw - tmpfs c rw\n"  // stacked on 2, listed first
      "2 1 0:8 / /d rw - tmpfs b rw\n"
      "4 3 0:7 / /d/e rw - tmpfs d rw\n");
  EXPECT_EQ(mount_of(ms, "/d/x")->id, 3u);
  EXPECT_EQ(mount_of(ms, "/d/e/f")->id, 4u);
  EXPECT_EQ(mount_of(ms, "/de")->id, 1u);
}

TEST(VerifyParse, CgroupDirectoriesBothWays) {
  auto host = *parse_mountinfo(testing::kHostMounts);
  EXPECT_EQ(cgroup_dir(host, "pids", "/c1"), "/sys/fs/cgroup/pids/c1");
  EXPECT_EQ(cgroup_dir(host, "cpu", "/c1"), std::nullopt);
  EXPECT_EQ(cgroup_path_of(host, "memory", "/sys/fs/cgroup/memory/a/b"), "/a/b");
  EXPECT_TRUE(cgroup_v1_has(host, "pids"));
  EXPECT_FALSE(cgroup_v1_has(host, "cpu"));
}

TEST(VerifyParse, CgroupChecksNameTheFilesOfThisLayout) {
  spec::Config c;
  c.linux.emplace();
  c.linux->resources.emplace();
  c.linux->resources->pids_limit = 10;
  c.linux->resources->cpu_quota = 50000;
  c.linux->resources->cpu_period = 100000;
  auto v1 = cgroup_checks(c, *parse_mountinfo(testing::kHostMounts));
  // pids and memory are v1 hierarchies here; cpu is not mounted as v1, so cgroup2's file is named.
  std::set<std::string> keys;
  for (const auto& k : v1) keys.insert(k.key());
  EXPECT_TRUE(keys.count("pids/pids.max"));
  EXPECT_TRUE(keys.count("memory/memory.limit_in_bytes"));
  EXPECT_TRUE(keys.count("unified/cpu.max"));
}

TEST(VerifyParse, CgroupValuesAsTheKernelShowsThem) {
  using C = CgroupCheck::Compare;
  EXPECT_TRUE(cgroup_value_holds({"", "pids.max", "max", C::Exact, ""}, "max\n"));
  EXPECT_FALSE(cgroup_value_holds({"", "pids.max", "10", C::Exact, ""}, "11"));
  EXPECT_TRUE(cgroup_value_holds({"", "memory.max", "104857700", C::Bytes, ""}, "104857600"));
  EXPECT_FALSE(cgroup_value_holds({"", "memory.max", "104857600", C::Bytes, ""}, "209715200"));
  EXPECT_TRUE(cgroup_value_holds({"", "memory.max", "max", C::Bytes, ""}, "9223372036854771712"));
  EXPECT_FALSE(cgroup_value_holds({"", "memory.max", "max", C::Bytes, ""}, "104857600"));
  EXPECT_TRUE(cgroup_value_holds({"", "cpuset.cpus", "0,1", C::Cpus, ""}, "0-1"));
  EXPECT_TRUE(cgroup_value_holds({"", "cpu.max", "50000 *", C::CpuMax, ""}, "50000 100000"));
  EXPECT_FALSE(cgroup_value_holds({"", "cpu.max", "50000 100000", C::CpuMax, ""}, "max 100000"));
  EXPECT_TRUE(cgroup_value_holds({"", "devices.list", std::nullopt, C::Exact, ""}, "anything"));
}

TEST(VerifyParse, PathsToProbeCoverConfigMasksAndMountPoints) {
  testing::Scene s;
  auto paths = paths_to_probe(s.e, s.c.mounts);
  for (const char* p : {"/", "/proc/keys", "/proc/sys", "/dev/shm", "/sys/fs/cgroup/pids", "/proc/sched_debug",
                        "/dev/null", "/dev/console"})
    EXPECT_NE(std::find(paths.begin(), paths.end(), p), paths.end()) << p;
  EXPECT_TRUE(std::is_sorted(paths.begin(), paths.end()));
}

}  // namespace
}  // namespace rampart::verify
