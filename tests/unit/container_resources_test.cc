// The library side of `update` and `events`: runc's flag parsing, the writes an update makes,
// the event JSON and the parsers behind it. No container is started here (see
// tests/integration/resources_test.cc).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "container/events.h"
#include "container/update.h"

using namespace rampart;
using namespace rampart::container;
using namespace std::chrono_literals;

TEST(UpdateFlags, RamSizesLikeDockerUnits) {
  EXPECT_EQ(*parse_ram_size("1024"), 1024);
  EXPECT_EQ(*parse_ram_size("512k"), 512 * 1024);
  EXPECT_EQ(*parse_ram_size("512KB"), 512 * 1024);
  EXPECT_EQ(*parse_ram_size("64m"), 64 << 20);
  EXPECT_EQ(*parse_ram_size("64MiB"), 64 << 20);
  EXPECT_EQ(*parse_ram_size("1.5g"), (int64_t{3} << 30) / 2);
  EXPECT_EQ(*parse_ram_size("2G"), int64_t{2} << 30);
  for (const char* bad : {"", "m", "-5", "12q", "1e9", "9999999999999p"}) EXPECT_FALSE(parse_ram_size(bad)) << bad;
}

TEST(UpdateFlags, RuncFlagsBecomeResources) {
  UpdateOptions o;
  o.memory = "256m";
  o.memory_swap = "-1";
  o.cpu_quota = "-1";
  o.cpu_period = "100000";
  o.cpu_shares = "512";
  o.cpuset_cpus = "0";
  o.pids_limit = "20";
  o.blkio_weight = "0";
  auto r = update_request(o);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->memory_limit, 256 << 20);
  EXPECT_EQ(r->memory_swap, -1);
  EXPECT_EQ(r->cpu_quota, -1);
  EXPECT_EQ(r->cpu_period, 100000u);
  EXPECT_EQ(r->cpu_shares, 512u);
  EXPECT_EQ(r->cpuset_cpus, "0");
  EXPECT_EQ(r->pids_limit, 20);
  EXPECT_FALSE(r->blkio_weight) << "runc: weight 0 means not given";
  EXPECT_FALSE(r->memory_reservation);
}

TEST(UpdateFlags, BadFlagsAreNamed) {
  const std::pair<std::string UpdateOptions::*, const char*> unused{};
  (void)unused;
  UpdateOptions o;
  o.memory = "lots";
  EXPECT_NE(update_request(o).error().message().find("--memory"), std::string::npos);
  o = {};
  o.cpu_period = "-3";
  EXPECT_NE(update_request(o).error().message().find("--cpu-period"), std::string::npos);
  o = {};
  o.pids_limit = "-9";
  EXPECT_NE(update_request(o).error().message().find("pids.limit"), std::string::npos);
  o = {};
  o.blkio_weight = "5000";
  EXPECT_NE(update_request(o).error().message().find("--blkio-weight"), std::string::npos);
  o = {};
  o.l3_cache_schema = "L3:0=f";
  EXPECT_NE(update_request(o).error().message().find("Intel RDT"), std::string::npos);
}

TEST(UpdateFlags, ResourcesJsonWinsOverFlags) {
  UpdateOptions o;
  o.resources_file = "-";
  o.resources_json = R"({"pids": {"limit": 7}})";
  o.memory = "1g";  // ignored, as runc ignores every flag with -r
  auto r = update_request(o);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->pids_limit, 7);
  EXPECT_FALSE(r->memory_limit);
  o.resources_json = R"({"unified": {"cgroup.procs/../x": "1"}})";
  EXPECT_FALSE(update_request(o));
}

TEST(UpdateWrites, PartnersComeAlong) {
  spec::Resources merged;
  merged.memory_limit = 100;
  merged.memory_swap = 300;
  merged.cpu_quota = 2000;
  merged.cpu_period = 10000;
  merged.pids_limit = 4;
  merged.devices = {{false, "a", std::nullopt, std::nullopt, "rwm"}};
  spec::Resources q;
  q.memory_limit = 100;
  q.cpu_period = 10000;
  const auto w = update_writes(merged, q);
  EXPECT_EQ(w.memory_swap, 300) << "a memory limit is converted with its swap";
  EXPECT_EQ(w.cpu_quota, 2000) << "a period is written with its quota (v2 cpu.max holds both)";
  EXPECT_FALSE(w.pids_limit) << "untouched fields are not rewritten";
  EXPECT_TRUE(w.devices.empty()) << "device rules only when the update gives them";
  spec::Resources unlimited;
  unlimited.memory_limit = -1;
  EXPECT_EQ(update_writes(unlimited, unlimited).memory_swap, 0) << "runc's fix-up for --memory -1";
}

