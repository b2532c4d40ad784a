// `create` finishes everything but execve, as runc does: a cwd (a missing one is created, see
// process_env_test.cc), user or program that cannot be had fails `create` with its message, and nothing is left; what the container's user cannot
// read is still entered as cwd (while privileged). An image's /proc or /sys that is a symlink is
// refused, as runc and crun refuse it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "harness.h"

namespace rampart::testing {
namespace {

TEST(CreateFinishes, CwdThatCannotBeMadeFailsCreateNotStart) {
  Bundle b({"/bin/true"});
  b.config()["process"]["cwd"] = "/etc/hostname/dir";  // under a file: neither there nor creatable
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  const std::string said = b.container_output();  // create's stdio, where its error goes
  EXPECT_NE(said.find("cwd"), std::string::npos) << said;
  EXPECT_NE(said.find("/etc/hostname/dir"), std::string::npos) << said;  // both resolver backends
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(CreateFinishes, GroupsOutsideTheUserNamespaceFailCreate) {
  // A gid the kernel refuses to set in this user namespace setup: additionalGids beyond the
  // mapped range fail setgroups inside a user namespace mapping only 0.
  Bundle b({"/bin/true"});
  b.config()["linux"]["namespaces"].push_back({{"type", "user"}});
  b.config()["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 1}}};
  b.config()["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 1}}};
  b.config()["process"]["user"] = {{"uid", 0}, {"gid", 0}, {"additionalGids", {4242}}};
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(CreateFinishes, CwdTheUserCannotReadIsEnteredWhilePrivileged) {
  Bundle b({"/bin/pwd"});
  fs::path rootfs = b.private_rootfs();
  fs::create_directories(rootfs / "secret");
  ::chmod((rootfs / "secret").c_str(), 0700);
  b.config()["process"]["cwd"] = "/secret";
  b.config()["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  Result r = b.run_container();
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/secret\n");
}

TEST(CreateFinishes, SymlinkedProcIsRefused) {
  Bundle b({"/bin/true"});
  fs::path rootfs = b.private_rootfs();
  fs::remove_all(rootfs / "proc");
  fs::create_directories(rootfs / "elsewhere");
  fs::create_symlink("elsewhere", rootfs / "proc");
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("must be mounted on ordinary directory"), std::string::npos) << r;
  EXPECT_TRUE(fs::is_empty(rootfs / "elsewhere"));
}

}  // namespace
}  // namespace rampart::testing
