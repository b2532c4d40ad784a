// linux.resources in real containers on this host's cgroups, `update`, `events`, pause/resume,
// a fast `delete -f`, device rules (v1 here, and cgroup v2 in a private mount namespace), and
// the cgroup namespace. Values are read inside the container (its cgroup mount) or on the host.
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/vfs.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "harness.h"
#include "host_fs.h"

using namespace rampart::testing;
using nlohmann::json;

namespace {

bool hybrid_host() {
  return fs_is("/sys/fs/cgroup", TMPFS_MAGIC) && fs_is("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC) &&
         fs_is("/sys/fs/cgroup/memory", CGROUP_SUPER_MAGIC);
}

#define NEED_HYBRID() \
  if (!hybrid_host()) GTEST_SKIP() << "written for a hybrid cgroup host (v1 controllers + cgroup2)"

// The container's cgroup on the host, in the v1 hierarchy of `controller`.
std::string host_cgroup(Bundle& b, const std::string& controller) {
  return "/sys/fs/cgroup/" + controller + "/rampart-it/" + b.id();
}

void place_cgroup(Bundle& b) { b.config()["linux"]["cgroupsPath"] = "/rampart-it/" + b.id(); }

void start_sleeper(Bundle& b) {
  b.set_args({"/bin/sleep", "600"});
  place_cgroup(b);
  Result r = b.run({"run", "-d", "--bundle", b.dir().string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
}

std::string host_value(const std::string& dir, const std::string& file) { return chomp(read_file(dir + "/" + file)); }

// Runs `sh -c script` in the container and returns what it printed.
Result run_sh(Bundle& b, const std::string& script) {
  b.set_args({"/bin/sh", "-c", script});
  place_cgroup(b);
  return b.run_container();
}

}  // namespace

// ---- resources at create ----

TEST(Resources, ReservationSwappinessAndOomKillerVisible) {
  NEED_HYBRID();
  Bundle b;
  b.config()["linux"]["resources"]["memory"] = {
      {"limit", 64 << 20}, {"reservation", 32 << 20}, {"swappiness", 10}, {"disableOOMKiller", true}};
  Result r = run_sh(b, "cd /sys/fs/cgroup/memory && cat memory.limit_in_bytes memory.soft_limit_in_bytes "
                       "memory.swappiness && grep oom_kill_disable memory.oom_control");
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, std::to_string(64 << 20) + "\n" + std::to_string(32 << 20) + "\n10\noom_kill_disable 1\n");
}

TEST(Resources, PidsLimitStopsAFork) {
  NEED_HYBRID();
  Bundle b;
  b.config()["linux"]["resources"]["pids"] = {{"limit", 4}};
  Result r = run_sh(b, "cat /sys/fs/cgroup/pids/pids.max; for i in 1 2 3 4 5 6; do sleep 5 & done; echo forked");
  EXPECT_TRUE(r.out.starts_with("4\n")) << r;
  EXPECT_NE((r.out + r.err).find("can't fork"), std::string::npos) << r;
}

TEST(Resources, CpuQuotaSharesAndCpusetVisible) {
  NEED_HYBRID();
  Bundle b;
  b.config()["linux"]["resources"]["cpu"] = {{"shares", 512}, {"quota", 25000}, {"period", 50000}, {"cpus", "0"}};
  Result r = run_sh(b, "cd /sys/fs/cgroup && cat cpu/cpu.shares cpu/cpu.cfs_quota_us cpu/cpu.cfs_period_us "
                       "cpuset/cpuset.cpus");
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "512\n25000\n50000\n0\n");
}

TEST(Resources, OverTheMemoryLimitIsOomKilledAndEventsReportsIt) {
  NEED_HYBRID();
  Bundle b;
  b.config()["linux"]["resources"]["memory"] = {{"limit", 16 << 20}, {"swap", 16 << 20}};
  // The shell waits for `events` to be listening, then a child touches 128 MiB.
  b.set_args({"/bin/sh", "-c", "sleep 1; dd if=/dev/zero of=/dev/null bs=128M count=1; sleep 1"});
  place_cgroup(b);
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  std::vector<std::string> argv = runtime_argv();
  argv.insert(argv.end(), {"--root", b.state_root().string(), "events", "--interval", "300ms", b.id()});
  Result events;
  std::thread watcher([&] { events = run_command(argv, {.timeout = 30s}); });
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(b.start().exit_code, 0);
  watcher.join();
  EXPECT_EQ(events.exit_code, 0) << events;
  EXPECT_NE(events.out.find("{\"type\":\"oom\",\"id\":\"" + b.id() + "\"}"), std::string::npos) << events;
  // Every line is one JSON event.
  size_t stats = 0;
  for (size_t pos = 0; pos < events.out.size();) {
    const size_t nl = events.out.find('\n', pos);
    const json e = json::parse(events.out.substr(pos, nl - pos));
    EXPECT_TRUE(e["type"] == "stats" || e["type"] == "oom") << e;
    stats += e["type"] == "stats";
    pos = nl == std::string::npos ? events.out.size() : nl + 1;
  }
  EXPECT_GE(stats, 1u);
  EXPECT_NE(b.container_output().find("Killed"), std::string::npos) << b.container_output();
}

TEST(Resources, UnavailableResourceIsAClearErrorAndLeavesNothing) {
  NEED_HYBRID();
  if (fs::exists("/sys/fs/cgroup/net_cls")) GTEST_SKIP() << "this host has net_cls";
  Bundle b;
  b.config()["linux"]["resources"]["network"] = {{"classID", 1048577}};
  Result r = run_sh(b, "true");
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("network.classID"), std::string::npos) << r;
  EXPECT_NE(r.err.find("\"net_cls\" is not mounted"), std::string::npos) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Resources, BlkioWeightAndThrottleVisible) {
  NEED_HYBRID();
  Bundle b;
  const std::string weight_file = fs::exists("/sys/fs/cgroup/blkio/rampart") &&
                                          fs::exists("/sys/fs/cgroup/blkio/rampart/blkio.bfq.weight")
                                      ? "blkio.bfq.weight"
                                      : "blkio.weight";
  b.config()["linux"]["resources"]["blockIO"] = {
      {"weight", 300}, {"throttleReadBpsDevice", {{{"major", 7}, {"minor", 0}, {"rate", 1048576}}}}};
  Result r = run_sh(b, "cd /sys/fs/cgroup/blkio && cat " + weight_file + " blkio.throttle.read_bps_device");
  if (r.exit_code != 0 && r.err.find("proportional weight") != std::string::npos)
    GTEST_SKIP() << "no CFQ/BFQ weights on this kernel: " << r.err;
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("300"), std::string::npos) << r;
  EXPECT_NE(r.out.find("7:0 1048576"), std::string::npos) << r;
}

