// No mount made for a container propagates back to the host: the bind of a shared host mount
// (the test makes its own, under its temp dir) gets submounts, masks and read-only binds in the
// container and the host's mount table gains nothing. linux.rootfsPropagation gives what runc
// and runtime-tools' linux_rootfs_propagation expect, inside the container only.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness.h"

namespace rampart::testing {
namespace {

// A tmpfs made shared under the test's temp dir; unmounted (with whatever propagated onto it)
// before the Bundle checks for leftovers.
struct SharedMount {
  fs::path path;
  bool ok = false;
  explicit SharedMount(fs::path p) : path(std::move(p)) {
    fs::create_directories(path);
    ok = ::mount("tmpfs", path.c_str(), "tmpfs", 0, "size=1m") == 0 &&
         ::mount(nullptr, path.c_str(), nullptr, MS_SHARED, nullptr) == 0;
    if (ok) {
      fs::create_directories(path / "ro");
      fs::create_directories(path / "sub");
      FILE* f = std::fopen((path / "masked").c_str(), "w");
      if (f) std::fclose(f);
    }
  }
  ~SharedMount() {
    for (int i = 0; i < 64 && !host_mounts_containing(path.string()).empty(); ++i) ::umount2(path.c_str(), MNT_DETACH);
  }
};

// Host mounts at or below `dir` other than `dir` itself.
std::vector<std::string> gained_below(const fs::path& dir) {
  std::vector<std::string> out;
  for (auto& line : host_mounts_containing(dir.string() + "/")) out.push_back(line);
  return out;
}

class SharedBind : public ::testing::TestWithParam<const char*> {};

TEST_P(SharedBind, MountsUnderItStayInTheContainer) {
  Bundle b({"/bin/sh", "-c", "echo in-container > /data/sub/file && cat /data/sub/file"});
  b.private_rootfs();
  SharedMount src(b.tmp() / "shared");
  ASSERT_TRUE(src.ok) << "could not make a shared tmpfs";
  nlohmann::json opts = {"rbind"};
  if (std::string(GetParam()) != "") opts.push_back(GetParam());
  auto& mounts = b.config()["mounts"];
  mounts.push_back({{"destination", "/data"}, {"type", "bind"}, {"source", src.path.string()}, {"options", opts}});
  mounts.push_back({{"destination", "/data/sub"}, {"type", "tmpfs"}, {"source", "tmpfs"}, {"options", {"size=64k"}}});
  b.config()["linux"]["maskedPaths"].push_back("/data/masked");
  b.config()["linux"]["readonlyPaths"].push_back("/data/ro");
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "in-container\n");
  auto gained = gained_below(src.path);
  std::string shown;
  for (auto& l : gained) shown += "  " + l + "\n";
  EXPECT_TRUE(gained.empty()) << "container mounts appeared on the host:\n" << shown;
  EXPECT_FALSE(fs::exists(src.path / "sub" / "file")) << "the container's tmpfs write reached the host";
}

INSTANTIATE_TEST_SUITE_P(Options, SharedBind, ::testing::Values("", "rshared", "shared", "rslave", "rprivate"),
                         [](const auto& info) { return std::string(*info.param ? info.param : "none"); });

// runtime-tools' linux_rootfs_propagation, as a shell script inside the container: "/" bound
// recursively at /t, then a bind at /m; with a shared root the second shows up under /t too.
std::string propagation_inside(Bundle& b, const char* mode) {
  b.set_args({"/bin/sh", "-c",
              "mkdir -p /t /m /s && touch /s/f && "
              "{ mount -o rbind / /t 2>/dev/null || { echo unbindable; exit 0; }; } && "
              "mount -o bind /s /m && { test -e /t/m/f && echo exposed || echo hidden; }"});
  b.private_rootfs();
  b.config()["linux"]["rootfsPropagation"] = mode;
  for (const char* set : {"bounding", "effective", "permitted"}) b.config()["process"]["capabilities"][set].push_back("CAP_SYS_ADMIN");
  b.config()["linux"].erase("seccomp");
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 0) << r;
  return r.out;
}

