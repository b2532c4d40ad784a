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

namespace {
size_t count_kind(const plan::Plan& p, plan::StepKind k) {
  return static_cast<size_t>(std::count_if(p.steps.begin(), p.steps.end(), [&](auto& s) { return s.kind == k; }));
}
const plan::Step* step_at(const plan::Plan& p, const std::string& dest) {
  for (const auto& s : p.steps)
    if (s.destination == dest) return &s;
  return nullptr;
}
}  // namespace

// A config that binds /dev (a host directory, or any other) brings its own: the runtime adds
// no device, no /dev link and none of linux.devices to it (runc's rule).
TEST(RootfsPlan, BoundDevGetsNoDevicesOrLinks) {
  for (const char* dest : {"/dev", "/dev/", "//dev/."}) {
    spec::Config c = sample();
    c.mounts[1] = {dest, "bind", "/host/dev", {"rbind"}};
    auto p = plan::build_rootfs_plan(c, true);
    EXPECT_TRUE(p.dev_is_bind) << dest;
    EXPECT_EQ(count_kind(p, plan::StepKind::Device), 0u) << dest;
    EXPECT_EQ(count_kind(p, plan::StepKind::Symlink), 0u) << dest;
    EXPECT_EQ(count_kind(p, plan::StepKind::Mask), 1u) << dest;  // the rest of the plan stays
  }
}

TEST(RootfsPlan, TmpfsDevAndBindsBelowDevStillGetDevices) {
  spec::Config c = sample();
  c.mounts.push_back({"/dev/net", "bind", "/host/net", {"rbind"}});
  auto p = plan::build_rootfs_plan(c, false);
  EXPECT_FALSE(p.dev_is_bind);
  EXPECT_GE(count_kind(p, plan::StepKind::Device), 7u);  // 6 defaults + /dev/fuse
  EXPECT_GE(count_kind(p, plan::StepKind::Symlink), 4u);
}

// The detached copy of a bind source is never a peer of the host's mount: private when the
// mount or the rootfs says private (or unbindable), slave otherwise -- shared included, which
// is applied only after the copy is attached.
TEST(RootfsPlan, BindCopiesArePrivateOrSlaveNeverShared) {
  struct Case {
    const char* option;
    const char* root;
    spec::Propagation want;
  } cases[] = {
      {nullptr, "", spec::Propagation::Slave},           {nullptr, "rprivate", spec::Propagation::Private},
      {nullptr, "private", spec::Propagation::Private},  {nullptr, "rshared", spec::Propagation::Slave},
      {"rshared", "", spec::Propagation::Slave},         {"shared", "private", spec::Propagation::Slave},
      {"rprivate", "", spec::Propagation::Private},      {"runbindable", "", spec::Propagation::Private},
      {"rslave", "rprivate", spec::Propagation::Slave},
  };
  for (const auto& k : cases) {
    spec::Config c = sample();
    c.linux->rootfs_propagation = k.root;
    if (k.option) c.mounts[3].options.push_back(k.option);
    auto p = plan::build_rootfs_plan(c, false);
    const plan::Step* s = step_at(p, "/data");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->clone_propagation, k.want) << (k.option ? k.option : "-") << " / " << k.root;
  }
}

TEST(RootfsPlan, RootPropagationParsed) {
  struct Case {
    const char* value;
    spec::Propagation kind;
    bool recursive;
    spec::Propagation before;
  } cases[] = {
      {"", spec::Propagation::None, false, spec::Propagation::Slave},
      {"shared", spec::Propagation::Shared, false, spec::Propagation::Slave},
      {"rshared", spec::Propagation::Shared, true, spec::Propagation::Slave},
      {"slave", spec::Propagation::Slave, false, spec::Propagation::Slave},
      {"rslave", spec::Propagation::Slave, true, spec::Propagation::Slave},
      {"private", spec::Propagation::Private, false, spec::Propagation::Private},
      {"rprivate", spec::Propagation::Private, true, spec::Propagation::Private},
      {"unbindable", spec::Propagation::Unbindable, false, spec::Propagation::Slave},
      {"runbindable", spec::Propagation::Unbindable, true, spec::Propagation::Slave},
  };
  for (const auto& k : cases) {
    auto r = plan::parse_root_propagation(k.value);
    EXPECT_EQ(r.kind, k.kind) << k.value;
    EXPECT_EQ(r.recursive, k.recursive) << k.value;
    EXPECT_EQ(r.before_pivot(), k.before) << k.value;
  }
  spec::Config c = sample();
  c.linux->rootfs_propagation = "rshared";
  EXPECT_EQ(plan::build_rootfs_plan(c, false).root_propagation.kind, spec::Propagation::Shared);
}

// overlay's layers leave the string options: each becomes an fd at mount time.
TEST(RootfsPlan, OverlayLayersTakenOutOfTheData) {
  spec::Config c = sample();
  c.mounts.push_back({"/merged", "overlay", "overlay",
                      {"ro", "lowerdir=/l/a:/l/b\\:c::/d/x", "lowerdir+=/l/e", "datadir+=/d/y", "upperdir=/u",
                       "workdir=/w", "redirect_dir=on", "userxattr"}});
  auto p = plan::build_rootfs_plan(c, false);
  const plan::Step* s = step_at(p, "/merged");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->lower_dirs, (std::vector<std::string>{"/l/a", "/l/b:c", "/l/e"}));
  EXPECT_EQ(s->data_dirs, (std::vector<std::string>{"/d/x", "/d/y"}));
  EXPECT_EQ(s->upper_dir, "/u");
  EXPECT_EQ(s->work_dir, "/w");
  EXPECT_EQ(s->options.data, (std::vector<std::string>{"redirect_dir=on", "userxattr"}));
  EXPECT_TRUE(s->options.set & spec::kRdonly);
}
