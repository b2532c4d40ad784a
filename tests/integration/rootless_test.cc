// Rootless: a real unprivileged user (made here with useradd, subordinate ids in /etc/subuid and
// /etc/subgid) runs the config `spec --rootless` writes, with --root under its XDG_RUNTIME_DIR,
// as it would run runc. It has no cgroup of its own to write to on this host: the container
// runs without one, with a warning.
#include "harness.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include <gtest/gtest.h>

namespace rampart::testing {
namespace {

constexpr uint32_t kSubStart = 500000, kSubCount = 65536;

class Rootless : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    name_ = "rampart-rl-" + std::to_string(::getpid());
    Result r = run_command({"useradd", "--no-create-home", "--shell", "/bin/false", "--user-group", name_});
    ASSERT_EQ(r.exit_code, 0) << r;
    std::string range = std::to_string(kSubStart) + "-" + std::to_string(kSubStart + kSubCount - 1);
    r = run_command({"usermod", "--add-subuids", range, "--add-subgids", range, name_});
    ASSERT_EQ(r.exit_code, 0) << r;
    passwd* pw = ::getpwnam(name_.c_str());
    ASSERT_NE(pw, nullptr);
    uid_ = pw->pw_uid;
    gid_ = pw->pw_gid;
  }
  static void TearDownTestSuite() {
    if (!name_.empty()) (void)run_command({"userdel", name_});  // its /etc/subuid lines go too
  }

  void SetUp() override {
    if (uid_ == 0) GTEST_SKIP() << "no test user";
    xdg_ = b_.tmp() / "xdg";
    fs::create_directories(xdg_);
    ASSERT_EQ(::chown(xdg_.c_str(), uid_, gid_), 0);
    fs::permissions(xdg_, fs::perms::owner_all);
    // The config exactly as the user's own `spec --rootless` writes it, but for the rootfs
    // (the shared read-only one) and the process.
    fs::path spec_dir = xdg_ / "spec";
    fs::create_directories(spec_dir);
    ASSERT_EQ(::chown(spec_dir.c_str(), uid_, gid_), 0);
    Result r = as_user({"spec", "--rootless", "-b", spec_dir.string()});
    ASSERT_EQ(r.exit_code, 0) << r;
    b_.config() = nlohmann::json::parse(read_file(spec_dir / "config.json"));
    b_.config()["root"]["path"] = shared_rootfs().string();
    b_.config()["process"]["terminal"] = false;
  }

  // `rampart --root $XDG_RUNTIME_DIR/rampart ARGS` as the test user, no supplementary groups.
  Result as_user(const std::vector<std::string>& args, const RunOptions& opts = {}) {
    std::vector<std::string> argv = {"setpriv",
                                     "--reuid=" + std::to_string(uid_),
                                     "--regid=" + std::to_string(gid_),
                                     "--clear-groups",
                                     "env",
                                     "XDG_RUNTIME_DIR=" + xdg_.string(),
                                     runtime(),
                                     "--root",
                                     (xdg_ / "rampart").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, opts);
  }

  Result run_as_user() {
    b_.write();
    return as_user({"run", "--bundle", b_.dir().string(), b_.id()});
  }

  static inline std::string name_;
  static inline uid_t uid_ = 0;
  static inline gid_t gid_ = 0;
  Bundle b_;
  fs::path xdg_;
};

// The config as `spec --rootless` writes it (the user's own uid as container 0, its /etc/subuid
// range after it: useradd gives every new user one).
TEST_F(Rootless, SpecRootlessConfigRunsAsAnUnprivilegedUser) {
  b_.set_args({"/bin/sh", "-c", "id -u; id -g; head -1 /proc/self/uid_map; echo ok"});
  Result r = run_as_user();
  ASSERT_EQ(r.exit_code, 0) << r;
  std::string uid = std::to_string(uid_);
  EXPECT_EQ(r.out, "1000\n1000\n         0 " + std::string(10 - uid.size(), ' ') + uid + "          1\nok\n") << r;
  EXPECT_NE(r.err.find("rootless: no write access to the cgroup hierarchy"), std::string::npos) << r;
  EXPECT_EQ(as_user({"list", "-q"}).out, "");
}

// Only the user's own ids, mapped to 1000 (container 0 unmapped): written by the runtime itself,
// setgroups "deny" first; no helper involved.
TEST_F(Rootless, OwnIdOnlyIsWrittenWithoutHelper) {
  b_.config()["linux"]["uidMappings"] = {{{"containerID", 1000}, {"hostID", uid_}, {"size", 1}}};
  b_.config()["linux"]["gidMappings"] = {{{"containerID", 1000}, {"hostID", gid_}, {"size", 1}}};
  for (auto& m : b_.config()["mounts"])  // gid 5 (tty) is not mapped now
    if (m["type"] == "devpts") {
      auto& o = m["options"];
      o.erase(std::remove(o.begin(), o.end(), "gid=5"), o.end());
    }
  b_.set_args({"/bin/sh", "-c", "id -u; cat /proc/self/setgroups"});
  Result r = run_as_user();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "1000\ndeny\n") << r;
}

