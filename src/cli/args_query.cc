// state (in args_lifecycle: an id only), list, ps, spec, features, check, probe.
#include <array>

#include "cli/args.h"

namespace rampart::cli {
namespace {

bool table_or_json(auto& a, std::string_view v) {
  if (v != "table" && v != "json") return false;
  a.format = std::string(v);
  return true;
}

bool report_format(auto& a, std::string_view v) {
  if (v != "text" && v != "json" && v != "sarif") return false;
  a.format = std::string(v);
  return true;
}

constexpr std::array<Option<ListArgs>, 2> kList{{
    {{"format,f", "value", "table or json", "table"}, table_or_json},
    {{"quiet,q", "", "print only the container ids"}, flag<&ListArgs::quiet>},
}};
constexpr std::array<Option<PsArgs>, 1> kPs{{
    {{"format,f", "value", "table (ps(1) columns) or json (the list of host pids)", "table"}, table_or_json},
}};
constexpr std::array<Option<SpecArgs>, 3> kSpec{{
    {{"bundle,b", "value", "directory to write config.json into", "."}, text<&SpecArgs::bundle>},
    {{"rootless", "", "a configuration for a container run by an unprivileged user"}, flag<&SpecArgs::rootless>},
    {{"privileged-defaults", "", "runc's plain defaults: no seccomp profile, no user namespace"},
     flag<&SpecArgs::privileged_defaults>},
}};
constexpr std::array<Option<NoArgs>, 0> kNoFlags{};
constexpr std::array<Option<CheckArgs>, 7> kCheck{{
    {{"profile", "value", "privileged, baseline or restricted: the Pod Security Standards levels (default: the policy's, else baseline)"},
     text<&CheckArgs::profile>},
    {{"policy", "value", "policy file, JSON or YAML (default /etc/rampart/policy.json when present)"},
     text<&CheckArgs::policy_file>},
    {{"format", "value", "text, json or sarif (markdown with --list-rules)", "text"}, text<&CheckArgs::format>},
    {{"explain", "value", "describe one rule: what it judges, why, the attack it stops, the fix, references"},
     text<&CheckArgs::explain>},
    {{"list-rules", "", "print the table of rules"}, flag<&CheckArgs::list_rules>},
    {{"fail-on", "value", "exit 1 when a finding is at or above: info|low|medium|high|critical|never"},
     text<&CheckArgs::fail_on>},
    {{"id", "value", "container id that the policy's exceptions are matched against"}, text<&CheckArgs::id>},
}};
constexpr std::array<Option<ProbeArgs>, 6> kProbe{{
    {{"runtime", "value", "runtime binary to attack (default: this rampart)"}, text<&ProbeArgs::runtime>},
    {{"case", "value", "run only this case (repeatable; the control case always runs first)"},
     append<&ProbeArgs::cases>},
    {{"list", "", "list the cases and exit"}, flag<&ProbeArgs::list>},
    {{"format", "value", "text, json or sarif", "text"}, report_format},
    {{"rootfs", "value", "busybox rootfs copied into each bundle (default: built from /bin/busybox)"},
     text<&ProbeArgs::rootfs>},
    {{"keep", "", "keep each case's temp dir for inspection (containers are still deleted)"},
     flag<&ProbeArgs::keep>},
}};

}  // namespace

Result<ListArgs> parse_list(Words w) {
  ListArgs out;
  auto pos = TRY(parse_into(kList, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args("list", pos, 0, 0));
  return out;
}

Result<PsArgs> parse_ps(Words w) {
  PsArgs out;
  auto pos = TRY(parse_into(kPs, w, out, Positionals::StopAtFirst));
  if (out.help) return out;
  TRY_VOID(expect_args("ps", pos, 1, SIZE_MAX));
  out.id = pos[0];
  out.ps_args.assign(pos.begin() + 1, pos.end());
  return out;
}

Result<SpecArgs> parse_spec(Words w) {
  SpecArgs out;
  auto pos = TRY(parse_into(kSpec, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args("spec", pos, 0, 0));
  return out;
}

Result<NoArgs> parse_no_args(std::string_view command, Words w) {
  NoArgs out;
  auto pos = TRY(parse_into(kNoFlags, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args(command, pos, 0, 0));
  return out;
}

Result<CheckArgs> parse_check(Words w) {
  CheckArgs out;
  auto pos = TRY(parse_into(kCheck, w, out));
  if (out.help) return out;
  bool needs_input = out.explain.empty() && !out.list_rules;
  TRY_VOID(expect_args("check", pos, needs_input ? 1 : 0, needs_input ? SIZE_MAX : 0));
  out.paths = pos;
  return out;
}

Result<ProbeArgs> parse_probe(Words w) {
  ProbeArgs out;
  auto pos = TRY(parse_into(kProbe, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args("probe", pos, 0, 0));
  return out;
}

std::vector<FlagInfo> query_flags(std::string_view command) {
  if (command == "list") return infos(kList);
  if (command == "ps") return infos(kPs);
  if (command == "spec") return infos(kSpec);
  if (command == "check") return infos(kCheck);
  if (command == "probe") return infos(kProbe);
  return {};
}

}  // namespace rampart::cli
