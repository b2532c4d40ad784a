// The safe-path layer against hostile trees (libpathrs-style): symlink loops, ".." escapes,
// absolute and dangling symlinks, magic links, fifos/sockets where a directory is expected,
// planted symlinks at creation targets and a rename race. Every test runs against both
// resolvers (parameter), and ctest runs the binary again with openat2 blocked by seccomp.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/fs.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "linux/safepath/root.h"

namespace fs = std::filesystem;
using rampart::UniqueFd;
using rampart::safepath::Backend;
using rampart::safepath::Root;

namespace {

std::string fd_path(int fd) {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/fd/" + std::to_string(fd), ec);
  return ec ? std::string("<unreadable>") : p.string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string read_fd(int fd) {
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

void put(const std::string& path, const std::string& content) {
  std::ofstream(path) << content;
}

class SafePathTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    rampart::safepath::set_backend_for_testing(GetParam());
    char tmpl[] = "/tmp/rampart-sp-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    root_path_ = base_ + "/root";
    outside_ = base_ + "/outside";
    fs::create_directory(root_path_);
    fs::create_directory(outside_);
    canary_ = outside_ + "/canary";
    put(canary_, "host");
    auto r = Root::open(root_path_);
    ASSERT_TRUE(r) << r.error().message();
    root_.emplace(std::move(*r));
  }
  void TearDown() override {
    rampart::safepath::set_backend_for_testing(std::nullopt);
    root_.reset();
    std::error_code ec;
    fs::remove_all(base_, ec);
  }

  std::string in(const std::string& rel) const { return root_path_ + "/" + rel; }
  void mkdirs(const std::string& rel) const { fs::create_directories(in(rel)); }
  void link(const std::string& target, const std::string& rel) const {
    ASSERT_EQ(::symlink(target.c_str(), in(rel).c_str()), 0) << rel;
  }
  bool inside_root(const std::string& p) const {
    return p == root_path_ || p.rfind(root_path_ + "/", 0) == 0;
  }
  void expect_inside(int fd) const {
    std::string p = fd_path(fd);
    EXPECT_TRUE(inside_root(p)) << "fd resolved outside the root: " << p;
  }
  // The host side of the tree must be exactly as the test made it.
  void expect_outside_untouched() const {
    std::set<std::string> names;
    for (auto& e : fs::directory_iterator(outside_)) names.insert(e.path().filename());
    EXPECT_EQ(names, std::set<std::string>{"canary"});
    EXPECT_EQ(slurp(canary_), "host");
    struct stat st {};
    ASSERT_EQ(::lstat(canary_.c_str(), &st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode));
  }
  const Root& root() const { return *root_; }

  std::string base_, root_path_, outside_, canary_;
  std::optional<Root> root_;
};

TEST_P(SafePathTest, ResolvesPlainPathsAndReadsFiles) {
  mkdirs("a/b");
  put(in("a/b/f"), "inside");
  auto fd = root().resolve("/a/b/f");
  ASSERT_TRUE(fd) << fd.error().message();
  EXPECT_EQ(fd_path(fd->get()), in("a/b/f"));
  auto rd = root().open_file("a/b/f", O_RDONLY);
  ASSERT_TRUE(rd) << rd.error().message();
  EXPECT_EQ(read_fd(rd->get()), "inside");
  auto dir = root().resolve("a//./b/", O_RDONLY | O_DIRECTORY);
  ASSERT_TRUE(dir) << dir.error().message();
  EXPECT_EQ(fd_path(dir->get()), in("a/b"));
}

TEST_P(SafePathTest, RootItselfAndDotDotAtRoot) {
  for (const char* p : {"", "/", ".", "..", "/../../..", "a/../../.."}) {
    if (std::string(p).starts_with("a")) mkdirs("a");
    auto fd = root().resolve(p);
    ASSERT_TRUE(fd) << p << ": " << fd.error().message();
    EXPECT_EQ(fd_path(fd->get()), root_path_) << p;
  }
}

TEST_P(SafePathTest, MissingIsEnoent) {
  auto fd = root().resolve("nope/x");
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().err, ENOENT);
}

TEST_P(SafePathTest, SymlinkLoopsAreEloop) {
  link("b", "a");
  link("a", "b");
  link("self", "self");
  for (const char* p : {"a", "b/x", "self"}) {
    auto fd = root().resolve(p);
    ASSERT_FALSE(fd) << p;
    EXPECT_EQ(fd.error().err, ELOOP) << p;
  }
  auto mk = root().mkdir_all("a/x");
  ASSERT_FALSE(mk);
  EXPECT_EQ(mk.error().err, ELOOP);
  expect_outside_untouched();
}

