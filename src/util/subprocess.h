// Running a host program and collecting its output, bounded in time and size: for the few
// commands that delegate to a host tool (`ps` of a container runs ps(1)), and for the probe,
// which drives a runtime binary as a client does.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "util/error.h"

namespace rampart {

struct Captured {
  int exit_code = -1;      // 128+N when killed by signal N; -1 when killed on timeout or cancel
  std::string out;         // stdout, at most max_output bytes
  std::string err;         // stderr, at most max_output bytes
  bool timed_out = false;  // killed because the timeout passed
  bool cancelled = false;  // killed because *cancel was set
};

struct SubprocessOptions {
  std::chrono::milliseconds timeout{10000};
  size_t max_output = 16u << 20;
  std::string cwd;                            // the program's working directory ("": the caller's)
  const std::atomic<bool>* cancel = nullptr;  // polled: when it turns true the program is killed
};

// Runs argv (argv[0] looked up in PATH) in a process group of its own, with stdin from
// /dev/null, only fds 0-2 open (whatever the caller's caller left open is not the program's
// business), and default, unblocked signals. Output is read until the program exits, then
// whatever is buffered: a daemon it started (a created container) may keep the pipes open, and
// that does not block the caller. On timeout or cancel the whole group is killed and the result
// says so. Fails only when the program could not be started.
Result<Captured> run_subprocess(const std::vector<std::string>& argv, const SubprocessOptions& opts);

// run_subprocess with a timeout only; a timeout is an error (ETIMEDOUT).
Result<Captured> run_captured(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                              size_t max_output = 16u << 20);

}  // namespace rampart
