#include "cli/globals.h"

namespace rampart::cli {
namespace {

bool log_format(Globals& g, std::string_view v) {
  if (v != "text" && v != "json") return false;
  g.log_format = std::string(v);
  return true;
}

bool rootless(Globals& g, std::string_view v) {
  if (v != "true" && v != "false" && v != "auto") return false;
  g.rootless = std::string(v);
  return true;
}

constexpr Option<Globals> kGlobals[] = {
    {{"debug", "", "log every step of the runtime (to --log, else stderr)"}, flag<&Globals::debug>},
    {{"log", "value", "append log entries to this file (default: stderr only)"}, text<&Globals::log_file>},
    {{"log-format", "value", "log format: 'text' or 'json'", "text"}, log_format},
    {{"root", "value", "directory for the state of containers (put it on a tmpfs)", "/run/rampart"},
     text<&Globals::root>},
    {{"criu", "value", "accepted for runc compatibility; checkpoint/restore is not supported", "criu"},
     text<&Globals::criu>},
    {{"systemd-cgroup", "", "refused: the systemd cgroup driver is not implemented"},
     flag<&Globals::systemd_cgroup>},
    {{"rootless", "value", "'true', 'false' or 'auto': accepted for runc compatibility", "auto"}, rootless},
    {{"version,v", "", "print the version"}, flag<&Globals::version>},
};

}  // namespace

std::span<const Option<Globals>> global_options() { return kGlobals; }

Result<GlobalsParsed> parse_globals(std::span<const std::string> argv) {
  GlobalsParsed out;
  auto parsed = parse_options<Globals>(kGlobals, argv, out.globals, Positionals::StopAtFirst);
  if (!parsed) return std::unexpected(parsed.error());
  out.help = parsed->help;
  if (!parsed->positionals.empty()) {
    out.command = parsed->positionals.front();
    out.args.assign(parsed->positionals.begin() + 1, parsed->positionals.end());
  }
  return out;
}

std::string default_state_root(bool is_root, const char* xdg_runtime_dir) {
  if (!is_root && xdg_runtime_dir && *xdg_runtime_dir) return std::string(xdg_runtime_dir) + "/rampart";
  return "/run/rampart";
}

}  // namespace rampart::cli
