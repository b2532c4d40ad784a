// spec/seccomp: linux.seccomp as data -- what parse_config accepts and refuses (one error naming
// the field), and the rules the filter is built from (two conditions on one argument become two
// rules, as runc adds them).
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "spec/parse.h"
#include "spec/seccomp.h"

namespace rampart::spec {
namespace {

using nlohmann::json;

json config_with(const json& seccomp) {
  return {{"ociVersion", "1.0.2"},
          {"root", {{"path", "rootfs"}}},
          {"process", {{"args", {"sh"}}, {"cwd", "/"}, {"user", {{"uid", 0}, {"gid", 0}}}}},
          {"linux", {{"seccomp", seccomp}}}};
}

json deny_mkdir() {
  return {{"defaultAction", "SCMP_ACT_ALLOW"}, {"syscalls", {{{"names", {"mkdir"}}, {"action", "SCMP_ACT_ERRNO"}}}}};
}

std::string error_of(const json& seccomp) {
  auto c = parse_config(config_with(seccomp).dump());
  return c ? "" : c.error().message();
}

TEST(SpecSeccomp, ParsesEveryField) {
  json s = {{"defaultAction", "SCMP_ACT_ERRNO"},
            {"defaultErrnoRet", 6},
            {"architectures", {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}},
            {"flags", {"SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"}},
            {"listenerPath", "/run/agent.sock"},
            {"listenerMetadata", "meta"},
            {"syscalls",
             {{{"names", {"mkdir"}},
               {"action", "SCMP_ACT_NOTIFY"},
               {"args", {{{"index", 1}, {"value", 63}, {"valueTwo", 0}, {"op", "SCMP_CMP_MASKED_EQ"}}}}},
              {{"names", {"read"}}, {"action", "SCMP_ACT_ALLOW"}}}}};
  auto c = parse_config(config_with(s).dump());
  ASSERT_TRUE(c) << c.error().message();
  const Seccomp& p = *c->linux->seccomp;
  EXPECT_EQ(p.default_action, "SCMP_ACT_ERRNO");
  EXPECT_EQ(p.default_errno_ret, 6u);
  EXPECT_EQ(p.architectures.size(), 2u);
  EXPECT_EQ(p.flags.size(), 2u);
  EXPECT_EQ(p.listener_path, "/run/agent.sock");
  EXPECT_EQ(p.listener_metadata, "meta");
  ASSERT_EQ(p.syscalls.size(), 2u);
  ASSERT_EQ(p.syscalls[0].args.size(), 1u);
  EXPECT_EQ(p.syscalls[0].args[0].op, "SCMP_CMP_MASKED_EQ");
  EXPECT_EQ(p.syscalls[0].args[0].value, 63u);
  EXPECT_TRUE(uses_notify(p));
}

TEST(SpecSeccomp, EveryActionOfTheSpecIsAccepted) {
  for (const char* a : {"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
                        "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG"}) {
    json s = deny_mkdir();
    s["syscalls"][0]["action"] = a;
    EXPECT_EQ(error_of(s), "") << a;
    s["defaultAction"] = a;
    EXPECT_EQ(error_of(s), "") << a << " as default";
  }
}

TEST(SpecSeccomp, EveryOperatorIsAccepted) {
  for (const char* op : {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
                         "SCMP_CMP_MASKED_EQ"}) {
    json s = deny_mkdir();
    s["syscalls"][0]["args"] = {{{"index", 1}, {"value", 1}, {"op", op}}};
    EXPECT_EQ(error_of(s), "") << op;
  }
}

TEST(SpecSeccomp, UnknownActionIsRefusedNamingTheField) {
  json s = deny_mkdir();
  s["syscalls"][0]["action"] = "SCMP_ACT_BOGUS";
  EXPECT_EQ(error_of(s), "invalid config.json: linux.seccomp.syscalls[0].action: unknown action \"SCMP_ACT_BOGUS\"");
  s = deny_mkdir();
  s["defaultAction"] = "SCMP_ACT_NOPE";
  EXPECT_NE(error_of(s).find("linux.seccomp.defaultAction: unknown action \"SCMP_ACT_NOPE\""), std::string::npos);
  s.erase("defaultAction");
  EXPECT_NE(error_of(s).find("linux.seccomp.defaultAction: required"), std::string::npos);
}

TEST(SpecSeccomp, UnknownArchitectureFlagAndOperatorAreRefused) {
  json s = deny_mkdir();
  s["architectures"] = {"SCMP_ARCH_X86_64", "SCMP_ARCH_Z80"};
  EXPECT_NE(error_of(s).find("linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_Z80\""),
            std::string::npos);
  s = deny_mkdir();
  s["flags"] = {"SECCOMP_FILTER_FLAG_BOGUS"};
  EXPECT_NE(error_of(s).find("linux.seccomp.flags[0]: unsupported flag \"SECCOMP_FILTER_FLAG_BOGUS\""),
            std::string::npos);
  s = deny_mkdir();
  s["syscalls"][0]["args"] = {{{"index", 0}, {"value", 1}, {"op", "SCMP_CMP_ABOUT"}}};
  EXPECT_NE(error_of(s).find("linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_ABOUT\""),
            std::string::npos);
  s["syscalls"][0]["args"] = {{{"index", 6}, {"value", 1}, {"op", "SCMP_CMP_EQ"}}};
  EXPECT_NE(error_of(s).find("args[0].index: 6 is past the sixth argument"), std::string::npos);
}

TEST(SpecSeccomp, EveryFlagOfTheSpecIsAccepted) {
  json s = deny_mkdir();
  s["flags"] = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};
  EXPECT_EQ(error_of(s), "");
}

TEST(SpecSeccomp, NotifyNeedsAListenerAndCannotBeTheDefault) {
  json s = deny_mkdir();
  s["syscalls"][0]["action"] = "SCMP_ACT_NOTIFY";
  EXPECT_NE(error_of(s).find("linux.seccomp.listenerPath: required when an action is SCMP_ACT_NOTIFY"),
            std::string::npos);
  s["listenerPath"] = "/run/agent.sock";
  EXPECT_EQ(error_of(s), "");
  s["defaultAction"] = "SCMP_ACT_NOTIFY";
  EXPECT_NE(error_of(s).find("SCMP_ACT_NOTIFY cannot be the default action"), std::string::npos);
}

TEST(SpecSeccomp, ListenerPathWithoutNotifyIsIgnored) {
  json s = deny_mkdir();
  s["listenerPath"] = "/nowhere.sock";
  EXPECT_EQ(error_of(s), "");
  auto c = parse_config(config_with(s).dump());
  ASSERT_TRUE(c);
  EXPECT_FALSE(uses_notify(*c->linux->seccomp));
}

TEST(SpecSeccomp, UnknownSyscallNamesAreNotErrors) {
  json s = deny_mkdir();
  s["syscalls"][0]["names"] = {"mkdir", "no_such_syscall_anywhere"};
  EXPECT_EQ(error_of(s), "");
}

TEST(SpecSeccomp, TwoConditionsOnOneArgumentBecomeTwoRules) {
  Seccomp s;
  SeccompSyscall sc;
  sc.names = {"mkdir"};
  sc.action = "SCMP_ACT_ERRNO";
  sc.args = {{1, 0700, 0, "SCMP_CMP_EQ"}, {1, 0750, 0, "SCMP_CMP_EQ"}};
  s.syscalls = {sc};
  auto rules = expand_seccomp_rules(s);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].args.size(), 1u);
  EXPECT_EQ(rules[0].args[0].value, 0700u);
  EXPECT_EQ(rules[1].args[0].value, 0750u);
  EXPECT_EQ(rules[1].names, sc.names);
}

TEST(SpecSeccomp, ConditionsOnDifferentArgumentsStayOneRule) {
  Seccomp s;
  SeccompSyscall sc;
  sc.names = {"openat"};
  sc.action = "SCMP_ACT_ERRNO";
  sc.args = {{1, 1, 0, "SCMP_CMP_EQ"}, {2, 0700, 0, "SCMP_CMP_EQ"}};
  s.syscalls = {sc, SeccompSyscall{{"read"}, "SCMP_ACT_ALLOW", {}, {}}};
  auto rules = expand_seccomp_rules(s);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].args.size(), 2u);
  EXPECT_TRUE(rules[1].args.empty());
}

}  // namespace
}  // namespace rampart::spec
