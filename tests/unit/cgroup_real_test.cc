// The drivers on this host's real hierarchies (root only): kill_all empties a cgroup of many
// processes quickly and without leftovers, stats read every group the host has, OOM kills are
// reported. Each test makes its own cgroup and removes it.
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>

#include <gtest/gtest.h>

#include "linux/cgroup/cgroup.h"
#include "linux/cgroup/files.h"

namespace fs = std::filesystem;
using namespace rampart;
using namespace rampart::cgroup;

namespace {

bool fs_is(const std::string& path, long magic) {
  struct statfs st {};
  return ::statfs(path.c_str(), &st) == 0 && static_cast<long>(st.f_type) == magic;
}

bool hybrid_host() {
  return ::geteuid() == 0 && fs_is("/sys/fs/cgroup", TMPFS_MAGIC) && fs_is("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC) &&
         fs_is("/sys/fs/cgroup/memory", CGROUP_SUPER_MAGIC) && fs_is("/sys/fs/cgroup/freezer", CGROUP_SUPER_MAGIC);
}

// A manager for a fresh cgroup, destroyed (with anything left in it) at the end.
struct TestCgroup {
  std::unique_ptr<Manager> m;
  explicit TestCgroup(const std::string& suffix, const std::string& mountpoint = "/sys/fs/cgroup",
                      std::optional<Layout> layout = std::nullopt) {
    const std::string path = "/rampart-test-" + std::to_string(::getpid()) + "-" + suffix;
    auto made = layout ? make_manager("t", path, mountpoint, *layout) : make_manager("t", path, mountpoint);
    EXPECT_TRUE(made) << made.error().message();
    if (!made) return;
    m = std::move(*made);
    auto c = m->create();
    EXPECT_TRUE(c) << c.error().message();
  }
  ~TestCgroup() {
    if (!m) return;
    (void)m->kill_all(std::chrono::seconds(5));
    (void)m->destroy();
  }
};

// `n` children that sleep until killed, each moved into the cgroup by itself before it forks
// nothing (so the parent never has to), reaped by a helper thread of the kernel: we reap them.
std::vector<pid_t> sleepers_in(Manager& m, int n) {
  std::vector<pid_t> out;
  for (int i = 0; i < n; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      for (;;) ::pause();
    }
    EXPECT_TRUE(m.add_pid(pid));
    out.push_back(pid);
  }
  return out;
}

void reap(const std::vector<pid_t>& pids) {
  for (pid_t p : pids) ::waitpid(p, nullptr, 0);
}

bool no_dir_left(const Paths& p) {
  bool clean = !fs::exists(p.unified) || p.unified.empty();
  for (const auto& [name, dir] : p.controllers) clean = clean && !fs::exists(dir);
  return clean;
}

}  // namespace

TEST(CgroupKillAll, HybridEmptiesTwentyProcessesFast) {
  if (!hybrid_host()) GTEST_SKIP() << "needs root and the hybrid hierarchy";
  TestCgroup cg("kill");
  ASSERT_TRUE(cg.m);
  const auto pids = sleepers_in(*cg.m, 20);
  ASSERT_EQ(cg.m->pids()->size(), 20u);
  const auto t0 = std::chrono::steady_clock::now();
  auto k = cg.m->kill_all(std::chrono::seconds(10));
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(k) << k.error().message();
  EXPECT_TRUE(cg.m->pids()->empty());
  auto d = cg.m->destroy();
  EXPECT_TRUE(d) << d.error().message();
  EXPECT_TRUE(no_dir_left(cg.m->paths()));
  EXPECT_LT(took, std::chrono::milliseconds(500)) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
  reap(pids);
}

TEST(CgroupKillAll, HybridKillsAPausedCgroup) {
  if (!hybrid_host()) GTEST_SKIP() << "needs root and the hybrid hierarchy";
  TestCgroup cg("killpaused");
  ASSERT_TRUE(cg.m);
  const auto pids = sleepers_in(*cg.m, 5);
  ASSERT_TRUE(cg.m->freeze());
  ASSERT_TRUE(*cg.m->frozen());
  auto k = cg.m->kill_all(std::chrono::seconds(10));
  ASSERT_TRUE(k) << k.error().message();
  EXPECT_TRUE(cg.m->destroy());
  EXPECT_TRUE(no_dir_left(cg.m->paths()));
  reap(pids);
}

