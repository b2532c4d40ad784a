// Where a client can tell rampart from runc, rampart does what runc does (issue "Conformance"):
// bind sources relative to the bundle, a read-only /dev tmpfs, a cgroup that already holds
// processes or is frozen, resources.unified without cgroup v2, exec --cgroup and
// --ignore-paused, --debug logging of create's steps, and the terminal's owner.
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <signal.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "console_socket.h"
#include "harness.h"
#include "host_fs.h"

using namespace rampart::testing;
using nlohmann::json;

namespace {

bool v1_controller(const std::string& name) { return fs_is("/sys/fs/cgroup/" + name, CGROUP_SUPER_MAGIC); }

#define NEED_V1(controller) \
  if (!v1_controller(controller)) GTEST_SKIP() << "needs the cgroup v1 " controller " hierarchy"

void place_cgroup(Bundle& b) { b.config()["linux"]["cgroupsPath"] = "/rampart-it/" + b.id(); }
std::string v1_dir(Bundle& b, const std::string& controller) {
  return "/sys/fs/cgroup/" + controller + "/rampart-it/" + b.id();
}

void start_sleeper(Bundle& b) {
  b.set_args({"/bin/sleep", "600"});
  place_cgroup(b);
  Result r = b.run({"run", "-d", "--bundle", b.dir().string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
}

// A process of the test's own, parked in a cgroup directory (removed with it at the end).
struct ParkedProcess {
  pid_t pid = -1;
  explicit ParkedProcess(const std::string& dir) {
    fs::create_directories(dir);
    pid = fork();
    if (pid == 0) {
      pause();
      _exit(0);
    }
    std::ofstream(dir + "/cgroup.procs") << pid;
  }
  ~ParkedProcess() {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

void remove_cgroup_dir(const std::string& dir) {
  for (int i = 0; i < 50 && ::rmdir(dir.c_str()) != 0 && errno == EBUSY; ++i) std::this_thread::sleep_for(20ms);
}

}  // namespace

// runtime-spec config.md, mounts: "source ... a path relative to the bundle"; runc resolves it so.
TEST(RuncBehaviour, BindSourceRelativeToTheBundle) {
  Bundle b({"/bin/cat", "/mnt/data/hello"});
  fs::create_directories(b.dir() / "data");
  std::ofstream(b.dir() / "data/hello") << "from the bundle\n";
  b.config()["mounts"].push_back({{"destination", "/mnt/data"}, {"type", "bind"}, {"source", "data"},
                                  {"options", {"rbind", "ro"}}});
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "from the bundle\n") << r;
}

// A /dev tmpfs with `ro` is populated first (devices, /dev/pts) and made read-only after, as
// runc does; before, the devices could not be created on it and create failed.
TEST(RuncBehaviour, ReadOnlyDevTmpfsStillGetsItsDevicesAndPts) {
  Bundle b({"/bin/sh", "-c",
            "test -c /dev/null && test -c /dev/zero && echo devices; "
            "grep -q ' /dev/pts ' /proc/self/mountinfo && echo pts; "
            "if touch /dev/new 2>/dev/null; then echo writable; else echo readonly; fi; "
            "grep ' /dev ' /proc/self/mountinfo | grep -q ' ro,' && echo ro-mount"});
  bool found = false;
  for (auto& m : b.config()["mounts"])
    if (m["destination"] == "/dev") {
      m["options"].push_back("ro");
      found = true;
    }
  ASSERT_TRUE(found) << "the default config has a /dev tmpfs";
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "devices\npts\nreadonly\nro-mount\n") << r;
}

// runc 1.1 warns and proceeds when the container's cgroup already holds processes.
TEST(RuncBehaviour, CgroupThatHoldsProcessesIsUsedWithAWarning) {
  NEED_V1("pids");
  Bundle b({"/bin/true"});
  place_cgroup(b);
  const std::string dir = v1_dir(b, "pids");
  Result r;
  {
    ParkedProcess parked(dir);
    fs::path log = b.tmp() / "runtime.log";
    r = b.run({"--log", log.string(), "run", "--bundle", b.dir().string(), b.id()});
    EXPECT_EQ(r.exit_code, 0) << r;
    std::string text = read_file(log);
    EXPECT_NE(text.find("level=warning"), std::string::npos) << text;
    EXPECT_NE(text.find("is not empty: 1 process(es) found"), std::string::npos) << text;
  }
  remove_cgroup_dir(dir);
}

// A frozen cgroup is refused before anything joins it (before, the init froze in it and create
// waited forever).
TEST(RuncBehaviour, FrozenCgroupIsRefusedAtOnce) {
  NEED_V1("freezer");
  Bundle b({"/bin/true"});
  place_cgroup(b);
  const std::string dir = v1_dir(b, "freezer");
  fs::create_directories(dir);
  std::ofstream(dir + "/freezer.state") << "FROZEN";
  Result r = b.run({"run", "--bundle", b.dir().string(), b.id()}, {.timeout = 15s});
  std::ofstream(dir + "/freezer.state") << "THAWED";
  EXPECT_FALSE(r.timed_out) << r;
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("frozen"), std::string::npos) << r;
  EXPECT_NE(r.err.find(dir), std::string::npos) << r;
  EXPECT_TRUE(b.leftovers().empty());
  remove_cgroup_dir(dir);
}

// On a host without cgroup v2 (here: the unified hierarchy unmounted in a private mount
// namespace), resources.unified is refused, as runc refuses it on v1.
TEST(RuncBehaviour, UnifiedWithoutCgroupV2IsRefused) {
  if (!fs_is("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC)) GTEST_SKIP() << "written for a hybrid host";
  Bundle b({"/bin/true"});
  place_cgroup(b);
  b.config()["linux"]["resources"]["unified"] = {{"pids.max", "10"}};
  b.write();
  std::vector<std::string> argv = {"unshare", "-m", "--propagation", "private", "/bin/sh", "-c",
                                   "umount /sys/fs/cgroup/unified && exec \"$@\"", "sh"};
  for (const auto& a : runtime_argv()) argv.push_back(a);
  argv.insert(argv.end(), {"--root", b.state_root().string(), "run", "--bundle", b.dir().string(), b.id()});
  Result r = run_command(argv);
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("unified"), std::string::npos) << r;
  EXPECT_NE(r.err.find("cgroup v2"), std::string::npos) << r;
}

// exec --cgroup CONTROLLER:SUB runs the process in that existing sub-cgroup of the container's.
TEST(RuncBehaviour, ExecCgroupJoinsTheSubCgroup) {
  NEED_V1("pids");
  Bundle b;
  start_sleeper(b);
  fs::create_directories(v1_dir(b, "pids") + "/sub");
  Result r = b.run({"exec", "--cgroup", "pids:sub", b.id(), "/bin/cat", "/proc/self/cgroup"});
  EXPECT_EQ(r.exit_code, 0) << r;
  std::string pids_line;
  std::istringstream in(r.out);
  for (std::string l; std::getline(in, l);)
    if (l.find(":pids:") != std::string::npos) pids_line = l;
  EXPECT_TRUE(pids_line.ends_with("/sub")) << r;
  // Not below the container's cgroup, or not there: clear errors, nothing started.
  Result up = b.run({"exec", "--cgroup", "pids:../..", b.id(), "/bin/true"});
  EXPECT_NE(up.exit_code, 0) << up;
  EXPECT_NE(up.err.find("below the container's"), std::string::npos) << up;
  Result missing = b.run({"exec", "--cgroup", "nosuch", b.id(), "/bin/true"});
  EXPECT_NE(missing.exit_code, 0) << missing;
  EXPECT_NE(missing.err.find("no such sub-cgroup"), std::string::npos) << missing;
  b.kill("KILL");
}

// exec --ignore-paused starts the process in a paused container; it runs once resumed.
TEST(RuncBehaviour, ExecIgnorePausedRunsOnceResumed) {
  Bundle b;
  start_sleeper(b);
  ASSERT_EQ(b.run({"pause", b.id()}).exit_code, 0);
  Result refused = b.run({"exec", b.id(), "/bin/true"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("--ignore-paused"), std::string::npos) << refused;
  auto exec = std::async(std::launch::async, [&] {
    return b.run({"exec", "--ignore-paused", b.id(), "/bin/echo", "ran"});
  });
  EXPECT_EQ(exec.wait_for(1s), std::future_status::timeout) << "ran while the container was paused";
  ASSERT_EQ(b.run({"resume", b.id()}).exit_code, 0);
  Result r = exec.get();
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "ran\n") << r;
  b.kill("KILL");
}

// --debug: one level=debug entry per step of create, to --log (text) or, without --log, to
// stderr in the --log-format asked for.
TEST(RuncBehaviour, DebugLogsEachStepOfCreate) {
  Bundle b({"/bin/true"});
  fs::path log = b.tmp() / "debug.log";
  Result r = b.run({"--debug", "--log", log.string(), "run", "--bundle", b.dir().string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  std::string text = read_file(log);
  for (const char* step : {"bundle", "cgroup made", "init started, pid", "is ready", "state saved"})
    EXPECT_NE(text.find(step), std::string::npos) << step << " in:\n" << text;
  EXPECT_NE(text.find("level=debug"), std::string::npos) << text;

  Bundle j({"/bin/true"});
  Result rj = j.run({"--debug", "--log-format", "json", "run", "--bundle", j.dir().string(), j.id()});
  ASSERT_EQ(rj.exit_code, 0) << rj;
  int entries = 0;
  std::istringstream in(rj.err);
  for (std::string l; std::getline(in, l);) {
    auto e = json::parse(l, nullptr, false);
    ASSERT_FALSE(e.is_discarded()) << "not a JSON entry: " << l;
    if (e.value("level", "") == "debug") ++entries;
  }
  EXPECT_GE(entries, 5) << rj;
}

// The terminal belongs to process.user (runc chowns the pty to its uid; the group is devpts's
// gid=, the tty group), for run and for exec -t.
namespace {

// "OWNER uid gid" as `ls -lnL` shows the process's terminal.
const char* kShowTtyOwner = "set -- $(ls -lnL /proc/self/fd/0); echo OWNER $3 $4; echo END";

}  // namespace

TEST(RuncBehaviour, TerminalOwnedByTheProcessUserForRun) {
  Bundle b({"/bin/sh", "-c", kShowTtyOwner});
  b.config()["process"]["terminal"] = true;
  b.config()["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  ConsoleSocket sock(b.tmp() / "console.sock");
  ASSERT_TRUE(sock.valid());
  auto seen = std::async(std::launch::async, [&] { return sock.read_until("END"); });
  Result r = b.run({"run", "-d", "--console-socket", sock.path(), "--bundle", b.dir().string(), b.id()});
  std::string out = seen.get();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(out.find("OWNER 1000 5"), std::string::npos) << out;
}

TEST(RuncBehaviour, TerminalOwnedByTheProcessUserForExec) {
  Bundle b;
  start_sleeper(b);
  ConsoleSocket sock(b.tmp() / "console.sock");
  ASSERT_TRUE(sock.valid());
  auto seen = std::async(std::launch::async, [&] { return sock.read_until("END"); });
  auto pid_file = b.tmp() / "exec.pid";
  Result r = b.run({"exec", "-d", "--tty", "--user", "1000:1000", "--console-socket", sock.path(), "--pid-file",
                    pid_file.string(), b.id(), "/bin/sh", "-c", kShowTtyOwner});
  std::string out = seen.get();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(out.find("OWNER 1000 5"), std::string::npos) << out;
  waitpid(std::stoi(read_file(pid_file)), nullptr, 0);  // we are its subreaper: reap it
  b.kill("KILL");
}
