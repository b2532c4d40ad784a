// Admission: the impure side of `rampart check` and of `create/run --policy`. Host facts about
// bind sources are gathered through fds here; the judgement itself is the pure policy layer.
#pragma once

#include <map>
#include <string>

#include "policy/policy.h"
#include "spec/config.h"
#include "util/error.h"

namespace rampart::container {

// The default policy file, enforced by create/run when present and no --policy is given.
inline constexpr const char* kDefaultPolicyFile = "/etc/rampart/policy.json";

// For each bind mount source: open it with O_PATH (following symlinks, as the mount would),
// readlink /proc/self/fd/N for the real path and fstat the fd for its type. A source that cannot
// be opened is recorded as Missing with its lexical path. Relative sources are taken relative to
// bundle_dir (the current directory when empty).
// `opened` (config.mounts index -> O_PATH fd), when given, supplies the fds create will mount,
// so what is judged is what is mounted.
Result<policy::HostFacts> gather_host_facts(const spec::Config& config, const std::string& bundle_dir = {},
                                            const std::map<size_t, int>* opened = nullptr);

// Reads and parses a policy file; errors name the file.
Result<policy::Policy> load_policy(const std::string& path);

// Loads the policy (policy_file, else kDefaultPolicyFile when it exists, else nothing to enforce),
// gathers host facts, evaluates, and refuses with one Error whose message lists every finding at
// or above the policy's failOn (default high) on one line, joined with "; ".
Result<void> enforce_policy(const spec::Config& config, const std::string& id, const std::string& policy_file,
                            const std::string& bundle_dir = {}, const std::map<size_t, int>* opened = nullptr);

}  // namespace rampart::container