TEST_P(SafePathTest, DotDotEscapesStayInside) {
  // Host-wise root/esc -> ../outside/canary is the canary; in the root it is <root>/outside/canary.
  link("../../../../../outside/canary", "esc");
  link("../outside", "escdir");
  auto fd = root().resolve("esc");
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().err, ENOENT);
  ASSERT_FALSE(root().resolve("../../outside/canary"));
  ASSERT_FALSE(root().open_file("escdir/canary", O_RDONLY));

  mkdirs("outside");
  put(in("outside/canary"), "inside");
  auto rd = root().open_file("esc", O_RDONLY);
  ASSERT_TRUE(rd) << rd.error().message();
  EXPECT_EQ(read_fd(rd->get()), "inside");
  auto rd2 = root().open_file("../../outside/../../outside/canary", O_RDONLY);
  ASSERT_TRUE(rd2) << rd2.error().message();
  EXPECT_EQ(read_fd(rd2->get()), "inside");
  expect_inside(rd2->get());
  expect_outside_untouched();
}

TEST_P(SafePathTest, AbsoluteSymlinksAreRootedAtTheRoot) {
  mkdirs("etc");
  put(in("etc/passwd"), "inside");
  link("/etc", "lnk");
  link(canary_, "hostabs");  // an absolute host path: means <root>/<that path>
  auto rd = root().open_file("lnk/passwd", O_RDONLY);
  ASSERT_TRUE(rd) << rd.error().message();
  EXPECT_EQ(read_fd(rd->get()), "inside");
  auto h = root().resolve("hostabs");
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().err, ENOENT);
  expect_outside_untouched();
}

TEST_P(SafePathTest, DanglingChains) {
  link("b", "a");
  link("c", "b");
  link("/missing/deep", "c");
  auto fd = root().resolve("a");
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().err, ENOENT);
  // mkdir_all creates through the dangling chain, inside the root (as runc does for e.g.
  // /etc/resolv.conf -> ../run/...).
  auto mk = root().mkdir_all("a/sub");
  ASSERT_TRUE(mk) << mk.error().message();
  EXPECT_EQ(fd_path(mk->get()), in("missing/deep/sub"));
  expect_outside_untouched();
}

