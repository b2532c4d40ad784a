// The judgement of one running container: its facts against its config (drift, rules
// RP-RUN-*) and against the policy (the very rules of `rampart check`, run on what is live).
// Pure: findings come out as policy::Finding, so reports, exceptions, severities and output
// formats are check's.
#pragma once

#include <string>
#include <vector>

#include "policy/policy.h"
#include "verify/expect.h"
#include "verify/facts.h"

namespace rampart::verify {

// What each mount of the container is there for.
enum class MountRole {
  Root,         // the root filesystem (the whole stack at "/")
  Config,       // config.mounts[config_index]
  ConfigPart,   // part of config.mounts[config_index]: a cgroup hierarchy under a cgroup mount,
                // or a host submount an rbind brought along
  Mask,         // a masked path's /dev/null or empty read-only tmpfs
  Readonly,     // a read-only path's bind
  Console,      // the runtime's /dev/console (a pty of the container's own devpts)
  Device,       // a device node bound from the host (user namespaces)
  Notify,       // rampart's NOTIFY_SOCKET directory, bound read-only at /run/notify
  Unrequested,  // nothing in the config explains it
};
const char* mount_role_name(MountRole r);

struct ClassifiedMount {
  const MountEntry* mount = nullptr;
  MountRole role = MountRole::Unrequested;
  int config_index = -1;
  std::optional<std::string> host_path;  // set when the tree is a host filesystem's (a bind)
};

struct MountView {
  std::vector<ClassifiedMount> mounts;  // in mount-table order
  const MountEntry* root = nullptr;     // the top of the root stack
  std::vector<int> missing;             // config.mounts indices with nothing mounted
};
MountView classify_mounts(const Expectation& e, const ContainerFacts& c, const HostFacts& h);

// Drift: RP-RUN-* findings, and RP-MNT-004 for a peer group shared with the host.
std::vector<policy::Finding> drift_findings(const Expectation& e, const ContainerFacts& c, const HostFacts& h);

// The container as it runs, written as a config: what `rampart check` would say about it.
struct LiveConfig {
  spec::Config config;
  policy::HostFacts host;
  std::vector<const MountEntry*> mount_of;  // config.mounts[i] came from this mount
};
LiveConfig live_config(const Expectation& e, const ContainerFacts& c, const HostFacts& h);

// check's rules on the live config, with fields and messages saying where in the running
// container each finding is.
std::vector<policy::Finding> live_findings(const Expectation& e, const ContainerFacts& c, const HostFacts& h);

// Both, under the policy: one report per container, as check makes one per bundle.
policy::Report judge(const Expectation& e, const ContainerFacts& c, const HostFacts& h, const policy::Policy& p,
                     policy::Severity default_fail_on = policy::Severity::High);

// "CAP_KILL, CAP_SYS_ADMIN" for the bits of `mask`.
std::string capability_list(uint64_t mask);
// The bits of a list of capability names (unknown names are ignored).
uint64_t capability_mask(const std::vector<std::string>& names);

// `s` with control characters written as \xNN: a mount point the container named cannot start a
// new line in a report or an event stream.
std::string printable(std::string_view s);

// A finding of `rule` with its default severity (field and message made printable).
policy::Finding finding(std::string_view rule, std::string field, std::string message,
                        std::vector<std::string> paths = {});

}  // namespace rampart::verify
