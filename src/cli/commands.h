// One file per subcommand; each adds itself to the CLI11 app and sets `action` to what runs
// when it is chosen. Actions return the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace rampart::cli {

struct Globals {
  std::string root = "/run/rampart";
  std::string log_file;
  std::string log_format = "text";
  bool debug = false;
  bool systemd_cgroup = false;
  std::string rootless = "auto";
  std::string criu;
};

using Action = std::function<int()>;

void add_spec(CLI::App& app, Globals& g, Action& action);
void add_create(CLI::App& app, Globals& g, Action& action);
void add_start(CLI::App& app, Globals& g, Action& action);
void add_run(CLI::App& app, Globals& g, Action& action);
void add_state(CLI::App& app, Globals& g, Action& action);
void add_kill(CLI::App& app, Globals& g, Action& action);
void add_delete(CLI::App& app, Globals& g, Action& action);
void add_list(CLI::App& app, Globals& g, Action& action);
void add_ps(CLI::App& app, Globals& g, Action& action);
void add_pause_resume(CLI::App& app, Globals& g, Action& action);
void add_features(CLI::App& app, Globals& g, Action& action);
void add_exec(CLI::App& app, Globals& g, Action& action);
void add_check(CLI::App& app, Globals& g, Action& action);
void add_probe(CLI::App& app, Globals& g, Action& action);

// Prints the error as one line (and logs it), returns 1. `context` is e.g. "create c1".
int report(const std::string& context, const std::string& message);

}  // namespace rampart::cli