TEST(Resources, BadValuesAreRefusedBeforeAnythingStarts) {
  for (const json& bad : {json{{"memory", {{"limit", -5}}}}, json{{"cpu", {{"shares", 1}}}},
                          json{{"unified", {{"../../x", "1"}}}},
                          json{{"devices", {{{"allow", true}, {"type", "p"}, {"access", "rwm"}}}}}}) {
    Bundle b;
    b.config()["linux"]["resources"] = bad;
    Result r = run_sh(b, "true");
    EXPECT_EQ(r.exit_code, 1) << bad << r;
    EXPECT_NE(r.err.find("linux.resources"), std::string::npos) << bad << r;
  }
}

// ---- update ----

TEST(Update, ChangesLiveLimitsWithFlags) {
  NEED_HYBRID();
  Bundle b;
  b.config()["linux"]["resources"] = {{"memory", {{"limit", 64 << 20}}}, {"pids", {{"limit", 20}}}};
  start_sleeper(b);
  Result u = b.run({"update", "--memory", "128m", "--pids-limit", "50", "--cpu-quota", "30000", "--cpu-period",
                    "60000", b.id()});
  ASSERT_EQ(u.exit_code, 0) << u;
  EXPECT_EQ(u.out + u.err, "") << "silent on success (go-runc merges the streams)";
  EXPECT_EQ(host_value(host_cgroup(b, "memory"), "memory.limit_in_bytes"), std::to_string(128 << 20));
  EXPECT_EQ(host_value(host_cgroup(b, "pids"), "pids.max"), "50");
  EXPECT_EQ(host_value(host_cgroup(b, "cpu"), "cpu.cfs_quota_us"), "30000");
  EXPECT_EQ(host_value(host_cgroup(b, "cpu"), "cpu.cfs_period_us"), "60000");
  // A second update merges into the first: only the quota changes, the period stays.
  ASSERT_EQ(b.run({"update", "--cpu-quota", "20000", b.id()}).exit_code, 0);
  EXPECT_EQ(host_value(host_cgroup(b, "cpu"), "cpu.cfs_quota_us"), "20000");
  EXPECT_EQ(host_value(host_cgroup(b, "cpu"), "cpu.cfs_period_us"), "60000");
  // events --stats reflects the new limit.
  Result e = b.run({"events", "--stats", b.id()});
  ASSERT_EQ(e.exit_code, 0) << e;
  EXPECT_EQ(json::parse(e.out)["data"]["memory"]["usage"]["limit"], 128 << 20);
}

