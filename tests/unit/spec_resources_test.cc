// linux.resources: parsing every field, validation of bad values, update's merge, JSON round trip.
#include <gtest/gtest.h>

#include "spec/parse.h"
#include "spec/resources.h"

using namespace rampart;
using namespace rampart::spec;

namespace {

// containerd's CRI UpdateContainerResources body, as its shim pipes it to `update -r -`.
constexpr const char* kContainerdUpdate = R"({
  "devices": null,
  "memory": {"limit": 268435456, "reservation": 134217728, "swap": 536870912, "swappiness": null},
  "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0", "mems": ""},
  "pids": null,
  "blockIO": null,
  "hugepageLimits": [{"pageSize": "2MB", "limit": 0}],
  "unified": {"memory.high": "200000000"}
})";

std::string message_of(const auto& r) { return r ? std::string("(success)") : r.error().message(); }

}  // namespace

TEST(SpecResources, EveryField) {
  auto r = parse_resources(R"({
    "devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rw"}],
    "memory": {"limit": 1000000, "reservation": 500000, "swap": 2000000, "kernel": 1, "kernelTCP": 2,
               "swappiness": 10, "disableOOMKiller": true, "useHierarchy": true, "checkBeforeUpdate": true},
    "cpu": {"shares": 100, "quota": 2000, "burst": 1000, "period": 10000, "realtimeRuntime": 5,
            "realtimePeriod": 10, "cpus": "0-1", "mems": "0", "idle": 1},
    "pids": {"limit": 9},
    "blockIO": {"weight": 100, "leafWeight": 50,
                "weightDevice": [{"major": 8, "minor": 0, "weight": 200, "leafWeight": 20}],
                "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1}],
                "throttleWriteBpsDevice": [{"major": 8, "minor": 0, "rate": 2}],
                "throttleReadIOPSDevice": [{"major": 8, "minor": 0, "rate": 3}],
                "throttleWriteIOPSDevice": [{"major": 8, "minor": 0, "rate": 4}]},
    "hugepageLimits": [{"pageSize": "2MB", "limit": 2097152}],
    "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 5}]},
    "rdma": {"mlx5_0": {"hcaHandles": 3, "hcaObjects": 10000}},
    "unified": {"io.max": "8:0 rbps=1"}
  })");
  ASSERT_TRUE(r) << message_of(r);
  EXPECT_TRUE(r->devices_given);
  ASSERT_EQ(r->devices.size(), 2u);
  EXPECT_EQ(r->devices[0].type, "a");
  EXPECT_EQ(r->memory_reservation, 500000);
  EXPECT_EQ(r->memory_kernel_tcp, 2);
  EXPECT_EQ(r->memory_swappiness, 10u);
  EXPECT_EQ(r->memory_disable_oom_killer, true);
  EXPECT_EQ(r->memory_check_before_update, true);
  EXPECT_EQ(r->cpu_burst, 1000u);
  EXPECT_EQ(r->cpu_realtime_runtime, 5);
  EXPECT_EQ(r->cpu_realtime_period, 10u);
  EXPECT_EQ(r->cpu_idle, 1);
  EXPECT_EQ(r->blkio_weight, 100);
  ASSERT_EQ(r->blkio_weight_device.size(), 1u);
  EXPECT_EQ(r->blkio_weight_device[0].leaf_weight, 20);
  EXPECT_EQ(r->blkio_throttle_write_iops.at(0).rate, 4u);
  EXPECT_EQ(r->hugepage_limits.at(0).page_size, "2MB");
  EXPECT_EQ(r->network_class_id, 1048577u);
  EXPECT_EQ(r->network_priorities.at(0).priority, 5u);
  EXPECT_EQ(r->rdma.at("mlx5_0").hca_objects, 10000u);
  EXPECT_EQ(r->unified.at("io.max"), "8:0 rbps=1");
}

TEST(SpecResources, ContainerdUpdateBody) {
  auto r = parse_resources(kContainerdUpdate);
  ASSERT_TRUE(r) << message_of(r);
  EXPECT_FALSE(r->devices_given) << "null devices leave the rules alone";
  EXPECT_EQ(r->memory_limit, 268435456);
  EXPECT_FALSE(r->memory_swappiness);
  EXPECT_FALSE(r->pids_limit);
  EXPECT_EQ(r->cpuset_cpus, "0");
  EXPECT_TRUE(r->cpuset_mems.empty());
}

