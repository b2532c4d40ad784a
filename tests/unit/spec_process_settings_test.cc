// process.scheduler, ioPriority, execCPUAffinity, linux.personality, the warnings for what is
// ignored (unknown capabilities), and HOME from a passwd text: the pure parts.
#include <gtest/gtest.h>

#include "spec/parse.h"
#include "spec/passwd.h"
#include "spec/process_settings.h"

namespace rampart::spec {
namespace {

constexpr const char* kConfig = R"({
  "ociVersion": "1.2.0",
  "root": {"path": "rootfs"},
  "process": {
    "args": ["sh"], "cwd": "/",
    "scheduler": {"policy": "SCHED_DEADLINE", "flags": ["SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_DL_OVERRUN"],
                  "runtime": 1000000, "deadline": 2000000, "period": 3000000},
    "ioPriority": {"class": "IOPRIO_CLASS_IDLE", "priority": 7},
    "execCPUAffinity": {"initial": "0-3, 7", "final": "1"},
    "capabilities": {"bounding": ["CAP_KILL", "CAP_FLY"], "effective": ["CAP_SWIM", "CAP_FLY"]}
  },
  "linux": {"namespaces": [{"type": "mount"}], "personality": {"domain": "LINUX32", "flags": ["X"]}}
})";

TEST(SpecProcessSettings, ParsesEveryField) {
  auto c = parse_config(kConfig);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  const Process& p = *c->process;
  ASSERT_TRUE(p.scheduler);
  EXPECT_EQ(p.scheduler->policy, "SCHED_DEADLINE");
  EXPECT_EQ(p.scheduler->flags.size(), 2u);
  EXPECT_EQ(p.scheduler->runtime, 1000000u);
  EXPECT_EQ(p.scheduler->deadline, 2000000u);
  EXPECT_EQ(p.scheduler->period, 3000000u);
  ASSERT_TRUE(p.io_priority);
  EXPECT_EQ(io_priority_value(*p.io_priority), (3 << 13) | 7);
  ASSERT_TRUE(p.exec_cpu_affinity);
  EXPECT_EQ(p.exec_cpu_affinity->initial, "0-3, 7");
  EXPECT_EQ(p.exec_cpu_affinity->final, "1");
  ASSERT_TRUE(c->linux->personality);
  EXPECT_EQ(personality_domain_number(c->linux->personality->domain), 8UL);
}

TEST(SpecProcessSettings, WarnsOfIgnoredSettingsAsRunc) {
  auto c = parse_config(kConfig);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  auto w = ignored_settings(*c);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], "ignoring unknown or unavailable capabilities: [CAP_FLY CAP_SWIM]");
  EXPECT_NE(w[1].find("linux.personality.flags"), std::string::npos);
  Process known;
  known.capabilities = Capabilities{{"CAP_KILL"}, {}, {}, {}, {}};
  EXPECT_TRUE(ignored_process_settings(known).empty());
}

TEST(SpecProcessSettings, KernelNumbers) {
  EXPECT_EQ(scheduler_policy_number("SCHED_OTHER"), 0u);
  EXPECT_EQ(scheduler_policy_number("SCHED_BATCH"), 3u);
  EXPECT_EQ(scheduler_policy_number("SCHED_IDLE"), 5u);
  EXPECT_EQ(scheduler_policy_number("SCHED_DEADLINE"), 6u);
  EXPECT_FALSE(scheduler_policy_number("sched_other"));
  EXPECT_EQ(scheduler_flag_bit("SCHED_FLAG_UTIL_CLAMP_MAX"), 0x40u);
  EXPECT_FALSE(scheduler_flag_bit("SCHED_FLAG_NONE"));
  EXPECT_EQ(io_priority_class_number("IOPRIO_CLASS_RT"), 1);
  EXPECT_EQ(io_priority_class_number("IOPRIO_CLASS_BE"), 2);
  EXPECT_FALSE(io_priority_class_number("IOPRIO_CLASS_NONE"));
  EXPECT_EQ(personality_domain_number("LINUX"), 0UL);
  EXPECT_FALSE(personality_domain_number("linux"));
}

TEST(SpecProcessSettings, CpuLists) {
  EXPECT_EQ(*parse_cpu_list("0-3,7"), (std::vector<uint32_t>{0, 1, 2, 3, 7}));
  EXPECT_EQ(*parse_cpu_list(" 5 , 1-2,,1 "), (std::vector<uint32_t>{1, 2, 5}));
  EXPECT_EQ(*parse_cpu_list("65536"), (std::vector<uint32_t>{65536}));
  for (const char* bad : {"", ",", "a", "1-", "-1", "3-1", "65537", "1.5", "0x1", "99999999999999999999"})
    EXPECT_FALSE(parse_cpu_list(bad).has_value()) << bad;
}

TEST(SpecProcessSettings, ValidSchedulersAccepted) {
  for (const char* json : {
           R"({"policy": "SCHED_OTHER", "nice": -20})", R"({"policy": "SCHED_BATCH", "nice": 19})",
           R"({"policy": "SCHED_FIFO", "priority": 1})", R"({"policy": "SCHED_RR", "priority": 99})",
           R"({"policy": "SCHED_IDLE"})", R"({"policy": "SCHED_DEADLINE", "runtime": 5, "deadline": 5})"}) {
    std::string text = std::string(R"({"args": ["sh"], "cwd": "/", "scheduler": )") + json + "}";
    auto p = parse_process(text);
    EXPECT_TRUE(p.has_value()) << json << ": " << (p ? "" : p.error().message());
  }
}

TEST(SpecPasswd, HomeOfUid) {
  const char* passwd =
      "root:x:0:0:root:/root:/bin/sh\n"
      "broken line\n"
      ":x:5:5::/nameless:/bin/sh\n"
      "bad:x:12a:0::/bad:/bin/sh\n"
      "alice:x:1000:1000:Alice:/home/alice:/bin/sh\n"
      "again:x:1000:1000::/second:/bin/sh\n"
      "noshell:x:7:7::/seven\n"
      "last:x:9:9::/nine:/bin/sh";
  EXPECT_EQ(home_of_uid(passwd, 0), "/root");
  EXPECT_EQ(home_of_uid(passwd, 1000), "/home/alice");  // the first entry wins
  EXPECT_EQ(home_of_uid(passwd, 7), "/seven");
  EXPECT_EQ(home_of_uid(passwd, 9), "/nine");  // no final newline
  EXPECT_FALSE(home_of_uid(passwd, 5));   // nameless entries are skipped
  EXPECT_FALSE(home_of_uid(passwd, 12));  // so are bad uids
  EXPECT_FALSE(home_of_uid(passwd, 4242));
  EXPECT_FALSE(home_of_uid("", 0));
}

TEST(SpecPasswd, HomeInEnvironment) {
  EXPECT_TRUE(has_home({"PATH=/bin", "HOME=/x"}));
  EXPECT_FALSE(has_home({"PATH=/bin"}));
  EXPECT_FALSE(has_home({"HOME="}));
  EXPECT_FALSE(has_home({"HOME=/x", "HOME="}));  // the last one counts
  EXPECT_EQ(with_home({"PATH=/bin", "HOME="}, "/root"), (std::vector<std::string>{"PATH=/bin", "HOME=/root"}));
  EXPECT_EQ(with_home({"HOME=/x", "A=1", "HOME="}, "/"), (std::vector<std::string>{"A=1", "HOME=/"}));
}

}  // namespace
}  // namespace rampart::spec