// More than the user's own id: newuidmap/newgidmap map the subordinate range, and container
// root exists (0 is the first subordinate id).
TEST_F(Rootless, MultiRangeMapsGoThroughNewuidmap) {
  b_.config()["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", kSubStart}, {"size", 1000}},
                                         {{"containerID", 1000}, {"hostID", uid_}, {"size", 1}}};
  b_.config()["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", kSubStart}, {"size", 1000}},
                                         {{"containerID", 1000}, {"hostID", gid_}, {"size", 1}}};
  b_.set_args({"/bin/sh", "-c", "id -u; wc -l < /proc/self/uid_map; wc -l < /proc/self/gid_map"});
  Result r = run_as_user();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "1000\n2\n2\n") << r;
}

// Ranges the user was not given are refused by newuidmap, and said so before anything runs.
TEST_F(Rootless, RangesNotInSubuidAreRefused) {
  b_.config()["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 700000}, {"size", 1000}},
                                         {{"containerID", 1000}, {"hostID", uid_}, {"size", 1}}};
  Result r = run_as_user();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("newuidmap"), std::string::npos) << r;
  EXPECT_EQ(as_user({"list", "-q"}).out, "");
}

// ---- kill --all without a cgroup of its own (the user has no delegation on this host) ----

std::string status_of(const Result& state) {
  auto j = nlohmann::json::parse(state.out, nullptr, false);
  return j.is_discarded() ? "" : j.value("status", "");
}

// In its own pid namespace the container's processes are that namespace's: a TERM its init
// ignores (a pid namespace's init without a handler) still reaches the init's child, whose end
// lets the init finish. Before, only the init was signalled and the container ran on.
TEST_F(Rootless, KillAllWithoutACgroupSignalsEveryProcessOfThePidNamespace) {
  b_.set_args({"/bin/sh", "-c", "sleep 60 & wait; echo child-gone"});
  b_.write();
  fs::path out = b_.tmp() / "run-d.out";
  Result r = as_user({"run", "-d", "--bundle", b_.dir().string(), b_.id()}, {.output_file = out});
  ASSERT_EQ(r.exit_code, 0) << r << read_file(out);
  Result k = as_user({"kill", "--all", b_.id(), "TERM"});
  EXPECT_EQ(k.exit_code, 0) << k;
  std::string status;
  for (int i = 0; i < 100 && (status = status_of(as_user({"state", b_.id()}))) != "stopped"; ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(status, "stopped");
  EXPECT_NE(read_file(out).find("child-gone"), std::string::npos) << read_file(out);
  (void)as_user({"kill", b_.id(), "KILL"});
  EXPECT_EQ(as_user({"delete", "--force", b_.id()}).exit_code, 0);
}

// Sharing the host's pid namespace, nothing tells its processes from the host's: refused with
// a clear error, as runc refuses `kill --all` without a cgroup.
TEST_F(Rootless, KillAllWithoutACgroupInASharedPidNamespaceIsRefused) {
  auto& nss = b_.config()["linux"]["namespaces"];
  nss.erase(std::remove_if(nss.begin(), nss.end(), [](const nlohmann::json& n) { return n["type"] == "pid"; }),
            nss.end());
  // Without a pid namespace of its own a user namespace cannot mount procfs: no /proc at all.
  auto& ms = b_.config()["mounts"];
  ms.erase(std::remove_if(ms.begin(), ms.end(), [](const nlohmann::json& m) { return m["destination"] == "/proc"; }),
           ms.end());
  b_.config()["linux"]["maskedPaths"] = nlohmann::json::array();
  b_.config()["linux"]["readonlyPaths"] = nlohmann::json::array();
  b_.set_args({"/bin/sleep", "60"});
  b_.write();
  fs::path out = b_.tmp() / "run-d.out";
  Result r = as_user({"run", "-d", "--bundle", b_.dir().string(), b_.id()}, {.output_file = out});
  ASSERT_EQ(r.exit_code, 0) << r << read_file(out);
  Result k = as_user({"kill", "--all", b_.id(), "TERM"});
  EXPECT_NE(k.exit_code, 0) << k;
  EXPECT_NE(k.err.find("no cgroup of its own and shares its pid namespace"), std::string::npos) << k;
  EXPECT_EQ(status_of(as_user({"state", b_.id()})), "running");
  EXPECT_EQ(as_user({"kill", b_.id(), "KILL"}).exit_code, 0);
  for (int i = 0; i < 100 && status_of(as_user({"state", b_.id()})) != "stopped"; ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(as_user({"delete", b_.id()}).exit_code, 0);
}

}  // namespace
}  // namespace rampart::testing
