// NOTIFY_SOCKET: the container's sd_notify READY=1 reaches the caller's socket through the
// runtime (src/container/notify_socket.h), as with runc; podman --sdnotify=container needs it.
#include "harness.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include <gtest/gtest.h>

namespace rampart::testing {
namespace {

// The caller's end: a datagram socket bound in the test's temp dir.
struct Listener {
  int fd = -1;
  fs::path path;
  explicit Listener(const fs::path& p) : path(p) {
    fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    EXPECT_LT(p.string().size(), sizeof addr.sun_path);
    std::strcpy(addr.sun_path, p.c_str());
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << std::strerror(errno);
  }
  ~Listener() { ::close(fd); }
  // One datagram, or "" after `ms`.
  std::string receive(int ms = 5000) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, ms) != 1) return "";
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
  }
};

// A container naming a MAINPID of its choosing (a host pid that systemd would then track and
// kill) gets its READY line through, and the MAINPID is the container's own.
TEST(NotifySocket, RunForwardsReadyToTheCaller) {
  Bundle b({kHelper, "sd-notify", "MAINPID=1\nREADY=1\nSTATUS=up"});
  b.private_rootfs();
  Listener caller(b.tmp() / "caller.sock");
  Result r = b.run_container({.extra_env = {"NOTIFY_SOCKET=" + caller.path.string()}});
  ASSERT_EQ(r.exit_code, 0) << r;
  // Inside, the socket is the container's own, at runc's place.
  EXPECT_EQ(r.out, "sent to /run/notify/notify.sock\n") << r;
  std::string got = caller.receive();
  EXPECT_TRUE(got.starts_with("READY=1\nMAINPID=")) << got;
  EXPECT_EQ(got.find("MAINPID=1\n"), std::string::npos) << got;
  EXPECT_EQ(got.find("STATUS"), std::string::npos) << got;
  // The container's root cannot write where the runtime keeps the socket (its state directory).
  b.set_args({"/bin/sh", "-c", "touch /run/notify/planted 2>/dev/null; echo rc=$?; ls /run/notify"});
  Result w = b.run_container({.extra_env = {"NOTIFY_SOCKET=" + caller.path.string()}});
  EXPECT_EQ(w.out, "rc=1\nnotify.sock\n") << w;
}

// create/start: start listens before it releases the init and returns once READY was passed
// on, with the container's pid as MAINPID.
TEST(NotifySocket, StartForwardsReadyWithTheContainersPid) {
  Bundle b({"/bin/sh", "-c", "/bin/rampart-testhelper sd-notify READY=1; sleep 30"});
  b.private_rootfs();
  Listener caller(b.tmp() / "caller.sock");
  std::string env = "NOTIFY_SOCKET=" + caller.path.string();
  Result c = b.run({"create", "--bundle", b.dir().string(), b.id()},
                   {.output_file = b.container_output_path(), .extra_env = {env}});
  ASSERT_EQ(c.exit_code, 0) << c << b.container_output();
  int pid = b.state_json()["pid"].get<int>();
  EXPECT_EQ(caller.receive(200), "");  // nothing before start
  Result s = b.run({"start", b.id()}, {.extra_env = {env}});
  ASSERT_EQ(s.exit_code, 0) << s;
  EXPECT_EQ(caller.receive(), "READY=1\nMAINPID=" + std::to_string(pid) + "\n");
  EXPECT_EQ(b.kill("KILL").exit_code, 0);
}

// The socket directory is a mount the runtime makes, absent from the config it keeps: `verify`
// knows it as the runtime's (before, it was "a mount the config did not ask for", RP-RUN-001).
TEST(NotifySocket, VerifyTakesTheNotifyMountForTheRuntimes) {
  Bundle b({"/bin/sh", "-c", "/bin/rampart-testhelper sd-notify READY=1; sleep 600"});
  b.private_rootfs();
  Listener caller(b.tmp() / "caller.sock");
  Result r = b.run({"run", "-d", "--bundle", b.dir().string(), b.id()},
                   {.output_file = b.container_output_path(), .extra_env = {"NOTIFY_SOCKET=" + caller.path.string()}});
  ASSERT_EQ(r.exit_code, 0) << r << b.container_output();
  std::vector<std::string> argv = {rampart_binary(), "--root", b.state_root().string(), "verify", b.id()};
  if (const char* w = std::getenv("RAMPART_TEST_WRAPPER"); w && *w) argv.insert(argv.begin(), w);
  Result v = run_command(argv);
  EXPECT_EQ(v.exit_code, 0) << v;
  EXPECT_EQ(v.out.find("/run/notify"), std::string::npos) << v;
  EXPECT_EQ(b.kill("KILL").exit_code, 0);
}

}  // namespace
}  // namespace rampart::testing
