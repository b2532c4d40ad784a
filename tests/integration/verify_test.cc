// `rampart verify` against real containers: an intact one reports nothing; each way of breaking
// one from the host -- a bind mount added into its mount namespace, a mask removed, a read-only
// path remounted writable, a host directory fd handed to one of its processes, a process entered
// without the seccomp filter, a cgroup limit changed -- is reported; bad input is an error or a
// finding, never an all-clear.
//
// verify is rampart's own command, so it always runs this build's rampart; the containers are
// started by the runtime under test (its state root is the one verify reads).
#include "verify_helpers.h"

namespace rampart::testing {
namespace {

TEST(Verify, IntactContainerReportsNothing) {
  Bundle b;
  Running c = start_sleeper(b);
  Result r = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["containers"].size(), 1u) << r.out;
  EXPECT_EQ(j["containers"][0]["state"], "verified") << r.out;
  EXPECT_EQ(j["containers"][0]["pid"], c.pid);
  EXPECT_EQ(j["containers"][0]["report"]["findings"].size(), 0u) << r.out;
  // Without the policy the harness config's own findings are there -- the ones check reports.
  Result plain = verify(b, {"--format", "json", b.id()});
  EXPECT_EQ(plain.exit_code, 0) << plain;
  std::set<std::string> rules = rules_in(plain.out);
  EXPECT_TRUE(rules.count("RP-NS-007")) << plain.out;
  for (const auto& rule : rules) EXPECT_FALSE(rule.starts_with("RP-RUN-")) << rule << "\n" << plain.out;
}

TEST(Verify, TextReportAndAllContainers) {
  Bundle b;
  start_sleeper(b);
  Result r = verify(b, {"--policy", quiet_policy(b).string()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("rampart verify: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("result: PASS"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verify: 1 container: 1 hold, 0 fail, 0 not verified"), std::string::npos) << r.out;
}

TEST(Verify, BindMountAddedFromTheHostIsReported) {
  Bundle b;
  Running c = start_sleeper(b);
  fs::path hostdir = b.tmp() / "hostdir";
  fs::create_directory(hostdir);
  ASSERT_TRUE(bind_into(c.pid, hostdir, "/mnt", false));
  ASSERT_TRUE(bind_into(c.pid, "/etc", "/opt", true));
  Result r = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto fs = findings_in(r.out);
  EXPECT_TRUE(has(fs, "RP-RUN-001", "mount:/mnt")) << r.out;
  EXPECT_TRUE(has(fs, "RP-RUN-001", "mount:/opt")) << r.out;
  // The host's /etc, judged by check's rule for a bind of a sensitive host directory.
  EXPECT_TRUE(has(fs, "RP-MNT-002", "mount:/opt")) << r.out;
  auto f = find(fs, "RP-RUN-001", "mount:/mnt");
  EXPECT_NE(f.value("message", "").find(hostdir.string()), std::string::npos) << f.dump();
}

TEST(Verify, FreshMountOverAProcFileIsReported) {
  Bundle b;
  Running c = start_sleeper(b);
  ASSERT_EQ(in_mount_ns(c.pid, [] { return ::mount("tmpfs", "/proc/sysrq-trigger", "tmpfs", 0, nullptr) == 0 ||
                                               ::mount("tmpfs", "/proc/sys/kernel", "tmpfs", 0, nullptr) == 0; }),
            0);
  Result r = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto fs = findings_in(r.out);
  EXPECT_TRUE(has_rule(fs, "RP-RUN-001")) << r.out;
  EXPECT_TRUE(has_rule(fs, "RP-PRC-003")) << r.out;
}

TEST(Verify, UnmaskedPathIsReported) {
  Bundle b;
  Running c = start_sleeper(b);
  ASSERT_EQ(in_mount_ns(c.pid, [] { return ::umount2("/proc/keys", MNT_DETACH) == 0; }), 0);
  Result r = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto fs = findings_in(r.out);
  EXPECT_TRUE(has(fs, "RP-RUN-003", "linux.maskedPaths")) << r.out;
  EXPECT_TRUE(has_rule(fs, "RP-PRC-001")) << r.out;  // /proc/keys is a default mask: check's rule says so too
}

TEST(Verify, ReadonlyPathRemountedWritableIsReported) {
  Bundle b;
  Running c = start_sleeper(b);
  ASSERT_EQ(in_mount_ns(c.pid, [] { return ::mount(nullptr, "/proc/sys", nullptr, MS_REMOUNT | MS_BIND, nullptr) == 0; }),
            0);
  Result r = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto fs = findings_in(r.out);
  EXPECT_TRUE(has(fs, "RP-RUN-004", "linux.readonlyPaths")) << r.out;
  EXPECT_TRUE(has_rule(fs, "RP-PRC-002")) << r.out;
}

TEST(Verify, ReadonlyRootRemountedWritableIsReported) {
  Bundle b;
  Running c = start_sleeper(b);
  ASSERT_EQ(in_mount_ns(c.pid, [] { return ::mount(nullptr, "/", nullptr, MS_REMOUNT | MS_BIND, nullptr) == 0; }), 0);
  Result r = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_TRUE(has(findings_in(r.out), "RP-RUN-004", "root.readonly")) << r.out;
}

TEST(Verify, HostDirectoryFdInAProcessIsReported) {
  Bundle b;
  Running c = start_sleeper(b);
  KillMembersAtEnd reap(c.pid);
  fs::path hostdir = b.tmp() / "leaked";
  fs::create_directory(hostdir);
  // An exec that passes one more fd: a host directory, as a runtime bug would leak it
  // (CVE-2024-21626 leaked /sys/fs/cgroup this way).
  std::string cmd = "exec 3<" + hostdir.string() + "; exec";
  for (const auto& a : runtime_argv()) cmd += " '" + a + "'";
  cmd += " --root '" + b.state_root().string() + "' exec -d --preserve-fds 1 " + b.id() + " /bin/sleep 60";
  Result e = run_command({"/bin/sh", "-c", cmd});
  ASSERT_EQ(e.exit_code, 0) << e;
  Result r = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto fs = findings_in(r.out);
  nlohmann::json f;
  for (const auto& x : fs)
    if (x["rule"] == "RP-RUN-005" && x["field"].get<std::string>().ends_with("/fd:3")) f = x;
  ASSERT_FALSE(f.is_null()) << r.out;
  EXPECT_EQ(f["severity"], "critical");
  EXPECT_NE(f["message"].get<std::string>().find("a directory outside the container"), std::string::npos) << f.dump();
}

TEST(Verify, ProcessEnteredWithoutTheSeccompFilterIsReported) {
  Bundle b;
  // A filter that blocks one syscall nobody here makes: the container runs as usual, in mode 2.
  b.config()["linux"]["seccomp"] = {
      {"defaultAction", "SCMP_ACT_ALLOW"},
      {"syscalls", {{{"names", {"kexec_load"}}, {"action", "SCMP_ACT_ERRNO"}}}}};
  Running c = start_sleeper(b);
  Result before = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  ASSERT_EQ(before.exit_code, 0) << before;
  // nsenter joins the namespaces and nothing else: no filter, every capability, no
  // NoNewPrivs, the host's cgroup -- an exec that lost its filter, and more.
  KillMembersAtEnd reap(c.pid);
  Spawned entered({"nsenter", "-t", std::to_string(c.pid), "-m", "-u", "-i", "-n", "-p", "--", "/bin/sleep", "60"});
  ASSERT_TRUE(wait_for_member(b, c.pid)) << "nsenter'd process not seen in the container's pid namespace";
  Result r = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto fs = findings_in(r.out);
  EXPECT_TRUE(has_rule(fs, "RP-RUN-010")) << r.out;
  EXPECT_TRUE(has_rule(fs, "RP-RUN-008")) << r.out;
  EXPECT_TRUE(has_rule(fs, "RP-RUN-009")) << r.out;
  EXPECT_TRUE(has_rule(fs, "RP-RUN-013")) << r.out;
  for (const auto& f : fs) {
    if (f["rule"] == "RP-RUN-010") {
      EXPECT_NE(f["field"].get<std::string>(), "pid:" + std::to_string(c.pid) + "/seccomp");  // the init has it
    }
  }
}

TEST(Verify, CgroupLimitChangedIsReported) {
  Bundle b;
  b.config()["linux"]["resources"]["pids"] = {{"limit", 64}};
  Running c = start_sleeper(b);
  Result before = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  ASSERT_EQ(before.exit_code, 0) << before;
  fs::path pids_max = cgroup_file(c.pid, "pids", "pids.max");
  ASSERT_FALSE(pids_max.empty());
  { std::ofstream(pids_max) << "100"; }
  Result r = verify(b, {"--format", "json", "--policy", quiet_policy(b).string(), b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto f = find(findings_in(r.out), "RP-RUN-014", "linux.resources.pids.limit");
  ASSERT_FALSE(f.is_null()) << r.out;
  EXPECT_NE(f["message"].get<std::string>().find("asks for 64"), std::string::npos);
}

TEST(Verify, SarifAndMetrics) {
  Bundle b;
  Running c = start_sleeper(b);
  ASSERT_EQ(in_mount_ns(c.pid, [] { return ::mount("tmpfs", "/mnt", "tmpfs", 0, nullptr) == 0; }), 0);
  fs::path metrics = b.tmp() / "rampart.prom";
  Result r = verify(b, {"--format", "sarif", "--metrics", metrics.string(), "--policy", quiet_policy(b).string(), b.id()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], "2.1.0");
  ASSERT_EQ(j["runs"].size(), 1u);
  EXPECT_EQ(j["runs"][0]["results"][0]["ruleId"], "RP-RUN-001");
  std::string m = read_file(metrics);
  EXPECT_NE(m.find("rampart_verify_findings{container=\"" + b.id() + "\""), std::string::npos) << m;
  EXPECT_NE(m.find("rule=\"RP-RUN-001\",severity=\"high\"} 1"), std::string::npos) << m;
  EXPECT_NE(m.find("rampart_verify_container_failed{container=\"" + b.id() + "\""), std::string::npos) << m;
  EXPECT_FALSE(fs::exists(metrics.string() + ".tmp"));
}

TEST(Verify, NoSuchContainerIsBadInput) {
  Bundle b;
  Result r = verify(b, {"no-such-container"});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_NE(r.err.find("container does not exist: no-such-container"), std::string::npos) << r;
  Result bad = verify(b, {"--format", "yaml"});
  EXPECT_EQ(bad.exit_code, 2) << bad;
  Result pid_only = verify(b, {"--pid", "1"});
  EXPECT_EQ(pid_only.exit_code, 2) << pid_only;
  EXPECT_NE(pid_only.err.find("--pid and --config go together"), std::string::npos) << pid_only;
}

TEST(Verify, UnreadableConfigIsBadInput) {
  Bundle b;
  Result r = verify(b, {"--pid", std::to_string(::getpid()), "--config", (b.tmp() / "missing.json").string()});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_NE(r.err.find("missing.json"), std::string::npos) << r;
  // A container whose saved config is not JSON any more: a clear error, not a pass.
  start_sleeper(b);
  fs::path saved = config_in_state(b);
  ASSERT_FALSE(saved.empty());
  std::string keep = read_file(saved);
  { std::ofstream(saved) << "{ not json"; }
  Result broken = verify(b, {b.id()});
  { std::ofstream(saved) << keep; }
  EXPECT_EQ(broken.exit_code, 2) << broken;
  EXPECT_NE(broken.err.find("config"), std::string::npos) << broken;
}

TEST(Verify, ARecycledPidIsNotTheContainer) {
  Bundle b;
  Running c = start_sleeper(b);
  // The state says pid P started at tick T; point it at another live process: verify must see
  // that the pid is not the container's init any more.
  Spawned other({"/bin/sleep", "60"});
  struct Restore {
    Bundle& b;
    int pid;
    ~Restore() { repoint_state(b, pid); }  // before `other` is killed: delete must find the init
  } restore{b, c.pid};
  ASSERT_TRUE(repoint_state(b, other.pid()));
  Result r = verify(b, {"--format", "json", b.id()});
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_NE(r.err.find("another process"), std::string::npos) << r;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["containers"][0]["state"], "stopped") << r.out;
}

TEST(Verify, APidThatIsNoContainerIsNeverAnAllClear) {
  Bundle b;
  b.write();
  Spawned host_process({"/bin/sleep", "60"});
  Result r = verify(b, {"--format", "json", "--pid", std::to_string(host_process.pid()), "--config",
                        (b.dir() / "config.json").string()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_TRUE(has_rule(findings_in(r.out), "RP-RUN-007")) << r.out;  // the host's namespaces
}

TEST(Verify, APidThatExitsMidCheckIsAnErrorOrAFindingNeverAPass) {
  Bundle b;
  b.write();
  for (int i = 0; i < 20; ++i) {
    Spawned brief({"/bin/sleep", "0.0" + std::to_string(i % 10)});
    Result r = verify(b, {"--format", "json", "--pid", std::to_string(brief.pid()), "--config",
                          (b.dir() / "config.json").string()});
    EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 2) << r;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out;
  }
}

TEST(Verify, NotStartedContainerIsNotJudgedYet) {
  Bundle b;
  b.set_args({"/bin/sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0);
  Result r = verify(b, {"--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["containers"][0]["state"], "not started") << r.out;
}

}  // namespace
}  // namespace rampart::testing
