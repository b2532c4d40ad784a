// A frozen (paused) container never freezes the runtime: every command on it answers within a
// bound -- the queries, kill, exec and start (refused), and delete -f (which thaws to kill).
#include <gtest/gtest.h>

#include <chrono>

#include "harness.h"

namespace rampart::testing {
namespace {

TEST(Frozen, EveryCommandOnAPausedContainerAnswers) {
  Bundle b({kHelper, "sleep", "600"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  ASSERT_EQ(b.run({"exec", "-d", b.id(), kHelper, "sleep", "600"}).exit_code, 0);
  ASSERT_EQ(b.run({"pause", b.id()}).exit_code, 0);
  ASSERT_EQ(b.status(), "paused");
  const RunOptions bounded{.timeout = 5s};
  const std::vector<std::vector<std::string>> commands = {
      {"state", b.id()},     {"list"},                 {"ps", b.id()},
      {"kill", b.id(), "0"}, {"kill", b.id(), "TERM"}, {"events", "--stats", b.id()},
      {"exec", b.id(), kHelper, "pid"},                {"start", b.id()},
      {"pause", b.id()},
  };
  for (const auto& c : commands) {
    Result r = b.run(c, bounded);
    EXPECT_FALSE(r.timed_out) << c[0] << " hung on a paused container";
  }
  const auto t0 = std::chrono::steady_clock::now();
  Result d = b.run({"delete", "--force", b.id()}, bounded);
  EXPECT_EQ(d.exit_code, 0) << d;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_TRUE(b.leftovers().empty());
}

}  // namespace
}  // namespace rampart::testing
