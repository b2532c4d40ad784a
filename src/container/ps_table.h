// `ps` of a container in table form: ps(1)'s own columns, restricted to the container's
// processes (runc's behaviour, which `ctr task ps` users and scripts read).
#pragma once

#include <string>
#include <vector>

#include "util/error.h"

namespace rampart::container {

// Runs `ps <ps_args>` (default -ef) on the host and keeps the header and the lines whose PID
// column is one of `pids`. Fails when ps's output has no PID column.
Result<std::string> ps_table(const std::vector<int>& pids, const std::vector<std::string>& ps_args);

// The filtering alone, on ps's output. Pure.
Result<std::string> filter_ps_output(const std::string& ps_output, const std::vector<int>& pids);

}  // namespace rampart::container