TEST(Update, ContainerdJsonOnStdin) {
  NEED_HYBRID();
  Bundle b;
  b.config()["linux"]["resources"] = {{"memory", {{"limit", 64 << 20}}}};
  start_sleeper(b);
  // What containerd's shim pipes for CRI UpdateContainerResources.
  const std::string body = R"({"devices":null,"memory":{"limit":100663296,"reservation":50331648,"swap":201326592},)"
                           R"("cpu":{"shares":256,"quota":40000,"period":100000,"cpus":"0","mems":""},)"
                           R"("pids":null,"blockIO":null,"hugepageLimits":null,"unified":null})";
  Result u = b.run({"update", "--resources", "-", b.id()}, {.input = body});
  ASSERT_EQ(u.exit_code, 0) << u;
  const std::string mem = host_cgroup(b, "memory");
  EXPECT_EQ(host_value(mem, "memory.limit_in_bytes"), "100663296");
  EXPECT_EQ(host_value(mem, "memory.soft_limit_in_bytes"), "50331648");
  EXPECT_EQ(host_value(mem, "memory.memsw.limit_in_bytes"), "201326592");
  EXPECT_EQ(host_value(host_cgroup(b, "cpu"), "cpu.shares"), "256");
  EXPECT_EQ(host_value(host_cgroup(b, "cpu"), "cpu.cfs_quota_us"), "40000");
  EXPECT_EQ(host_value(host_cgroup(b, "cpuset"), "cpuset.cpus"), "0");
  // -r FILE works the same; `-r=-` too.
  std::ofstream(b.tmp() / "res.json") << R"({"pids":{"limit":77}})";
  ASSERT_EQ(b.run({"update", "-r", (b.tmp() / "res.json").string(), b.id()}).exit_code, 0);
  EXPECT_EQ(host_value(host_cgroup(b, "pids"), "pids.max"), "77");
  ASSERT_EQ(b.run({"update", "-r=-", b.id()}, {.input = R"({"pids":{"limit":78}})"}).exit_code, 0);
  EXPECT_EQ(host_value(host_cgroup(b, "pids"), "pids.max"), "78");
}

