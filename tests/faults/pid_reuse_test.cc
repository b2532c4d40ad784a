// pid reuse: a state whose init pid cannot be verified -- no start time recorded, or one that does
// not match /proc/PID/stat -- is a stopped container, as runc treats it, and `kill` never
// signals the process that has that pid now.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "harness.h"

namespace rampart::testing {
namespace {

// A process of the test's own, standing for whatever reused the container's pid.
struct Bystander {
  pid_t pid = fork();
  Bystander() {
    if (pid == 0) {
      pause();
      _exit(0);
    }
  }
  ~Bystander() {
    ::kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  bool alive() const {
    int status = 0;
    return waitpid(pid, &status, WNOHANG) == 0;
  }
};

void rewrite_state(Bundle& b, const std::function<void(nlohmann::json&)>& edit) {
  fs::path file = b.state_root() / b.id() / "state.json";
  auto j = nlohmann::json::parse(read_file(file));
  edit(j);
  std::ofstream(file, std::ios::trunc) << j.dump();
}

TEST(PidReuse, NoStartTimeRecordedIsStoppedAndNeverSignalled) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  Bystander other;
  rewrite_state(b, [&](nlohmann::json& j) {
    j["pid"] = other.pid;
    j.erase("pid_start_time");
  });
  EXPECT_EQ(b.status(), "stopped");
  Result k = b.kill("KILL");
  EXPECT_NE(k.exit_code, 0) << k;
  EXPECT_TRUE(other.alive()) << "kill signalled a pid whose start time was not recorded";
}

TEST(PidReuse, StartTimeMismatchIsStoppedAndNeverSignalled) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  Bystander other;
  rewrite_state(b, [&](nlohmann::json& j) {
    j["pid"] = other.pid;  // the start time stays the container init's: not this process's
  });
  EXPECT_EQ(b.status(), "stopped");
  EXPECT_NE(b.kill("KILL").exit_code, 0);
  EXPECT_TRUE(other.alive()) << "kill signalled a reused pid";
  // delete -f finds the container by its cgroup and leaves the bystander alone.
  EXPECT_EQ(b.remove(true).exit_code, 0);
  EXPECT_TRUE(other.alive()) << "delete -f signalled a reused pid";
}

}  // namespace
}  // namespace rampart::testing