TEST(SpecResources, BadValuesAreClearErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"memory": {"limit": -2}})", "memory.limit: -2 is negative"},
      {R"({"memory": {"limit": 100, "swap": 50}})", "memory.swap: memory+swap 50 is below"},
      {R"({"memory": {"swappiness": 101}})", "memory.swappiness: 101 is above 100"},
      {R"({"cpu": {"shares": 1}})", "cpu.shares: 1 is outside 2..262144"},
      {R"({"cpu": {"shares": 10000000}})", "cpu.shares"},
      {R"({"cpu": {"period": 10}})", "cpu.period: 10 is outside 1000..1000000"},
      {R"({"cpu": {"quota": 5}})", "cpu.quota: 5 is below 1000"},
      {R"({"cpu": {"quota": -7}})", "cpu.quota"},
      {R"({"cpu": {"idle": 2}})", "cpu.idle: 2 is not 0 or 1"},
      {R"({"cpu": {"cpus": "0-3; rm -rf"}})", "cpu.cpus"},
      {R"({"pids": {"limit": -5}})", "pids.limit: -5 is negative"},
      {R"({"blockIO": {"weight": 5}})", "blockIO.weight: 5 is outside 10..1000"},
      {R"({"blockIO": {"weightDevice": [{"major": -1, "minor": 0, "weight": 100}]}})", "weightDevice[0]"},
      {R"({"hugepageLimits": [{"pageSize": "2M", "limit": 1}]})", "pageSize: \"2M\" is not a page size"},
      {R"({"hugepageLimits": [{"pageSize": "../2MB", "limit": 1}]})", "pageSize"},
      {R"({"unified": {"../cgroup.procs": "1"}})", "is not a cgroup v2 file name"},
      {R"({"unified": {"memorymax": "1"}})", "is not a cgroup v2 file name"},
      {R"({"unified": {"memory.max/x": "1"}})", "is not a cgroup v2 file name"},
      {R"({"devices": [{"allow": true, "type": "p"}]})", "devices[0].type: \"p\" is not a device rule type"},
      {R"({"devices": [{"allow": true, "type": "c", "access": "rwx"}]})", "devices[0].access"},
      {R"({"devices": [{"allow": true, "type": "c", "major": 99999999}]})", "devices[0].major"},
      {R"({"memory": {"limit": "1G"}})", "memory.limit: expected an integer"},
      {R"({"pids": {"limit": 18446744073709551615}})", "pids.limit"},
      {R"([])", "expected a JSON object"},
      {R"({)", "malformed JSON"},
  };
  for (const auto& [json, want] : cases) {
    auto r = parse_resources(json);
    ASSERT_FALSE(r) << json;
    EXPECT_NE(r.error().message().find(want), std::string::npos) << json << " -> " << r.error().message();
  }
}

TEST(SpecResources, ConfigErrorsNameTheConfigField) {
  auto c = parse_config(R"({"ociVersion": "1.2.0", "root": {"path": "rootfs"},
                            "linux": {"resources": {"cpu": {"shares": 1}}}})");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message().find("linux.resources.cpu.shares"), std::string::npos) << c.error().message();
}

TEST(SpecResources, MergeKeepsWhatTheUpdateDoesNotSet) {
  Resources cur;
  cur.memory_limit = 100 << 20;
  cur.memory_swap = 200 << 20;
  cur.cpu_quota = 50000;
  cur.cpu_period = 100000;
  cur.pids_limit = 10;
  cur.devices = {{false, "a", std::nullopt, std::nullopt, "rwm"}};
  cur.blkio_throttle_read_bps = {{8, 0, 1}, {8, 16, 2}};
  cur.unified = {{"memory.high", "1"}, {"memory.low", "2"}};
  Resources up;
  up.memory_limit = 150 << 20;
  up.cpu_quota = 20000;  // the period stays
  up.blkio_throttle_read_bps = {{8, 16, 5}, {9, 0, 6}};
  up.unified = {{"memory.high", "3"}};
  const Resources m = merge_resources(cur, up);
  EXPECT_EQ(m.memory_limit, 150 << 20);
  EXPECT_EQ(m.memory_swap, 200 << 20);
  EXPECT_EQ(m.cpu_quota, 20000);
  EXPECT_EQ(m.cpu_period, 100000u);
  EXPECT_EQ(m.pids_limit, 10);
  EXPECT_EQ(m.devices.size(), 1u) << "no devices in the update: the rules stay";
  ASSERT_EQ(m.blkio_throttle_read_bps.size(), 3u);
  EXPECT_EQ(m.blkio_throttle_read_bps[1].rate, 5u) << "updated in place";
  EXPECT_EQ(m.blkio_throttle_read_bps[2].major, 9) << "appended";
  EXPECT_EQ(m.unified.at("memory.high"), "3");
  EXPECT_EQ(m.unified.at("memory.low"), "2");
  up.devices_given = true;  // an explicit (empty) list replaces the rules
  EXPECT_TRUE(merge_resources(cur, up).devices.empty());
}

TEST(SpecResources, JsonRoundTrip) {
  auto r = parse_resources(kContainerdUpdate);
  ASSERT_TRUE(r);
  auto back = parse_resources(resources_to_json(*r));
  ASSERT_TRUE(back) << message_of(back) << "\n" << resources_to_json(*r);
  EXPECT_EQ(resources_to_json(*back), resources_to_json(*r));
  EXPECT_EQ(back->memory_reservation, 134217728);
  EXPECT_EQ(back->hugepage_limits.size(), 1u);
  EXPECT_EQ(back->unified.at("memory.high"), "200000000");
  EXPECT_FALSE(back->devices_given);
}
