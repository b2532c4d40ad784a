// verify's command line.
#include <gtest/gtest.h>

#include "cli/args.h"
#include "cli/commands.h"

namespace rampart::cli {
namespace {

std::vector<std::string> W(std::initializer_list<const char*> w) { return {w.begin(), w.end()}; }

TEST(CliVerify, EverythingLandsInTheStruct) {
  auto a = parse_verify(W({"--runtime-root", "/run/runc", "-runtime-root=/run/crun", "--policy", "p.json", "--profile",
                           "restricted", "--format=json", "--watch", "--interval", "500ms", "--metrics", "/m.prom",
                           "web", "db"}));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->runtime_roots, (std::vector<std::string>{"/run/runc", "/run/crun"}));
  EXPECT_EQ(a->policy_file, "p.json");
  EXPECT_EQ(a->profile, "restricted");
  EXPECT_EQ(a->format, "json");
  EXPECT_TRUE(a->watch);
  EXPECT_EQ(a->interval_ms, 500);
  EXPECT_EQ(a->metrics, "/m.prom");
  EXPECT_EQ(a->ids, (std::vector<std::string>{"web", "db"}));
  auto b = parse_verify(W({"--pid", "123", "--config", "/b/config.json"}));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->pid, 123);
  EXPECT_EQ(b->config, "/b/config.json");
  auto c = parse_verify(W({}));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->interval_ms, 10000);
  EXPECT_EQ(c->format, "text");
}

TEST(CliVerify, MistakesAreUsageErrors) {
  for (auto w : {W({"--all", "web"}), W({"--pid", "12"}), W({"--config", "c.json"}), W({"--pid", "x", "--config", "c"}),
                 W({"--pid", "0", "--config", "c"}), W({"--format", "yaml"}), W({"--watch", "--format", "sarif"}),
                 W({"--interval", "soon"}), W({"--interval", "0s"}), W({"--all", "--pid", "1", "--config", "c"}),
                 W({"--bogus"})}) {
    auto r = parse_verify(w);
    ASSERT_FALSE(r) << w[0];
    EXPECT_EQ(r.error().kind, ErrorKind::Usage) << w[0];
  }
}

TEST(CliVerify, Durations) {
  EXPECT_EQ(parse_duration_ms("10s"), 10000);
  EXPECT_EQ(parse_duration_ms("5"), 5000);
  EXPECT_EQ(parse_duration_ms("1.5s"), 1500);
  EXPECT_EQ(parse_duration_ms("2m"), 120000);
  EXPECT_EQ(parse_duration_ms("1h"), 3600000);
  EXPECT_EQ(parse_duration_ms("250ms"), 250);
  EXPECT_EQ(parse_duration_ms(""), std::nullopt);
  EXPECT_EQ(parse_duration_ms("-1s"), std::nullopt);
  EXPECT_EQ(parse_duration_ms("0.1ms"), std::nullopt);
  EXPECT_EQ(parse_duration_ms("10d"), std::nullopt);
}

TEST(CliVerify, InTheCommandTableWithItsFlagsAndExitCode) {
  const CommandSpec* c = find_command("verify");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->usage_exit_code, 2);
  EXPECT_FALSE(c->needs_protected_exe);  // it never puts a process into a container
  std::string help = command_help(*c);
  for (const char* f : {"--runtime-root", "--pid", "--config", "--policy", "--profile", "--format", "--watch",
                        "--interval", "--metrics", "--all"})
    EXPECT_NE(help.find(f), std::string::npos) << f;
}

}  // namespace
}  // namespace rampart::cli
