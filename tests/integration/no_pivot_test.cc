// --no-pivot: the host's mounts under the old root must not stay in the container's mount
// namespace. If they did, the kernel would count the host's fully visible /proc and /sys there,
// and a nested user namespace could mount a fresh, unmasked procfs or sysfs (runc answers
// "permission denied"). The container runs as an unprivileged user, so the nested user
// namespace needs no capability to be made.
#include <gtest/gtest.h>

#include "harness.h"

namespace rampart::testing {
namespace {

Result nested_mount(Bundle& b, const char* type, bool no_pivot) {
  std::string script = std::string("unshare -rmpf sh -c 'mount -t ") + type + " " + type +
                       " /mnt 2>/dev/null && echo mounted || echo denied'";
  b.set_args({"/bin/sh", "-c", script});
  b.config()["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  b.config()["linux"].erase("seccomp");
  std::vector<std::string> argv = {"run"};
  if (no_pivot) argv.push_back("--no-pivot");
  argv.insert(argv.end(), {"--bundle", b.dir().string(), b.id()});
  return b.run(argv);
}

TEST(NoPivot, NestedUserNamespaceCannotMountProc) {
  Bundle b;
  Result r = nested_mount(b, "proc", true);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied\n") << "a host procfs was still in the container's mount namespace";
}

// In a user namespace of its own the container's copies of the host's mounts are locked by the
// kernel and cannot be detached: each full procfs and sysfs among them is covered instead.
TEST(NoPivot, InAUserNamespaceTooNestedMountsAreRefused) {
  for (const char* type : {"proc", "sysfs"}) {
    Bundle b;
    b.config()["linux"]["namespaces"].push_back({{"type", "user"}});
    b.config()["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
    b.config()["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
    Result r = nested_mount(b, type, true);
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, "denied\n") << type;
  }
}

TEST(NoPivot, NestedUserNamespaceCannotMountSysfs) {
  Bundle b;
  Result r = nested_mount(b, "sysfs", true);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied\n");
}

TEST(NoPivot, SameAsWithPivotRoot) {
  Bundle b;
  Result r = nested_mount(b, "proc", false);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "denied\n");
}

TEST(NoPivot, ContainerStillRunsInItsRoot) {
  Bundle b({kHelper, "read-probe", "/marker"});
  fs::path rootfs = b.private_rootfs();
  FILE* f = std::fopen((rootfs / "marker").c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("x", f);
  std::fclose(f);
  Result r = b.run({"run", "--no-pivot", "--bundle", b.dir().string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "readable: 1 bytes\n");
}

}  // namespace
}  // namespace rampart::testing
