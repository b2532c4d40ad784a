// The init joins its cgroups itself (cgroup/entry.h): born in the cgroup2 one by
// clone3(CLONE_INTO_CGROUP), moving itself into each v1 hierarchy through its `tasks` file.
// Whichever way it got there, the container's process must be in the container's cgroup in
// every hierarchy the host has -- on this hybrid host, the v1 controllers and the unified one.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "harness.h"

using namespace rampart::testing;

namespace {

// /proc/self/cgroup lines ("ID:CONTROLLERS:PATH") of the container's process, for the
// hierarchies this host mounts (a kernel may list one nobody mounted, e.g. v1 hugetlb here).
std::vector<std::string> cgroup_lines(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    const size_t a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string name = line.substr(a + 1, b - a - 1);
    name = name.substr(0, name.find(','));
    if (name.starts_with("name=")) name = name.substr(5);
    const std::string mount = name.empty() ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup/" + name;
    if (name.empty() ? std::filesystem::exists("/sys/fs/cgroup/cgroup.procs") || std::filesystem::is_directory(mount)
                     : std::filesystem::is_directory(mount))
      lines.push_back(line);
  }
  return lines;
}

TEST(CgroupJoin, TheInitIsInItsCgroupInEveryHierarchy) {
  Bundle b;
  const std::string path = "/rampart-it/" + b.id();
  b.config()["linux"]["cgroupsPath"] = path;
  b.set_args({"/bin/cat", "/proc/self/cgroup"});  // no cgroup namespace: host paths
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  const auto lines = cgroup_lines(r.out);
  ASSERT_GE(lines.size(), 2u) << r;
  bool unified = false;
  for (const auto& line : lines) {
    unified = unified || line.starts_with("0::");
    EXPECT_TRUE(line.ends_with(":" + path)) << "not in the container's cgroup: " << line;
  }
  std::string host = read_file("/proc/self/cgroup");
  if (host.find("\n0::") != std::string::npos || host.starts_with("0::")) {
    EXPECT_TRUE(unified) << "the host has a cgroup2 hierarchy; the container's line for it is missing: " << r;
  }
}

TEST(CgroupJoin, AlsoInANewUserNamespace) {
  Bundle b;
  const std::string path = "/rampart-it/" + b.id();
  b.config()["linux"]["cgroupsPath"] = path;
  b.config()["linux"]["namespaces"].push_back({{"type", "user"}});
  b.config()["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
  b.config()["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
  b.set_args({"/bin/cat", "/proc/self/cgroup"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  const auto lines = cgroup_lines(r.out);
  ASSERT_GE(lines.size(), 2u) << r;
  for (const auto& line : lines) EXPECT_TRUE(line.ends_with(":" + path)) << "not in the container's cgroup: " << line;
}

}  // namespace
