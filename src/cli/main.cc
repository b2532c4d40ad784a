// rampart: the command line, runc-compatible (COMPAT.md). Parses, dispatches, prints.
#include <unistd.h>

#include <cstdio>

#include "cli/argv.h"
#include "cli/commands.h"
#include "linux/process/protected_exe.h"
#include "util/log.h"

extern char** environ;

namespace rampart::cli {

int report(const std::string& context, const std::string& message) {
  log::error(context.empty() ? message : context + ": " + message);
  return 1;
}

}  // namespace rampart::cli

int main(int argc, char** argv) {
  using namespace rampart;
  std::vector<std::string> args(argv, argv + argc);
  std::string sub = cli::find_subcommand(args);
  // Only the commands that put a process into a container need the protected binary.
  if (sub == "create" || sub == "run" || sub == "exec") {
    if (!process::ensure_protected_exe(argv, environ))
      return cli::report(sub, "cannot run from a protected copy of the rampart binary (CVE-2019-5736 defence)");
  }
  args = cli::normalize_args(args);

  CLI::App app{"rampart: an OCI container runtime that a path cannot lead out of", "rampart"};
  app.set_version_flag("-v,--version", std::string("rampart version ") + RAMPART_VERSION +
                                           "\nspec: 1.2.0\nlibseccomp: linked");
  app.require_subcommand(1);
  cli::Globals g;
  app.add_option("--root", g.root, "root directory for storage of container state")->capture_default_str();
  app.add_option("--log", g.log_file, "append log entries to this file");
  app.add_option("--log-format", g.log_format, "log format: text or json")->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--debug", g.debug, "log debug output");
  app.add_flag("--systemd-cgroup", g.systemd_cgroup, "use systemd to manage cgroups (not supported yet)");
  app.add_option("--rootless", g.rootless, "ignored: rootless mode is detected");
  app.add_option("--criu", g.criu, "ignored: checkpoint/restore is not supported");
  cli::Action action;
  cli::add_spec(app, g, action);
  cli::add_create(app, g, action);
  cli::add_start(app, g, action);
  cli::add_run(app, g, action);
  cli::add_state(app, g, action);
  cli::add_kill(app, g, action);
  cli::add_delete(app, g, action);
  cli::add_list(app, g, action);
  cli::add_ps(app, g, action);
  cli::add_pause_resume(app, g, action);
  cli::add_features(app, g, action);
  cli::add_exec(app, g, action);
  cli::add_check(app, g, action);
  cli::add_probe(app, g, action);

  std::vector<std::string> rev(args.rbegin(), args.rend() - 1);  // CLI11 takes them reversed
  try {
    app.parse(rev);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    fprintf(stderr, "rampart: %s (see rampart --help)\n", msg.c_str());
    return sub == "check" ? 2 : 1;  // check's contract: 2 means bad input
  }
  log::configure(g.log_file, g.log_format == "json" ? log::Format::Json : log::Format::Text, g.debug);
  if (g.systemd_cgroup) return cli::report(sub, "--systemd-cgroup is not supported yet: use cgroupfs paths");
  return action ? action() : 1;
}
