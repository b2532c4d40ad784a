// rampart: the command line, runc-compatible (docs/compat.md). Parses, dispatches, prints; the
// work is in the library.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "linux/process/fds.h"
#include "linux/process/protected_exe.h"
#include "linux/process/seccomp_version.h"
#include "util/log.h"

extern char** environ;

int main(int argc, char** argv) {
  rampart::process::record_inherited_fds();  // before anything opens an fd (fds.h)
  using namespace rampart;
  using namespace rampart::cli;
  std::vector<std::string> words(argv + 1, argv + argc);
  auto parsed = parse_globals(words);
  if (!parsed) return report("", "", parsed.error());
  GlobalsParsed& p = *parsed;
  const CommandSpec* cmd = p.command.empty() ? nullptr : find_command(p.command);
  // Decided from the same parse the command runs with (cli/globals.h), so no spelling of a
  // global flag can skip it.
  if (cmd && cmd->needs_protected_exe && !process::ensure_protected_exe(argv, environ))
    return report(cmd->name, "", Error{{}, {}, 0,
                                       "cannot run from a protected copy of the rampart binary "
                                       "(the CVE-2019-5736 defence)",
                                       ErrorKind::Refused});
  Globals& g = p.globals;
  log::configure(g.log_file, g.log_format == "json" ? log::Format::Json : log::Format::Text, g.debug);
  if (g.version) {
    fputs(version_text(process::seccomp_library_version()).c_str(), stdout);
    return 0;
  }
  if (p.command == "help" || p.command == "h") {
    const CommandSpec* topic = p.args.empty() ? nullptr : find_command(p.args[0]);
    if (!p.args.empty() && !topic)
      return report("help", "", Error{{}, {}, 0, "no help topic for \"" + p.args[0] + "\"", ErrorKind::Usage});
    fputs((topic ? command_help(*topic) : app_help()).c_str(), stdout);
    return 0;
  }
  if (p.help || p.command.empty()) {
    fputs(app_help().c_str(), stdout);
    return 0;
  }
  if (!cmd) return report("", "", Error{{}, {}, 0, "unknown command \"" + p.command + "\"", ErrorKind::Usage});
  if (!cmd->main)
    return report(cmd->name, "", Error{{}, {}, 0, "not implemented yet", ErrorKind::Refused});
  if (g.systemd_cgroup)
    return report(cmd->name, "", Error{{}, {}, 0, "--systemd-cgroup is not supported: use cgroupfs paths",
                                       ErrorKind::Refused});
  if (g.root.empty()) g.root = default_state_root(::geteuid() == 0, std::getenv("XDG_RUNTIME_DIR"));
  log::debug("rampart " + std::string(cmd->name) + (cmd->needs_protected_exe ? " (protected binary)" : ""));
  return cmd->main(g, p.args);
}
