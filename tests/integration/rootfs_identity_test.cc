// No path string from the config or the image reaches the kernel after it was checked:
// bind sources inside the rootfs are recognised by identity whatever their spelling, overlay
// layers are located once and handed over as fds, and the rootfs that was checked is the
// rootfs that is mounted even when its path is swapped in between. The "host" directories are
// canaries under the test's temp dir; the image holds decoys at the same paths.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <thread>

#include "harness.h"

namespace rampart::testing {
namespace {

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  FILE* f = std::fopen(p.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

// The image's attack: `name` in the rootfs is an absolute symlink to `host` (a directory with
// canary "host"); the image also holds a decoy with "image" at that same path inside it, which
// is what the symlink names when it is resolved inside the root.
struct Escape {
  fs::path host;
  Escape(Bundle& b, const fs::path& rootfs, const std::string& name) : host(b.tmp() / ("host-" + name)) {
    put(host / "canary", "host");
    put(rootfs / host.relative_path() / "canary", "image");
    fs::create_symlink(host, rootfs / name);
  }
};

TEST(RootfsIdentity, BindSourceSpelledThroughABundleSymlinkStaysInTheImage) {
  Bundle b({"/bin/cat", "/mnt/x/canary"});
  fs::path rootfs = b.private_rootfs();
  Escape e(b, rootfs, "escape");
  fs::create_symlink(b.dir(), b.tmp() / "bundle-link");
  b.config()["mounts"].push_back({{"destination", "/mnt/x"},
                                  {"type", "bind"},
                                  {"source", (b.tmp() / "bundle-link" / "rootfs" / "escape").string()},
                                  {"options", {"rbind"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "image") << "the bind source followed the image's symlink to the host";
}

TEST(RootfsIdentity, BindSourceThroughProcSelfRootStaysInTheImage) {
  Bundle b({"/bin/cat", "/mnt/x/canary"});
  fs::path rootfs = b.private_rootfs();
  Escape e(b, rootfs, "escape");
  b.config()["mounts"].push_back({{"destination", "/mnt/x"},
                                  {"type", "bind"},
                                  {"source", "/proc/self/root" + (rootfs / "escape").string()},
                                  {"options", {"rbind"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "image");
}

TEST(RootfsIdentity, RelativeBindSourceIsTakenFromTheBundle) {
  Bundle b({"/bin/cat", "/mnt/x/canary"});
  fs::path rootfs = b.private_rootfs();
  Escape e(b, rootfs, "escape");
  b.config()["mounts"].push_back(
      {{"destination", "/mnt/x"}, {"type", "bind"}, {"source", "rootfs/escape"}, {"options", {"rbind"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "image");
}

nlohmann::json overlay(const std::string& lower, const std::string& upper, const std::string& work) {
  nlohmann::json opts = {"lowerdir=" + lower};
  if (!upper.empty()) opts.push_back("upperdir=" + upper);
  if (!work.empty()) opts.push_back("workdir=" + work);
  return {{"destination", "/merged"}, {"type", "overlay"}, {"source", "overlay"}, {"options", opts}};
}

TEST(RootfsIdentity, OverlayLowerdirImageSymlinkStaysInTheImage) {
  Bundle b({"/bin/cat", "/merged/canary"});
  fs::path rootfs = b.private_rootfs();
  Escape e(b, rootfs, "lower");
  fs::create_directories(rootfs / "up");
  fs::create_directories(rootfs / "work");
  b.config()["mounts"].push_back(
      overlay((rootfs / "lower").string(), (rootfs / "up").string(), (rootfs / "work").string()));
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "image") << "overlay's lowerdir followed the image's symlink to the host";
}

TEST(RootfsIdentity, OverlayUpperdirImageSymlinkNeverWritesTheHost) {
  Bundle b({"/bin/sh", "-c", "echo written > /merged/new && cat /merged/new"});
  fs::path rootfs = b.private_rootfs();
  fs::create_directories(rootfs / "lower");
  Escape up(b, rootfs, "up");
  Escape work(b, rootfs, "work");
  fs::remove(up.host / "canary");
  fs::remove(rootfs / up.host.relative_path() / "canary");
  fs::remove(work.host / "canary");
  fs::remove(rootfs / work.host.relative_path() / "canary");
  b.config()["mounts"].push_back(
      overlay((rootfs / "lower").string(), (rootfs / "up").string(), (rootfs / "work").string()));
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_FALSE(fs::exists(up.host / "new")) << "the container wrote into the host's directory";
  EXPECT_TRUE(fs::exists(rootfs / up.host.relative_path() / "new")) << "the write should land in the image";
}

TEST(RootfsIdentity, OverlayHostLayersAreMounted) {
  Bundle b({"/bin/sh", "-c", "cat /merged/from-host && echo x > /merged/new"});
  fs::path rootfs = b.private_rootfs();
  put(b.tmp() / "host-lower" / "from-host", "lower\n");
  fs::create_directories(b.tmp() / "host-upper");
  fs::create_directories(b.tmp() / "host-work");
  b.config()["mounts"].push_back(overlay((b.tmp() / "host-lower").string(), (b.tmp() / "host-upper").string(),
                                         (b.tmp() / "host-work").string()));
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "lower\n");
  EXPECT_TRUE(fs::exists(b.tmp() / "host-upper" / "new"));  // the config named this host dir
}

TEST(RootfsIdentity, OverlayRelativeLayerIsRefused) {
  Bundle b({kHelper, "pid"});
  b.private_rootfs();
  b.config()["mounts"].push_back(overlay("relative/lower", "", ""));
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("absolute"), std::string::npos) << r;
}

// True when a process named rampart is blocked in connect(2) (syscall 42 on x86-64).
bool runtime_in_connect() {
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string pid = e.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream comm(e.path() / "comm"), call(e.path() / "syscall");
    std::string name, nr;
    if (!(comm >> name) || name != "rampart" || !(call >> nr)) continue;
    if (nr == "42") return true;
  }
  return false;
}

// The rootfs is checked once, by fd, and that fd is mounted: swapping its parent directory
// after the check does not change which tree the container runs in. The pause after the check
// is create's connect to --console-socket, held by a listener whose backlog is already full;
// the swap happens while create is blocked there, before the init exists.
TEST(RootfsIdentity, RootfsSwappedAfterTheCheckIsNotWhatRuns) {
  Bundle b({"/bin/sh", "-c", "cat /marker > /out/result"});
  fs::path a = b.tmp() / "A", other = b.tmp() / "B", out = b.tmp() / "out";
  for (const auto& [dir, mark] : {std::pair{a, "checked"}, std::pair{other, "swapped-in"}}) {
    fs::create_directories(dir);
    Result cp = run_command({"cp", "-a", "--", shared_rootfs().string(), (dir / "rootfs").string()});
    ASSERT_TRUE(cp.ok()) << cp;
    put(dir / "rootfs" / "marker", mark);
  }
  fs::create_directories(out);
  b.config()["root"] = {{"path", (a / "rootfs").string()}, {"readonly", true}};
  b.config()["process"]["terminal"] = true;
  b.config()["mounts"].push_back(
      {{"destination", "/out"}, {"type", "bind"}, {"source", out.string()}, {"options", {"rbind", "rw"}}});

  const std::string path = (b.tmp() / "console.sock").string();
  int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof addr.sun_path);
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 0), 0);
  // Backlog 0 holds one pending connection: this one. create's connect then blocks.
  int filler = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_EQ(::connect(filler, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);

  bool paused = false;
  std::thread swapper([&] {
    for (int i = 0; i < 3000 && !paused; ++i) {
      paused = runtime_in_connect();
      if (!paused) ::usleep(10000);
    }
    fs::rename(a, b.tmp() / "A.old");
    fs::rename(other, a);
    // Let create through: the filler's connection, then create's own (kept open while the
    // container runs; the pty master it carries is not needed).
    ::close(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
    int conn = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    ::usleep(2000000);
    if (conn >= 0) ::close(conn);
  });
  Result r = b.run({"run", "--bundle", b.dir().string(), "--console-socket", path, b.id()}, {.timeout = 30s});
  swapper.join();
  ::close(filler);
  ::close(listener);
  ASSERT_TRUE(paused) << "create never blocked in its connect to the console socket";
  ASSERT_EQ(r.exit_code, 0) << r;
  std::ifstream result(out / "result");
  std::string seen((std::istreambuf_iterator<char>(result)), std::istreambuf_iterator<char>());
  EXPECT_EQ(seen, "checked") << "the container ran in the tree swapped in after the check";
}

}  // namespace
}  // namespace rampart::testing
