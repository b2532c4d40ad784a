// Runs one OCI hook: argv = args, env exactly env, the state JSON on stdin, killed when its
// timeout (seconds) passes. Non-zero exit, a signal or a timeout is a failure.
#pragma once

#include <string>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::process {

Result<void> run_hook(const spec::Hook& hook, const std::string& state_json, const char* phase);

}  // namespace rampart::process
