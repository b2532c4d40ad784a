// Runs one OCI hook: argv = args, env exactly env, the state JSON on stdin, killed when its
// timeout (seconds) passes. Non-zero exit, a signal or a timeout is a failure.
#pragma once

#include <functional>
#include <string>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::process {

// `before_exec`, when given, runs in the hook's process right before its execve (the container's
// seccomp filter for startContainer hooks); its failure fails the hook.
Result<void> run_hook(const spec::Hook& hook, const std::string& state_json, const char* phase,
                      const std::function<Result<void>()>& before_exec = {});

}  // namespace rampart::process
