// Sysctls are judged against the namespace really used: a network or IPC namespace joined by
// path that is the runtime's own (the host's) must refuse net.* and IPC keys, or the host's
// value changes. Never a real host value: the runtime runs inside a namespace this test made
// (`unshare`), which plays the host, and the test reads that canary namespace's value after.
#include "harness.h"
#include "shell_quote.h"

#include <gtest/gtest.h>

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

namespace rampart::testing {
namespace {

void join_by_path(Bundle& b, const std::string& type, const std::string& path) {
  for (auto& ns : b.config()["linux"]["namespaces"])
    if (ns["type"] == type) ns["path"] = path;
}

// `unshare --<flag>` then `run`, then prints "rc=N" and the canary namespace's value of `file`.
Result run_in_canary_namespace(Bundle& b, const std::string& flag, const std::string& file) {
  b.write();
  std::string cmd;
  for (const auto& a : runtime_argv()) cmd += shell_quote(a) + " ";
  cmd += "--root " + shell_quote(b.state_root().string()) + " run --bundle " + shell_quote(b.dir().string()) + " " +
         b.id() + "; echo rc=$?; cat " + file;
  return run_command({"unshare", "--" + flag, "/bin/sh", "-c", cmd});
}

TEST(SysctlNamespace, NetKeyRefusedInTheRuntimesOwnNetworkNamespace) {
  Bundle b({kHelper, "exit", "0"});
  join_by_path(b, "network", "/proc/self/ns/net");  // opened by the runtime: its own
  b.config()["linux"]["sysctl"] = {{"net.ipv4.ip_forward", "1"}};
  Result r = run_in_canary_namespace(b, "net", "/proc/sys/net/ipv4/ip_forward");
  EXPECT_NE(r.out.find("rc=1\n"), std::string::npos) << r;
  EXPECT_TRUE(r.out.ends_with("\n0\n")) << "the runtime's own network namespace was changed:\n" << r;
  EXPECT_NE(r.err.find("net.ipv4.ip_forward"), std::string::npos) << r;
  EXPECT_NE(r.err.find("network namespace"), std::string::npos) << r;
}

TEST(SysctlNamespace, IpcKeyRefusedInTheRuntimesOwnIpcNamespace) {
  Bundle b({kHelper, "exit", "0"});
  join_by_path(b, "ipc", "/proc/self/ns/ipc");
  b.config()["linux"]["sysctl"] = {{"kernel.shmmni", "1234"}};
  Result r = run_in_canary_namespace(b, "ipc", "/proc/sys/kernel/shmmni");
  EXPECT_NE(r.out.find("rc=1\n"), std::string::npos) << r;
  EXPECT_EQ(r.out.find("\n1234\n"), std::string::npos) << "the runtime's own IPC namespace was changed:\n" << r;
  EXPECT_NE(r.err.find("kernel.shmmni"), std::string::npos) << r;
  EXPECT_NE(r.err.find("IPC namespace"), std::string::npos) << r;
}

// A joined namespace that is not the runtime's (another container's, a pod's) takes the key.
TEST(SysctlNamespace, NetKeyAcceptedInAnotherJoinedNetworkNamespace) {
  pid_t holder = fork();
  if (holder == 0) {
    if (unshare(CLONE_NEWNET) == 0) pause();
    _exit(1);
  }
  ASSERT_GT(holder, 0);
  std::string ns = "/proc/" + std::to_string(holder) + "/ns/net";
  for (int i = 0; i < 200 && fs::read_symlink(ns) == fs::read_symlink("/proc/self/ns/net"); ++i)
    std::this_thread::sleep_for(5ms);
  Bundle b({kHelper, "exit", "0"});
  join_by_path(b, "network", ns);
  b.config()["linux"]["sysctl"] = {{"net.ipv4.ip_forward", "1"}};
  Result r = b.run_container();
  Result v = run_command({"nsenter", "--net=" + ns, "cat", "/proc/sys/net/ipv4/ip_forward"});
  kill(holder, SIGKILL);
  waitpid(holder, nullptr, 0);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(v.out, "1\n") << v;
}

// runc accepts kernel.domainname with a UTS namespace (the spec's `domainname` field is the
// preferred form, but configs written for runc use the sysctl); kernel.hostname conflicts with
// the `hostname` field and stays refused.
TEST(SysctlNamespace, DomainnameSysctlAcceptedWithAUtsNamespace) {
  Bundle b({"/bin/cat", "/proc/sys/kernel/domainname"});
  b.config()["linux"]["sysctl"] = {{"kernel.domainname", "sysctl.example"}};
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "sysctl.example\n") << r;
}

TEST(SysctlNamespace, HostnameSysctlRefusedForItsField) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["linux"]["sysctl"] = {{"kernel.hostname", "x"}};
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("sysctl kernel.hostname"), std::string::npos) << r;
  EXPECT_NE(r.err.find("\"hostname\" field"), std::string::npos) << r;
}

}  // namespace
}  // namespace rampart::testing
