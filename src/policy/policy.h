// `rampart check`: boundary rules over a parsed spec::Config -> findings; profiles and policy
// files; text/JSON/SARIF reports. Pure: no syscalls, no Linux headers. What must be looked up on
// the host (where a bind source really points) is gathered elsewhere (container/admission) and
// handed in as HostFacts.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::policy {

enum class Severity { Info, Low, Medium, High, Critical };
const char* severity_name(Severity s);  // "info" ... "critical"
std::optional<Severity> severity_from_name(std::string_view name);

// Built-in profiles, shaped like the Kubernetes Pod Security Standards.
enum class Profile { Privileged, Baseline, Restricted };
const char* profile_name(Profile p);
std::optional<Profile> profile_from_name(std::string_view name);

// What kind of file a bind source is on the host.
enum class FileKind { Missing, Directory, Regular, Socket, CharDevice, BlockDevice, Fifo, Other };
const char* file_kind_name(FileKind k);

struct HostPath {
  std::string real_path;  // absolute, every symlink resolved (readlink of an O_PATH fd)
  FileKind kind = FileKind::Missing;
};

// Facts about the host, gathered outside the policy layer. Keyed by the index into
// Config::mounts of a bind mount. A bind mount without an entry is judged on its lexical source.
struct HostFacts {
  std::map<std::size_t, HostPath> bind_sources;
};

// One rule's metadata. `profile` is the least strict profile that evaluates it: Baseline rules
// run in every profile (privileged reports them but never fails), Restricted ones only there.
struct Rule {
  std::string_view id;         // "RP-MNT-001", stable
  Severity severity;           // default; a finding may be raised (writable) and a policy may override
  Profile profile;
  std::string_view title;      // short description
  std::string_view fix;        // how to fix it
  std::string_view reference;  // CVE / CIS Docker Benchmark item / Kubernetes PSS control
};
const std::vector<Rule>& all_rules();
const Rule* find_rule(std::string_view id);

struct Finding {
  std::string rule;       // rule id
  Severity severity;      // after policy overrides
  std::string field;      // config.json field: "mounts[3]", "process.capabilities", "linux.devices[0]"
  std::string message;    // one line naming the mount/field
  std::vector<std::string> paths;  // host/container paths the finding is about (exceptions match these)
  std::string anchor;     // a JSON string value to locate the finding in config.json ("" = none)
};

struct Exception {
  std::string rule;
  std::string container = "*";  // glob over the container id ('*', '?')
  std::string path;             // glob over one of the finding's paths; empty: any
  std::string reason;           // mandatory
};

struct Policy {
  Profile profile = Profile::Baseline;
  std::vector<std::string> disable;
  std::map<std::string, Severity> severity;
  std::vector<Exception> exceptions;
  std::optional<Severity> fail_on;  // "failOn" in the file; nullopt: the caller's default
};

// {"profile":"baseline","disable":[...],"severity":{"RP-...":"low"},"failOn":"high",
//  "exceptions":[{"rule":..,"container":..,"path":..,"reason":..}]}. Unknown keys, unknown rule
// ids and exceptions without a reason are errors.
Result<Policy> parse_policy(std::string_view json_text);

struct AppliedException {
  Finding finding;
  Exception exception;
};

struct Report {
  std::string source = "config.json";  // what was checked (for messages and SARIF locations)
  std::string container;               // container id ("" when none was given)
  Profile profile = Profile::Baseline;
  std::optional<Severity> fail_on;     // nullopt: never fails (privileged profile)
  std::vector<Finding> findings;       // sorted: severity descending, then rule id, then field
  std::vector<AppliedException> excepted;
  bool failed = false;                 // a finding at or above fail_on
};

// Every rule, unfiltered, with default severities (the table tests use this).
std::vector<Finding> run_rules(const spec::Config& config, const HostFacts& facts);

// Runs the rules of policy.profile, drops disabled rules, applies severity overrides and
// exceptions, decides failure. fail_on: the threshold when policy.fail_on is unset (High by
// default); the privileged profile never fails.
Report evaluate(const spec::Config& config, const HostFacts& facts, const Policy& policy,
                std::string_view container_id, Severity default_fail_on = Severity::High);

// Shell-style glob with '*' and '?' (no character classes), whole-string match.
bool glob_match(std::string_view pattern, std::string_view text);

// True for a bind mount (type "bind", or a "bind"/"rbind" option).
bool is_bind(const spec::Mount& m);

// Reports. config_text, when given, lets SARIF point at the line of each finding.
std::string render_text(const Report& r, bool color);
std::string render_json(const Report& r);
std::string render_sarif(const Report& r, std::string_view config_text = {});

// One line: "RP-MNT-001 (critical) mounts[3] (...): ...; RP-..." for the runtime's error message.
std::string one_line(const Report& r);

}  // namespace rampart::policy
