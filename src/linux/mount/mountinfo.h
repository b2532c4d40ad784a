// /proc/<pid>/mountinfo, parsed (only what the mount layer needs). Pure: text in, entries out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::mount {

struct MountEntry {
  std::uint64_t id = 0;
  std::uint64_t parent = 0;
  std::string root;         // the directory of the filesystem mounted here ("/": all of it)
  std::string mount_point;  // octal escapes (\040 ...) decoded
  std::string fs_type;
};

// One entry per well-formed line; malformed lines are skipped.
std::vector<MountEntry> parse_mountinfo(std::string_view text);

}  // namespace rampart::mount
