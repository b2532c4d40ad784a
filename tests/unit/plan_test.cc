#include <gtest/gtest.h>

#include <algorithm>

#include "plan/rootfs_plan.h"

using namespace rampart;

namespace {
spec::Config sample() {
  spec::Config c;
  c.mounts = {{"/proc", "proc", "proc", {}},
              {"/dev", "tmpfs", "tmpfs", {"nosuid", "mode=755"}},
              {"/dev/pts", "devpts", "devpts", {"newinstance", "ptmxmode=0666"}},
              {"/data", "none", "/host/data", {"rbind", "ro"}}};
  c.linux.emplace();
  c.linux->masked_paths = {"/proc/kcore"};
  c.linux->readonly_paths = {"/proc/sys"};
  c.linux->devices = {{"/dev/fuse", 'c', 10, 229, 0666, 0, 0}, {"/dev/null", 'c', 1, 3, 0600, 0, 0}};
  return c;
}
}  // namespace

TEST(RootfsPlan, OrderIsMountsDevicesLinksMasksReadonly) {
  auto p = plan::build_rootfs_plan(sample(), false);
  std::vector<plan::StepKind> kinds;
  for (const auto& s : p.steps) kinds.push_back(s.kind);
  EXPECT_TRUE(std::is_sorted(kinds.begin(), kinds.end()));
  EXPECT_EQ(p.steps.front().destination, "/proc");
  EXPECT_EQ(p.steps.back().kind, plan::StepKind::Readonly);
  EXPECT_TRUE(p.dev_is_tmpfs);
  EXPECT_TRUE(p.has_devpts);
}

TEST(RootfsPlan, BindDetectedFromOptionsAndConfigDeviceOverridesDefault) {
  auto p = plan::build_rootfs_plan(sample(), false);
  auto data = std::find_if(p.steps.begin(), p.steps.end(), [](auto& s) { return s.destination == "/data"; });
  ASSERT_NE(data, p.steps.end());
  EXPECT_EQ(data->type, "bind");
  EXPECT_TRUE(data->options.is_recursive_bind());
  int nulls = 0;
  for (const auto& s : p.steps)
    if (s.kind == plan::StepKind::Device && s.destination == "/dev/null") {
      ++nulls;
      EXPECT_EQ(s.device.file_mode.value_or(0), 0600u);
    }
  EXPECT_EQ(nulls, 1);
  EXPECT_TRUE(std::any_of(p.steps.begin(), p.steps.end(), [](auto& s) { return s.destination == "/dev/fuse"; }));
}

TEST(RootfsPlan, PtmxLinkOnlyWithDevptsAndCoreOnlyWithKcore) {
  spec::Config c = sample();
  c.mounts.erase(c.mounts.begin() + 2);
  auto p = plan::build_rootfs_plan(c, true);
  auto has = [&](const char* d) {
    return std::any_of(p.steps.begin(), p.steps.end(), [&](auto& s) { return s.destination == d; });
  };
  EXPECT_FALSE(has("/dev/ptmx"));
  EXPECT_TRUE(has("/dev/core"));
  EXPECT_TRUE(has("/dev/fd"));
  EXPECT_TRUE(has("/dev/stderr"));
}
