// The container's filesystem view: read-only root, masked paths, read-only paths, mounts.
#include "harness.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>

namespace rampart::testing {
namespace {

TEST(Rootfs, ReadonlyRootRefusesWrites) {
  Bundle b({kHelper, "write-probe", "/etc/passwd"});
  b.config()["root"]["readonly"] = true;
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EROFS\n");
}

TEST(Rootfs, WritableRootAllowsWrites) {
  Bundle b({kHelper, "write-probe", "/etc/passwd"});
  b.private_rootfs();
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "writable\n");
}

TEST(Rootfs, MaskedFileReadsEmpty) {
  // /proc/kcore and /proc/scsi do not exist on this kernel; /proc/version always does.
  Bundle b({kHelper, "read-probe", "/proc/version"});
  b.config()["linux"]["maskedPaths"].push_back("/proc/version");
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "readable: 0 bytes\n");
}

TEST(Rootfs, MaskedFileIsDevNull) {
  Bundle b({kHelper, "mode", "/proc/timer_list"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0666 c 1:3\n");
}

TEST(Rootfs, UnmaskedFileIsReadable) {
  // Control for MaskedFileReadsEmpty.
  Bundle b({kHelper, "read-probe", "/proc/version"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out, "readable: 0 bytes\n");
  EXPECT_TRUE(r.out.starts_with("readable: ")) << r;
}

TEST(Rootfs, MaskedDirectoryIsEmpty) {
  // /sys/firmware has entries (acpi, memmap) on the host.
  Bundle b({kHelper, "read-probe", "/sys/firmware"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "readable: 0 entries\n");
}

TEST(Rootfs, MaskedDirectoryIsReadOnly) {
  Bundle b({"/bin/sh", "-c", "touch /sys/firmware/x 2>/dev/null && echo created || echo refused"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "refused\n");
}

TEST(Rootfs, ReadonlyPathUnwritable) {
  Bundle b({kHelper, "write-probe", "/proc/sys/kernel/hostname"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EROFS\n");
}

TEST(Rootfs, ReadonlyPathStillReadable) {
  Bundle b({kHelper, "read-probe", "/proc/sys/kernel/ostype"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "readable: 6 bytes\n");  // "Linux\n"
}

TEST(Rootfs, ProcSysWritableWithoutReadonlyPaths) {
  // Control for ReadonlyPathUnwritable: the EROFS comes from readonlyPaths, not from elsewhere.
  Bundle b({kHelper, "write-probe", "/proc/sys/kernel/hostname"});
  b.config()["linux"]["readonlyPaths"] = nlohmann::json::array();
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "writable\n");
}

TEST(Rootfs, DevNullIsCharDevice) {
  Bundle b({kHelper, "mode", "/dev/null"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0666 c 1:3\n");
}

TEST(Rootfs, DefaultDevicesExist) {
  Bundle b({"/bin/sh", "-c",
            "for d in null zero full random urandom tty; do "
            "rampart-testhelper mode /dev/$d; done"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out,
            "0666 c 1:3\n0666 c 1:5\n0666 c 1:7\n0666 c 1:8\n0666 c 1:9\n0666 c 5:0\n");
}

TEST(Rootfs, DevStdioSymlinks) {
  Bundle b({"/bin/sh", "-c",
            "for l in fd stdin stdout stderr; do rampart-testhelper readlink /dev/$l; done"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/proc/self/fd\n/proc/self/fd/0\n/proc/self/fd/1\n/proc/self/fd/2\n");
}

TEST(Rootfs, BindMountIsVisible) {
  Bundle b({"/bin/cat", "/mnt/hello"});
  fs::create_directory(b.tmp() / "vol");
  std::ofstream(b.tmp() / "vol" / "hello") << "hi there";
  b.config()["mounts"].push_back({{"destination", "/mnt"},
                                  {"type", "bind"},
                                  {"source", (b.tmp() / "vol").string()},
                                  {"options", {"rbind", "ro"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "hi there");
}

TEST(Rootfs, ReadonlyBindMountRefusesWrites) {
  Bundle b({kHelper, "write-probe", "/mnt/hello"});
  fs::create_directory(b.tmp() / "vol");
  std::ofstream(b.tmp() / "vol" / "hello") << "hi there";
  b.config()["mounts"].push_back({{"destination", "/mnt"},
                                  {"type", "bind"},
                                  {"source", (b.tmp() / "vol").string()},
                                  {"options", {"rbind", "ro"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied: EROFS\n");
}

TEST(Rootfs, MountpointCreatedInPrivateRootfs) {
  Bundle b({kHelper, "mode", "/new/dir/deep"});
  b.private_rootfs();
  b.config()["mounts"].push_back({{"destination", "/new/dir/deep"},
                                  {"type", "tmpfs"},
                                  {"source", "tmpfs"},
                                  {"options", {"mode=0710"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0710 d\n");
}

// tmpcopyup: the tmpfs over /data starts with a copy of the image's /data -- contents, modes,
// owners, a subdirectory -- and the image's symlinks are copied as links, never followed: the
// one leading to a host directory (absolute, and the copy runs before pivot_root) brings none
// of the host's files in. What the container writes stays in the tmpfs.
TEST(Rootfs, TmpcopyupCopiesTheImagesDirectoryWithoutFollowingLinks) {
  Bundle b({"/bin/sh", "-c",
            "cat /data/a /data/sub/b; stat -c '%a %u %g' /data/a /data/sub; readlink /data/host; "
            "test -L /data/host && echo link; ls /data/host/ 2>/dev/null | grep -c canary; "
            "echo new > /data/new && echo wrote; grep -c ' /data .* - tmpfs ' /proc/self/mountinfo"});
  fs::path rootfs = b.private_rootfs();
  fs::path host_dir = b.tmp() / "host-dir";
  fs::create_directories(host_dir);
  std::ofstream(host_dir / "canary") << "host secret\n";
  fs::create_directories(rootfs / "data" / "sub");
  std::ofstream(rootfs / "data" / "a") << "hello\n";
  std::ofstream(rootfs / "data" / "sub" / "b") << "deeper\n";
  ASSERT_EQ(::chmod((rootfs / "data" / "a").c_str(), 0604), 0);
  ASSERT_EQ(::chown((rootfs / "data" / "a").c_str(), 1234, 5678), 0);
  ASSERT_EQ(::chmod((rootfs / "data" / "sub").c_str(), 0711), 0);
  fs::create_directory_symlink(host_dir, rootfs / "data" / "host");
  b.config()["mounts"].push_back(
      {{"destination", "/data"}, {"type", "tmpfs"}, {"source", "tmpfs"}, {"options", {"tmpcopyup", "mode=0755"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "hello\ndeeper\n604 1234 5678\n711 0 0\n" + host_dir.string() + "\nlink\n0\nwrote\n1\n") << r;
  EXPECT_FALSE(fs::exists(rootfs / "data" / "new"));
}

TEST(Rootfs, SharedRootfsIsUntouched) {
  // Guard for the harness itself: read-only bundles never change the shared rootfs.
  EXPECT_FALSE(fs::exists(shared_rootfs() / "new"));
  EXPECT_TRUE(fs::exists(shared_rootfs() / "bin" / "rampart-testhelper"));
}

}  // namespace
}  // namespace rampart::testing