TEST(CgroupKillAll, V1AloneUsesPidfds) {
  if (!hybrid_host()) GTEST_SKIP() << "needs root and the hybrid hierarchy";
  // The v1 part by itself (a v1-only host): freeze, kill each listed pid, thaw, wait on pidfds.
  TestCgroup cg("killv1", "/sys/fs/cgroup", Layout::V1);
  ASSERT_TRUE(cg.m);
  const auto pids = sleepers_in(*cg.m, 8);
  auto k = cg.m->kill_all(std::chrono::seconds(10));
  ASSERT_TRUE(k) << k.error().message();
  EXPECT_TRUE(cg.m->pids()->empty());
  EXPECT_TRUE(cg.m->destroy());
  reap(pids);
}

TEST(CgroupKillAll, V2OnTheUnifiedHierarchy) {
  if (!hybrid_host()) GTEST_SKIP() << "needs root and the hybrid hierarchy";
  TestCgroup cg("killv2", "/sys/fs/cgroup/unified", Layout::V2);
  ASSERT_TRUE(cg.m);
  const auto pids = sleepers_in(*cg.m, 8);
  auto k = cg.m->kill_all(std::chrono::seconds(10));
  ASSERT_TRUE(k) << k.error().message();
  EXPECT_NE(read_file(cg.m->paths().unified, "cgroup.events")->find("populated 0"), std::string::npos);
  EXPECT_TRUE(cg.m->destroy());
  reap(pids);
}

TEST(CgroupStats, HybridHasEveryGroupOfThisHost) {
  if (!hybrid_host()) GTEST_SKIP() << "needs root and the hybrid hierarchy";
  TestCgroup cg("stats");
  ASSERT_TRUE(cg.m);
  spec::Resources r;
  r.pids_limit = 50;
  r.memory_limit = 64 << 20;
  ASSERT_TRUE(cg.m->apply(r));
  const auto pids = sleepers_in(*cg.m, 2);
  auto s = cg.m->stats();
  ASSERT_TRUE(s) << s.error().message();
  for (const char* group : {"cpu", "cpuset", "memory", "pids", "blkio"})
    EXPECT_NE(std::find(s->present.begin(), s->present.end(), group), s->present.end()) << group;
  EXPECT_EQ(s->pids.current, 2u);
  EXPECT_EQ(s->pids.limit, 50u);
  EXPECT_EQ(s->memory.usage.limit, static_cast<uint64_t>(64 << 20));
  EXPECT_FALSE(s->cpuset.cpus.empty());
  EXPECT_FALSE(s->memory.raw.empty());
  EXPECT_TRUE(cg.m->kill_all(std::chrono::seconds(5)));
  reap(pids);
}

TEST(CgroupOom, V1ReportsAnOomKill) {
  if (!hybrid_host()) GTEST_SKIP() << "needs root and the hybrid hierarchy";
  TestCgroup cg("oom");
  ASSERT_TRUE(cg.m);
  spec::Resources r;
  r.memory_limit = 16 << 20;
  r.memory_swap = 16 << 20;
  ASSERT_TRUE(cg.m->apply(r));
  auto watch = cg.m->watch_oom();
  ASSERT_TRUE(watch) << watch.error().message();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Wait to be moved, then touch far more than the limit.
    ::usleep(100000);
    const size_t size = 256 << 20;
    char* p = static_cast<char*>(::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    for (size_t i = 0; p != MAP_FAILED && i < size; i += 4096) p[i] = 1;
    ::_exit(0);
  }
  ASSERT_TRUE(cg.m->add_pid(pid));
  pollfd p{(*watch)->fd(), (*watch)->poll_events(), 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1) << "no OOM notification";
  auto n = (*watch)->consume();
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_GE(*n, 1u);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
}
