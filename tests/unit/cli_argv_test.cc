#include <gtest/gtest.h>

#include "cli/argv.h"

using rampart::cli::find_subcommand;
using rampart::cli::normalize_args;

TEST(CliArgv, SingleDashLongFlagsBecomeDoubleDash) {
  auto out = normalize_args({"rampart", "-root", "/r", "run", "-bundle=/b", "-no-subreaper", "-d", "c1"});
  std::vector<std::string> want = {"rampart", "--root", "/r", "run", "--bundle=/b", "--no-subreaper", "-d", "c1"};
  EXPECT_EQ(out, want);
}

TEST(CliArgv, UnknownSingleDashWordsAreLeftAlone) {
  auto out = normalize_args({"rampart", "kill", "-a", "c1", "-9x"});
  std::vector<std::string> want = {"rampart", "kill", "-a", "c1", "-9x"};
  EXPECT_EQ(out, want);
}

TEST(CliArgv, NothingAfterDoubleDashIsRewritten) {
  auto out = normalize_args({"rampart", "exec", "c1", "--", "ls", "-root"});
  EXPECT_EQ(out.back(), "-root");
}

TEST(CliArgv, FindsSubcommandAfterGlobalsWithValues) {
  EXPECT_EQ(find_subcommand({"rampart", "--root", "/x", "--log", "/l", "--log-format", "json", "create", "c"}), "create");
  EXPECT_EQ(find_subcommand({"rampart", "--root=/x", "--debug", "run", "c"}), "run");
  EXPECT_EQ(find_subcommand({"rampart", "--debug"}), "");
}