TEST(EventsFormat, StatsEventHasRuncLayout) {
  cgroup::Stats s;
  s.cpu.total = 123;
  s.cpu.user = 100;
  s.cpu.kernel = 23;
  s.cpu.percpu = {60, 63};
  s.memory.usage = {1 << 20, 4096, 8192, 0};
  s.memory.cache = 10;
  s.memory.raw = {{"rss", 5}};
  s.pids = {3, 20};
  s.blkio.service_bytes = {{8, 0, "Read", 512}};
  s.hugetlb["2MB"] = {0, 0, 0};
  const auto j = nlohmann::json::parse(stats_event("c1", s, {{"eth0", 1, 2, 0, 0, 3, 4, 0, 0}}));
  EXPECT_EQ(j["type"], "stats");
  EXPECT_EQ(j["id"], "c1");
  const auto& d = j["data"];
  EXPECT_EQ(d["cpu"]["usage"]["total"], 123);
  EXPECT_EQ(d["cpu"]["usage"]["percpu"].size(), 2u);
  EXPECT_FALSE(d["cpu"].contains("throttling")) << "omitzero, as runc";
  EXPECT_EQ(d["memory"]["usage"]["limit"], 1 << 20);
  EXPECT_EQ(d["memory"]["usage"]["usage"], 4096);
  EXPECT_EQ(d["memory"]["usage"]["failcnt"], 0);
  EXPECT_FALSE(d["memory"].contains("swap"));
  EXPECT_EQ(d["memory"]["raw"]["rss"], 5);
  EXPECT_EQ(d["pids"]["current"], 3);
  EXPECT_EQ(d["pids"]["limit"], 20);
  EXPECT_EQ(d["blkio"]["ioServiceBytesRecursive"][0]["op"], "Read");
  EXPECT_EQ(d["hugetlb"]["2MB"]["failcnt"], 0);
  EXPECT_TRUE(d["intel_rdt"].is_object());
  EXPECT_EQ(d["network_interfaces"][0]["Name"], "eth0");
  EXPECT_EQ(d["network_interfaces"][0]["TxBytes"], 3);
  EXPECT_TRUE(d["cpuset"].contains("cpu_exclusive"));
  const auto oom = nlohmann::json::parse(oom_event("c1"));
  EXPECT_EQ(oom, (nlohmann::json{{"type", "oom"}, {"id", "c1"}}));
  const auto none = nlohmann::json::parse(stats_event("c1", {}, {}));
  EXPECT_TRUE(none["data"]["network_interfaces"].is_null());
}

TEST(EventsFormat, NetDev) {
  const auto n = parse_net_dev(
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
      "    lo:     100       2    0    0    0     0          0         0      100       2    0    0    0     0       0          0\n"
      "  eth0: 9000000   12345    1    2    0     0          0         0  8000000    5432    3    4    0     0       0          0\n");
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[1].name, "eth0");
  EXPECT_EQ(n[1].rx_bytes, 9000000u);
  EXPECT_EQ(n[1].rx_packets, 12345u);
  EXPECT_EQ(n[1].rx_errors, 1u);
  EXPECT_EQ(n[1].rx_dropped, 2u);
  EXPECT_EQ(n[1].tx_bytes, 8000000u);
  EXPECT_EQ(n[1].tx_dropped, 4u);
}

TEST(EventsFormat, IntervalIsAGoDuration) {
  EXPECT_EQ(*parse_interval("5s"), 5000ms);
  EXPECT_EQ(*parse_interval("100ms"), 100ms);
  EXPECT_EQ(*parse_interval("1m30s"), 90000ms);
  EXPECT_EQ(*parse_interval("1.5h"), 5400000ms);
  EXPECT_EQ(*parse_interval("500us"), 1ms) << "rounded up to the timer's resolution";
  for (const char* bad : {"", "5", "0s", "-1s", "5x", "s"}) EXPECT_FALSE(parse_interval(bad)) << bad;
  EXPECT_NE(parse_interval("0s").error().message().find("greater than 0"), std::string::npos);
}
