// rampart verify's judgement on hand-written facts: an intact container gives no drift and the
// same policy findings `check` gives its config; each way of breaking it from the host gives its
// finding.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "verify/judge.h"
#include "verify_fixture.h"

namespace rampart::verify {
namespace {

using testing::Scene;

std::vector<policy::Finding> drift(const Scene& s) { return drift_findings(s.e, s.c, s.h); }

std::string show(const std::vector<policy::Finding>& fs) {
  std::string out;
  for (const auto& f : fs) out += "  " + f.rule + " [" + f.field + "] " + f.message + "\n";
  return out;
}

// A copy: callers pass temporaries.
std::optional<policy::Finding> find(const std::vector<policy::Finding>& fs, std::string_view rule) {
  for (const auto& f : fs)
    if (f.rule == rule) return f;
  return std::nullopt;
}

std::set<std::string> rules_of(const std::vector<policy::Finding>& fs) {
  std::set<std::string> r;
  for (const auto& f : fs) r.insert(f.rule);
  return r;
}

void add_mount(Scene& s, const std::string& line) {
  auto more = *parse_mountinfo(line);
  s.c.mounts.insert(s.c.mounts.end(), more.begin(), more.end());
}

TEST(VerifyJudge, IntactContainerHasNoDrift) {
  Scene s;
  auto fs = drift(s);
  EXPECT_TRUE(fs.empty()) << show(fs);
}

TEST(VerifyJudge, EveryMountOfAnIntactContainerIsExplained) {
  Scene s;
  MountView v = classify_mounts(s.e, s.c, s.h);
  for (const auto& m : v.mounts)
    EXPECT_NE(m.role, MountRole::Unrequested) << m.mount->mount_point;
  EXPECT_TRUE(v.missing.empty());
  ASSERT_NE(v.root, nullptr);
  EXPECT_EQ(v.root->id, 100u);
}

TEST(VerifyJudge, LivePolicyOfAnIntactContainerIsCheckOfItsConfig) {
  // A policy means one thing before start and while running. (With runc's default masks and
  // read-only paths listed, as every engine lists them; the paths the fixture has no facts for
  // are absent in the container, so masked as well.)
  Scene s;
  s.e.config.linux->masked_paths = default_masked_paths();
  s.e.config.linux->readonly_paths = default_readonly_paths();
  auto live = rules_of(live_findings(s.e, s.c, s.h));
  auto check = rules_of(policy::run_rules(s.e.config, {}));
  EXPECT_EQ(live, check) << show(live_findings(s.e, s.c, s.h));
}

TEST(VerifyJudge, UnrequestedBindFromTheHostIsDriftAndJudgedByCheckRules) {
  Scene s;
  add_mount(s, "200 100 254:0 /etc /host-etc rw,relatime - ext4 /dev/vda rw\n");
  auto fs = drift(s);
  auto f = find(fs, "RP-RUN-001");
  ASSERT_NE(f, std::nullopt) << show(fs);
  EXPECT_EQ(f->field, "mount:/host-etc");
  EXPECT_NE(f->message.find("the host's /etc"), std::string::npos) << f->message;
  auto live = live_findings(s.e, s.c, s.h);
  auto m = find(live, "RP-MNT-002");
  ASSERT_NE(m, std::nullopt) << show(live);
  EXPECT_EQ(m->severity, policy::Severity::Critical);  // writable
  EXPECT_EQ(m->field, "mount:/host-etc");
  EXPECT_TRUE(m->message.starts_with("mount (/etc -> /host-etc)")) << m->message;
}

TEST(VerifyJudge, EngineSocketAndRuntimeStateAreNamedLikeCheckNamesThem) {
  Scene s;
  add_mount(s, "201 100 254:0 /run/containerd/containerd.sock /sock rw - ext4 /dev/vda rw\n");
  add_mount(s, "202 100 254:0 /run/runc /state ro - ext4 /dev/vda rw\n");
  PathFact sock;
  sock.exists = true;
  sock.inode.kind = Kind::Socket;
  s.c.paths["/sock"] = sock;
  auto live = rules_of(live_findings(s.e, s.c, s.h));
  EXPECT_TRUE(live.count("RP-MNT-001"));
  EXPECT_TRUE(live.count("RP-MNT-005"));
}

TEST(VerifyJudge, HostPathOfABindUsesTheHostMountOfThatTree) {
  auto host = *parse_mountinfo(testing::kHostMounts);
  auto m = *parse_mountinfo("300 100 254:0 /srv/data/x /x rw - ext4 /dev/vda rw\n");
  EXPECT_EQ(host_path_of(m[0], host), "/mnt/data/x");
  auto fresh = *parse_mountinfo("301 100 0:99 / /tmp rw - tmpfs tmpfs rw\n");
  EXPECT_EQ(host_path_of(fresh[0], host), std::nullopt);
}

TEST(VerifyJudge, AMountStackedOverAConfigMountIsUnrequested) {
  Scene s;
  add_mount(s, "203 104 0:77 / /dev/shm rw - tmpfs tmpfs rw\n");
  auto fs = drift(s);
  auto f = find(fs, "RP-RUN-001");
  ASSERT_NE(f, std::nullopt) << show(fs);
  EXPECT_EQ(f->field, "mount:/dev/shm");
  EXPECT_NE(f->message.find("mount id 203"), std::string::npos);
}

TEST(VerifyJudge, UnmountedConfigMountIsReported) {
  Scene s;
  s.c.mounts.erase(std::remove_if(s.c.mounts.begin(), s.c.mounts.end(),
                                  [](const MountEntry& m) { return m.mount_point == "/dev/mqueue"; }),
                   s.c.mounts.end());
  auto fs = drift(s);
  auto f = find(fs, "RP-RUN-002");
  ASSERT_NE(f, std::nullopt) << show(fs);
  EXPECT_EQ(f->field, "mounts[4]");
}

TEST(VerifyJudge, UnmaskedPathIsReported) {
  Scene s;
  // The /dev/null bind over /proc/keys is gone: the path is procfs's own file again.
  s.c.mounts.erase(std::remove_if(s.c.mounts.begin(), s.c.mounts.end(),
                                  [](const MountEntry& m) { return m.mount_point == "/proc/keys"; }),
                   s.c.mounts.end());
  Inode keys;
  keys.mnt_id = 101;
  keys.kind = Kind::Regular;
  s.c.paths["/proc/keys"].inode = keys;
  auto fs = drift(s);
  auto f = find(fs, "RP-RUN-003");
  ASSERT_NE(f, std::nullopt) << show(fs);
  EXPECT_EQ(f->paths, std::vector<std::string>{"/proc/keys"});
  // /proc/keys is one of runc's default masks: check's own rule says the same.
  auto live = live_findings(s.e, s.c, s.h);
  auto p = find(live, "RP-PRC-001");
  ASSERT_NE(p, std::nullopt) << show(live);
  EXPECT_NE(p->message.find("/proc/keys"), std::string::npos);
}

TEST(VerifyJudge, MaskedDirectoryOnAWritableTmpfsIsNotMasked) {
  Scene s;
  for (auto& m : s.c.mounts)
    if (m.mount_point == "/proc/acpi") m.options = {"rw"}, m.super_options = {"rw"};
  EXPECT_NE(find(drift(s), "RP-RUN-003"), std::nullopt) << show(drift(s));
}

TEST(VerifyJudge, ReadonlyPathRemountedWritableIsReported) {
  Scene s;
  for (auto& m : s.c.mounts)
    if (m.mount_point == "/proc/sys") m.options = {"rw", "relatime"};
  auto fs = drift(s);
  auto f = find(fs, "RP-RUN-004");
  ASSERT_NE(f, std::nullopt) << show(fs);
  EXPECT_EQ(f->field, "linux.readonlyPaths");
  EXPECT_NE(find(live_findings(s.e, s.c, s.h), "RP-PRC-002"), std::nullopt);
}

TEST(VerifyJudge, ReadonlyRootAndMountsRemountedWritable) {
  Scene s;
  for (auto& m : s.c.mounts) {
    if (m.mount_point == "/") m.options = {"rw"};
    if (m.mount_point == "/sys") m.options = {"rw"}, m.super_options = {"rw"};
  }
  auto fs = drift(s);
  std::set<std::string> fields;
  for (const auto& f : fs)
    if (f.rule == "RP-RUN-004") fields.insert(f.field);
  EXPECT_TRUE(fields.count("root.readonly")) << show(fs);
  EXPECT_TRUE(fields.count("mounts[5]")) << show(fs);
  auto live = rules_of(live_findings(s.e, s.c, s.h));
  EXPECT_TRUE(live.count("RP-SYS-001"));  // a writable sysfs, as check says
  EXPECT_TRUE(live.count("RP-PRV-004"));  // a writable root
}

TEST(VerifyJudge, WritableCgroupHierarchyIsReported) {
  Scene s;
  for (auto& m : s.c.mounts)
    if (m.mount_point == "/sys/fs/cgroup/memory") m.options = {"rw"};
  EXPECT_NE(find(drift(s), "RP-RUN-004"), std::nullopt);
  EXPECT_NE(find(live_findings(s.e, s.c, s.h), "RP-SYS-002"), std::nullopt);
}

TEST(VerifyJudge, MountOverAProcFileIsUnrequestedAndCheckSaysWhy) {
  Scene s;
  add_mount(s, "204 101 254:0 /tmp/evil /proc/sysrq-trigger rw - ext4 /dev/vda rw\n");
  EXPECT_NE(find(drift(s), "RP-RUN-001"), std::nullopt);
  EXPECT_NE(find(live_findings(s.e, s.c, s.h), "RP-PRC-003"), std::nullopt);
}

TEST(VerifyJudge, PeerGroupSharedWithTheHostIsPropagation) {
  Scene s;
  add_mount(s, "205 100 254:0 /srv/data /data rw shared:1 - ext4 /dev/vda rw\n");
  auto fs = drift(s);
  auto f = find(fs, "RP-MNT-004");
  ASSERT_NE(f, std::nullopt) << show(fs);
  EXPECT_NE(f->message.find("peer group 1"), std::string::npos);
  // A slave of the host's group receives but does not send: not propagation back.
  Scene t;
  add_mount(t, "205 100 254:0 /srv/data /data rw master:1 - ext4 /dev/vda rw\n");
  EXPECT_EQ(find(drift(t), "RP-MNT-004"), std::nullopt);
}

TEST(VerifyJudge, RbindBringsTheHostSubmountsAlong) {
  Scene s;
  s.e.config.mounts.push_back({"/mnt", "bind", "/mnt", {"rbind", "ro"}});
  add_mount(s, "206 100 254:0 /mnt /mnt ro - ext4 /dev/vda rw\n");
  add_mount(s, "207 206 254:0 /srv/data /mnt/data ro - ext4 /dev/vda rw\n");
  auto fs = drift(s);
  EXPECT_EQ(find(fs, "RP-RUN-001"), std::nullopt) << show(fs);
  // ... but not a mount the host does not have there.
  add_mount(s, "208 206 254:0 /etc /mnt/etc ro - ext4 /dev/vda rw\n");
  auto f = find(drift(s), "RP-RUN-001");
  ASSERT_NE(f, std::nullopt);
  EXPECT_EQ(f->field, "mount:/mnt/etc");
}

TEST(VerifyJudge, HostDirectoryFdIsCritical) {
  Scene s;
  s.init().fds.push_back({5, testing::dir_on_host(27, 2)});
  auto fs = drift(s);
  auto f = find(fs, "RP-RUN-005");
  ASSERT_NE(f, std::nullopt) << show(fs);
  EXPECT_EQ(f->severity, policy::Severity::Critical);
  EXPECT_EQ(f->field, "pid:1000/fd:5");
}

TEST(VerifyJudge, HostFileFdIsHighButStdioAndDevNullAreTheCallers) {
  Scene s;
  Inode file = testing::dir_on(27, 77);
  file.kind = Kind::Regular;
  s.init().fds.push_back({7, file, "/etc/shadow"});
  s.init().fds[1] = {1, file, "/var/log/c1.log"};  // stdout to a host log file: the caller's choice
  auto fs = drift(s);
  ASSERT_EQ(std::count_if(fs.begin(), fs.end(), [](const auto& f) { return f.rule == "RP-RUN-005"; }), 1) << show(fs);
  auto f = find(fs, "RP-RUN-005");
  EXPECT_EQ(f->severity, policy::Severity::High);
  EXPECT_EQ(f->field, "pid:1000/fd:7");
  // Judged by mount and inode: the link text is only shown.
  EXPECT_NE(f->message.find("shown as /etc/shadow"), std::string::npos);
}

TEST(VerifyJudge, DirectoryFdJudgedByMountNotLinkText) {
  Scene s;
  // Link text that looks like the container's own path does not make a host directory harmless.
  s.init().fds.push_back({4, testing::dir_on_host(27, 9), "/tmp"});
  EXPECT_NE(find(drift(s), "RP-RUN-005"), std::nullopt);
  // ... and a container directory with a host-looking link text is not a finding.
  Scene t;
  t.init().fds.push_back({4, testing::dir_on(101, 9), "/etc"});
  EXPECT_EQ(find(drift(t), "RP-RUN-005"), std::nullopt);
}

TEST(VerifyJudge, PipesSocketsAndContainerNamespacesAreFine) {
  Scene s;
  Inode pipe;
  pipe.mnt_id = 16;
  pipe.kind = Kind::Fifo;
  Inode sock;
  sock.mnt_id = 10;
  sock.kind = Kind::Socket;
  Inode ns;
  ns.mnt_id = 3;
  ns.dev_minor = 4;
  ns.ino = 103;  // the container's net namespace
  ns.kind = Kind::Regular;
  s.init().fds.push_back({3, pipe});
  s.init().fds.push_back({4, sock});
  s.init().fds.push_back({5, ns});
  auto fs = drift(s);
  EXPECT_EQ(find(fs, "RP-RUN-005"), std::nullopt) << show(fs);
  // A host namespace fd is a way out (setns).
  Inode host_ns = ns;
  host_ns.ino = 1;
  s.init().fds.push_back({6, host_ns});
  auto f = find(drift(s), "RP-RUN-005");
  ASSERT_NE(f, std::nullopt);
  EXPECT_NE(f->message.find("the host's mnt namespace"), std::string::npos) << f->message;
}

TEST(VerifyJudge, RootAndCwdOutsideTheContainer) {
  Scene s;
  auto other = s.process(1001);
  other.cwd = testing::dir_on_host(27, 2);
  s.c.processes.push_back(other);
  auto third = s.process(1002);
  third.root = testing::dir_on_host(27, 2);
  s.c.processes.push_back(third);
  auto fs = drift(s);
  std::set<std::string> fields;
  for (const auto& f : fs)
    if (f.rule == "RP-RUN-006") fields.insert(f.field);
  EXPECT_TRUE(fields.count("pid:1001/cwd")) << show(fs);
  EXPECT_TRUE(fields.count("pid:1002")) << show(fs);
}

TEST(VerifyJudge, InitRootNotTheConfiguredRootfs) {
  Scene s;
  s.c.rootfs_on_host->ino = 6000;
  auto f = find(drift(s), "RP-RUN-006");
  ASSERT_NE(f, std::nullopt);
  EXPECT_EQ(f->field, "root.path");
}

TEST(VerifyJudge, NamespaceSharedWithTheHost) {
  Scene s;
  s.init().ns["net"] = 3;  // the host's
  auto fs = drift(s);
  auto f = find(fs, "RP-RUN-007");
  ASSERT_NE(f, std::nullopt) << show(fs);
  EXPECT_EQ(f->field, "linux.namespaces[1]");
  EXPECT_NE(find(live_findings(s.e, s.c, s.h), "RP-NS-002"), std::nullopt);
}

TEST(VerifyJudge, ProcessInOtherNamespacesThanTheInit) {
  Scene s;
  auto p = s.process(1001);
  p.ns["mnt"] = 1;  // the host's
  s.c.processes.push_back(p);
  auto f = find(drift(s), "RP-RUN-007");
  ASSERT_NE(f, std::nullopt);
  EXPECT_EQ(f->field, "pid:1001/ns:mnt");
  EXPECT_NE(f->message.find("the host's mnt"), std::string::npos);
}

TEST(VerifyJudge, JoinedNamespaceMustBeTheNamedOne) {
  Scene s;
  s.e.config.linux->namespaces[1].path = "/run/netns/blue";
  s.c.joined_ns["/run/netns/blue"] = 103;
  EXPECT_EQ(find(drift(s), "RP-RUN-007"), std::nullopt);
  s.c.joined_ns["/run/netns/blue"] = 999;
  auto f = find(drift(s), "RP-RUN-007");
  ASSERT_NE(f, std::nullopt);
  EXPECT_NE(f->message.find("/run/netns/blue"), std::string::npos);
}

TEST(VerifyJudge, PrivilegesWiderThanTheConfig) {
  Scene s;
  auto p = s.process(1001);  // as nsenter leaves it: every capability, no NoNewPrivs
  p.cap_bnd = p.cap_prm = p.cap_eff = 0x1ffffffffffULL;
  p.no_new_privs = false;
  s.c.processes.push_back(p);
  s.e.config.linux->seccomp = spec::Seccomp{"SCMP_ACT_ERRNO"};
  s.init().seccomp = 2;
  auto fs = drift(s);
  auto rules = rules_of(fs);
  EXPECT_TRUE(rules.count("RP-RUN-008")) << show(fs);
  EXPECT_TRUE(rules.count("RP-RUN-009"));
  EXPECT_TRUE(rules.count("RP-RUN-010"));
  auto caps = find(fs, "RP-RUN-008");
  EXPECT_NE(caps->message.find("CAP_SYS_ADMIN"), std::string::npos);
  EXPECT_NE(caps->message.find("(in its bounding, permitted, effective sets)"), std::string::npos) << caps->message;
  EXPECT_EQ(caps->field, "pid:1001/caps");
  for (const auto& f : fs) EXPECT_TRUE(f.field.starts_with("pid:1001")) << f.field;  // the init holds
  auto live = rules_of(live_findings(s.e, s.c, s.h));
  EXPECT_TRUE(live.count("RP-CAP-001"));
  EXPECT_TRUE(live.count("RP-PRV-001"));
  EXPECT_TRUE(live.count("RP-PRV-002"));  // one process without a filter: no seccomp, as check would say
}

TEST(VerifyJudge, UidMapsAndHostRoot) {
  Scene s;
  auto& lx = *s.e.config.linux;
  lx.namespaces.push_back({spec::NamespaceType::User, ""});
  lx.uid_mappings = {{0, 100000, 65536}};
  lx.gid_mappings = {{0, 100000, 65536}};
  s.init().ns["user"] = 106;
  s.init().uid_map = "         0     100000      65536\n";
  s.init().gid_map = "         0     100000      65536\n";
  s.init().uid[0] = s.init().uid[1] = 100000;
  auto fs = drift(s);
  EXPECT_TRUE(fs.empty()) << show(fs);
  s.init().gid_map = "0 0 4294967295\n";
  auto p = s.process(1001);
  p.ns["user"] = 106;
  p.uid[0] = p.uid[1] = 0;  // host root in a container whose root is host uid 100000
  s.c.processes.push_back(p);
  auto rules = rules_of(drift(s));
  EXPECT_TRUE(rules.count("RP-RUN-011")) << show(drift(s));
  EXPECT_TRUE(rules.count("RP-RUN-012"));
}

TEST(VerifyJudge, ProcessOutsideTheCgroup) {
  Scene s;
  auto p = s.process(1001);
  p.cgroups["memory"] = "/elsewhere";
  s.c.processes.push_back(p);
  auto f = find(drift(s), "RP-RUN-013");
  ASSERT_NE(f, std::nullopt);
  EXPECT_EQ(f->field, "pid:1001/cgroup");
  EXPECT_NE(f->message.find("memory /elsewhere (the container's is /c1)"), std::string::npos) << f->message;
  // Below the container's cgroup is inside it.
  s.c.processes.back().cgroups["memory"] = "/c1/sub";
  EXPECT_EQ(find(drift(s), "RP-RUN-013"), std::nullopt);
}

TEST(VerifyJudge, CgroupLimitChanged) {
  Scene s;
  s.e.config.linux->resources = spec::Resources{};
  s.e.config.linux->resources->pids_limit = 64;
  s.e.config.linux->resources->memory_limit = 100 * 1024 * 1024 + 100;  // the kernel rounds it to a page
  s.c.cgroup_files["pids/pids.max"].value = "64";
  s.c.cgroup_files["memory/memory.limit_in_bytes"].value = std::to_string(100 * 1024 * 1024);
  EXPECT_TRUE(drift(s).empty()) << show(drift(s));
  s.c.cgroup_files["pids/pids.max"].value = "max";
  auto f = find(drift(s), "RP-RUN-014");
  ASSERT_NE(f, std::nullopt);
  EXPECT_EQ(f->field, "linux.resources.pids.limit");
  EXPECT_EQ(f->message, "linux.resources.pids.limit: the config asks for 64, pids/pids.max is max");
  EXPECT_NE(find(live_findings(s.e, s.c, s.h), "RP-RES-001"), std::nullopt);  // no pids limit in force
}

TEST(VerifyJudge, WhatCouldNotBeReadIsAFindingNotAPass) {
  Scene s;
  s.init().unreadable.push_back("fds: Permission denied");
  s.c.unreadable.push_back("pid 1001: Permission denied");
  auto fs = drift(s);
  EXPECT_EQ(std::count_if(fs.begin(), fs.end(), [](const auto& f) { return f.rule == "RP-RUN-015"; }), 2);
}

TEST(VerifyJudge, PolicyAppliesToDriftAsToCheck) {
  Scene s;
  add_mount(s, "200 100 254:0 /etc /host-etc ro - ext4 /dev/vda rw\n");
  policy::Policy p;
  auto rep = judge(s.e, s.c, s.h, p);
  EXPECT_TRUE(rep.failed);
  EXPECT_EQ(rep.container, "c1");
  EXPECT_EQ(rep.source, "/run/rampart/c1/config.json");
  p.disable = {"RP-RUN-001"};
  policy::Exception ex;
  ex.rule = "RP-MNT-002";
  ex.container = "c*";
  ex.path = "/etc";
  ex.reason = "the workload reads the host's CA bundle";
  p.exceptions.push_back(ex);
  auto r2 = judge(s.e, s.c, s.h, p);
  EXPECT_FALSE(r2.failed) << show(r2.findings);
  ASSERT_EQ(r2.excepted.size(), 1u);
  EXPECT_EQ(r2.excepted[0].finding.rule, "RP-MNT-002");
  policy::Policy lower;
  lower.severity["RP-RUN-001"] = policy::Severity::Low;
  lower.severity["RP-MNT-002"] = policy::Severity::Low;
  EXPECT_FALSE(judge(s.e, s.c, s.h, lower).failed);
}

}  // namespace
}  // namespace rampart::verify
