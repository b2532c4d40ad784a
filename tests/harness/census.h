// A count of what containers can leave on the host, taken before and after a test: the tests'
// own processes (the harness is the subreaper: every orphaned init becomes its child), the
// cgroup directories of every hierarchy named after this test process's ids, the host mounts
// naming those ids or the tests' temp dirs (the state roots' parents), this process's open fds, and the entries of the
// state roots. Several test sessions may share the host, so only what this process made is
// counted (ids carry its pid), never another's containers.
#pragma once

#include <cstddef>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace rampart::testing {

struct Census {
  size_t processes = 0;    // live (non-zombie) children of this process
  size_t cgroup_dirs = 0;  // in every hierarchy of /sys/fs/cgroup, names holding "-<pid>-"
  size_t mounts = 0;       // host mountinfo lines naming "-<pid>-" or the state roots' parents
  size_t fds = 0;          // /proc/self/fd entries
  size_t state_entries = 0;  // entries (hidden ones too) under the given state roots
  bool operator==(const Census&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Census& c);

// Reaps zombie children first. `roots`: state roots whose entries are counted.
Census take_census(const std::vector<std::filesystem::path>& roots = {});

// Waits (up to `tries` × 50 ms) for the census to equal `want`; returns the last one.
Census wait_for_census(const Census& want, const std::vector<std::filesystem::path>& roots = {}, int tries = 60);

}  // namespace rampart::testing
