// The container's filesystem view: read-only root, masked paths, read-only paths, mounts.
#include "harness.h"

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

TEST(Rootfs, SharedRootfsIsUntouched) {
  // Guard for the harness itself: read-only bundles never change the shared rootfs.
  EXPECT_FALSE(fs::exists(shared_rootfs() / "new"));
  EXPECT_TRUE(fs::exists(shared_rootfs() / "bin" / "rampart-testhelper"));
}

}  // namespace
}  // namespace rampart::testing
