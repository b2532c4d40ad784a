// runc-compatible argv handling that CLI11 does not do itself. Pure.
#pragma once

#include <string>
#include <vector>

namespace rampart::cli {

// Go's flag package accepts long flags with one dash ("-bundle x", "-no-subreaper"); CLI11 does
// not. Rewrites "-name[=v]" to "--name[=v]" when name is one of ours (go-runc sends such flags).
std::vector<std::string> normalize_args(const std::vector<std::string>& args);

// The subcommand named in argv (skipping global flags and their values), or "".
std::string find_subcommand(const std::vector<std::string>& args);

}  // namespace rampart::cli
