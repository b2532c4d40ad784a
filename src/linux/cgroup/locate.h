// Where a container's cgroup goes: the cgroupsPath rules, the runtime's own cgroup and the v1
// controller mounts. Parsing is separate from reading so tests can feed text.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace rampart::cgroup {

// A cleaned cgroupsPath: "/a/b" when absolute, "a/b" when relative (below the runtime's own
// cgroup). Empty cgroupsPath -> "/rampart/<id>". ".." components are refused, so a config can
// never place a cgroup outside the hierarchy it names.
struct CgroupPath {
  bool relative = false;
  std::string path;
};
Result<CgroupPath> parse_cgroups_path(const std::string& id, const std::string& cgroups_path);

// /proc/self/cgroup text -> controller ("memory", "name=systemd"; "" for the cgroup2 entry) ->
// cgroup path. Combined v1 hierarchies ("cpu,cpuacct") give one entry per controller.
std::map<std::string, std::string> parse_proc_cgroup(std::string_view text);
Result<std::map<std::string, std::string>> own_cgroups();

// One mounted v1 hierarchy: the controllers it carries and its directory.
struct V1Mount {
  std::vector<std::string> controllers;
  std::string dir;
};

// The cgroup (v1) mounts directly below `mountpoint` in mountinfo text.
std::vector<V1Mount> parse_v1_mountinfo(std::string_view mountinfo, const std::string& mountpoint);

// The v1 hierarchies below `mountpoint`: from /proc/self/mountinfo, or, when nothing is mounted
// there (a test's scratch directory), from its subdirectories ("systemd" is "name=systemd",
// "cpu,cpuacct" carries both, "unified" is the cgroup2 part of a hybrid layout and skipped).
Result<std::vector<V1Mount>> v1_mounts(const std::string& mountpoint);

}  // namespace rampart::cgroup
