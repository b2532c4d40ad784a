// Small cgroup-file and cgroup-directory operations. Every error names the file or directory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::cgroup {

// dir + "/" + name without doubling the slash.
std::string join_path(std::string_view dir, std::string_view name);

bool path_exists(const std::string& path);

// Writes `value` to dir/name in one write(2), as the kernel wants a control value whole. The file
// must exist (cgroupfs creates it; a missing file means the controller is absent).
Result<void> write_file(const std::string& dir, const std::string& name, std::string_view value);

// The whole content of dir/name.
Result<std::string> read_file(const std::string& dir, const std::string& name);

// `s` without leading and trailing whitespace.
std::string trim(std::string_view s);

// mkdir -p with mode 0755; existing directories are fine. True when `path` itself was made
// (a cgroup just made holds no process).
Result<bool> mkdir_p(const std::string& path);

// The pids in dir/cgroup.procs and in that of every descendant cgroup, each once. A missing
// `dir` yields an empty list: a cgroup that is gone holds no process.
Result<std::vector<pid_t>> read_procs_recursive(const std::string& dir);

// A container's cgroup that already holds processes (left by an earlier container, or put
// there by the caller) is used all the same, with a warning, as runc 1.1 does; refusing it
// broke callers that pre-create and populate the cgroup.
void warn_if_populated(const std::string& dir);

// rmdir of `dir` and every sub-cgroup, deepest first. Already gone is success. Callers empty the
// cgroup first (Manager::kill_all); an EBUSY left is retried a few times with short sleeps.
Result<void> remove_cgroup_tree(const std::string& dir);

// Waits until dir/cgroup.events says "populated 0" (poll POLLPRI: the kernel notifies every
// change), or fails at `deadline`. A cgroup that is gone counts as empty.
Result<void> wait_unpopulated(const std::string& dir, std::chrono::steady_clock::time_point deadline);

// "key value" lines of dir/name (cgroup.events, memory.events): the value of `key`, if present.
std::optional<uint64_t> read_keyed(const std::string& dir, const std::string& name, std::string_view key);

// The hierarchy root of a cgroup directory: its topmost ancestor (or itself) holding a
// cgroup.procs file. /sys/fs/cgroup on a v1 or hybrid host is a tmpfs without one, so this is
// the controller's mount (v1), /sys/fs/cgroup/unified (hybrid) or /sys/fs/cgroup (v2).
// Empty when no ancestor has one.
std::string hierarchy_root(const std::string& dir);

}  // namespace rampart::cgroup
