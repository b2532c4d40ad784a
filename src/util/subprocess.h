// Running a host program and collecting its output, bounded in time and size: for the few
// commands that delegate to a host tool (`ps` of a container runs ps(1)).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "util/error.h"

namespace rampart {

struct Captured {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out;     // stdout, at most max_output bytes
  std::string err;     // stderr, at most max_output bytes
};

// Runs argv (argv[0] looked up in PATH) with stdin from /dev/null. On timeout the program is
// killed and the call fails with ETIMEDOUT.
Result<Captured> run_captured(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                              size_t max_output = 16u << 20);

}  // namespace rampart
