// cgroup::Paths <-> JSON, for the container's state.json.
#include <nlohmann/json.hpp>

#include "linux/cgroup/cgroup.h"

namespace rampart::cgroup {
namespace {

const char* layout_name(Layout l) {
  switch (l) {
    case Layout::V1:
      return "v1";
    case Layout::Hybrid:
      return "hybrid";
    case Layout::V2:
      break;
  }
  return "v2";
}

}  // namespace

std::string paths_to_json(const Paths& paths) {
  nlohmann::ordered_json j;
  j["layout"] = layout_name(paths.layout);
  if (!paths.unified.empty()) j["unified"] = paths.unified;
  if (!paths.controllers.empty()) {
    // An array of pairs keeps the order (and a name appearing twice, which an object would lose).
    auto& arr = j["controllers"] = nlohmann::ordered_json::array();
    for (const auto& [name, dir] : paths.controllers) arr.push_back({{"name", name}, {"path", dir}});
  }
  return j.dump();
}

Result<Paths> paths_from_json(std::string_view json_text) {
  const auto j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return fail("read cgroup paths", "not a JSON object");
  Paths p;
  const auto layout = j.find("layout");
  if (layout == j.end() || !layout->is_string()) return fail("read cgroup paths", "\"layout\" missing");
  const std::string l = layout->get<std::string>();
  if (l == "v1")
    p.layout = Layout::V1;
  else if (l == "v2")
    p.layout = Layout::V2;
  else if (l == "hybrid")
    p.layout = Layout::Hybrid;
  else
    return fail("read cgroup paths", "unknown layout \"" + l + "\"");
  if (const auto u = j.find("unified"); u != j.end()) {
    if (!u->is_string()) return fail("read cgroup paths", "\"unified\" is not a string");
    p.unified = u->get<std::string>();
  }
  if (const auto c = j.find("controllers"); c != j.end()) {
    if (!c->is_array()) return fail("read cgroup paths", "\"controllers\" is not an array");
    for (const auto& e : *c) {
      if (!e.is_object() || !e.contains("name") || !e.contains("path") || !e["name"].is_string() ||
          !e["path"].is_string())
        return fail("read cgroup paths", "a controller entry needs string \"name\" and \"path\"");
      p.controllers.emplace_back(e["name"].get<std::string>(), e["path"].get<std::string>());
    }
  }
  // No directory at all: a container without a cgroup of its own (rootless without delegation,
  // container/launch.cc), whatever the host's layout.
  if (p.unified.empty() && p.controllers.empty()) return p;
  const bool needs_unified = p.layout != Layout::V1;
  const bool needs_controllers = p.layout != Layout::V2;
  if ((needs_unified && p.unified.empty()) || (needs_controllers && p.controllers.empty()))
    return fail("read cgroup paths", "paths do not match layout \"" + l + "\"");
  return p;
}

}  // namespace rampart::cgroup
