// The rest of the process and its environment, as runc does it: HOME from the container's
// /etc/passwd, a cwd that does not exist created inside the root, the scheduler, I/O priority,
// personality and execCPUAffinity seen from inside, host limits (rlimits, LSMs) refused before
// anything starts, unknown capabilities warned of, and an entrypoint that cannot run reported
// in runc's words.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <unistd.h>

#include <fstream>

#include "harness.h"

namespace rampart::testing {
namespace {

void start_sleeper(Bundle& b) {
  b.set_args({"/bin/sleep", "60"});
  ASSERT_EQ(b.run({"run", "-d", "--bundle", b.dir().string(), b.id()}).exit_code, 0);
}

// ---- HOME ----

TEST(ProcessEnv, HomeOfRootFromPasswd) {
  Bundle b({kHelper, "env", "HOME"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/root\n");
}

TEST(ProcessEnv, HomeOfUid1000FromPasswd) {
  Bundle b({kHelper, "env", "HOME"});
  b.config()["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/home/alice\n");
}

TEST(ProcessEnv, HomeIsSlashForAUidWithoutEntry) {
  Bundle b({kHelper, "env", "HOME"});
  b.config()["process"]["user"] = {{"uid", 4242}, {"gid", 4242}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/\n");
}

TEST(ProcessEnv, HomeGivenIsKeptAndAnEmptyOneReplaced) {
  Bundle b({kHelper, "env", "HOME"});
  b.config()["process"]["env"].push_back("HOME=/custom");
  Result kept = b.run_container();
  ASSERT_EQ(kept.exit_code, 0) << kept;
  EXPECT_EQ(kept.out, "/custom\n");
  b.config()["process"]["env"].push_back("HOME=");
  Result replaced = b.run({"run", "--bundle", b.dir().string(), b.new_id()});
  ASSERT_EQ(replaced.exit_code, 0) << replaced;
  EXPECT_EQ(replaced.out, "/root\n");
}

TEST(ProcessEnv, PasswdThatIsAFifoIsNotWaitedOn) {
  Bundle b({kHelper, "env", "HOME"});
  fs::path rootfs = b.private_rootfs();
  fs::remove(rootfs / "etc/passwd");
  ASSERT_EQ(mkfifo((rootfs / "etc/passwd").c_str(), 0644), 0);
  Result r = b.run_container({.timeout = 20s});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/\n");
}

TEST(ProcessEnv, PasswdSymlinkedOutOfTheRootIsReadInside) {
  Bundle b({kHelper, "env", "HOME"});
  b.config()["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  fs::path rootfs = b.private_rootfs();
  // The host's /etc/passwd has no uid 1000 entry with this home; the link resolves in the root.
  fs::path decoy = b.tmp() / "decoy-passwd";
  std::ofstream(decoy) << "alice:x:1000:1000::/host-side-home:/bin/sh\n";
  fs::remove(rootfs / "etc/passwd");
  fs::create_directories(rootfs / b.tmp().relative_path());
  std::ofstream(rootfs / decoy.relative_path()) << "alice:x:1000:1000::/inside-home:/bin/sh\n";
  fs::create_symlink(decoy, rootfs / "etc/passwd");
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/inside-home\n");
}

TEST(ProcessEnv, ExecGetsHomeOfItsUser) {
  Bundle b;
  start_sleeper(b);
  Result root = b.run({"exec", b.id(), kHelper, "env", "HOME"});
  ASSERT_EQ(root.exit_code, 0) << root;
  EXPECT_EQ(root.out, "/root\n");
  Result alice = b.run({"exec", "--user", "1000:1000", b.id(), kHelper, "env", "HOME"});
  ASSERT_EQ(alice.exit_code, 0) << alice;
  EXPECT_EQ(alice.out, "/home/alice\n");
}

// ---- cwd ----

TEST(ProcessEnv, MissingCwdIsCreatedInsideTheRoot) {
  Bundle b({kHelper, "cwd"});
  fs::path rootfs = b.private_rootfs();
  b.config()["process"]["cwd"] = "/made/for/me";
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/made/for/me\n");
  struct stat st{};
  ASSERT_EQ(stat((rootfs / "made/for/me").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
}

TEST(ProcessEnv, MissingCwdIsCreatedOnAReadOnlyRoot) {
  Bundle b({kHelper, "cwd"});
  fs::path rootfs = b.private_rootfs();
  b.config()["root"]["readonly"] = true;
  b.config()["process"]["cwd"] = "/ro/work";
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/ro/work\n");
  EXPECT_TRUE(fs::is_directory(rootfs / "ro/work"));
}

TEST(ProcessEnv, CwdThroughAnAbsoluteSymlinkIsCreatedInsideTheRoot) {
  Bundle b({kHelper, "cwd"});
  fs::path rootfs = b.private_rootfs();
  fs::path outside = b.tmp() / "outside";
  fs::create_directories(outside);
  fs::create_symlink(outside, rootfs / "link");
  b.config()["process"]["cwd"] = "/link/sub";
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_FALSE(fs::exists(outside / "sub")) << "the runtime made a directory outside the root";
  EXPECT_TRUE(fs::is_directory(rootfs / outside.relative_path() / "sub"));
}

// ---- scheduler, I/O priority, personality, CPU affinity ----

TEST(ProcessEnv, Scheduler) {
  Bundle b({kHelper, "sched"});
  b.config()["process"]["scheduler"] = {{"policy", "SCHED_BATCH"}, {"nice", 5}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "policy=3 nice=5 priority=0 flags=0x0\n");
}

TEST(ProcessEnv, SchedulerOfExec) {
  Bundle b;
  start_sleeper(b);
  auto proc = b.tmp() / "process.json";
  std::ofstream(proc) << R"({"args":[")" << kHelper
                      << R"(","sched"],"cwd":"/","scheduler":{"policy":"SCHED_IDLE","flags":["SCHED_FLAG_RESET_ON_FORK"]}})";
  Result r = b.run({"exec", "--process", proc.string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "policy=5 nice=0 priority=0 flags=0x1\n");
}

TEST(ProcessEnv, UnknownSchedulerPolicyRefusedBeforeAnythingStarts) {
  Bundle b({kHelper, "sched"});
  b.config()["process"]["scheduler"] = {{"policy", "SCHED_TURBO"}};
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("process.scheduler.policy: unknown policy \"SCHED_TURBO\""), std::string::npos) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(ProcessEnv, IoPriority) {
  Bundle b({kHelper, "ioprio"});
  b.config()["process"]["ioPriority"] = {{"class", "IOPRIO_CLASS_BE"}, {"priority", 6}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "class=2 priority=6\n");
}

TEST(ProcessEnv, BadIoPriorityClassRefused) {
  Bundle b({kHelper, "ioprio"});
  b.config()["process"]["ioPriority"] = {{"class", "IOPRIO_CLASS_FAST"}, {"priority", 1}};
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("process.ioPriority.class: unknown class"), std::string::npos) << r;
}

TEST(ProcessEnv, Personality) {
  Bundle b({kHelper, "personality"});
  b.config()["linux"]["personality"] = {{"domain", "LINUX32"}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0x0008\n");
}

TEST(ProcessEnv, PersonalityOfExecAndUname) {
  Bundle b;
  b.config()["linux"]["personality"] = {{"domain", "LINUX32"}};
  start_sleeper(b);
  Result r = b.run({"exec", b.id(), "/bin/uname", "-m"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "i686\n");
}

TEST(ProcessEnv, BadPersonalityDomainRefused) {
  Bundle b({kHelper, "personality"});
  b.config()["linux"]["personality"] = {{"domain", "LINUX128"}};
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("linux.personality.domain: unknown domain \"LINUX128\""), std::string::npos) << r;
}

long online_cpus() { return sysconf(_SC_NPROCESSORS_ONLN); }

// `exec` run by a runtime pinned to CPU 0, as a shim pinned to housekeeping CPUs would be.
Result exec_pinned(Bundle& b, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"taskset", "-c", "0"};
  for (const auto& a : runtime_argv()) argv.push_back(a);
  argv.insert(argv.end(), {"--root", b.state_root().string(), "exec"});
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

std::string process_json(const std::string& affinity) {
  return std::string(R"({"args":[")") + kHelper + R"(","affinity"],"cwd":"/","execCPUAffinity":)" + affinity + "}";
}

TEST(ProcessEnv, ExecCpuAffinityFinal) {
  if (online_cpus() < 2) GTEST_SKIP() << "needs two CPUs";
  Bundle b;
  start_sleeper(b);
  auto proc = b.tmp() / "process.json";
  std::ofstream(proc) << process_json(R"({"initial":"0","final":"1"})");
  Result r = b.run({"exec", "--process", proc.string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "1\n");
}

TEST(ProcessEnv, ExecCpuAffinityInitialOnlyIsKept) {
  if (online_cpus() < 2) GTEST_SKIP() << "needs two CPUs";
  Bundle b;
  start_sleeper(b);
  auto proc = b.tmp() / "process.json";
  std::ofstream(proc) << process_json(R"({"initial":"1"})");
  Result r = b.run({"exec", "--process", proc.string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "1\n");
}

TEST(ProcessEnv, WithoutExecCpuAffinityTheRuntimesIsNotInherited) {
  if (online_cpus() < 2) GTEST_SKIP() << "needs two CPUs";
  Bundle b;
  start_sleeper(b);
  Result r = exec_pinned(b, {b.id(), kHelper, "affinity"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0-" + std::to_string(online_cpus() - 1) + "\n");
}

TEST(ProcessEnv, BadCpuListRefused) {
  Bundle b;
  start_sleeper(b);
  auto proc = b.tmp() / "process.json";
  std::ofstream(proc) << process_json(R"({"final":"2-1"})");
  Result r = b.run({"exec", "--process", proc.string(), b.id()});
  EXPECT_EQ(r.exit_code, 255) << r;
  EXPECT_NE(r.err.find("execCPUAffinity.final: invalid range \"2-1\""), std::string::npos) << r;
}

// ---- host limits, refused before anything starts ----

bool have_cap_sys_resource() {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &hdr, data) != 0) return false;
  return (data[CAP_SYS_RESOURCE / 32].effective >> (CAP_SYS_RESOURCE % 32)) & 1;
}

TEST(ProcessEnv, RlimitAboveTheHardLimitRefusedClearly) {
  if (have_cap_sys_resource()) GTEST_SKIP() << "with CAP_SYS_RESOURCE any hard limit may be raised";
  rlimit own{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &own), 0);
  ASSERT_NE(own.rlim_max, RLIM_INFINITY);
  Bundle b({kHelper, "rlimit", "NOFILE"});
  b.config()["process"]["rlimits"] = {{{"type", "RLIMIT_NOFILE"}, {"soft", 1024}, {"hard", own.rlim_max + 1}}};
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  std::string want = "process.rlimits[0]: RLIMIT_NOFILE hard limit " + std::to_string(own.rlim_max + 1) +
                     " is above the runtime's own hard limit " + std::to_string(own.rlim_max);
  EXPECT_NE(r.err.find(want), std::string::npos) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(ProcessEnv, ApparmorProfileRefusedWhereTheHostHasNoAppArmor) {
  if (read_file("/sys/module/apparmor/parameters/enabled").starts_with("Y")) GTEST_SKIP() << "AppArmor is enabled";
  Bundle b({"/bin/true"});
  b.config()["process"]["apparmorProfile"] = "rampart-test";
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("process.apparmorProfile: AppArmor is not enabled on this host"), std::string::npos) << r;
  EXPECT_TRUE(b.leftovers().empty());
  Result features = b.run({"features"});
  ASSERT_EQ(features.exit_code, 0) << features;
  auto f = nlohmann::json::parse(features.out);
  EXPECT_EQ(f["linux"]["apparmor"]["enabled"], false);
}

TEST(ProcessEnv, SelinuxLabelRefusedWhereTheHostHasNoSELinux) {
  if (fs::exists("/sys/fs/selinux/enforce")) GTEST_SKIP() << "SELinux is enabled";
  Bundle b({"/bin/true"});
  b.config()["process"]["selinuxLabel"] = "system_u:system_r:container_t:s0";
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("process.selinuxLabel: SELinux is not enabled on this host"), std::string::npos) << r;
  Result features = b.run({"features"});
  ASSERT_EQ(features.exit_code, 0) << features;
  EXPECT_EQ(nlohmann::json::parse(features.out)["linux"]["selinux"]["enabled"], false);
}

TEST(ProcessEnv, ExecApparmorAndProcessLabelFlags) {
  if (read_file("/sys/module/apparmor/parameters/enabled").starts_with("Y") || fs::exists("/sys/fs/selinux/enforce"))
    GTEST_SKIP() << "an LSM is enabled";
  Bundle b;
  start_sleeper(b);
  Result aa = b.run({"exec", "--apparmor", "rampart-test", b.id(), "/bin/true"});
  EXPECT_EQ(aa.exit_code, 255) << aa;
  EXPECT_NE(aa.err.find("process.apparmorProfile: AppArmor is not enabled"), std::string::npos) << aa;
  Result se = b.run({"exec", "--process-label", "system_u:system_r:container_t:s0", b.id(), "/bin/true"});
  EXPECT_EQ(se.exit_code, 255) << se;
  EXPECT_NE(se.err.find("process.selinuxLabel: SELinux is not enabled"), std::string::npos) << se;
}

// ---- capabilities ----

TEST(ProcessEnv, UnknownCapabilityWarnedAndIgnored) {
  Bundle b({kHelper, "caps"});
  nlohmann::json set = {"CAP_KILL", "CAP_TELEPORT"};
  b.config()["process"]["capabilities"] = {{"bounding", set}, {"effective", set}, {"permitted", set}};
  auto log = b.tmp() / "log.json";
  Result r = b.run({"--log", log.string(), "--log-format", "json", "run", "--bundle", b.dir().string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r << read_file(log);
  EXPECT_EQ(r.out, "inh=0000000000000000 prm=0000000000000020 eff=0000000000000020 bnd=0000000000000020 "
                   "amb=0000000000000000\n");
  EXPECT_EQ(r.err, "");  // a warning reaches the log only: podman takes stderr text for an error
  std::string logged = read_file(log);
  EXPECT_NE(logged.find(R"("level":"warning","msg":"ignoring unknown or unavailable capabilities: [CAP_TELEPORT]")"),
            std::string::npos)
      << logged;
}

// ---- an entrypoint that cannot run ----

TEST(ProcessEnv, EntrypointThatIsNotExecutableSaysPermissionDenied) {
  Bundle b({"/etc/passwd"});
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("exec: \"/etc/passwd\": permission denied"), std::string::npos) << r;
}

TEST(ProcessEnv, MissingEntrypointSaysNotFoundAsRunc) {
  Bundle b({"/no/such/program"});
  Result path = b.run_container();
  EXPECT_NE(path.exit_code, 0) << path;
  EXPECT_NE(path.err.find("exec: \"/no/such/program\": stat /no/such/program: no such file or directory"),
            std::string::npos)
      << path;
  b.set_args({"no-such-program"});
  Result bare = b.run({"run", "--bundle", b.dir().string(), b.new_id()});
  EXPECT_NE(bare.exit_code, 0) << bare;
  EXPECT_NE(bare.err.find("exec: \"no-such-program\": executable file not found in $PATH"), std::string::npos)
      << bare;
}

TEST(ProcessEnv, ExecOfANonExecutableSaysPermissionDenied) {
  Bundle b;
  start_sleeper(b);
  Result r = b.run({"exec", b.id(), "/etc/passwd"});
  EXPECT_EQ(r.exit_code, 255) << r;
  EXPECT_NE(r.err.find("exec: \"/etc/passwd\": permission denied"), std::string::npos) << r;
}

}  // namespace
}  // namespace rampart::testing