TEST(Update, AFailedUpdateKeepsTheOldValues) {
  NEED_HYBRID();
  Bundle b;
  b.config()["linux"]["resources"] = {{"memory", {{"limit", 64 << 20}}}, {"cpu", {{"shares", 1024}}}};
  start_sleeper(b);
  // Memory and shares are written before cpuset; the kernel refuses CPU 4095, and what was
  // already written is put back.
  Result u = b.run({"update", "-r", "-", b.id()},
                   {.input = R"({"memory":{"limit":134217728},"cpu":{"shares":512,"cpus":"4095"}})"});
  EXPECT_EQ(u.exit_code, 1) << u;
  EXPECT_NE(u.err.find("cpuset.cpus"), std::string::npos) << u;
  EXPECT_EQ(host_value(host_cgroup(b, "memory"), "memory.limit_in_bytes"), std::to_string(64 << 20));
  EXPECT_EQ(host_value(host_cgroup(b, "cpu"), "cpu.shares"), "1024");
  // A later good update merges with the old values, not the failed ones.
  ASSERT_EQ(b.run({"update", "--pids-limit", "30", b.id()}).exit_code, 0);
  EXPECT_EQ(host_value(host_cgroup(b, "memory"), "memory.limit_in_bytes"), std::to_string(64 << 20));
}

TEST(Update, BadInputIsAClearError) {
  NEED_HYBRID();
  Bundle b;
  start_sleeper(b);
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"update", "--memory", "lots", b.id()}, "--memory"},
      {{"update", "--pids-limit", "-7", b.id()}, "pids.limit"},
      {{"update", "--cpu-period", "5", b.id()}, "cpu.period"},
      {{"update", "--l3-cache-schema", "L3:0=f", b.id()}, "Intel RDT"},
  };
  for (const auto& [argv, want] : cases) {
    Result r = b.run(argv);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_NE(r.err.find(want), std::string::npos) << r;
  }
  Result r = b.run({"update", "-r", "-", b.id()}, {.input = R"({"unified":{"bogus.key":"1"}})"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("bogus.key"), std::string::npos) << r;
  r = b.run({"update", "-r", "-", b.id()}, {.input = "{not json"});
  EXPECT_EQ(r.exit_code, 1) << r;
  r = b.run({"update", "--memory", "1g", "nosuchcontainer"});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r;
}

