// Help and version texts, laid out as runc's (NAME / USAGE / DESCRIPTION / OPTIONS), which the
// people and scripts used to runc read.
#include <algorithm>

#include "cli/commands.h"
#include "spec/version.h"

namespace rampart::cli {
namespace {

std::string indent(std::string_view text, std::string_view by) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out += std::string(by) + std::string(text.substr(start, end - start)) + "\n";
    start = end + 1;
  }
  return out;
}

std::string flag_names(const FlagInfo& f) {
  std::string out;
  std::string_view names = f.names;
  while (!names.empty()) {
    auto comma = names.find(',');
    std::string_view n = names.substr(0, comma);
    if (!out.empty()) out += ", ";
    out += (n.size() == 1 ? "-" : "--") + std::string(n);
    if (!f.value.empty()) out += " " + std::string(f.value);
    if (comma == std::string_view::npos) break;
    names.remove_prefix(comma + 1);
  }
  return out;
}

std::string options_block(const std::vector<FlagInfo>& flags) {
  size_t width = 0;
  for (const auto& f : flags) width = std::max(width, flag_names(f).size());
  std::string out;
  for (const auto& f : flags) {
    std::string names = flag_names(f);
    std::string line = "   " + names + std::string(width - names.size() + 2, ' ') + std::string(f.help);
    if (!f.default_value.empty()) line += " (default: " + std::string(f.default_value) + ")";
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string command_help(const CommandSpec& c) {
  std::string out = "NAME:\n   rampart " + std::string(c.name) + " - " + std::string(c.summary) + "\n\n";
  out += "USAGE:\n   rampart " + std::string(c.name) + (c.usage.empty() ? "" : " ") + std::string(c.usage) + "\n";
  if (c.usage.find("<container-id>") != std::string_view::npos) out += "\n" + std::string(container_id_note()) + "\n";
  if (!c.description.empty()) out += "\nDESCRIPTION:\n" + indent(c.description, "   ");
  auto flags = flags_of(c.name);
  flags.push_back({"help,h", "", "show this help"});
  out += "\nOPTIONS:\n" + options_block(flags);
  return out;
}

std::string app_help() {
  std::string out =
      "NAME:\n   rampart - an OCI container runtime that a path cannot lead out of\n\n"
      "rampart runs OCI bundles like runc and crun (the same command line and config.json), and\n"
      "resolves every path inside a container's root on file descriptors, so no symlink, mount or\n"
      "race in the image can redirect what it mounts, opens or writes.\n\n"
      "USAGE:\n   rampart [global options] command [command options] [arguments...]\n\n"
      "VERSION:\n   " RAMPART_VERSION "\n\nCOMMANDS:\n";
  size_t width = 0;
  for (const auto& c : all_commands()) width = std::max(width, c.name.size() + (c.alias.empty() ? 0 : c.alias.size() + 2));
  for (const auto& c : all_commands()) {
    std::string names = std::string(c.name) + (c.alias.empty() ? "" : ", " + std::string(c.alias));
    out += "   " + names + std::string(width - names.size() + 2, ' ') + std::string(c.summary) + "\n";
  }
  std::vector<FlagInfo> globals;
  for (const auto& o : global_options()) globals.push_back(o.info);
  globals.push_back({"help,h", "", "show help"});
  out += "\nGLOBAL OPTIONS:\n" + options_block(globals);
  return out;
}

std::string version_text(std::string_view seccomp_version) {
  return "rampart version " RAMPART_VERSION "\ncommit: " RAMPART_COMMIT "\nspec: " + std::string(spec::kSpecVersion) +
         "\nlibseccomp: " + std::string(seccomp_version) + "\n";
}

}  // namespace rampart::cli
