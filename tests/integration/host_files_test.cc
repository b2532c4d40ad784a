// Host files named on the command line (--pid-file, --log, --console-socket, the state
// directory under --root) are written safely: a symlink planted at the name (or at the temp name
// a writer would use) is never written through, a fifo never blocks the runtime, a symlink at
// the console socket never redirects the connect. Canaries are the test's own temp files.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "harness.h"

namespace rampart::testing {
namespace {

struct Listener {
  int fd = -1;
  explicit Listener(const fs::path& path) {
    fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 4) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ~Listener() {
    if (fd >= 0) ::close(fd);
  }
  // A connection waiting to be accepted (the listener is non-blocking).
  bool has_connection() const {
    int c = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) return false;
    ::close(c);
    return true;
  }
};

void put(const fs::path& p, const std::string& text) {
  FILE* f = std::fopen(p.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

std::string state_pid(Bundle& b) { return std::to_string(b.state_json().value("pid", 0)); }

TEST(HostFiles, PidFileNeverWritesThroughPlantedSymlinks) {
  Bundle b({kHelper, "sleep", "30"});
  fs::path canary = b.tmp() / "canary";
  put(canary, "host");
  fs::path dir = b.tmp() / "volume";
  fs::create_directory(dir);
  // At the name and at the temp name runc (and rampart, before) writes first.
  fs::create_symlink(canary, dir / "init.pid");
  fs::create_symlink(canary, dir / ".init.pid");
  Result r = b.create({"--pid-file", (dir / "init.pid").string()});
  ASSERT_TRUE(r.ok()) << r;
  EXPECT_EQ(read_file(canary), "host");
  EXPECT_FALSE(fs::is_symlink(dir / "init.pid"));
  EXPECT_EQ(read_file(dir / "init.pid"), state_pid(b));
}

TEST(HostFiles, PidFileFifoNeverBlocksCreate) {
  Bundle b({kHelper, "sleep", "30"});
  fs::path dir = b.tmp() / "volume";
  fs::create_directory(dir);
  ASSERT_EQ(::mkfifo((dir / "init.pid").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((dir / ".init.pid").c_str(), 0600), 0);
  std::vector<std::string> argv = {"create", "--bundle", b.dir().string(), "--pid-file", (dir / "init.pid").string(),
                                   b.id()};
  Result r = b.run(argv, {.timeout = 15s, .output_file = b.container_output_path()});
  ASSERT_FALSE(r.timed_out) << "create blocked on a fifo at the pid file";
  ASSERT_TRUE(r.ok()) << r;
  EXPECT_TRUE(fs::is_regular_file(dir / "init.pid"));
  EXPECT_EQ(read_file(dir / "init.pid"), state_pid(b));
}

TEST(HostFiles, ExecPidFileNeverWritesThroughAPlantedSymlink) {
  Bundle b({kHelper, "sleep", "30"});
  ASSERT_TRUE(b.create().ok());
  ASSERT_TRUE(b.start().ok());
  fs::path canary = b.tmp() / "canary";
  put(canary, "host");
  fs::path pid = b.tmp() / "exec.pid";
  fs::create_symlink(canary, b.tmp() / ".exec.pid");
  fs::create_symlink(canary, pid);
  Result r = b.run({"exec", "-d", "--pid-file", pid.string(), b.id(), kHelper, "sleep", "30"});
  ASSERT_TRUE(r.ok()) << r;
  EXPECT_EQ(read_file(canary), "host");
  EXPECT_FALSE(fs::is_symlink(pid));
  EXPECT_GT(std::stoi(read_file(pid)), 0);
}

TEST(HostFiles, LogNeverAppendsThroughASymlink) {
  Bundle b;
  fs::path canary = b.tmp() / "canary";
  put(canary, "host");
  fs::path log = b.tmp() / "log.json";
  fs::create_symlink(canary, log);
  Result r = b.run({"--log", log.string(), "--log-format", "json", "state", "no-such-container"});
  EXPECT_FALSE(r.ok());  // the error it logs must not land in the canary
  EXPECT_EQ(read_file(canary), "host");
  EXPECT_TRUE(fs::is_symlink(log));
}

TEST(HostFiles, LogFifoNeverBlocks) {
  Bundle b;
  fs::path log = b.tmp() / "log.json";
  ASSERT_EQ(::mkfifo(log.c_str(), 0600), 0);
  Result r = b.run({"--log", log.string(), "state", "no-such-container"}, {.timeout = 10s});
  EXPECT_FALSE(r.timed_out) << "the runtime blocked opening a fifo at --log";
  EXPECT_NE(r.exit_code, 0);
}

TEST(HostFiles, LogIsStillAppended) {
  Bundle b;
  fs::path log = b.tmp() / "log.json";
  put(log, "earlier\n");
  b.run({"--log", log.string(), "--log-format", "json", "state", "no-such-container"});
  std::string text = read_file(log);
  EXPECT_TRUE(text.starts_with("earlier\n")) << text;
  EXPECT_NE(text.find("\"level\":\"error\""), std::string::npos) << text;
}

nlohmann::json terminal_config(Bundle& b) {
  b.config()["process"]["terminal"] = true;
  return b.config();
}

// A symlink at the console socket's name would have the runtime connect to whatever socket it
// names and hand the container's pty (and its first message) to that listener.
TEST(HostFiles, ConsoleSocketSymlinkIsNotFollowed) {
  Bundle b({kHelper, "sleep", "30"});
  terminal_config(b);
  Listener victim(b.tmp() / "victim.sock");
  ASSERT_GE(victim.fd, 0);
  fs::create_symlink(b.tmp() / "victim.sock", b.tmp() / "console.sock");
  Result r = b.create({"--console-socket", (b.tmp() / "console.sock").string()});
  EXPECT_FALSE(r.ok()) << r;
  EXPECT_FALSE(victim.has_connection()) << "the runtime connected through the symlink";
}

TEST(HostFiles, ConsoleSocketReceivesThePtyMaster) {
  Bundle b({kHelper, "sleep", "30"});
  terminal_config(b);
  Listener console(b.tmp() / "console.sock");
  ASSERT_GE(console.fd, 0);
  Result r = b.create({"--console-socket", (b.tmp() / "console.sock").string()});
  ASSERT_TRUE(r.ok()) << r;
  int c = ::accept4(console.fd, nullptr, nullptr, SOCK_CLOEXEC);
  ASSERT_GE(c, 0);
  char name[4096];
  char control[CMSG_SPACE(sizeof(int))];
  iovec iov{name, sizeof name};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n = ::recvmsg(c, &msg, MSG_CMSG_CLOEXEC);
  ::close(c);
  ASSERT_GT(n, 0);
  cmsghdr* cm = CMSG_FIRSTHDR(&msg);
  ASSERT_NE(cm, nullptr);
  EXPECT_EQ(cm->cmsg_type, SCM_RIGHTS);
  int master = -1;
  std::memcpy(&master, CMSG_DATA(cm), sizeof master);
  EXPECT_GE(master, 0);
  if (master >= 0) ::close(master);
}

// The state directory is made in the --root directory's fd: a symlink planted at the id is
// never followed into (create fails, the canary directory stays empty).
TEST(HostFiles, StateDirectoryNeverFollowsAPlantedSymlink) {
  Bundle b;
  fs::path canary = b.tmp() / "canary-dir";
  fs::create_directories(canary);
  fs::create_directories(b.state_root());
  fs::create_symlink(canary, b.state_root() / b.id());
  Result r = b.create();
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(fs::is_empty(canary));
  fs::remove(b.state_root() / b.id());
}

}  // namespace
}  // namespace rampart::testing
