// Idmapped bind mounts (mounts[].uidMappings/gidMappings, "idmap"/"ridmap"): the detached copy
// gets MOUNT_ATTR_IDMAP before it is attached, so the container sees the source's ids mapped.
#include "harness.h"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

namespace rampart::testing {
namespace {

nlohmann::json id_map(uint32_t container_id, uint32_t host_id, uint32_t size) {
  return nlohmann::json::array({{{"containerID", container_id}, {"hostID", host_id}, {"size", size}}});
}

// A host directory with a file, both owned by `uid`:`uid`.
fs::path owned_dir(const Bundle& b, uid_t uid) {
  fs::path dir = b.tmp() / "owned";
  fs::create_directories(dir);
  std::ofstream(dir / "f") << "x";
  EXPECT_EQ(::chown(dir.c_str(), uid, uid), 0);
  EXPECT_EQ(::chown((dir / "f").c_str(), uid, uid), 0);
  return dir;
}

// No user namespace at all: the mount's own maps show on-disk 1000 as 2000.
TEST(IdmapMount, MountMapsShowTheSourceOwnerMapped) {
  Bundle b({"/bin/stat", "-c", "%u:%g", "/mnt", "/mnt/f"});
  fs::path dir = owned_dir(b, 1000);
  b.config()["mounts"].push_back({{"destination", "/mnt"},
                                  {"type", "bind"},
                                  {"source", dir.string()},
                                  {"options", {"bind"}},
                                  {"uidMappings", id_map(1000, 2000, 1)},
                                  {"gidMappings", id_map(1000, 2000, 1)}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "2000:2000\n2000:2000\n") << r;
  // The host's view of the source is untouched.
  struct stat st{};
  ASSERT_EQ(::stat((dir / "f").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 1000u);
}

// "idmap" with no maps of its own takes the container's: a host directory owned by root is
// its root's inside a user namespace (without the option it would be nobody's, 65534).
TEST(IdmapMount, IdmapOptionTakesTheContainersMaps) {
  Bundle b({"/bin/stat", "-c", "%u:%g", "/mnt/f"});
  fs::path dir = owned_dir(b, 0);
  b.config()["linux"]["namespaces"].push_back({{"type", "user"}});
  b.config()["linux"]["uidMappings"] = id_map(0, 230000, 65536);
  b.config()["linux"]["gidMappings"] = id_map(0, 230000, 65536);
  b.config()["mounts"].push_back(
      {{"destination", "/mnt"}, {"type", "bind"}, {"source", dir.string()}, {"options", {"rbind", "ridmap"}}});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0:0\n") << r;
}

TEST(IdmapMount, OnlyOneKindOfMapIsRefused) {
  Bundle b({"/bin/true"});
  b.config()["mounts"].push_back({{"destination", "/mnt"},
                                  {"type", "bind"},
                                  {"source", b.tmp().string()},
                                  {"options", {"bind"}},
                                  {"uidMappings", id_map(1000, 2000, 1)}});
  Result r = b.run_container();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("uidMappings and gidMappings go together"), std::string::npos) << r;
}

}  // namespace
}  // namespace rampart::testing
