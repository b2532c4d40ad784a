// The runtime never rewrites a host directory the config binds in: with /dev (or a directory
// below it, or whatever the image's /dev symlink names) bound from the host, the default
// devices, the /dev links and linux.devices are left out there; the host directory (a canary
// made by the test) is left exactly as it was. Devices still go into a /dev the runtime mounted.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>

#include "harness.h"

namespace rampart::testing {
namespace {

void put(const fs::path& p, const std::string& text) {
  FILE* f = std::fopen(p.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
}

// A fake host /dev: regular files where the runtime would put null and ptmx, a symlink at tty.
fs::path fake_host_dev(Bundle& b, const std::string& name) {
  fs::path d = b.tmp() / name;
  fs::create_directories(d);
  put(d / "null", "canary");
  put(d / "ptmx", "canary");
  fs::create_symlink("canary-target", d / "tty");
  return d;
}

std::set<std::string> entries(const fs::path& d) {
  std::set<std::string> out;
  for (auto& e : fs::directory_iterator(d)) out.insert(e.path().filename().string());
  return out;
}

void expect_untouched(const fs::path& d) {
  EXPECT_EQ(entries(d), (std::set<std::string>{"null", "ptmx", "tty"}));
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(d / "null")));
  EXPECT_EQ(read_file(d / "null"), "canary");
  EXPECT_EQ(read_file(d / "ptmx"), "canary");
  EXPECT_EQ(fs::read_symlink(d / "tty"), "canary-target");
}

// Drops the config's mounts at or below /dev (the harness config has /dev, /dev/pts, ...).
void drop_dev_mounts(Bundle& b) {
  auto& mounts = b.config()["mounts"];
  nlohmann::json kept = nlohmann::json::array();
  for (auto& m : mounts)
    if (!m["destination"].get<std::string>().starts_with("/dev")) kept.push_back(m);
  mounts = kept;
}

TEST(DevBind, BoundHostDevIsLeftAsIs) {
  Bundle b({kHelper, "mode", "/dev/null"});
  fs::path dev = fake_host_dev(b, "hostdev");
  drop_dev_mounts(b);
  b.config()["mounts"].push_back({{"destination", "/dev"}, {"type", "bind"}, {"source", dev.string()}, {"options", {"rbind"}}});
  b.config()["linux"]["devices"] = {{{"path", "/dev/fuse"}, {"type", "c"}, {"major", 10}, {"minor", 229}}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0644 f\n") << "the container should see the bound file as it is";
  expect_untouched(dev);
}

TEST(DevBind, BindBelowDevIsLeftAsIs) {
  Bundle b({kHelper, "mode", "/dev/null"});
  fs::path net = b.tmp() / "hostnet";
  fs::create_directories(net);
  put(net / "keep", "canary");
  b.config()["mounts"].push_back({{"destination", "/dev/net"}, {"type", "bind"}, {"source", net.string()}, {"options", {"rbind"}}});
  b.config()["linux"]["devices"] = {{{"path", "/dev/net/tun"}, {"type", "c"}, {"major", 10}, {"minor", 200}},
                                    {{"path", "/dev/net/sub/x"}, {"type", "c"}, {"major", 1}, {"minor", 3}}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0666 c 1:3\n") << "the runtime's own /dev still gets the default devices";
  EXPECT_EQ(entries(net), (std::set<std::string>{"keep"})) << "a node or directory was made in the host directory";
}

// The plan cannot see this one: the image's /dev is a symlink to the directory the config binds
// the host's into. The Root's rule (entries only on mounts the runtime made) still holds.
TEST(DevBind, ImageDevSymlinkToABindIsLeftAsIs) {
  Bundle b({kHelper, "pid"});
  fs::path rootfs = b.private_rootfs();
  fs::remove_all(rootfs / "dev");
  fs::create_directories(rootfs / "altdev");
  fs::create_symlink("altdev", rootfs / "dev");
  fs::path dev = fake_host_dev(b, "hostdev");
  b.config()["mounts"].push_back(
      {{"destination", "/altdev"}, {"type", "bind"}, {"source", dev.string()}, {"options", {"rbind"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  expect_untouched(dev);
}

// A host file bound onto a device path (rootless podman binds /dev/null and friends) is a mount
// point: the default device at that path leaves it alone instead of failing or replacing it.
TEST(DevBind, BoundDeviceFileIsLeftAsIs) {
  Bundle b({kHelper, "mode", "/dev/zero"});
  fs::path canary = b.tmp() / "zero-canary";
  put(canary, "canary");
  b.config()["mounts"].push_back({{"destination", "/dev/zero"}, {"type", "bind"}, {"source", canary.string()}, {"options", {"bind"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0644 f\n");
  EXPECT_EQ(read_file(canary), "canary");
}

}  // namespace
}  // namespace rampart::testing
