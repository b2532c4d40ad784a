// User namespaces as clients run them: under umask 022 (conmon, containerd's shim), with maps
// that leave container uid 0 unmapped, and maps the kernel would refuse.
#include "harness.h"

#include <linux/capability.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

namespace rampart::testing {
namespace {

void add_userns(Bundle& b, uint32_t container_id, uint32_t host_id, uint32_t size) {
  b.config()["linux"]["namespaces"].push_back({{"type", "user"}});
  b.config()["linux"]["uidMappings"] = {{{"containerID", container_id}, {"hostID", host_id}, {"size", size}}};
  b.config()["linux"]["gidMappings"] = {{{"containerID", container_id}, {"hostID", host_id}, {"size", size}}};
}

// The "Uid:" line of a host process's status: real, effective, saved, fs.
std::string host_uids(int pid) {
  std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
  auto at = status.find("Uid:");
  if (at == std::string::npos) return "";
  return status.substr(at, status.find('\n', at) - at);
}

// Inside: uid 0 and the map; outside: the init is host uid 210000, and exec.fifo (0622 whatever
// the umask) belongs to the container's root, as runc's.
TEST(UserNamespace, MappingSeenInsideAndOutsideUnderUmask022) {
  Bundle b({"/bin/sh", "-c", "id -u; cat /proc/self/uid_map; sleep 30"});
  add_userns(b, 0, 210000, 65536);
  mode_t old = ::umask(022);
  Result created = b.create();
  ::umask(old);
  ASSERT_EQ(created.exit_code, 0) << created << b.container_output();
  struct stat st{};
  ASSERT_EQ(::stat((b.state_root() / b.id() / "exec.fifo").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0622u);
  EXPECT_EQ(st.st_uid, 210000u);
  EXPECT_EQ(st.st_gid, 210000u);
  int pid = b.state_json()["pid"].get<int>();
  EXPECT_EQ(host_uids(pid), "Uid:\t210000\t210000\t210000\t210000");
  ASSERT_EQ(b.start().exit_code, 0);
  for (int i = 0; i < 100 && b.container_output().find("65536") == std::string::npos; ++i)
    std::this_thread::sleep_for(50ms);
  std::string out = b.container_output();
  EXPECT_EQ(out.substr(0, 2), "0\n") << out;
  EXPECT_NE(out.find("210000"), std::string::npos) << out;
  EXPECT_EQ(b.kill("KILL").exit_code, 0);
}

// Only uid/gid 1000 mapped (a rootless config that maps the caller's id to 1000): setresuid(0)
// in that namespace fails with EINVAL; the init takes 1000 instead and the process runs.
TEST(UserNamespace, ConfigNotMappingRoot) {
  Bundle b({kHelper, "ids"});
  add_userns(b, 1000, 301000, 1);
  b.config()["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  // devpts' gid=5 names a group the namespace does not map (runc's rootless spec drops it too).
  for (auto& m : b.config()["mounts"])
    if (m["type"] == "devpts") {
      auto& o = m["options"];
      o.erase(std::remove(o.begin(), o.end(), "gid=5"), o.end());
    }
  mode_t old = ::umask(022);
  Result created = b.create();
  ::umask(old);
  ASSERT_EQ(created.exit_code, 0) << created << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0) << b.container_output();
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
  EXPECT_NE(b.container_output().find("uid=1000"), std::string::npos) << b.container_output();
}

// Host ranges that overlap are refused by the kernel only when uid_map is written, after the
// init exists: the config is refused first, naming the entry, and nothing is left behind.
TEST(UserNamespace, OverlappingHostRangesRefusedBeforeStart) {
  Bundle b({kHelper, "ids"});
  add_userns(b, 0, 220000, 1000);
  b.config()["linux"]["uidMappings"].push_back({{"containerID", 5000}, {"hostID", 220500}, {"size", 10}});
  Result created = b.create();
  EXPECT_NE(created.exit_code, 0);
  // create's stderr is the container's output file here.
  EXPECT_NE(b.container_output().find("uidMappings[1]: hostID range overlaps linux.uidMappings[0]"), std::string::npos)
      << b.container_output();
  EXPECT_EQ(b.status(), "");
  EXPECT_TRUE(b.leftovers().empty());
}

// ---- rlimits: a hard limit above the runtime's own, for a process in a new user namespace ----
// Raising a hard limit needs CAP_SYS_RESOURCE in the initial user namespace: the container's
// root does not have it, so the runtime (still outside, with it) sets the limits by prlimit.

bool have_cap_sys_resource() {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (::syscall(SYS_capget, &hdr, data) != 0) return false;
  return (data[CAP_SYS_RESOURCE / 32].effective >> (CAP_SYS_RESOURCE % 32)) & 1;
}

// The "Max open files" line of /proc/self/limits, as "SOFT HARD".
std::string open_files_line(const std::string& limits) {
  auto at = limits.find("Max open files");
  if (at == std::string::npos) return "";
  std::istringstream in(limits.substr(at + 14, limits.find('\n', at) - at - 14));
  std::string soft, hard;
  in >> soft >> hard;
  return soft + " " + hard;
}

// {soft, hard}: a soft limit above the runtime's own, a hard one above its hard limit.
std::pair<uint64_t, uint64_t> nofile_above_own() {
  rlimit own{};
  if (::getrlimit(RLIMIT_NOFILE, &own) != 0 || own.rlim_max == RLIM_INFINITY) return {0, 0};
  return {own.rlim_cur + 1, own.rlim_max + 1};
}

void expect_run_sets_nofile(uint64_t soft, uint64_t hard) {
  Bundle b({"/bin/cat", "/proc/self/limits"});
  add_userns(b, 0, 230000, 65536);
  b.config()["process"]["rlimits"] = {{{"type", "RLIMIT_NOFILE"}, {"soft", soft}, {"hard", hard}}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(open_files_line(r.out), std::to_string(soft) + " " + std::to_string(hard)) << r.out;
}

void expect_exec_sets_nofile(uint64_t soft, uint64_t hard) {
  Bundle b({"/bin/sleep", "60"});
  add_userns(b, 0, 240000, 65536);
  ASSERT_EQ(b.run({"run", "-d", "--bundle", b.dir().string(), b.id()}).exit_code, 0) << b.container_output();
  auto proc = b.tmp() / "process.json";
  nlohmann::json pj = {{"args", {"/bin/cat", "/proc/self/limits"}},
                       {"cwd", "/"},
                       {"env", {"PATH=/bin"}},
                       {"user", {{"uid", 0}, {"gid", 0}}},
                       {"rlimits", {{{"type", "RLIMIT_NOFILE"}, {"soft", soft}, {"hard", hard}}}}};
  std::ofstream(proc) << pj.dump();
  Result r = b.run({"exec", "--process", proc.string(), b.id()});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(open_files_line(r.out), std::to_string(soft) + " " + std::to_string(hard)) << r.out;
  EXPECT_EQ(b.kill("KILL").exit_code, 0);
}

// Set from outside (prlimit) for the init and for an exec'd process alike: below the runtime's
// hard limit, which any host allows.
TEST(UserNamespace, RlimitsReachTheInitAndAnExecdProcess) {
  expect_run_sets_nofile(1234, 5678);
  expect_exec_sets_nofile(1234, 5678);
}

// The case that needs the runtime's CAP_SYS_RESOURCE: the container's root could not do it
// itself (setrlimit EPERM in its user namespace). Skipped on hosts whose bounding set lacks the
// capability (then no process can raise a hard limit, and the config is refused before start).
TEST(UserNamespace, RlimitHardAboveTheRuntimesOwnIsSet) {
  if (!have_cap_sys_resource()) GTEST_SKIP() << "raising a hard limit needs CAP_SYS_RESOURCE";
  auto [soft, hard] = nofile_above_own();
  if (hard == 0) GTEST_SKIP() << "no finite RLIMIT_NOFILE hard limit to go above";
  expect_run_sets_nofile(soft, hard);
  expect_exec_sets_nofile(soft, hard);
}

}  // namespace
}  // namespace rampart::testing
