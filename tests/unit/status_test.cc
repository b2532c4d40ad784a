#include <gtest/gtest.h>

#include "container/state.h"
#include "container/store.h"

using namespace rampart::container;

TEST(ContainerStatus, DerivedFromWhatTheKernelSays) {
  EXPECT_EQ(derive_status({false, false, false, true}), Status::Stopped);
  EXPECT_EQ(derive_status({true, false, false, true}), Status::Stopped);  // pid reused
  EXPECT_EQ(derive_status({true, true, false, true}), Status::Created);
  EXPECT_EQ(derive_status({true, true, false, false}), Status::Running);
  EXPECT_EQ(derive_status({true, true, true, false}), Status::Paused);
  EXPECT_EQ(derive_status({true, true, true, true}), Status::Paused);
}

TEST(ContainerState, JsonRoundTripKeepsHooksAndCgroup) {
  State s;
  s.id = "c1";
  s.pid = 42;
  s.pid_start_time = 777;
  s.bundle = "/b";
  s.rootfs = "/b/rootfs";
  s.created = "2026-11-29T00:00:00.000000000Z";
  s.annotations = {{"k", "v"}};
  s.cgroup_paths.layout = rampart::cgroup::Layout::Hybrid;
  s.cgroup_paths.unified = "/sys/fs/cgroup/unified/rampart/c1";
  s.cgroup_paths.controllers = {{"memory", "/sys/fs/cgroup/memory/rampart/c1"}};
  rampart::spec::Hook h;
  h.path = "/bin/true";
  h.args = {"true", "x"};
  h.timeout = 5;
  s.hooks.poststop = {h};
  auto back = state_from_json(to_json(s));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->pid, 42);
  EXPECT_EQ(back->pid_start_time, 777u);
  EXPECT_EQ(back->annotations.at("k"), "v");
  ASSERT_EQ(back->hooks.poststop.size(), 1u);
  EXPECT_EQ(back->hooks.poststop[0].timeout.value_or(0), 5);
  EXPECT_EQ(back->cgroup_paths.unified, s.cgroup_paths.unified);
  ASSERT_EQ(back->cgroup_paths.controllers.size(), 1u);
}

TEST(ContainerState, OciStateHasRuncKeysAndZeroPidWhenStopped) {
  State s;
  s.id = "c1";
  s.pid = 42;
  auto running = oci_state_json(s, Status::Running, 2);
  EXPECT_NE(running.find("\"ociVersion\""), std::string::npos);
  EXPECT_NE(running.find("\"pid\": 42"), std::string::npos);
  EXPECT_NE(running.find("\"status\": \"running\""), std::string::npos);
  EXPECT_EQ(running.back(), '}');  // no trailing newline
  auto stopped = oci_state_json(s, Status::Stopped, 2);
  EXPECT_NE(stopped.find("\"pid\": 0"), std::string::npos);
}

TEST(ContainerState, MalformedStateIsAnErrorNotACrash) {
  EXPECT_FALSE(state_from_json("{"));
  EXPECT_FALSE(state_from_json("{\"id\": 3}"));
}
