// A config with no mount namespace inherits the runtime's (runtime-spec: "If a namespace type is
// not specified in the namespaces array, the container MUST inherit the runtime namespace of
// that type"; runtime-tools' linux_ns_itype). The container's mounts are then the host's for
// its lifetime: they sit under a private bind of the rootfs, the host's "/" keeps its
// propagation, `exec` lands in the container's root (runc's stays at the host's "/"), and
// delete -- or a failed create -- leaves no mount behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "harness.h"

namespace rampart::testing {
namespace {

void drop_mount_namespace(Bundle& b) {
  auto& ns = b.config()["linux"]["namespaces"];
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& n : ns)
    if (n["type"] != "mount") kept.push_back(n);
  ns = kept;
}

std::string own_mount_namespace() {
  char buf[64] = {};
  ssize_t n = ::readlink("/proc/self/ns/mnt", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

// The optional fields (shared:N, master:N) of the host's "/" in mountinfo.
std::string root_propagation() {
  std::ifstream in("/proc/self/mountinfo");
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string id, parent, dev, root, point, opts, rest, field;
    f >> id >> parent >> dev >> root >> point >> opts;
    if (point != "/") continue;
    while (f >> field && field != "-") rest += field + " ";
    return rest;
  }
  return "?";
}

TEST(HostMountNamespace, InheritedAndTheRootIsTheContainers) {
  Bundle b({"/bin/sh", "-c", "readlink /proc/self/ns/mnt; test -e /bin/busybox && echo own-root; "
                             "test -e /proc/self/status && echo proc"});
  b.private_rootfs();
  drop_mount_namespace(b);
  const std::string before = root_propagation();
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, own_mount_namespace() + "\nown-root\nproc\n");
  EXPECT_EQ(root_propagation(), before) << "the host's / changed propagation";
  EXPECT_TRUE(b.leftovers().empty()) << "mounts left on the host after run";
}

TEST(HostMountNamespace, ExecEntersTheContainersRootAndDeleteUnmounts) {
  Bundle b({"/bin/sleep", "30"});
  fs::path rootfs = b.private_rootfs();
  { std::ofstream(rootfs / "marker") << "inside\n"; }
  // A canary outside the rootfs, at a path the container could name if it had the host's "/".
  { std::ofstream(b.tmp() / "canary") << "host\n"; }
  drop_mount_namespace(b);
  Result c = b.create();
  ASSERT_EQ(c.exit_code, 0) << c;
  ASSERT_EQ(b.start().exit_code, 0);
  EXPECT_FALSE(host_mounts_containing(rootfs.string()).empty()) << "the container's mounts are not on the host";
  Result e = b.run({"exec", b.id(), "/bin/sh", "-c",
                    "cat /marker; test -e " + (b.tmp() / "canary").string() + " && echo host-visible; true"});
  EXPECT_EQ(e.exit_code, 0) << e;
  EXPECT_EQ(e.out, "inside\n") << "exec did not land in the container's root";
  ASSERT_EQ(b.kill("KILL").exit_code, 0);
  b.wait_status("stopped");
  Result d = b.remove();
  EXPECT_EQ(d.exit_code, 0) << d;
  EXPECT_TRUE(host_mounts_containing(rootfs.string()).empty()) << "delete left the container's mounts on the host";
}

TEST(HostMountNamespace, FailedCreateLeavesNoMount) {
  Bundle b({"/no/such/program"});
  b.private_rootfs();
  drop_mount_namespace(b);
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

}  // namespace
}  // namespace rampart::testing
