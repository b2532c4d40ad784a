// exec: runc's flags; the command starts at the first argument after the container id, like
// Go's flag parsing (`rampart exec c1 ls -la` passes -la to ls).
#include "cli/commands.h"
#include "container/lifecycle.h"

namespace rampart::cli {

void add_exec(CLI::App& app, Globals& g, Action& action) {
  auto* o = new container::ExecOptions;
  auto* c = app.add_subcommand("exec", "run a new process inside a running container");
  c->add_option("-p,--process", o->process_file, "process.json to run (instead of a command)");
  c->add_option("--console-socket", o->console_socket, "AF_UNIX socket that receives the pty master");
  c->add_option("--pid-file", o->pid_file, "write the process's host pid to this file");
  c->add_flag("-d,--detach", o->detach, "return once the process runs");
  c->add_flag("-t,--tty", o->tty, "allocate a pseudo-TTY");
  c->add_option("--cwd", o->cwd, "working directory inside the container");
  c->add_option("-e,--env", o->env, "add KEY=VALUE to the environment");
  c->add_option("-u,--user", o->user, "UID[:GID]");
  c->add_option("-g,--additional-gids", o->additional_gids, "additional group ids");
  c->add_option("-c,--cap", o->caps, "add a capability");
  c->add_flag("--no-new-privs", o->no_new_privs, "set no_new_privs");
  c->add_option("--preserve-fds", o->preserve_fds, "pass N fds after stdio");
  c->add_flag("--ignore-paused", *new bool(false), "ignored");
  c->prefix_command();  // everything from the first positional on is "ID COMMAND ARGS..."
  c->callback([&g, &action, o, c] {
    auto rest = c->remaining();
    action = [&g, o, rest] {
      if (rest.empty()) return report("exec", "container id required"), 255;
      o->id = rest[0];
      o->args.assign(rest.begin() + 1, rest.end());
      auto r = container::exec(g.root, *o);
      if (!r) {
        report("exec " + o->id, r.error().message());
        return 255;  // conmon and containerd read 255 as "exec failed"
      }
      return *r;
    };
  });
}

}  // namespace rampart::cli
