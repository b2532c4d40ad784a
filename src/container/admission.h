// Admission: the impure side of `rampart check` and of `create/run --policy`. Bind sources are
// located here, once, for both (safepath::RootfsBoundary: inside the rootfs or on the host,
// decided by identity); host facts about them are gathered through those fds; the judgement
// itself is the pure policy layer.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "linux/safepath/boundary.h"
#include "policy/policy.h"
#include "spec/config.h"
#include "util/error.h"

namespace rampart::container {

// The default policy file, enforced by create/run when present and no --policy is given.
inline constexpr const char* kDefaultPolicyFile = "/etc/rampart/policy.json";

// Every bind mount's source (config.mounts index -> where it is), located once. Relative sources
// are taken relative to bundle_dir, as runc does. With rootfs_fd < 0 (no rootfs to compare
// with) every source is a host path. A source that cannot be located is in `missing`, with the
// error naming it (policy still judges it, by its written path, before create reports it).
struct LocatedSources {
  std::map<size_t, safepath::Located> found;
  std::map<size_t, Error> missing;
};
Result<LocatedSources> locate_bind_sources(const spec::Config& config, const std::string& bundle_dir,
                                           int rootfs_fd);

// For each bind mount source: its type (fstat) and real path (readlink of the fd; for a source
// inside the rootfs, the file it resolves to inside the root). `located` (from
// locate_bind_sources), when given, is what create will mount, so what is judged is what is
// mounted; without it (check) the sources are located here, against the bundle's rootfs when it
// can be opened. A source that cannot be located is recorded as Missing with its lexical path.
Result<policy::HostFacts> gather_host_facts(const spec::Config& config, const std::string& bundle_dir = {},
                                            const std::map<size_t, safepath::Located>* located = nullptr,
                                            int rootfs_fd = -1);

// Reads and parses a policy file; errors name the file.
Result<policy::Policy> load_policy(const std::string& path);

// The policy file in force: `given` (a --policy flag) when set, else kDefaultPolicyFile when it
// exists, else none.
std::optional<std::string> policy_file_in_force(const std::string& given);

// The policy `check` and `verify` judge with: the file in force (else the built-in defaults), its
// profile replaced by `profile` when that names one ("" keeps it). Errors name the file, or the
// unknown profile (BadInput).
Result<policy::Policy> policy_for_judging(const std::string& policy_file, const std::string& profile);

// Loads the policy (policy_file, else kDefaultPolicyFile when it exists, else nothing to enforce),
// gathers host facts, evaluates, and refuses with one Error whose message lists every finding at
// or above the policy's failOn (default high) on one line, joined with "; ".
Result<void> enforce_policy(const spec::Config& config, const std::string& id, const std::string& policy_file,
                            const std::string& bundle_dir = {},
                            const std::map<size_t, safepath::Located>* located = nullptr, int rootfs_fd = -1);

}  // namespace rampart::container