TEST_P(SafePathTest, NofollowLastReturnsTheLink) {
  link("../../outside/canary", "l");
  auto fd = root().resolve("l", O_PATH, /*nofollow_last=*/true);
  ASSERT_TRUE(fd) << fd.error().message();
  struct stat st {};
  ASSERT_EQ(::fstat(fd->get(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  auto rd = root().resolve("l", O_WRONLY, true);  // (flags 0 would mean O_PATH)
  ASSERT_FALSE(rd);
  EXPECT_EQ(rd.error().err, ELOOP);
}

TEST_P(SafePathTest, TrailingSlashOnFileIsEnotdir) {
  put(in("f"), "x");
  auto fd = root().resolve("f/");
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().err, ENOTDIR);
}

TEST_P(SafePathTest, MagicLinksAreRefused) {
  // With the host "/" as the root there is a real procfs below it: the magic links in it must
  // not be traversed (CVE-2024-21626: /proc/self/fd/N to a leaked host fd).
  auto host = Root::open("/");
  ASSERT_TRUE(host);
  int leaked = ::open(outside_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(leaked, 0);
  UniqueFd guard(leaked);
  for (std::string p : {std::string("proc/self/root"), std::string("proc/self/root/etc"),
                        "proc/self/fd/" + std::to_string(leaked),
                        "proc/self/fd/" + std::to_string(leaked) + "/canary",
                        std::string("proc/self/cwd"), std::string("proc/thread-self/root/tmp")}) {
    auto fd = host->resolve(p);
    EXPECT_FALSE(fd) << p << " resolved to " << (fd ? fd_path(fd->get()) : "");
    if (!fd) {
      EXPECT_TRUE(fd.error().err == ELOOP || fd.error().err == EXDEV) << p;
    }
  }
  // Ordinary procfs symlinks ("self") still work.
  auto st = host->open_file("proc/self/status", O_RDONLY);
  EXPECT_TRUE(st) << st.error().message();

  // In a container tree, a link to /proc/self/root means <root>/proc/self/root: not the host.
  link("/proc/self/root", "mr");
  link("/proc/self/fd/" + std::to_string(leaked), "mfd");
  EXPECT_FALSE(root().resolve("mr/etc"));
  EXPECT_FALSE(root().resolve("mfd/canary"));
  auto mk = root().mkdir_all("mfd/x");  // creates <root>/proc/self/fd/N/x, inside
  ASSERT_TRUE(mk) << mk.error().message();
  expect_inside(mk->get());
  expect_outside_untouched();
}

TEST_P(SafePathTest, FifosAndSocketsWhereADirIsExpected) {
  ASSERT_EQ(::mkfifo(in("fifo").c_str(), 0600), 0);
  int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(s, 0);
  UniqueFd sock(s);
  struct sockaddr_un addr {};
  addr.sun_family = AF_UNIX;
  std::string sp = in("sock");
  ASSERT_LT(sp.size(), sizeof addr.sun_path);
  std::strcpy(addr.sun_path, sp.c_str());
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  link("fifo", "tofifo");
  for (const char* p : {"fifo/sub", "sock/sub/x", "tofifo/x"}) {
    auto mk = root().mkdir_all(p);
    ASSERT_FALSE(mk) << p;
    EXPECT_EQ(mk.error().err, ENOTDIR) << p;
    auto fd = root().resolve(p);
    ASSERT_FALSE(fd) << p;
    EXPECT_EQ(fd.error().err, ENOTDIR) << p;
  }
  auto mk = root().mkdir_all("fifo");
  ASSERT_FALSE(mk);
  EXPECT_EQ(mk.error().err, ENOTDIR);
  // O_PATH: never blocks on the fifo.
  auto f = root().create_file("tofifo");
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(fd_path(f->get()), in("fifo"));
}

TEST_P(SafePathTest, MkdirAllThroughSymlinkedDirPointingOutside) {
  mkdirs("a");
  link(outside_, "a/abs");          // host-absolute: <root>/<outside_>
  link("../../../outside", "a/rel");  // escapes host-wise, <root>/outside in the root
  auto m1 = root().mkdir_all("a/abs/new/deeper", 0700);
  ASSERT_TRUE(m1) << m1.error().message();
  EXPECT_EQ(fd_path(m1->get()), in(outside_.substr(1) + "/new/deeper"));
  auto m2 = root().mkdir_all("/a/rel/new2");
  ASSERT_TRUE(m2) << m2.error().message();
  EXPECT_EQ(fd_path(m2->get()), in("outside/new2"));
  struct stat st {};
  ASSERT_EQ(::stat(in(outside_.substr(1) + "/new/deeper").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  // Existing directories are just returned.
  auto again = root().mkdir_all("a/rel/new2");
  ASSERT_TRUE(again);
  EXPECT_EQ(fd_path(again->get()), in("outside/new2"));
  expect_outside_untouched();
}

TEST_P(SafePathTest, CreateFileNeverTouchesAHostFileBehindASymlink) {
  mkdirs("etc");
  link(canary_, "etc/hosts");                 // absolute host path
  link("../../../outside/canary", "etc/rel");  // relative escape
  auto f1 = root().create_file("etc/hosts", 0600);
  ASSERT_TRUE(f1) << f1.error().message();
  EXPECT_EQ(fd_path(f1->get()), in(canary_.substr(1)));
  auto f2 = root().create_file("etc/rel");
  ASSERT_TRUE(f2) << f2.error().message();
  EXPECT_EQ(fd_path(f2->get()), in("outside/canary"));
  // Existing non-directory: returned as is; directory: EISDIR.
  auto f3 = root().create_file("etc/rel");
  ASSERT_TRUE(f3);
  auto d = root().create_file("etc");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().err, EISDIR);
  auto nf = root().create_file("new/dir/file");
  ASSERT_TRUE(nf) << nf.error().message();
  EXPECT_EQ(fd_path(nf->get()), in("new/dir/file"));
  expect_outside_untouched();
}

TEST_P(SafePathTest, MknodReplacesAPlantedSymlink) {
  mkdirs("dev");
  // CVE-2025-31133: /dev/null in the image is a symlink to a host file.
  link(canary_, "dev/null");
  link("../../outside/canary", "dev/fifo");
  auto ff = root().mknod("dev/fifo", S_IFIFO | 0600, 0);
  ASSERT_TRUE(ff) << ff.error().message();
  struct stat st {};
  ASSERT_EQ(::fstat(ff->get(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  if (::geteuid() == 0) {
    auto n = root().mknod("dev/null", S_IFCHR | 0666, makedev(1, 3));
    ASSERT_TRUE(n) << n.error().message();
    ASSERT_EQ(::fstat(n->get(), &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_EQ(st.st_rdev, makedev(1, 3));
    EXPECT_EQ(fd_path(n->get()), in("dev/null"));
  }
  mkdirs("dev/dir");
  auto bad = root().mknod("dev/dir", S_IFIFO | 0600, 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().err, EISDIR);
  expect_outside_untouched();
}

TEST_P(SafePathTest, SymlinkReplacesAFileOrLink) {
  mkdirs("etc");
  put(in("etc/mtab"), "file");
  link(canary_, "etc/planted");
  ASSERT_TRUE(root().symlink("/proc/self/mounts", "etc/mtab"));
  ASSERT_TRUE(root().symlink("target", "etc/planted"));
  ASSERT_TRUE(root().symlink("x", "new/dir/l"));
  EXPECT_EQ(fs::read_symlink(in("etc/mtab")), "/proc/self/mounts");
  EXPECT_EQ(fs::read_symlink(in("etc/planted")), "target");
  EXPECT_EQ(fs::read_symlink(in("new/dir/l")), "x");
  expect_outside_untouched();
}

TEST_P(SafePathTest, OpenParent) {
  mkdirs("a/b");
  auto p = root().open_parent("/a/b/c/", false);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(fd_path(p->first.get()), in("a/b"));
  EXPECT_EQ(p->second, "c");
  auto top = root().open_parent("x", false);
  ASSERT_TRUE(top);
  EXPECT_EQ(fd_path(top->first.get()), root_path_);
  for (const char* bad : {"/", "", "a/..", "a/."}) {
    auto r = root().open_parent(bad, false);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().err, EINVAL) << bad;
  }
  auto missing = root().open_parent("m/n/o", false);
  ASSERT_FALSE(missing);
  auto created = root().open_parent("m/n/o", true);
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(fd_path(created->first.get()), in("m/n"));
}

TEST_P(SafePathTest, RefusesCreateFlags) {
  EXPECT_FALSE(root().resolve("x", O_CREAT | O_RDWR));
  EXPECT_FALSE(root().open_file("x", O_CREAT | O_RDWR));
}

// A thread swaps a directory and a symlink pointing outside (host-wise) as fast as it can
// (CVE-2021-30465 shape) while this thread resolves and creates through the name. Nothing may
// ever be created outside the root, and every fd returned must be inside it.
TEST_P(SafePathTest, RacingRenameExchangeNeverEscapes) {
  mkdirs("swap/x");
  link("../../outside", "alt");  // host-wise <base>/outside
  int rootfd = root().fd();
  std::atomic<bool> stop{false};
  std::atomic<int> swaps{0};
  std::thread racer([&] {
    for (int i = 0; i < 2000 && !stop; ++i) {
      if (::renameat2(rootfd, "swap", rootfd, "alt", RENAME_EXCHANGE) == 0) ++swaps;
    }
    stop = true;
  });
  int ok = 0;
  while (!stop) {
    if (auto fd = root().mkdir_all("swap/x/made")) {
      ++ok;
      expect_inside(fd->get());
    }
    if (auto fd = root().resolve("alt/x")) {
      ++ok;
      expect_inside(fd->get());
    }
    if (auto fd = root().create_file("swap/x/file")) {
      ++ok;
      expect_inside(fd->get());
    }
  }
  racer.join();
  EXPECT_GT(swaps.load(), 0);
  RecordProperty("successful_ops", ok);
  expect_outside_untouched();
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Openat2 ? "Openat2" : "Walker";
}

INSTANTIATE_TEST_SUITE_P(SafeBackends, SafePathTest,
                         ::testing::Values(Backend::Openat2, Backend::Walker), backend_name);

TEST(SafePathBackend, DetectionFollowsTheSeccompRun) {
  rampart::safepath::set_backend_for_testing(std::nullopt);
  const char* v = std::getenv("RAMPART_TEST_NO_OPENAT2");
  if (v != nullptr && std::string(v) == "1")
    EXPECT_EQ(rampart::safepath::active_backend(), Backend::Walker);
  else
    EXPECT_EQ(rampart::safepath::active_backend(), Backend::Openat2);  // kernel 6.x (docs/kernel.md)
}

}  // namespace
