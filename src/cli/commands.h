// The commands, as data: each one's name, help texts and entry point. main() looks the command
// up here and `--help` prints from here; nothing else knows the list.
#pragma once

#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cli/args.h"
#include "cli/globals.h"

namespace rampart::cli {

struct CommandSpec {
  std::string_view name;
  std::string_view alias;        // "" or e.g. "ls"
  std::string_view summary;      // one line, for the command list
  std::string_view usage;        // after "rampart NAME ": "[command options] <container-id>"
  std::string_view description;  // paragraphs shown by `rampart NAME --help`; may be empty
  // Runs the command on the words after its name; returns the process exit code.
  int (*main)(const Globals& g, Words args) = nullptr;
  // Puts a process into a container: must run from a protected copy of the binary
  // (CVE-2019-5736: such a process can re-execute the runtime's binary through /proc/self/exe).
  bool needs_protected_exe = false;
  int usage_exit_code = 1;  // check's contract says 2 for bad input
};

std::span<const CommandSpec> all_commands();
// What a <container-id> must look like, for the help of commands that take one.
std::string_view container_id_note();
// By name or alias; nullptr when there is no such command.
const CommandSpec* find_command(std::string_view name);

// Help texts in runc's layout (NAME / USAGE / DESCRIPTION / OPTIONS). Pure.
std::string command_help(const CommandSpec& c);
std::string app_help();
std::string version_text(std::string_view seccomp_version);

// The one place a failure becomes output: "rampart: <command> <id>: <message>" on stderr and in
// the log; returns `code`. A usage error also points at the command's help.
int report(std::string_view command, std::string_view id, const Error& e, int code = 1);

// A command's main() starts with this: parses, prints the help when asked (returns 0), reports
// a usage error (returns the command's usage exit code), else stores the parsed struct in `out`
// and returns nullopt.
template <class T>
std::optional<int> parse_or_exit(const CommandSpec& spec, Result<T> parsed, T& out) {
  if (!parsed) return report(spec.name, "", parsed.error(), spec.usage_exit_code);
  if (parsed->help) {
    std::string text = command_help(spec);
    fputs(text.c_str(), stdout);
    return 0;
  }
  out = std::move(*parsed);
  return std::nullopt;
}

// Each command's main (cmd_*.cc).
int create_main(const Globals&, Words);
int run_main(const Globals&, Words);
int start_main(const Globals&, Words);
int delete_main(const Globals&, Words);
int state_main(const Globals&, Words);
int kill_main(const Globals&, Words);
int pause_main(const Globals&, Words);
int resume_main(const Globals&, Words);
int list_main(const Globals&, Words);
int ps_main(const Globals&, Words);
int exec_main(const Globals&, Words);
int spec_main(const Globals&, Words);
int features_main(const Globals&, Words);
int check_main(const Globals&, Words);
int probe_main(const Globals&, Words);
int verify_main(const Globals&, Words);
int checkpoint_main(const Globals&, Words);
int restore_main(const Globals&, Words);
int update_main(const Globals&, Words);
int events_main(const Globals&, Words);

}  // namespace rampart::cli
