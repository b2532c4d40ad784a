// create / start / state / kill / delete / list, as containerd, conmon and CRI-O drive them.
#include "harness.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>

namespace rampart::testing {
namespace {

TEST(Lifecycle, CreatedHasPid) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  auto st = b.state_json();
  EXPECT_EQ(st["status"], "created");
  EXPECT_GT(st["pid"].get<int>(), 0);
}

TEST(Lifecycle, StateFields) {
  Bundle b({kHelper, "sleep", "60"});
  b.config()["annotations"] = {{"org.example.key", "value"}};
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  auto st = b.state_json();
  EXPECT_EQ(st["id"], b.id());
  EXPECT_EQ(st["bundle"], b.dir().string());
  EXPECT_EQ(st["rootfs"], shared_rootfs().string());
  EXPECT_TRUE(st["created"].is_string());
  EXPECT_TRUE(st["ociVersion"].is_string());
  EXPECT_EQ(st["annotations"]["org.example.key"], "value");
}

TEST(Lifecycle, StateOutputHasNoTrailingNewline) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Result r = b.state();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.back(), '\n');
  EXPECT_TRUE(r.out.starts_with("{\n  \"")) << "2-space indented JSON expected:\n" << r.out;
}

TEST(Lifecycle, StartMakesItRunning) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Result r = b.start();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out + r.err, "");  // go-runc merges stdout+stderr: silent on success
  EXPECT_EQ(b.status(), "running");
}

