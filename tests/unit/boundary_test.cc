// Inside the rootfs or on the host, decided by identity (safepath::RootfsBoundary); the Root's
// rule that the runtime's own entries go only onto mounts it made; mountinfo parsing; overlay
// layers by fd and by procfs name. Scratch trees under /tmp with canaries; the tests that
// mount run in a forked child in its own (private) mount namespace.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "in_child.h"
#include "util/mountinfo.h"
#include "linux/mount/overlay.h"
#include "linux/safepath/boundary.h"
#include "linux/safepath/root.h"
#include "linux/sys/syscalls.h"

namespace fs = std::filesystem;
using rampart::UniqueFd;
using rampart::safepath::Root;
using rampart::safepath::RootfsBoundary;

namespace {

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fd_path(int fd) {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/fd/" + std::to_string(fd), ec);
  return ec ? std::string("<unreadable>") : p.string();
}

// In the child: a mount namespace of its own, nothing propagating anywhere.
std::string private_mount_ns() {
  if (::unshare(CLONE_NEWNS) != 0) return std::string("unshare: ") + std::strerror(errno);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return "make / rprivate failed";
  return {};
}

class BoundaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rampart-bd-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    bundle_ = base_ + "/bundle";
    rootfs_ = bundle_ + "/rootfs";
    host_ = base_ + "/host";
    fs::create_directories(rootfs_ + "/etc");
    fs::create_directories(host_);
    std::ofstream(host_ + "/canary") << "host";
    std::ofstream(rootfs_ + "/etc/file") << "image";
    // The image's symlink to the host directory (absolute: followed on the host it leaves).
    fs::create_symlink(host_, rootfs_ + "/escape");
    fs::create_symlink(bundle_, base_ + "/bundle-link");
    rootfs_fd_.reset(::open(rootfs_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(rootfs_fd_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  RootfsBoundary boundary() {
    auto b = RootfsBoundary::of(rootfs_fd_.get());
    EXPECT_TRUE(b);
    return std::move(*b);
  }
  std::string base_, bundle_, rootfs_, host_;
  UniqueFd rootfs_fd_;
};

TEST_F(BoundaryTest, PathsUnderTheRootfsAreTheImagesWhateverTheSpelling) {
  RootfsBoundary b = boundary();
  for (std::string spelling : {rootfs_ + "/escape/canary", base_ + "/bundle-link/rootfs/escape/canary",
                               "/" + bundle_ + "//rootfs/./escape/canary", bundle_ + "/x/../rootfs/escape/canary",
                               "/proc/self/root" + rootfs_ + "/escape/canary"}) {
    auto loc = b.locate(spelling);
    ASSERT_TRUE(loc) << spelling << ": " << loc.error().message();
    EXPECT_TRUE(loc->in_rootfs) << spelling;
    EXPECT_EQ(loc->in_root, "/escape/canary") << spelling;
  }
  auto whole = b.locate(base_ + "/bundle-link/rootfs");
  ASSERT_TRUE(whole);
  EXPECT_TRUE(whole->in_rootfs);
  EXPECT_EQ(whole->in_root, "/");
}

TEST_F(BoundaryTest, HostPathsAreOpenedOnTheHost) {
  RootfsBoundary b = boundary();
  fs::create_symlink(host_ + "/canary", base_ + "/link-to-canary");
  for (std::string spelling : {host_ + "/canary", base_ + "/link-to-canary", bundle_ + "/../host/canary"}) {
    auto loc = b.locate(spelling);
    ASSERT_TRUE(loc) << spelling << ": " << loc.error().message();
    EXPECT_FALSE(loc->in_rootfs) << spelling;
    EXPECT_EQ(fd_path(loc->host.get()), host_ + "/canary") << spelling;
  }
  EXPECT_EQ(b.locate(host_ + "/missing").error().err, ENOENT);
  EXPECT_EQ(b.locate(host_ + "/canary/x").error().err, ENOTDIR);
  EXPECT_FALSE(b.locate("relative/path"));
}

// A host symlink whose target runs into the rootfs is caught where the walk enters it: the
// image's own symlinks after that point are resolved in the root, never on the host.
TEST_F(BoundaryTest, HostSymlinkIntoTheRootfsIsCaughtOnTheWay) {
  fs::create_symlink(rootfs_ + "/escape", base_ + "/volume");
  auto loc = boundary().locate(base_ + "/volume/canary");
  ASSERT_TRUE(loc) << loc.error().message();
  EXPECT_TRUE(loc->in_rootfs);
  EXPECT_EQ(loc->in_root, "/escape/canary");
  // ... where the image's absolute symlink stays inside: no such file in the image.
  Root root = Root::adopt(UniqueFd(::dup(rootfs_fd_.get())), rootfs_);
  EXPECT_EQ(root.resolve(loc->in_root).error().err, ENOENT);
}

TEST_F(BoundaryTest, MagicLinkJumpIntoTheRootfsIsRefused) {
  UniqueFd inside(::open((rootfs_ + "/etc").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(inside);
  std::string via_fd = "/proc/self/fd/" + std::to_string(inside.get()) + "/file";
  auto loc = boundary().locate(via_fd);
  ASSERT_FALSE(loc);
  EXPECT_EQ(loc.error().err, EXDEV);
  // A jump to the rootfs itself is fine: from there the walk is inside the root.
  std::string via_root = "/proc/self/fd/" + std::to_string(rootfs_fd_.get()) + "/etc/file";
  auto ok = boundary().locate(via_root);
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_TRUE(ok->in_rootfs);
  EXPECT_EQ(ok->in_root, "/etc/file");
}

TEST_F(BoundaryTest, SymlinkLoopsEndInEloop) {
  fs::create_symlink(base_ + "/loop-b", base_ + "/loop-a");
  fs::create_symlink(base_ + "/loop-a", base_ + "/loop-b");
  EXPECT_EQ(boundary().locate(base_ + "/loop-a/x").error().err, ELOOP);
}

TEST_F(BoundaryTest, MountinfoIsParsedWithEscapes) {
  std::string text =
      "22 1 0:21 / /proc rw,nosuid shared:5 - proc proc rw\n"
      "23 22 0:22 / /proc/with\\040space rw master:3 - tmpfs none rw\n"
      "garbage line\n"
      "30 1 8:1 /sub /a\\134b rw - ext4 /dev/sda1 rw\n";
  auto m = rampart::parse_mountinfo_lenient(text);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].id, 22u);
  EXPECT_EQ(m[0].parent, 1u);
  EXPECT_EQ(m[0].mount_point, "/proc");
  EXPECT_EQ(m[0].fstype, "proc");
  EXPECT_EQ(m[1].mount_point, "/proc/with space");
  EXPECT_EQ(m[1].fstype, "tmpfs");
  EXPECT_EQ(m[2].mount_point, "/a\\b");
  EXPECT_EQ(m[2].fstype, "ext4");
}

// The runtime's own entries (devices, /dev links) go only onto mounts it made: into a bind of
// a host directory it creates, replaces and removes nothing, and it never replaces a mount point.
TEST_F(BoundaryTest, RuntimeEntriesOnlyOnOwnedMounts) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (mounts in a private namespace)";
  std::string hostdev = host_ + "/dev";
  fs::create_directories(hostdev);
  std::ofstream(hostdev + "/null") << "canary";
  fs::create_directories(rootfs_ + "/dev");
  fs::create_directories(rootfs_ + "/tmpdev");
  std::ofstream(rootfs_ + "/file-target");
  std::string errs = in_child([&]() -> std::string {
    std::string out = private_mount_ns();
    if (!out.empty()) return out;
    // The rootfs as the runtime has it: a mount of its own; the host dir bound onto /dev, a
    // host file bound onto /file-target, a fresh tmpfs on /tmpdev.
    if (::mount(rootfs_.c_str(), rootfs_.c_str(), nullptr, MS_BIND, nullptr) != 0) return "bind rootfs";
    if (::mount(hostdev.c_str(), (rootfs_ + "/dev").c_str(), nullptr, MS_BIND, nullptr) != 0) return "bind dev";
    if (::mount((host_ + "/canary").c_str(), (rootfs_ + "/file-target").c_str(), nullptr, MS_BIND, nullptr) != 0)
      return "bind file";
    UniqueFd rfd(::open(rootfs_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    Root root = Root::adopt(std::move(rfd), rootfs_);
    if (::mount("tmpfs", (rootfs_ + "/tmpdev").c_str(), "tmpfs", 0, "size=64k") != 0) return "tmpfs";
    auto tmpdev = root.resolve("/tmpdev");
    if (!tmpdev) return "resolve tmpdev";
    root.own_mount(tmpdev->get());
    auto bad = [&](const std::string& s) { out += s + "\n"; };
    for (const char* p : {"/dev/null", "/dev/zero", "/dev/net/tun"}) {
      auto r = root.mknod(p, S_IFCHR | 0666, makedev(1, 3));
      if (r || !Root::left_alone(r.error())) bad(std::string("mknod not left alone: ") + p);
    }
    auto l = root.symlink("/proc/self/fd", "/dev/fd");
    if (l || !Root::left_alone(l.error())) bad("symlink not left alone");
    auto f = root.mknod("/file-target", S_IFREG | 0600, 0);
    if (f || !Root::left_alone(f.error())) bad("mount point replaced");
    if (slurp(hostdev + "/null") != "canary") bad("host null rewritten");
    if (fs::exists(hostdev + "/zero") || fs::exists(hostdev + "/net") || fs::exists(hostdev + "/fd"))
      bad("entries created in the host dir");
    // Owned places still work: the tmpfs and the rootfs's own directories.
    if (!root.mknod("/tmpdev/null", S_IFCHR | 0666, makedev(1, 3))) bad("mknod on the owned tmpfs failed");
    if (!root.symlink("/proc/self/fd", "/tmpdev/sub/fd")) bad("symlink on the owned tmpfs failed");
    if (!root.mknod("/etc/node", S_IFIFO | 0600, 0)) bad("mknod in the rootfs's own dir failed");
    if (!root.mknod("/tmpdev/a/b/c", S_IFIFO | 0600, 0)) bad("parents on the owned tmpfs were not made");
    return out;
  });
  EXPECT_EQ(errs, "");
  EXPECT_EQ(slurp(hostdev + "/null"), "canary");
  EXPECT_EQ(slurp(host_ + "/canary"), "host");
}

// overlay's layers reach the kernel as fds; the older kernels' fallback names the same fds
// through the private procfs. Both must give the same merged view, and an image symlink
// among the layers never leads to the host (the layer is resolved in the root).
TEST_F(BoundaryTest, OverlayLayersByFdAndByProcfsName) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (mounts in a private namespace)";
  for (const char* d : {"lower", "upper", "work", "merged"}) fs::create_directories(base_ + "/" + d);
  std::ofstream(base_ + "/lower/from-lower") << "lower";
  for (bool by_name : {false, true}) {
    std::string errs = in_child([&]() -> std::string {
      std::string out = private_mount_ns();
      if (!out.empty()) return out;
      rampart::mount::set_overlay_by_name_for_testing(by_name);
      rampart::mount::OverlayLayers l;
      auto open_dir = [&](const char* d) {
        return UniqueFd(::open((base_ + "/" + d).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      };
      l.lower.push_back(open_dir("lower"));
      l.upper = open_dir("upper");
      l.work = open_dir("work");
      auto mnt = rampart::mount::new_overlay(l, "overlay", {});
      if (!mnt) return "new_overlay: " + mnt.error().message();
      UniqueFd dest = open_dir("merged");
      if (rampart::sys_move_mount(mnt->get(), "", dest.get(), "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0)
        return std::string("move_mount: ") + std::strerror(errno);
      if (slurp(base_ + "/merged/from-lower") != "lower") out += "lower layer not visible\n";
      std::ofstream(base_ + "/merged/written") << "x";
      if (!fs::exists(base_ + "/upper/written")) out += "write did not reach the upper layer\n";
      return out;
    });
    EXPECT_EQ(errs, "") << (by_name ? "by procfs name" : "by fd");
    std::error_code ec;
    fs::remove(base_ + "/upper/written", ec);
  }
}

}  // namespace