TEST(Update, StoppedContainerIsNotRunning) {
  NEED_HYBRID();
  Bundle b({"/bin/true"});
  place_cgroup(b);
  ASSERT_EQ(b.create().exit_code, 0);
  ASSERT_EQ(b.start().exit_code, 0);
  ASSERT_EQ(b.wait_status("stopped"), "stopped");
  Result r = b.run({"update", "--memory", "1g", b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("container not running"), std::string::npos) << r;
}

// ---- events, pause ----

TEST(Events, StatsIsOneValidJsonLineWithEveryGroup) {
  NEED_HYBRID();
  Bundle b;
  b.config()["linux"]["resources"] = {{"memory", {{"limit", 64 << 20}}}, {"pids", {{"limit", 40}}}};
  start_sleeper(b);
  Result e = b.run({"events", "--stats", b.id()});
  ASSERT_EQ(e.exit_code, 0) << e;
  ASSERT_EQ(std::count(e.out.begin(), e.out.end(), '\n'), 1) << e.out;
  const json j = json::parse(e.out);
  EXPECT_EQ(j["type"], "stats");
  EXPECT_EQ(j["id"], b.id());
  for (const char* group : {"cpu", "cpuset", "memory", "pids", "blkio", "hugetlb", "intel_rdt", "network_interfaces"})
    EXPECT_TRUE(j["data"].contains(group)) << group << " missing: " << j;
  EXPECT_EQ(j["data"]["pids"]["current"], 1);
  EXPECT_EQ(j["data"]["pids"]["limit"], 40);
  EXPECT_GT(j["data"]["cpu"]["usage"]["total"].get<uint64_t>(), 0u);
  EXPECT_EQ(j["data"]["memory"]["usage"]["limit"], 64 << 20);
  EXPECT_FALSE(j["data"]["cpuset"]["cpus"].empty());
  // The container has a network namespace: its loopback is reported.
  ASSERT_TRUE(j["data"]["network_interfaces"].is_array()) << j;
  EXPECT_EQ(j["data"]["network_interfaces"][0]["Name"], "lo");
}

TEST(Events, StreamEndsWhenTheContainerStops) {
  NEED_HYBRID();
  Bundle b({"/bin/sleep", "2"});
  place_cgroup(b);
  ASSERT_EQ(b.create().exit_code, 0);
  ASSERT_EQ(b.start().exit_code, 0);
  const auto t0 = std::chrono::steady_clock::now();
  Result e = b.run({"events", "--interval", "500ms", b.id()}, {.timeout = 20s});
  EXPECT_EQ(e.exit_code, 0) << e;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_GE(std::count(e.out.begin(), e.out.end(), '\n'), 1) << e;
  Result after = b.run({"events", "--stats", b.id()});
  EXPECT_EQ(after.exit_code, 1);
  EXPECT_NE(after.err.find("is not running"), std::string::npos) << after;
  EXPECT_EQ(b.run({"events", "--interval", "0s", b.id()}).exit_code, 1);
}

TEST(Events, PauseAndResume) {
  NEED_HYBRID();
  Bundle b;
  start_sleeper(b);
  ASSERT_EQ(b.run({"pause", b.id()}).exit_code, 0);
  EXPECT_EQ(b.status(), "paused");
  EXPECT_EQ(host_value(host_cgroup(b, "freezer"), "freezer.state"), "FROZEN");
  Result e = b.run({"events", "--stats", b.id()});
  EXPECT_EQ(e.exit_code, 0) << "stats of a paused container: " << e;
  ASSERT_EQ(b.run({"resume", b.id()}).exit_code, 0);
  EXPECT_EQ(b.status(), "running");
  EXPECT_EQ(host_value(host_cgroup(b, "freezer"), "freezer.state"), "THAWED");
}

// ---- delete ----

TEST(Delete, ForceWithTwentyExecsIsFastAndLeavesNoCgroup) {
  NEED_HYBRID();
  Bundle b;
  start_sleeper(b);
  for (int i = 0; i < 20; ++i) {
    Result x = b.run({"exec", "-d", b.id(), "/bin/sleep", "600"});
    ASSERT_EQ(x.exit_code, 0) << x;
  }
  Result ps = b.run({"ps", "--format", "json", b.id()});
  ASSERT_EQ(json::parse(ps.out).size(), 21u) << ps;
  const auto t0 = std::chrono::steady_clock::now();
  Result d = b.remove(true);
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_EQ(d.exit_code, 0) << d;
  EXPECT_LT(took, 1s) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  for (const char* h : {"memory", "pids", "cpu", "cpuset", "devices", "freezer", "blkio", "systemd", "unified"})
    EXPECT_FALSE(fs::exists("/sys/fs/cgroup/" + std::string(h) + "/rampart-it/" + b.id())) << h;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Delete, PausedAndCreatedContainers) {
  NEED_HYBRID();
  Bundle paused;
  start_sleeper(paused);
  ASSERT_EQ(paused.run({"exec", "-d", paused.id(), "/bin/sleep", "600"}).exit_code, 0);
  ASSERT_EQ(paused.run({"pause", paused.id()}).exit_code, 0);
  Result d = paused.remove(true);
  EXPECT_EQ(d.exit_code, 0) << d;
  EXPECT_TRUE(paused.leftovers().empty());
  Bundle created({"/bin/sleep", "600"});
  place_cgroup(created);
  ASSERT_EQ(created.create().exit_code, 0);
  d = created.remove(false);  // a created container is killed even without --force
  EXPECT_EQ(d.exit_code, 0) << d;
  EXPECT_TRUE(created.leftovers().empty());
}
