#include "cli/argv.h"

#include <array>
#include <string_view>

namespace rampart::cli {
namespace {

constexpr std::array<std::string_view, 26> kLongFlags = {
    "root", "log", "log-format", "debug", "systemd-cgroup", "rootless", "criu", "bundle",
    "pid-file", "console-socket", "no-pivot", "no-new-keyring", "preserve-fds", "detach",
    "force", "all", "format", "quiet", "no-subreaper", "process", "version", "help", "policy",
    "pidfd-socket", "keep", "cwd"};
constexpr std::array<std::string_view, 4> kGlobalsWithValue = {"root", "log", "log-format", "criu"};

bool is_long_flag(std::string_view name) {
  for (auto f : kLongFlags)
    if (f == name) return true;
  return false;
}

}  // namespace

std::vector<std::string> normalize_args(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  out.reserve(args.size());
  bool after_dashdash = false;
  for (const auto& a : args) {
    if (a == "--") after_dashdash = true;
    if (!after_dashdash && a.size() > 2 && a[0] == '-' && a[1] != '-') {
      std::string_view name(a);
      name.remove_prefix(1);
      name = name.substr(0, name.find('='));
      if (is_long_flag(name)) {
        out.push_back("-" + a);
        continue;
      }
    }
    out.push_back(a);
  }
  return out;
}

std::string find_subcommand(const std::vector<std::string>& args) {
  for (size_t i = 1; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a.starts_with("-")) {
      std::string_view name = a.substr(a.starts_with("--") ? 2 : 1);
      if (name.find('=') == std::string_view::npos)
        for (auto g : kGlobalsWithValue)
          if (name == g) ++i;
      continue;
    }
    return std::string(a);
  }
  return {};
}

}  // namespace rampart::cli
