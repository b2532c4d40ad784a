// The global flags (before the command), declared once: the parser and main()'s early decision
// about the protected re-exec both read this one table, so no spelling of a global flag can make
// them disagree about which command runs (a `--rootless true create` that skipped the
// CVE-2019-5736 re-exec was exactly such a disagreement).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "cli/options.h"

namespace rampart::cli {

struct Globals {
  std::string root;  // empty: the default state root (see default_state_root)
  std::string log_file;
  std::string log_format = "text";
  bool debug = false;
  bool systemd_cgroup = false;
  std::string rootless = "auto";
  std::string criu = "criu";
  bool version = false;
};

std::span<const Option<Globals>> global_options();

struct GlobalsParsed {
  Globals globals;
  bool help = false;
  std::string command;               // "" when none was given
  std::vector<std::string> args;     // the words after the command
};

// argv[1..] -> globals, the command and its words. Pure.
Result<GlobalsParsed> parse_globals(std::span<const std::string> argv);

// /run/rampart for root; $XDG_RUNTIME_DIR/rampart for an unprivileged user when it is set.
std::string default_state_root(bool is_root, const char* xdg_runtime_dir);

}  // namespace rampart::cli
