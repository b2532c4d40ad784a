// Paths as strings, lexically: the one home of "clean this path" and "is this path under that
// directory" (no filesystem is consulted: for resolving inside a rootfs see safepath::Root).
// Pure: the spec, policy, plan and verify layers use these too.
#pragma once

#include <string>
#include <string_view>

namespace rampart {

// Lexical clean-up, as Go's path.Clean (which runc's and the runtime-spec's paths follow):
// repeated and trailing slashes folded, "." dropped, "x/.." removed; ".." never climbs above
// "/" in an absolute path and is kept at the front of a relative one; "" -> ".".
//   "//a/./b/" -> "/a/b", "/../a" -> "/a", "a/../../b" -> "../b"
std::string lexically_clean(std::string_view path);

// The same for a path taken as absolute whatever its spelling (a destination in a rootfs, a
// mount point): "dev/" and "/dev/." -> "/dev", "" and "/.." -> "/".
std::string clean_absolute(std::string_view path);

// `path` is `dir` or lies below it, component-wise ("/a/bc" is not below "/a/b"); below "/" is
// every absolute path. Neither is cleaned: give clean paths.
bool path_within(std::string_view path, std::string_view dir);

// The kernel's escaping of paths in /proc/PID/mountinfo (space, tab, newline and backslash as
// \ooo) undone; anything else is kept as it is.
std::string unescape_mountinfo(std::string_view field);

}  // namespace rampart
