// `rampart check`: boundary rules over a parsed spec::Config -> findings; profiles and policy
// files; text/JSON/SARIF reports. Pure: no syscalls, no Linux headers. What must be looked up on
// the host (where a bind source really points) is gathered elsewhere (container/admission) and
// handed in as HostFacts. A Kubernetes container is judged by the same rules: policy/k8s maps
// its pod spec onto a Config plus the WorkloadFacts a config.json cannot say (policy/workload.h).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/config.h"
#include "util/error.h"

namespace rampart::policy {

struct WorkloadFacts;  // policy/workload.h

enum class Severity { Info, Low, Medium, High, Critical };
const char* severity_name(Severity s);  // "info" ... "critical"
std::optional<Severity> severity_from_name(std::string_view name);

// The built-in profiles are the Kubernetes Pod Security Standards levels.
enum class Profile { Privileged, Baseline, Restricted };
const char* profile_name(Profile p);
std::optional<Profile> profile_from_name(std::string_view name);

// What kind of file a bind source is on the host.
enum class FileKind { Missing, Directory, Regular, Socket, CharDevice, BlockDevice, Fifo, Other };
const char* file_kind_name(FileKind k);

struct HostPath {
  std::string real_path;  // absolute, every symlink resolved (readlink of an O_PATH fd); "" = not resolved
  FileKind kind = FileKind::Missing;
};

// Facts about the host, gathered outside the policy layer. Keyed by the index into
// Config::mounts of a bind mount. A bind mount without an entry is judged on its lexical source.
struct HostFacts {
  std::map<std::size_t, HostPath> bind_sources;
};

// Which inputs can express what a rule judges.
// Running: what `rampart verify` sees in a running container and no config can say (drift).
enum class Applies { Both, Bundle, Manifest, Running };
const char* applies_name(Applies a);  // "bundle+manifest", "bundle", "manifest", "running"

// Where a rule comes from and what it maps to in the frameworks security teams report in.
// An empty field means "none applies" (or, for a benchmark item, that none could be verified:
// docs/rules.md says which benchmark versions the numbers were checked against).
struct References {
  std::vector<std::string_view> cves;
  std::string_view cis_docker;  // CIS Docker Benchmark v1.6.0 item, "5.32"
  std::string_view cis_k8s;     // CIS Kubernetes Benchmark v1.12.0 item(s), "5.2.11"
  std::string_view pss;         // "baseline: HostPath Volumes" (level: control)
  std::string_view nist_csf;    // NIST CSF 2.0 subcategory, "PR.AA-05"
  std::string_view owasp_nhi;   // OWASP Non-Human Identities Top 10 (2025), "NHI5:2025 Overprivileged NHI"
  std::string_view other;       // OCI runtime-spec, runc's default spec, ...
};

// One rule. `profile` is the least strict profile that evaluates it: Baseline rules run in every
// profile (privileged reports them but never fails), Restricted ones only there.
struct Rule {
  std::string_view id;        // "RP-MNT-001", stable
  Severity severity;          // default; a finding may be raised or lowered, and a policy may override
  Profile profile;
  Applies applies;
  std::string_view title;     // short description
  std::string_view rationale; // why it matters
  std::string_view attack;    // the attack it stops
  std::string_view fix;       // how to fix it
  References refs;
  // Under the restricted profile, a finding of this rule replaces the findings of these (less
  // strict) rules on the same container, as the PSS restricted checks override baseline ones.
  std::vector<std::string_view> overrides = {};
};
const std::vector<Rule>& all_rules();
const Rule* find_rule(std::string_view id);
// "CVE-2019-5736; CIS Docker 1.6.0 5.32; CIS Kubernetes 1.12.0 5.2.11; PSS baseline: ...; NIST CSF 2.0 PR.AA-05; OWASP NHI5:2025 ..."
std::string reference_line(const Rule& r);
// SARIF tags: "CVE-2019-5736", "CIS-Docker-1.6.0/5.32", "PSS/baseline", "NIST-CSF-2.0/PR.AA-05", ...
std::vector<std::string> reference_tags(const Rule& r);
// Where a rule is documented (docs/rules.md#rp-mnt-001 in the repository).
std::string help_uri(const Rule& r);

// Where a finding is in a Kubernetes manifest.
struct Location {
  std::string file;
  int document = 0;                     // 0-based index of the YAML document
  std::string kind, name, namespace_;   // the object ("Deployment", "web", "prod")
  std::string container;                // "" for a pod-level field
  std::vector<std::string> containers;  // the containers a pod-level finding concerns
  std::string yaml_path;                // "spec.template.spec.containers[0].securityContext.privileged"
  int line = 0, column = 0;             // 1-based
};

struct Finding {
  std::string rule;       // rule id
  Severity severity;      // after policy overrides
  std::string field;      // config.json field ("mounts[3]", "process.capabilities"), or a YAML path
  std::string subject;    // what it is about: "mounts[3] (/etc -> /host-etc)"
  std::string message;    // one line: subject + ": " + what is wrong
  std::vector<std::string> paths;  // host/container paths the finding is about (exceptions match these)
  std::string anchor;     // a JSON string value to locate the finding in config.json ("" = none)
  std::optional<Location> location;  // set for a manifest's findings
};

// Who an exception covers. For a bundle only `container` (the container id) is known.
struct Scope {
  std::string container;   // bundle: container id; manifest: container name
  std::string namespace_;  // manifest only
  std::string workload;    // manifest only: the object's name
};

struct Exception {
  std::string rule;
  std::string container = "*";  // glob over the container id (bundle) or name (manifest)
  std::string namespace_ = "*"; // glob over the namespace (a bundle's is "")
  std::string workload = "*";   // glob over the workload's name (a bundle's is "")
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

// JSON ({"profile":"baseline","disable":[...],"severity":{"RP-...":"low"},"failOn":"high",
// "exceptions":[{"rule":..,"container":..,"namespace":..,"workload":..,"path":..,"reason":..}]})
// or the same in YAML. Unknown keys, unknown rule ids and exceptions without a reason are errors.
Result<Policy> parse_policy(std::string_view text);

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
  // Manifests: what was read. `manifest` is false for a bundle's report.
  bool manifest = false;
  std::vector<std::string> files;      // every file read, in order
  std::size_t workloads = 0, containers = 0;
  std::vector<std::string> skipped;    // "file#doc path: kind: reason" for objects with nothing to judge
};

// What to judge: one container (a bundle, or one container of a manifest's pod).
struct Target {
  const spec::Config* config = nullptr;
  const HostFacts* host = nullptr;
  const WorkloadFacts* workload = nullptr;  // null for a bundle
  Scope scope;
  std::function<void(Finding&)> locate;     // manifests: sets Finding::location (and rewrites the subject)
  // Findings made elsewhere (`rampart verify` on a running container), judged instead of the rules'.
  const std::vector<Finding>* findings = nullptr;
};

// Every rule, unfiltered, with default severities (the table tests use this).
std::vector<Finding> run_rules(const spec::Config& config, const HostFacts& facts,
                               const WorkloadFacts* workload = nullptr);

// Runs the rules of policy.profile, drops disabled rules, applies severity overrides and
// exceptions, decides failure. fail_on: the threshold when policy.fail_on is unset (High by
// default); the privileged profile never fails.
Report evaluate(const spec::Config& config, const HostFacts& facts, const Policy& policy,
                std::string_view container_id, Severity default_fail_on = Severity::High);

// The same over many targets; identical pod-level findings of a pod's containers are merged into
// one (Location::containers lists them).
Report evaluate(const std::vector<Target>& targets, const Policy& policy, Severity default_fail_on = Severity::High);

// The policy step of evaluate() on findings made elsewhere (`rampart verify` judges a running
// container, whose drift findings no config rule can produce): restricted-only rules dropped
// outside the restricted profile, disabled rules dropped, severity overrides, overrides,
// exceptions, order and failure, exactly as evaluate() applies them to run_rules().
Report apply_policy(std::vector<Finding> findings, const Policy& policy, std::string_view container_id,
                    Severity default_fail_on = Severity::High);

// Shell-style glob with '*' and '?' (no character classes), whole-string match.
bool glob_match(std::string_view pattern, std::string_view text);

// True for a bind mount (type "bind", or a "bind"/"rbind" option).
bool is_bind(const spec::Mount& m);

// Reports. config_text, when given, lets SARIF point at the line of each finding of a bundle
// (a manifest's findings carry their own line and column).
std::string render_text(const Report& r, bool color);
std::string render_json(const Report& r);
std::string render_sarif(const Report& r, std::string_view config_text = {});

// One line: "RP-MNT-001 (critical) mounts[3] (...): ...; RP-..." for the runtime's error message.
std::string one_line(const Report& r);

// `check --list-rules` and `check --explain RULE`.
std::string render_rule_table(std::string_view format);  // "text", "json" or "markdown"
std::string render_explanation(const Rule& r);           // text
std::string render_explanation_json(const Rule& r);

}  // namespace rampart::policy
