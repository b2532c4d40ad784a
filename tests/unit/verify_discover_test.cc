// The state formats verify reads to find containers: runc's state.json, crun's status,
// rampart's own state.json, a bundle directory's pid file; and a state root laid out on disk.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "container/discover.h"

namespace rampart::container {
namespace {

namespace fs = std::filesystem;

// As runc 1.1.5 writes it (the libcontainer config trimmed).
constexpr const char* kRunc = R"({"id":"vr1","init_process_pid":3168,"init_process_start":427356,
  "created":"2026-12-01T12:17:45.048407859Z","config":{"rootfs":"/tmp/vx/rootfs","labels":["bundle=/tmp/vx/b"]},
  "rootless":false,"cgroup_paths":{"":"/sys/fs/cgroup/unified/vr1","memory":"/sys/fs/cgroup/memory/vr1",
  "pids":"/sys/fs/cgroup/pids/vr1"},"namespace_paths":{"NEWNS":"/proc/3168/ns/mnt"}})";
// As crun 1.8.1 writes it.
constexpr const char* kCrun = R"({
    "pid": 3674,
    "process-start-time": 428582,
    "cgroup-path": "/vc1",
    "scope": "",
    "rootfs": "/tmp/vx/rootfs",
    "systemd-cgroup": false,
    "bundle": "/tmp/vx/b",
    "created": "2026-12-01T12:17:57.241961Z",
    "owner": "root",
    "detached": true,
    "external_descriptors": "[\"/dev/null\",\"/dev/null\",\"/dev/null\"]"
})";
constexpr const char* kRampart = R"({"id":"r1","pid":77,"pid_start_time":9,"bundle":"/b","rootfs":"/b/rootfs",
  "created":"","owner":"","annotations":{},"cgroup":{"layout":"hybrid","unified":"/sys/fs/cgroup/unified/rampart/r1",
  "controllers":[{"name":"pids","path":"/sys/fs/cgroup/pids/rampart/r1"}]},"poststart":[],"poststop":[]})";

TEST(VerifyDiscover, RuncState) {
  auto d = parse_runc_state(kRunc);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->runtime, "runc");
  EXPECT_EQ(d->pid, 3168);
  EXPECT_EQ(d->start_time, 427356u);
  EXPECT_EQ(d->bundle, "/tmp/vx/b");
  EXPECT_EQ(d->rootfs, "/tmp/vx/rootfs");
  EXPECT_EQ(d->cgroup_dirs.at(""), "/sys/fs/cgroup/unified/vr1");
  EXPECT_EQ(d->cgroup_dirs.at("memory"), "/sys/fs/cgroup/memory/vr1");
  EXPECT_FALSE(parse_runc_state("{\"id\":\"x\"}"));
}

TEST(VerifyDiscover, CrunStatus) {
  auto d = parse_crun_status(kCrun);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->runtime, "crun");
  EXPECT_EQ(d->pid, 3674);
  EXPECT_EQ(d->start_time, 428582u);
  EXPECT_EQ(d->bundle, "/tmp/vx/b");
  EXPECT_EQ(d->cgroup_everywhere, "/vc1");
  EXPECT_FALSE(parse_crun_status("[]"));
}

TEST(VerifyDiscover, RampartState) {
  auto d = parse_rampart_state(kRampart);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->runtime, "rampart");
  EXPECT_EQ(d->pid, 77);
  EXPECT_EQ(d->start_time, 9u);
  EXPECT_EQ(d->cgroup_dirs.at(""), "/sys/fs/cgroup/unified/rampart/r1");
  EXPECT_EQ(d->cgroup_dirs.at("pids"), "/sys/fs/cgroup/pids/rampart/r1");
}

TEST(VerifyDiscover, PidFiles) {
  EXPECT_EQ(parse_pid_file("123"), 123);
  EXPECT_EQ(parse_pid_file("123\n"), 123);
  EXPECT_FALSE(parse_pid_file(""));
  EXPECT_FALSE(parse_pid_file("12a"));
  EXPECT_FALSE(parse_pid_file("-1"));
}

TEST(VerifyDiscover, RootOfEveryKind) {
  fs::path root = fs::temp_directory_path() / ("verify-discover-" + std::to_string(::getpid()));
  fs::remove_all(root);
  auto write = [&](const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  };
  write(root / "vr1" / "state.json", kRunc);
  write(root / "vc1" / "status", kCrun);
  write(root / "vc1" / "config.json", "{}");
  write(root / "task" / "config.json", "{}");
  write(root / "task" / "init.pid", "555");
  write(root / "crio" / "userdata" / "config.json", "{}");
  write(root / "crio" / "userdata" / "pidfile", "556\n");
  write(root / "broken" / "state.json", "{not json");
  write(root / "made" / "state.json", kRampart);
  write(root / "made" / "exec.fifo", "");
  fs::create_directories(root / "not-a-container");
  auto found = discover(root);
  std::map<std::string, Discovered> by;
  for (auto& d : found) by[d.id] = d;
  EXPECT_FALSE(by.count("not-a-container"));
  ASSERT_TRUE(by.count("vr1"));
  EXPECT_EQ(by["vr1"].config_path, "/tmp/vx/b/config.json");  // runc keeps no copy: the bundle's
  EXPECT_EQ(by["vc1"].config_path, (root / "vc1" / "config.json").string());  // crun keeps the config
  EXPECT_EQ(by["task"].runtime, "bundle");
  EXPECT_EQ(by["task"].pid, 555);
  EXPECT_GT(by["task"].pid_file_mtime, 0);
  EXPECT_EQ(by["crio"].pid, 556);
  EXPECT_EQ(by["crio"].config_path, (root / "crio" / "userdata" / "config.json").string());
  EXPECT_FALSE(by["broken"].error.empty());
  EXPECT_TRUE(by["made"].created);
  EXPECT_TRUE(discover(root / "missing").empty());
  fs::remove_all(root);
}

}  // namespace
}  // namespace rampart::container
