// Picks and builds the driver: from the config's cgroupsPath (make_manager) or from the paths a
// container's state saved (manager_from_paths).
#include <algorithm>

#include "linux/cgroup/changes.h"
#include "linux/cgroup/drivers.h"
#include "linux/cgroup/files.h"
#include "linux/cgroup/locate.h"

namespace rampart::cgroup {
namespace {

using Own = std::map<std::string, std::string>;

// The container's directory in the hierarchy mounted at `root`; `key` names the hierarchy in
// /proc/self/cgroup ("memory", "name=systemd", "" for cgroup2) for relative paths.
Result<std::string> place(const std::string& root, const CgroupPath& path, const Own& own,
                          const std::string& key) {
  if (!path.relative) return join_path(root, path.path);
  const auto it = own.find(key);
  if (it == own.end())
    return fail("cgroup path",
                "the runtime's own cgroup" + (key.empty() ? std::string(" (cgroup2)") : " for \"" + key + "\"") +
                    " is not in /proc/self/cgroup",
                path.path);
  return join_path(join_path(root, it->second), path.path);
}

std::string without_trailing_slash(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

Result<std::unique_ptr<Manager>> v1_from_mounts(const std::string& mountpoint, const CgroupPath& path,
                                                const Own& own) {
  std::vector<V1Hierarchy> hs;
  for (auto& m : TRY(v1_mounts(mountpoint))) {
    const std::string dir = TRY(place(m.dir, path, own, m.controllers.front()));
    hs.push_back({std::move(m.controllers), m.dir, dir});
  }
  return make_v1_manager(std::move(hs));
}

// Where the hierarchy of a saved path starts; the path itself when its mount is gone (then
// nothing above it is touched).
std::string root_of(const std::string& dir) {
  std::string root = hierarchy_root(dir);
  return root.empty() ? dir : root;
}

}  // namespace

Result<std::unique_ptr<Manager>> make_manager(const std::string& id, const std::string& cgroups_path,
                                              const std::string& mountpoint) {
  const Layout layout = TRY(detect_layout(mountpoint));
  return make_manager(id, cgroups_path, mountpoint, layout);
}

Result<std::unique_ptr<Manager>> make_manager(const std::string& id, const std::string& cgroups_path,
                                              const std::string& mountpoint, Layout layout) {
  const std::string mp = without_trailing_slash(mountpoint);
  const CgroupPath path = TRY(parse_cgroups_path(id, cgroups_path));
  Own own;
  if (path.relative) own = TRY(own_cgroups());
  switch (layout) {
    case Layout::V2:
      return make_v2_manager(mp, TRY(place(mp, path, own, "")), true);
    case Layout::V1:
      return v1_from_mounts(mp, path, own);
    case Layout::Hybrid: {
      const std::string unified = join_path(mp, "unified");
      auto v2 = make_v2_manager(unified, TRY(place(unified, path, own, "")), false);
      return make_hybrid_manager(TRY(v1_from_mounts(mp, path, own)), std::move(v2));
    }
  }
  return fail("make cgroup manager", "unknown layout");
}

std::unique_ptr<Manager> manager_from_paths(const Paths& paths) {
  auto v1 = [&] {
    // Controllers sharing a directory are one hierarchy ("cpu" and "cpuacct" co-mounted).
    std::vector<V1Hierarchy> hs;
    for (const auto& [name, dir] : paths.controllers) {
      auto it = std::find_if(hs.begin(), hs.end(), [&](const V1Hierarchy& h) { return h.dir == dir; });
      if (it != hs.end())
        it->controllers.push_back(name);
      else
        hs.push_back({{name}, root_of(dir), dir});
    }
    return make_v1_manager(std::move(hs));
  };
  auto v2 = [&](bool enable) { return make_v2_manager(root_of(paths.unified), paths.unified, enable); };
  switch (paths.layout) {
    case Layout::V1:
      return v1();
    case Layout::Hybrid:
      return make_hybrid_manager(v1(), v2(false));
    case Layout::V2:
      break;
  }
  return v2(true);
}

}  // namespace rampart::cgroup

namespace rampart::cgroup {

Result<void> Manager::apply(const spec::Resources& resources) {
  ChangeSet changes;
  TRY_VOID(plan(resources, changes));
  return changes.commit();
}

}  // namespace rampart::cgroup