TEST(Lifecycle, StoppedAfterProcessExits) {
  Bundle b({kHelper, "exit", "0"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
}

TEST(Lifecycle, StoppedStateHasPidZero) {
  Bundle b({kHelper, "exit", "0"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  ASSERT_EQ(b.wait_status("stopped"), "stopped");
  EXPECT_EQ(b.state_json()["pid"], 0);
}

TEST(Lifecycle, DeletedDoesNotExist) {
  Bundle b({kHelper, "exit", "0"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  ASSERT_EQ(b.wait_status("stopped"), "stopped");
  Result d = b.remove();
  ASSERT_EQ(d.exit_code, 0) << d;
  Result r = b.state();
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r;
}

TEST(Lifecycle, StateOfUnknownIdFails) {
  Bundle b;
  Result r = b.state();
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r;
}

TEST(Lifecycle, ContainerOutputAfterStart) {
  Bundle b({kHelper, "hostname"});
  b.config()["hostname"] = "from-create";
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  ASSERT_EQ(b.wait_status("stopped"), "stopped");
  EXPECT_EQ(b.container_output(), "from-create\n");
}

TEST(Lifecycle, ProcessDoesNotRunBeforeStart) {
  Bundle b({kHelper, "hostname"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  EXPECT_EQ(b.container_output(), "");
}

// conmon runs the runtime under umask 022. The init of a user namespace is an unprivileged host
// uid when it opens exec.fifo to wait for `start`: the fifo must be 0622 whatever the umask.
TEST(Lifecycle, CreateStartInUserNamespaceUnderUmask022) {
  Bundle b({kHelper, "ids"});
  b.config()["linux"]["namespaces"].push_back({{"type", "user"}});
  b.config()["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 65536}}};
  b.config()["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 65536}}};
  mode_t old = ::umask(022);
  Result created = b.create();
  ::umask(old);
  ASSERT_EQ(created.exit_code, 0) << created << b.container_output();
  Result started = b.start();
  EXPECT_EQ(started.exit_code, 0) << started;
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
  EXPECT_NE(b.container_output().find("uid=0"), std::string::npos) << b.container_output();
}

TEST(Lifecycle, StartTwiceFails) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  Result r = b.start();
  EXPECT_EQ(r.exit_code, 1) << r;
}

TEST(Lifecycle, CreateSameIdTwiceFails) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_EQ(b.status(), "created");  // the first one is untouched
}

TEST(Lifecycle, ZombieInitIsStopped) {
  // The harness is the subreaper and does not reap until the Bundle goes away, as a shim that
  // has not called waitpid yet.
  Bundle b({kHelper, "exit", "0"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  int pid = b.state_json()["pid"].get<int>();
  ASSERT_EQ(b.start().exit_code, 0);
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
  // The init really is an unreaped zombie (child of this test process), else this test is void.
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto close_paren = stat.rfind(')');
  ASSERT_NE(close_paren, std::string::npos) << "init already reaped";
  EXPECT_EQ(stat.substr(close_paren + 2, 1), "Z") << stat;
}

TEST(Kill, CreatedContainer) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Result r = b.kill("KILL");
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
}

TEST(Kill, RunningContainer) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  Result r = b.kill("9");
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
}

TEST(Kill, SignalNameForms) {
  for (const char* sig : {"SIGKILL", "KILL", "9"}) {
    Bundle b({kHelper, "sleep", "60"});
    ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
    ASSERT_EQ(b.start().exit_code, 0);
    Result r = b.kill(sig);
    ASSERT_EQ(r.exit_code, 0) << sig << "\n" << r;
    EXPECT_EQ(b.wait_status("stopped"), "stopped") << sig;
  }
}

TEST(Kill, LowercaseSignalName) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Result r = b.kill("kill");
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
}

TEST(Kill, AllRunningContainer) {
  Bundle b({"/bin/sh", "-c", "rampart-testhelper sleep 60 & rampart-testhelper sleep 60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  Result r = b.kill("KILL", /*all=*/true);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
}

TEST(Kill, AllShortFlag) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Result r = b.run({"kill", "-a", b.id(), "9"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
}

TEST(Kill, StoppedContainerFails) {
  Bundle b({kHelper, "exit", "0"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  ASSERT_EQ(b.wait_status("stopped"), "stopped");
  Result r = b.kill("KILL");
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("container not running"), std::string::npos) << r;
}

TEST(Kill, AllOnStoppedContainerSucceeds) {
  Bundle b({kHelper, "exit", "0"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  ASSERT_EQ(b.wait_status("stopped"), "stopped");
  Result r = b.kill("KILL", /*all=*/true);
  EXPECT_EQ(r.exit_code, 0) << r;
}

TEST(Delete, CreatedWithoutForce) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Result r = b.remove();
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Delete, RunningWithoutForceFails) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  Result r = b.remove();
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("is not stopped: running"), std::string::npos) << r;
  EXPECT_EQ(b.status(), "running");
}

TEST(Delete, RunningWithForce) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  Result r = b.remove(/*force=*/true);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Delete, UnknownIdWithForceSucceeds) {
  Bundle b;
  Result r = b.remove(/*force=*/true);
  EXPECT_EQ(r.exit_code, 0) << r;
}

TEST(Delete, UnknownIdWithoutForceFails) {
  Bundle b;
  Result r = b.remove();
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r;
}

TEST(List, Quiet) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  std::string second = b.new_id();
  ASSERT_EQ(b.run({"create", "--bundle", b.dir().string(), second},
                  {.output_file = b.container_output_path()})
                .exit_code,
            0);
  Result r = b.run({"list", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r;
  std::vector<std::string> want = {b.id(), second};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(r.out, want[0] + "\n" + want[1] + "\n");
}

TEST(List, JsonFormat) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Result r = b.run({"list", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_array()) << r;
  ASSERT_EQ(j.size(), 1u) << r;
  EXPECT_EQ(j[0]["id"], b.id());
  EXPECT_EQ(j[0]["status"], "created");
  EXPECT_GT(j[0]["pid"].get<int>(), 0);
  EXPECT_EQ(j[0]["bundle"], b.dir().string());
}

TEST(List, JsonFormatEqualsSign) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  Result r = b.run({"list", "--format=json"});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_array()) << r;
  EXPECT_EQ(j.size(), 1u) << r;
}

TEST(List, EmptyJsonIsNull) {
  Bundle b;
  Result r = b.run({"list", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(chomp(r.out), "null");
}

}  // namespace
}  // namespace rampart::testing
