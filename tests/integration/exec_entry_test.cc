// How an exec'd process enters a container (a set-up stage joins everything through the init's
// pidfd, then forks the process itself): with a console socket, into a user namespace, into a
// container that shares the host's pid namespace, and its exit status and pid.
#include "console_socket.h"
#include "harness.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <future>

namespace rampart::testing {
namespace {

void start_sleeper(Bundle& b) {
  b.set_args({"/bin/sleep", "60"});
  ASSERT_EQ(b.run({"run", "-d", "--bundle", b.dir().string(), b.id()}).exit_code, 0);
}

TEST(ExecEntry, ConsoleSocketGetsThePtyOfTheProcess) {
  Bundle b;
  start_sleeper(b);
  ConsoleSocket sock(b.tmp() / "console.sock");
  ASSERT_TRUE(sock.valid());
  auto console = std::async(std::launch::async, [&] { return sock.read_until("END"); });
  auto pid_file = b.tmp() / "exec.pid";
  Result r = b.run({"exec", "-d", "--tty", "--console-socket", sock.path(), "--pid-file", pid_file.string(), b.id(),
                    "/bin/sh", "-c", "tty; echo END"});
  std::string seen = console.get();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(seen.find("/dev/pts/"), std::string::npos) << seen;
  EXPECT_NE(seen.find("END"), std::string::npos) << seen;
  waitpid(std::stoi(read_file(pid_file)), nullptr, 0);  // we are its subreaper: reap it
}

TEST(ExecEntry, IntoAUserNamespace) {
  Bundle b;
  b.config()["linux"]["namespaces"].push_back({{"type", "user"}});
  b.config()["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 65536}}};
  b.config()["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 65536}}};
  start_sleeper(b);
  Result r = b.run({"exec", b.id(), "/bin/sh", "-c", "id -u; cat /proc/self/uid_map"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out.substr(0, 2), "0\n") << r;
  EXPECT_NE(r.out.find("200000"), std::string::npos) << r;
}

TEST(ExecEntry, IntoAContainerSharingTheHostsPidNamespace) {
  Bundle b;
  auto& ns = b.config()["linux"]["namespaces"];
  for (size_t i = 0; i < ns.size(); ++i)
    if (ns[i]["type"] == "pid") ns.erase(i--);
  start_sleeper(b);
  Result r = b.run({"exec", b.id(), kHelper, "pid"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_GT(std::stoi(chomp(r.out)), 1) << r;
}

TEST(ExecEntry, ForegroundStatusAndDetachedPidFile) {
  Bundle b;
  start_sleeper(b);
  EXPECT_EQ(b.run({"exec", b.id(), "/bin/sh", "-c", "exit 42"}).exit_code, 42);
  auto pid_file = b.tmp() / "exec.pid";
  ASSERT_EQ(b.run({"exec", "-d", "--pid-file", pid_file.string(), b.id(), "/bin/sleep", "30"}).exit_code, 0);
  std::string pid = read_file(pid_file);
  // The host pid of the process itself (in the container's cgroup and pid namespace), not of the
  // set-up stage that forked it.
  EXPECT_NE(read_file("/proc/" + pid + "/cmdline").find("sleep"), std::string::npos) << pid;
  EXPECT_NE(fs::read_symlink("/proc/" + pid + "/ns/pid"), fs::read_symlink("/proc/self/ns/pid"));
  kill(std::stoi(pid), SIGKILL);
  waitpid(std::stoi(pid), nullptr, 0);  // we are its subreaper: reap it
}

}  // namespace
}  // namespace rampart::testing