TEST(RootfsPropagation, SharedIsSharedInsideTheContainer) {
  Bundle b;
  EXPECT_EQ(propagation_inside(b, "shared"), "exposed\n");
  EXPECT_TRUE(gained_below(b.tmp()).empty());
}

TEST(RootfsPropagation, RsharedIsSharedInsideTheContainer) {
  Bundle b;
  EXPECT_EQ(propagation_inside(b, "rshared"), "exposed\n");
  EXPECT_TRUE(gained_below(b.tmp()).empty());
}

TEST(RootfsPropagation, SlaveAndPrivateAreNot) {
  for (const char* mode : {"slave", "rslave", "private", "rprivate"}) {
    Bundle b;
    EXPECT_EQ(propagation_inside(b, mode), "hidden\n") << mode;
  }
}

TEST(RootfsPropagation, UnbindableRefusesABindOfTheRoot) {
  for (const char* mode : {"unbindable", "runbindable"}) {
    Bundle b;
    EXPECT_EQ(propagation_inside(b, mode), "unbindable\n") << mode;
  }
}

// runtime-tools' `mounts`: mountinfo lists the config's mounts in the config's order. A host bind
// source is cloned by the runtime before the container's namespace exists, and the kernel lists
// mounts in the order they were made, so it used to come out ahead of every earlier mount.
std::vector<std::string> mount_points_in_order(const std::string& mountinfo, const std::vector<std::string>& wanted) {
  std::vector<std::string> seen;
  std::istringstream in(mountinfo);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string id, parent, dev, root, point;
    fields >> id >> parent >> dev >> root >> point;
    if (std::find(wanted.begin(), wanted.end(), point) != wanted.end()) seen.push_back(point);
  }
  return seen;
}

class MountOrder : public ::testing::TestWithParam<bool> {};

TEST_P(MountOrder, MountinfoFollowsTheConfig) {
  Bundle b({"/bin/cat", "/proc/self/mountinfo"});
  fs::create_directories(b.tmp() / "src" / "sub");
  auto& mounts = b.config()["mounts"];
  mounts.push_back({{"destination", "/a"}, {"type", "tmpfs"}, {"source", "tmpfs"}, {"options", {"size=64k"}}});
  mounts.push_back({{"destination", "/b"}, {"type", "bind"}, {"source", (b.tmp() / "src").string()}, {"options", {"bind", "shared"}}});
  { std::ofstream((b.tmp() / "file").string()) << "bound\n"; }
  mounts.push_back({{"destination", "/etc/bound"}, {"type", "bind"}, {"source", (b.tmp() / "file").string()}, {"options", {"bind"}}});
  mounts.push_back({{"destination", "/c"}, {"type", "tmpfs"}, {"source", "tmpfs"}, {"options", {"size=64k"}}});
  mounts.push_back({{"destination", "/d"}, {"type", "bind"}, {"source", (b.tmp() / "src").string()}, {"options", {"rbind", "ro"}}});
  if (GetParam()) {
    b.config()["linux"]["namespaces"].push_back({{"type", "user"}});
    b.config()["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 0}, {"size", 65536}}};
    b.config()["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 0}, {"size", 65536}}};
  }
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  std::vector<std::string> want = {"/a", "/b", "/etc/bound", "/c", "/d"};
  EXPECT_EQ(mount_points_in_order(r.out, want), want) << r.out;
  // The copy replaced the prepared tree: each destination is mounted once, with its options.
  EXPECT_NE(r.out.find(" /b rw"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" /d ro"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Namespaces, MountOrder, ::testing::Bool(),
                         [](const auto& info) { return std::string(info.param ? "UserNamespace" : "Plain"); });

}  // namespace
}  // namespace rampart::testing
