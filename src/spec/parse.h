// config.json text -> spec::Config, with the spec's own validation (types, absolute destinations,
// known namespaces, required fields). Pure: no syscalls, no Linux headers.
#pragma once

#include <string_view>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::spec {

// Parses and validates a whole config.json. Errors name the JSON field: "mounts[2].destination".
Result<Config> parse_config(std::string_view json_text);

// Parses a process.json as `exec --process` reads it.
Result<Process> parse_process(std::string_view json_text);

// Parses a LinuxResources object as `update -r FILE|-` reads it (field names as in
// linux.resources), validated like the config's.
Result<Resources> parse_resources(std::string_view json_text);

// Validation of a parsed config beyond types (also used on configs built in code).
Result<void> validate(const Config& config);

// Validation of a process alone (args, cwd, rlimits, capabilities), as for `exec --process`.
Result<void> validate_process(const Process& process);

// True for the RLIMIT_* names the spec allows ("RLIMIT_NOFILE" ...), matched exactly.
bool is_known_rlimit(std::string_view name);

}  // namespace rampart::spec
