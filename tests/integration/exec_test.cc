// exec into a running container, and terminal handling of foreground run.
#include <gtest/gtest.h>

#include <fstream>

#include "harness.h"

using namespace rampart::testing;

namespace {
// A running container that sleeps; the test execs into it.
void start_sleeper(Bundle& b) {
  b.set_args({"/bin/sleep", "60"});
  ASSERT_EQ(b.run({"run", "-d", "--bundle", b.dir().string(), b.id()}).exit_code, 0);
}
}  // namespace

TEST(Exec, RunsInTheContainersNamespacesAndReturnsItsStatus) {
  Bundle b;
  b.config()["hostname"] = "exec-box";
  start_sleeper(b);
  Result r = b.run({"exec", b.id(), "/bin/sh", "-c", "hostname; exit 7"});
  EXPECT_EQ(r.exit_code, 7) << r;
  EXPECT_EQ(r.out, "exec-box\n");
}

TEST(Exec, SeesTheContainersRootAndPidNamespace) {
  Bundle b;
  start_sleeper(b);
  Result r = b.run({"exec", b.id(), kHelper, "pid"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(chomp(r.out), "1");  // not the init, but inside its pid namespace: a small number
  EXPECT_LT(std::stoi(chomp(r.out)), 100);
}

TEST(Exec, MissingBinaryExits255WithoutPidFile) {
  Bundle b;
  start_sleeper(b);
  auto pid_file = b.tmp() / "exec.pid";
  Result r = b.run({"exec", "--pid-file", pid_file.string(), b.id(), "/nonexistent"});
  EXPECT_EQ(r.exit_code, 255) << r;
  EXPECT_FALSE(fs::exists(pid_file));
  EXPECT_NE(r.err.find("/nonexistent"), std::string::npos) << r;
}

TEST(Exec, DetachWritesPidFileOfAProcessInTheContainer) {
  Bundle b;
  start_sleeper(b);
  auto pid_file = b.tmp() / "exec.pid";
  Result r = b.run({"exec", "-d", "--pid-file", pid_file.string(), b.id(), "/bin/sleep", "30"});
  ASSERT_EQ(r.exit_code, 0) << r;
  std::string pid = read_file(pid_file);
  ASSERT_FALSE(pid.empty());
  EXPECT_EQ(pid.find('\n'), std::string::npos);
  Result ps = b.run({"ps", "--format", "json", b.id()});
  EXPECT_NE(ps.out.find(pid), std::string::npos) << ps;
}

TEST(Exec, UserEnvAndCwdFlags) {
  Bundle b;
  start_sleeper(b);
  Result r = b.run({"exec", "--user", "1000:1000", "--env", "X=42", "--cwd", "/tmp", b.id(), "/bin/sh", "-c",
                    "echo $(id -u):$(id -g):$X:$(pwd)"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "1000:1000:42:/tmp\n");
}

TEST(Exec, ProcessJsonFile) {
  Bundle b;
  start_sleeper(b);
  auto proc = b.tmp() / "process.json";
  std::ofstream(proc) << R"({"args":["/bin/sh","-c","echo from-json; exit 2"],"cwd":"/","env":["PATH=/bin"],"user":{"uid":0,"gid":0}})";
  Result r = b.run({"exec", "--process", proc.string(), b.id()});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_EQ(r.out, "from-json\n");
}

TEST(Exec, StoppedContainerIsRefused) {
  Bundle b({"/bin/true"});
  ASSERT_EQ(b.create().exit_code, 0);
  ASSERT_EQ(b.start().exit_code, 0);
  b.wait_status("stopped");
  Result r = b.run({"exec", b.id(), "/bin/true"});
  EXPECT_EQ(r.exit_code, 255) << r;
  EXPECT_NE(r.err.find("stopped"), std::string::npos) << r;
}

TEST(Run, TerminalWithoutConsoleSocketGetsARelayedPty) {
  if (runtime_is_runc()) GTEST_SKIP() << "runc needs a real tty on stdin for this";
  Bundle b({"/bin/sh", "-c", "tty; exit 5"});
  b.config()["process"]["terminal"] = true;
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 5) << r;
  EXPECT_NE(r.out.find("/dev/pts/0"), std::string::npos) << r;
}
