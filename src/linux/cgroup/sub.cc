// exec --cgroup: the container's cgroup paths moved down into an existing sub-cgroup.
#include <sys/stat.h>

#include "linux/cgroup/cgroup.h"

namespace rampart::cgroup {
namespace {

// "a/b", "/a/b/" -> "a/b"; "" or a ".." component -> error.
Result<std::string> clean_sub_path(const std::string& spec, const std::string& path) {
  std::string out;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string comp = path.substr(i, j - i);
    if (comp == "..") return fail("exec --cgroup", "the sub-cgroup must stay below the container's (no \"..\")", spec);
    if (!comp.empty() && comp != ".") out += (out.empty() ? "" : "/") + comp;
    i = j + 1;
  }
  if (out.empty()) return fail("exec --cgroup", "no sub-cgroup path given", spec);
  return out;
}

Result<std::string> existing(const std::string& base, const std::string& sub) {
  const std::string dir = base + "/" + sub;
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return fail("exec --cgroup", "no such sub-cgroup of the container's (it must exist)", dir);
  return dir;
}

}  // namespace

Result<Paths> sub_cgroup_paths(const Paths& container, const std::vector<std::string>& specs) {
  Paths out = container;
  // Specs without controllers first, so that "memory:x" given with "y" wins for memory.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& spec : specs) {
      const auto colon = spec.find(':');
      const bool named = colon != std::string::npos;
      if (named != (pass == 1)) continue;
      const std::string sub = TRY(clean_sub_path(spec, named ? spec.substr(colon + 1) : spec));
      if (!named) {
        if (!container.unified.empty()) out.unified = TRY(existing(container.unified, sub));
        for (size_t k = 0; k < container.controllers.size(); ++k)
          out.controllers[k].second = TRY(existing(container.controllers[k].second, sub));
        continue;
      }
      const std::string list = spec.substr(0, colon);
      size_t i = 0;
      while (i <= list.size()) {
        size_t j = list.find(',', i);
        if (j == std::string::npos) j = list.size();
        const std::string name = list.substr(i, j - i);
        i = j + 1;
        bool found = false;
        for (size_t k = 0; k < container.controllers.size(); ++k) {
          if (container.controllers[k].first != name) continue;
          out.controllers[k].second = TRY(existing(container.controllers[k].second, sub));
          found = true;
        }
        if (!found)
          return fail("exec --cgroup",
                      container.layout == Layout::V2
                          ? "a controller can be named only on cgroup v1 (this host is cgroup v2)"
                          : "the container has no cgroup v1 controller \"" + name + "\"",
                      spec);
      }
    }
  }
  return out;
}

}  // namespace rampart::cgroup
