// The intent (container/intent.h) and what can be learnt from a state directory in any shape
// (container/recover.h): on scratch state roots, no container started.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "container/intent.h"
#include "container/recover.h"
#include "container/store.h"

namespace rampart::container {
namespace {

namespace fs = std::filesystem;

struct ScratchRoot {
  fs::path dir;
  ScratchRoot() {
    std::string t = (fs::temp_directory_path() / "rampart-intent-XXXXXX").string();
    dir = mkdtemp(t.data());
  }
  ~ScratchRoot() { fs::remove_all(dir); }
};

State sample_state() {
  State s;
  s.id = "c1";
  s.bundle = "/b";
  s.cgroup_paths.layout = cgroup::Layout::Hybrid;
  s.cgroup_paths.unified = "/sys/fs/cgroup/unified/rampart/c1";
  s.cgroup_paths.controllers = {{"memory", "/sys/fs/cgroup/memory/rampart/c1"}};
  return s;
}

// A pid that is certainly gone: a child, reaped.
pid_t dead_pid() {
  pid_t p = fork();
  if (p == 0) _exit(0);
  waitpid(p, nullptr, 0);
  return p;
}

TEST(Intent, RoundTripsAndNamesItsCreator) {
  Intent in = intent_of_this_process(sample_state());
  EXPECT_EQ(in.creator, getpid());
  EXPECT_NE(in.creator_start_time, 0u);
  auto back = intent_from_json(intent_to_json(in));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->creator, in.creator);
  EXPECT_EQ(back->creator_start_time, in.creator_start_time);
  EXPECT_EQ(back->state.cgroup_paths.unified, in.state.cgroup_paths.unified);
  EXPECT_TRUE(creator_alive(*back));
  back->creator_start_time += 1;  // the pid reused by another process
  EXPECT_FALSE(creator_alive(*back));
  back->creator = dead_pid();
  EXPECT_FALSE(creator_alive(*back));
}

TEST(Intent, DamagedIntentIsAnError) {
  EXPECT_FALSE(intent_from_json(""));
  EXPECT_FALSE(intent_from_json(R"({"id":"c1","pid":0,"creator_pid":"x","creator_start_time":1})"));
  EXPECT_FALSE(intent_from_json(R"({"id":"c1","pid":0,"creator_pid":-4,"creator_start_time":1})"));
}

TEST(StoreCreate, TheIntentIsThereFromTheStartAndTheIdIsClaimedOnce) {
  ScratchRoot root;
  Store store(root.dir.string());
  auto dir = store.create("c1", intent_of_this_process(sample_state()));
  ASSERT_TRUE(dir) << dir.error().message();
  EXPECT_TRUE(fs::exists(root.dir / "c1" / "intent.json"));
  for (auto& e : fs::directory_iterator(root.dir)) EXPECT_EQ(e.path().filename(), "c1");  // no hidden dir left
  auto again = store.create("c1", intent_of_this_process(sample_state()));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message().find("exists"), std::string::npos);
  for (auto& e : fs::directory_iterator(root.dir)) EXPECT_EQ(e.path().filename(), "c1");

  Learnt l = learn(*dir, "c1");
  EXPECT_EQ(l.from, Learnt::From::Intent);
  EXPECT_TRUE(l.creating);  // we, its creator, are alive
  EXPECT_EQ(learnt_status(*dir, l), Status::Creating);
  EXPECT_EQ(l.state.cgroup_paths.unified, "/sys/fs/cgroup/unified/rampart/c1");
}

TEST(StoreCreate, ACreateWhoseRuntimeDiedIsStoppedAndADamagedStateUnknown) {
  ScratchRoot root;
  Store store(root.dir.string());
  Intent in = intent_of_this_process(sample_state());
  in.creator = dead_pid();
  auto dir = store.create("c1", in);
  ASSERT_TRUE(dir);
  Learnt l = learn(*dir, "c1");
  EXPECT_FALSE(l.creating);
  EXPECT_EQ(learnt_status(*dir, l), Status::Stopped);

  std::ofstream(root.dir / "c1" / "state.json") << "{\"id\": tru";
  l = learn(*dir, "c1");
  EXPECT_TRUE(l.damaged);
  EXPECT_EQ(l.from, Learnt::From::Intent);  // what delete -f still knows
  EXPECT_EQ(learnt_status(*dir, l), Status::Unknown);
  EXPECT_EQ(l.state.cgroup_paths.controllers.size(), 1u);
}

TEST(StoreCreate, SweepRemovesOnlyHiddenDirectoriesOfDeadCreators) {
  ScratchRoot root;
  Store store(root.dir.string());
  fs::path dead = root.dir / (".creating." + std::to_string(dead_pid()) + ".5");
  fs::path live = root.dir / (".creating." + std::to_string(getpid()) + "." +
                              std::to_string(process_start_time(getpid())));
  fs::create_directory(dead);
  std::ofstream(dead / "intent.json") << "{}";
  fs::create_directory(live);
  store.sweep_abandoned();
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));
}

}  // namespace
}  // namespace rampart::container
