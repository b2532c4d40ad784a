// Exit status and signals of a foreground `run`; detached `run -d`; the pid file.
#include "harness.h"

#include <gtest/gtest.h>

#include <fstream>

namespace rampart::testing {
namespace {

TEST(Exit, StatusIsPassedThrough) {
  Bundle b({kHelper, "exit", "3"});
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 3) << r;
}

TEST(Exit, ZeroOnSuccess) {
  Bundle b({"/bin/true"});
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
}

TEST(Exit, SignalledProcessGives128PlusN) {
  // The init of a pid namespace ignores default-action signals sent from inside its namespace
  // (itself included), so this container shares the host pid namespace.
  Bundle b({kHelper, "kill-self", "15"});
  auto& ns = b.config()["linux"]["namespaces"];
  for (auto it = ns.begin(); it != ns.end(); ++it)
    if ((*it)["type"] == "pid") {
      ns.erase(it);
      break;
    }
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 143) << r;
}

TEST(Exit, NonexistentBinaryFailsRun) {
  Bundle b({"/nonexistent"});
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err, "") << r;
}

TEST(Exit, RunDetachReturnsWhileContainerRuns) {
  Bundle b({kHelper, "sleep", "60"});
  Result r = b.run({"run", "--detach", "--bundle", b.dir().string(), b.id()}, {.timeout = 10s});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(b.status(), "running");
}

TEST(Exit, RunDetachShortFlag) {
  Bundle b({kHelper, "sleep", "60"});
  Result r = b.run({"run", "-d", "-b", b.dir().string(), b.id()}, {.timeout = 10s});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(b.status(), "running");
}

TEST(Exit, PidFileHasHostPidWithoutNewline) {
  Bundle b({kHelper, "sleep", "60"});
  fs::path pidfile = b.tmp() / "container.pid";
  Result r = b.create({"--pid-file", pidfile.string()});
  ASSERT_EQ(r.exit_code, 0) << r;
  std::string content = read_file(pidfile);
  auto st = b.state_json();
  ASSERT_TRUE(st.contains("pid")) << st.dump();
  EXPECT_EQ(content, std::to_string(st["pid"].get<int>()));
}

TEST(Exit, PidFileReplacesPrecreatedFile) {
  // CRI-O creates the pid file before calling create.
  Bundle b({kHelper, "sleep", "60"});
  fs::path pidfile = b.tmp() / "container.pid";
  { std::ofstream(pidfile) << "stale content that is longer than a pid\n"; }
  Result r = b.create({"--pid-file", pidfile.string()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(read_file(pidfile), std::to_string(b.state_json()["pid"].get<int>()));
}

}  // namespace
}  // namespace rampart::testing
