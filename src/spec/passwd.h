// HOME for the container's process, as runc and crun set it: when the process's environment has
// no HOME (or an empty one), the home directory of its uid in the container's /etc/passwd, or
// "/" when there is none. Pure: the caller reads the file (through the safe-path layer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::spec {

// The cap on the /etc/passwd read for this: far above any real one, small enough that an image
// whose passwd is huge cannot make the runtime allocate without bound.
inline constexpr size_t kMaxPasswdBytes = size_t{4} << 20;

// True when `env` has a non-empty HOME (the last HOME= wins, as in execve's environment).
bool has_home(const std::vector<std::string>& env);

// The home field of the first passwd(5) line whose uid field is `uid`; nullopt when none is
// (malformed lines are skipped).
std::optional<std::string> home_of_uid(std::string_view passwd, uint32_t uid);

// `env` without its HOME= entries (called when the last is empty: an earlier one is overridden,
// as runc keeps only the last of each name) and with "HOME=<home>" appended (runc's order).
std::vector<std::string> with_home(std::vector<std::string> env, const std::string& home);

}  // namespace rampart::spec
