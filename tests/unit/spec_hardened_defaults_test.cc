// `rampart spec`'s least-privilege defaults: the default passes `check --profile baseline` with
// nothing above low, the rootless one passes `--profile restricted`, and the seccomp profile is
// an allow-list that keeps out the calls containers escape with.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "container/spec_file.h"
#include "policy/policy.h"
#include "spec/defaults.h"
#include "spec/parse.h"

namespace rampart::spec {
namespace {

Config parsed(const SpecOptions& o) {
  auto c = parse_config(default_config_json(o));
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().message());
  return c ? *c : Config{};
}

policy::Report judge(const Config& c, policy::Profile profile) {
  policy::Policy pol;
  pol.profile = profile;
  return policy::evaluate(c, {}, pol, "c1");
}

std::string findings_of(const policy::Report& r) {
  std::string out;
  for (const auto& f : r.findings) out += f.rule + " " + f.message + "\n";
  return out;
}

TEST(HardenedSpec, DefaultPassesBaselineWithNothingAboveLow) {
  auto r = judge(parsed(SpecOptions{}), policy::Profile::Baseline);
  EXPECT_FALSE(r.failed);
  for (const auto& f : r.findings) EXPECT_LE(f.severity, policy::Severity::Low) << findings_of(r);
}

TEST(HardenedSpec, RootlessPassesRestrictedWithAndWithoutSubordinateIds) {
  SpecOptions o;
  o.rootless = true;
  o.uid = 1234;
  o.gid = 1234;
  auto single = judge(parsed(o), policy::Profile::Restricted);
  EXPECT_FALSE(single.failed) << findings_of(single);
  o.subuid = IdRange{200000, 65536};
  o.subgid = IdRange{200000, 65536};
  Config multi = parsed(o);
  auto r = judge(multi, policy::Profile::Restricted);
  EXPECT_FALSE(r.failed) << findings_of(r);
  ASSERT_EQ(multi.linux->uid_mappings.size(), 2u);
  EXPECT_EQ(multi.linux->uid_mappings[0].host_id, 1234u);
  EXPECT_EQ(multi.linux->uid_mappings[1].host_id, 200000u);
  EXPECT_EQ(multi.process->user.uid, kRootlessProcessUid);
}

TEST(HardenedSpec, RootlessWithoutSubordinateIdsHasNoRootInside) {
  SpecOptions o;
  o.rootless = true;
  o.uid = 1234;
  Config c = parsed(o);
  ASSERT_EQ(c.linux->uid_mappings.size(), 1u);
  EXPECT_EQ(c.linux->uid_mappings[0].container_id, kRootlessProcessUid);
  EXPECT_EQ(c.linux->uid_mappings[0].host_id, 1234u);
  EXPECT_EQ(c.process->user.uid, kRootlessProcessUid);
}

TEST(HardenedSpec, PrivilegedDefaultsAreRuncsPlainOutput) {
  SpecOptions o;
  o.privileged_defaults = true;
  Config c = parsed(o);
  EXPECT_FALSE(c.linux->seccomp.has_value());
  EXPECT_TRUE(c.linux->uid_mappings.empty());
  EXPECT_EQ(default_config_json(o), default_config_json(false));
}

TEST(DefaultSeccomp, AnAllowListThatKeepsOutTheEscapeCalls) {
  auto p = nlohmann::json::parse(default_seccomp_profile_json());
  EXPECT_EQ(p["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(p["defaultErrnoRet"], 1);  // EPERM
  std::vector<std::string> allowed;
  for (const auto& rule : p["syscalls"])
    if (rule["action"] == "SCMP_ACT_ALLOW" && !rule.contains("args"))
      for (const auto& n : rule["names"]) allowed.push_back(n);
  auto has = [&](const char* n) { return std::find(allowed.begin(), allowed.end(), n) != allowed.end(); };
  for (const char* escape : {"mount", "umount2", "pivot_root", "setns", "unshare", "open_by_handle_at", "keyctl",
                             "add_key", "request_key", "bpf", "perf_event_open", "kexec_load", "kexec_file_load",
                             "init_module", "finit_module", "delete_module", "fsopen", "fsmount", "move_mount",
                             "open_tree", "mount_setattr", "userfaultfd", "io_uring_setup", "reboot", "swapon",
                             "syslog", "acct", "clock_settime", "iopl", "ioperm"})
    EXPECT_FALSE(has(escape)) << escape << " must not be allowed";
  for (const char* needed : {"openat2", "openat", "read", "write", "execve", "pipe2", "wait4", "futex", "mmap",
                             "close_range", "rt_sigaction", "exit_group", "capset", "setresuid", "prctl"})
    EXPECT_TRUE(has(needed)) << needed << " must be allowed";
  bool clone3_enosys = false, clone_masked = false;
  for (const auto& rule : p["syscalls"]) {
    if (rule["names"] == nlohmann::json::array({"clone3"})) clone3_enosys = rule["errnoRet"] == 38;
    if (rule["names"] == nlohmann::json::array({"clone"}))
      clone_masked = rule["args"][0]["op"] == "SCMP_CMP_MASKED_EQ" && rule["args"][0]["value"] == 0x7E020000;
  }
  EXPECT_TRUE(clone3_enosys);
  EXPECT_TRUE(clone_masked);
}

TEST(DefaultSeccomp, WrittenWithoutCommentsAndParsesAsASpecProfile) {
  std::string text = default_config_json(SpecOptions{});
  EXPECT_EQ(text.find("\"comment\""), std::string::npos);
  auto c = parse_config(text);
  ASSERT_TRUE(c) << c.error().message();
  ASSERT_TRUE(c->linux->seccomp);
  EXPECT_GT(c->linux->seccomp->syscalls.size(), 10u);
}

TEST(SubordinateIds, MatchedByNameOrUid) {
  std::string text = "alice:100000:65536\n1001:300000:1000\nbroken\nbob:x:1\n";
  auto a = container::find_subordinate_range(text, "alice", 1000);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->start, 100000u);
  EXPECT_EQ(a->count, 65536u);
  auto b = container::find_subordinate_range(text, "carol", 1001);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->start, 300000u);
  EXPECT_FALSE(container::find_subordinate_range(text, "bob", 5));
}

}  // namespace
}  // namespace rampart::spec
