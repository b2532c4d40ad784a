// What filesystem a host path is on (statfs(2) magic): for the tests that depend on the host's
// cgroup layout (v1 controllers, the unified hierarchy, a hybrid host).
#pragma once

#include <sys/vfs.h>

#include <string>

namespace rampart::testing {

inline bool fs_is(const std::string& path, long magic) {
  struct statfs st {};
  return ::statfs(path.c_str(), &st) == 0 && static_cast<long>(st.f_type) == magic;
}

}  // namespace rampart::testing
