// util/signal: names and numbers as `kill` accepts them.
#include <csignal>
#include <string>

#include <gtest/gtest.h>

#include "util/signal.h"

namespace rampart {
namespace {

struct SignalCase {
  const char* text;
  int number;
};

class SignalParse : public ::testing::TestWithParam<SignalCase> {};

TEST_P(SignalParse, Accepted) {
  auto sig = parse_signal(GetParam().text);
  ASSERT_TRUE(sig.has_value()) << GetParam().text;
  EXPECT_EQ(*sig, GetParam().number) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SignalParse,
    ::testing::Values(SignalCase{"9", SIGKILL}, SignalCase{"15", SIGTERM}, SignalCase{"1", 1}, SignalCase{"37", 37},
                      SignalCase{"64", 64}, SignalCase{"KILL", SIGKILL}, SignalCase{"SIGKILL", SIGKILL},
                      SignalCase{"kill", SIGKILL}, SignalCase{"sigterm", SIGTERM}, SignalCase{"SigTerm", SIGTERM},
                      SignalCase{"TERM", SIGTERM}, SignalCase{"HUP", SIGHUP}, SignalCase{"INT", SIGINT},
                      SignalCase{"QUIT", SIGQUIT}, SignalCase{"USR1", SIGUSR1}, SignalCase{"SIGUSR2", SIGUSR2},
                      SignalCase{"STOP", SIGSTOP}, SignalCase{"CONT", SIGCONT}, SignalCase{"WINCH", SIGWINCH},
                      SignalCase{"CHLD", SIGCHLD}, SignalCase{"CLD", SIGCHLD}, SignalCase{"IOT", SIGABRT},
                      SignalCase{"ABRT", SIGABRT}, SignalCase{"POLL", SIGIO}, SignalCase{"IO", SIGIO},
                      SignalCase{"PWR", SIGPWR}, SignalCase{"SYS", SIGSYS}, SignalCase{"PIPE", SIGPIPE},
                      SignalCase{"ALRM", SIGALRM}, SignalCase{"SEGV", SIGSEGV}, SignalCase{"TSTP", SIGTSTP},
                      SignalCase{"RTMIN", 34}, SignalCase{"SIGRTMIN", 34}, SignalCase{"SIGRTMIN+3", 37},
                      SignalCase{"rtmin+1", 35}, SignalCase{"RTMIN+30", 64}, SignalCase{"RTMAX", 64},
                      SignalCase{"RTMAX-1", 63}, SignalCase{"sigrtmax-30", 34}),
    [](const ::testing::TestParamInfo<SignalCase>& i) {
      std::string n;
      for (char c : std::string(i.param.text)) n += (c == '+' ? 'P' : c == '-' ? 'M' : c);
      return "S" + n;  // names must not start with a digit... nor contain +/-
    });

TEST(Signal, Rejected) {
  for (const char* text : {"", "0", "65", "-9", "+9", "9x", " 9", "KILL ", "SIG", "SIGFOO", "FOO", "RTMIN-1",
                           "RTMAX+1", "RTMIN+31", "RTMAX-31", "RTMIN+", "RTMIN3", "SIGSIGKILL", "99999999999"})
    EXPECT_FALSE(parse_signal(text).has_value()) << '"' << text << '"';
}

TEST(Signal, Names) {
  EXPECT_STREQ(signal_name(SIGKILL), "SIGKILL");
  EXPECT_STREQ(signal_name(SIGTERM), "SIGTERM");
  EXPECT_STREQ(signal_name(SIGABRT), "SIGABRT");  // not the alias IOT
  EXPECT_STREQ(signal_name(SIGCHLD), "SIGCHLD");  // not CLD
  EXPECT_STREQ(signal_name(SIGIO), "SIGIO");      // not POLL
  EXPECT_STREQ(signal_name(34), "SIGRTMIN");
  EXPECT_STREQ(signal_name(37), "SIGRTMIN+3");
  EXPECT_STREQ(signal_name(63), "SIGRTMAX-1");
  EXPECT_STREQ(signal_name(64), "SIGRTMAX");
  EXPECT_EQ(signal_name(0), nullptr);
  EXPECT_EQ(signal_name(65), nullptr);
  EXPECT_EQ(signal_name(-1), nullptr);
}

TEST(Signal, NameRoundTrip) {
  for (int i = 1; i <= 64; ++i) {
    if (i == 32 || i == 33) continue;  // reserved by glibc, no name
    const char* name = signal_name(i);
    ASSERT_NE(name, nullptr) << i;
    EXPECT_EQ(parse_signal(name), i) << name;
    EXPECT_EQ(parse_signal(std::to_string(i)), i);
  }
}

}  // namespace
}  // namespace rampart
