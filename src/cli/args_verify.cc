// verify: which containers, against what, how reported, once or watching.
#include <array>
#include <cmath>
#include <string>

#include "cli/args.h"
#include "util/duration.h"

namespace rampart::cli {
namespace {

bool format(VerifyArgs& a, std::string_view v) {
  if (v != "text" && v != "json" && v != "sarif") return false;
  a.format = std::string(v);
  return true;
}

bool interval(VerifyArgs& a, std::string_view v) {
  auto ms = parse_duration_ms(v);
  if (!ms) return false;
  a.interval_ms = *ms;
  return true;
}

bool pid(VerifyArgs& a, std::string_view v) {
  int64_t n = 0;
  if (!parse_int(v, n) || n <= 0 || n > (1 << 22)) return false;
  a.pid = static_cast<int>(n);
  return true;
}

constexpr std::array<Option<VerifyArgs>, 10> kVerify{{
    {{"all", "", "verify every running container found (the default when no id and no --pid is given)"},
     flag<&VerifyArgs::all>},
    {{"runtime-root", "value",
      "another state root to find containers in: runc's /run/runc, crun's /run/crun, containerd's "
      "/run/containerd/runc/k8s.io, a directory of bundles with config.json and init.pid (repeatable)"},
     append<&VerifyArgs::runtime_roots>},
    {{"pid", "value", "verify the container whose init is this host pid (with --config)"}, pid},
    {{"config", "value", "the config.json of the container given by --pid"}, text<&VerifyArgs::config>},
    {{"policy", "value", "policy file (default /etc/rampart/policy.json when present)"}, text<&VerifyArgs::policy_file>},
    {{"profile", "value", "privileged, baseline or restricted (default: the policy's, else baseline)"},
     text<&VerifyArgs::profile>},
    {{"format", "value", "text, json or sarif (--watch: text or json, one event per line)", "text"}, format},
    {{"watch", "", "keep verifying: mount changes at once, everything else every --interval"},
     flag<&VerifyArgs::watch>},
    {{"interval", "value", "how often --watch re-checks everything (10s, 500ms, 2m)", "10s"}, interval},
    {{"metrics", "value", "also write the findings as Prometheus text to this file (temp file + rename)"},
     text<&VerifyArgs::metrics>},
}};

}  // namespace

std::optional<int64_t> parse_duration_ms(std::string_view t) {
  // A bare number is seconds here (verify's own flag); anything else is Go's syntax.
  const bool bare = !t.empty() && t.find_first_not_of("0123456789.") == std::string_view::npos;
  auto ns = parse_go_duration_ns(bare ? std::string(t) + "s" : std::string(t));
  if (!ns) return std::nullopt;
  double ms = *ns / 1e6;
  if (!(ms >= 1) || ms > 7 * 24 * 3600000.0) return std::nullopt;
  return static_cast<int64_t>(std::llround(ms));
}

Result<VerifyArgs> parse_verify(Words w) {
  VerifyArgs out;
  auto pos = TRY(parse_into(kVerify, w, out));
  if (out.help) return out;
  out.ids = pos;
  if (out.all && !out.ids.empty()) return std::unexpected(detail::usage("give container ids or --all, not both"));
  if ((out.pid != 0) != !out.config.empty())
    return std::unexpected(detail::usage("--pid and --config go together"));
  if (out.all && out.pid != 0) return std::unexpected(detail::usage("give --pid or --all, not both"));
  if (out.watch && out.format == "sarif")
    return std::unexpected(detail::usage("--watch prints text or json (one event per line), not sarif"));
  return out;
}

std::vector<FlagInfo> verify_flags() { return infos(kVerify); }

}  // namespace rampart::cli
