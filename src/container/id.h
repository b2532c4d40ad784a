// Container ids: the name under <root>/<id>/, so never a path. Pure: no syscalls.
#pragma once

#include <cstddef>
#include <string_view>

#include "util/error.h"

namespace rampart::container {

// NAME_MAX: the id is a directory name (state, cgroup); a longer one could never be created.
inline constexpr size_t kMaxContainerIdLength = 255;

// Accepts ids matching [A-Za-z0-9][A-Za-z0-9_.+-]* of at most kMaxContainerIdLength bytes, which
// excludes "", ".", ".." and anything with '/'. The error reads:
//   invalid container id "a/b": must match [A-Za-z0-9][A-Za-z0-9_.+-]*
Result<void> validate_container_id(std::string_view id);

// An id as messages show it: quoted, control bytes escaped, cut after 64 bytes.
std::string shown_container_id(std::string_view id);

}  // namespace rampart::container
