// verify on containers other runtimes started: Debian's runc and crun, found through
// --runtime-root in their own state roots, judged the same way as rampart's.
#include "verify_helpers.h"

namespace rampart::testing {
namespace {

// A container of another runtime under a private state root, deleted when this goes. crun 1.8.1
// cannot run on this hybrid host with the cgroup2 part mounted, so each crun command runs in a
// private mount namespace without it.
class Foreign {
 public:
  Foreign(Bundle& b, std::string runtime, std::string id)
      : b_(b), runtime_(std::move(runtime)), id_(std::move(id)), root_(b.tmp() / (runtime_ + "-root")) {}
  ~Foreign() { command({"delete", "--force", id_}); }

  Result command(const std::vector<std::string>& args) {
    std::vector<std::string> argv;
    if (runtime_ == "crun")
      argv = {"unshare", "-m", "--propagation", "private", "/bin/sh", "-c",
              "umount /sys/fs/cgroup/unified 2>/dev/null; exec /usr/bin/crun \"$@\"", "crun"};
    else
      argv = {"/usr/sbin/runc"};
    argv.insert(argv.end(), {"--root", root_.string()});
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, {.output_file = b_.tmp() / (runtime_ + ".out")});
  }

  int start() {
    b_.set_args({"/bin/sleep", "600"});
    b_.write();
    Result r = command({"run", "-d", "--bundle", b_.dir().string(), id_});
    EXPECT_EQ(r.exit_code, 0) << r;
    Result s = command({"state", id_});
    auto at = s.out.find('{');
    auto j = nlohmann::json::parse(at == std::string::npos ? "" : s.out.substr(at), nullptr, false);
    return j.is_discarded() || !j.contains("pid") ? 0 : j["pid"].get<int>();
  }

  const fs::path& root() const { return root_; }
  const std::string& id() const { return id_; }

 private:
  Bundle& b_;
  std::string runtime_, id_;
  fs::path root_;
};

bool have(const char* path) { return ::access(path, X_OK) == 0; }

void intact_then_broken(Bundle& b, Foreign& c, int pid, const std::string& runtime) {
  ASSERT_GT(pid, 0);
  Result r = verify(b, {"--runtime-root", c.root().string(), "--format", "json", "--policy",
                        quiet_policy(b).string(), c.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["containers"].size(), 1u) << r.out;
  EXPECT_EQ(j["containers"][0]["runtime"], runtime);
  EXPECT_EQ(j["containers"][0]["state"], "verified");
  EXPECT_EQ(j["containers"][0]["report"]["findings"].size(), 0u) << r.out;

  ASSERT_EQ(in_mount_ns(pid, [] { return ::mount("tmpfs", "/mnt", "tmpfs", 0, nullptr) == 0; }), 0);
  ASSERT_EQ(in_mount_ns(pid, [] { return ::umount2("/proc/keys", MNT_DETACH) == 0; }), 0);
  Result broken = verify(b, {"--runtime-root", c.root().string(), "--format", "json", "--policy",
                             quiet_policy(b).string(), c.id()});
  EXPECT_EQ(broken.exit_code, 1) << broken;
  auto fs = findings_in(broken.out);
  EXPECT_TRUE(has(fs, "RP-RUN-001", "mount:/mnt")) << broken.out;
  EXPECT_TRUE(has(fs, "RP-RUN-003", "linux.maskedPaths")) << broken.out;
}

TEST(VerifyRuntimes, RuncContainerThroughItsStateRoot) {
  if (!have("/usr/sbin/runc")) GTEST_SKIP() << "no /usr/sbin/runc";
  Bundle b;
  Foreign c(b, "runc", b.new_id());
  intact_then_broken(b, c, c.start(), "runc");
}

TEST(VerifyRuntimes, CrunContainerThroughItsStateRoot) {
  if (!have("/usr/bin/crun")) GTEST_SKIP() << "no /usr/bin/crun";
  Bundle b;
  Foreign c(b, "crun", b.new_id());
  intact_then_broken(b, c, c.start(), "crun");
}

TEST(VerifyRuntimes, EveryRootAtOnce) {
  if (!have("/usr/sbin/runc")) GTEST_SKIP() << "no /usr/sbin/runc";
  Bundle b;
  start_sleeper(b);
  Foreign c(b, "runc", b.new_id());
  ASSERT_GT(c.start(), 0);
  Result r = verify(b, {"--all", "--runtime-root", c.root().string(), "--format", "json", "--policy",
                        quiet_policy(b).string()});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto j = nlohmann::json::parse(r.out);
  std::set<std::string> ids;
  for (const auto& x : j["containers"]) ids.insert(x["id"].get<std::string>());
  EXPECT_TRUE(ids.count(b.id())) << r.out;
  EXPECT_TRUE(ids.count(c.id())) << r.out;
}

TEST(VerifyRuntimes, BundleDirectoryWithAnInitPidFile) {
  // containerd keeps <task dir>/<id>/{config.json,init.pid}; a container of any runtime laid out
  // that way is found through --runtime-root.
  Bundle b;
  Running c = start_sleeper(b);
  fs::path tasks = b.tmp() / "tasks";
  fs::create_directories(tasks / b.id());
  fs::copy_file(b.dir() / "config.json", tasks / b.id() / "config.json");
  // root.path is absolute in the harness config, so the copy still names the rootfs.
  std::ofstream(tasks / b.id() / "init.pid") << c.pid;
  Result r = verify(b, {"--runtime-root", tasks.string(), "--format", "json", "--policy", quiet_policy(b).string()});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto j = nlohmann::json::parse(r.out);
  // Found twice (rampart's root and the task directory): verified once.
  ASSERT_EQ(j["containers"].size(), 1u) << r.out;
  EXPECT_EQ(j["containers"][0]["state"], "verified");
  // A pid file older than its process: the pid was recycled.
  fs::path stale = b.tmp() / "stale";
  fs::create_directories(stale / "old");
  fs::copy_file(b.dir() / "config.json", stale / "old" / "config.json");
  Spawned later({"/bin/sleep", "60"});
  std::ofstream(stale / "old" / "init.pid") << later.pid();
  auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(stale / "old" / "init.pid", old_time);
  Result s = verify(b, {"--runtime-root", stale.string(), "--format", "json", "old"});
  EXPECT_EQ(s.exit_code, 2) << s;
  EXPECT_NE(s.err.find("recycled"), std::string::npos) << s;
}

}  // namespace
}  // namespace rampart::testing
