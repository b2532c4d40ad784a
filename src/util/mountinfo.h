// /proc/PID/mountinfo (proc(5)), parsed: the one parser the mount layer (what to detach after
// pivot_root) and verify (what a running container sees) share. Pure: text in, entries out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace rampart {

// One line of mountinfo, octal escapes (\040 ...) decoded.
struct MountEntry {
  uint64_t id = 0;
  uint64_t parent = 0;
  uint32_t major = 0, minor = 0;     // the superblock's device
  std::string root;                  // the path inside the filesystem that is mounted here ("/": all of it)
  std::string mount_point;           // as the reading process's root sees it
  std::vector<std::string> options;  // per-mount: "ro", "nosuid", ...
  std::vector<std::string> tags;     // optional fields: "shared:12", "master:3", "unbindable"
  std::string fstype;
  std::string source;
  std::vector<std::string> super_options;

  [[nodiscard]] bool readonly() const;                         // per-mount or superblock "ro"
  [[nodiscard]] std::optional<uint64_t> shared_group() const;  // N of "shared:N"
  [[nodiscard]] bool same_superblock(const MountEntry& o) const {
    return major == o.major && minor == o.minor;
  }
};

// One line ("id parent maj:min root mountpoint options [optional...] - fstype source
// superoptions"); nullopt when it is not one.
std::optional<MountEntry> parse_mountinfo_line(std::string_view line);

// Every line of a mountinfo text. A malformed line is an error naming it: the kernel never
// writes one, so it means the text is not mountinfo.
Result<std::vector<MountEntry>> parse_mountinfo(std::string_view text);

// The well-formed lines of a mountinfo text, malformed ones skipped.
std::vector<MountEntry> parse_mountinfo_lenient(std::string_view text);

}  // namespace rampart
