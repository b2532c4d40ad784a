// create, start, run, delete: the lifecycle commands.
#include "cli/commands.h"
#include "container/lifecycle.h"

namespace rampart::cli {
namespace {

void add_create_flags(CLI::App* c, container::CreateOptions& o) {
  c->add_option("-b,--bundle", o.bundle, "path to the bundle directory")->capture_default_str();
  c->add_option("--pid-file", o.pid_file, "write the container init's host pid to this file");
  c->add_option("--console-socket", o.console_socket, "AF_UNIX socket that receives the pty master");
  c->add_flag("--no-pivot", o.no_pivot, "use MS_MOVE + chroot instead of pivot_root");
  c->add_flag("--no-new-keyring", o.no_new_keyring, "keep the caller's session keyring");
  c->add_option("--preserve-fds", o.preserve_fds, "pass N fds after stdio (3..3+N-1)");
  c->add_option("--policy", o.policy,
                 "refuse the bundle unless it passes this policy file (default /etc/rampart/policy.json when present)");
  c->add_option("id", o.id, "container id")->required();
}

}  // namespace

void add_create(CLI::App& app, Globals& g, Action& action) {
  auto* o = new container::CreateOptions;  // lives for the whole (short) process
  auto* c = app.add_subcommand("create", "create a container, leaving its process waiting for start");
  add_create_flags(c, *o);
  c->callback([&g, &action, o] {
    action = [&g, o] {
      auto r = container::create(g.root, *o);
      return r ? 0 : report("create " + o->id, r.error().message());
    };
  });
}

void add_start(CLI::App& app, Globals& g, Action& action) {
  auto* id = new std::string;
  auto* c = app.add_subcommand("start", "start the user process of a created container");
  c->add_option("id", *id, "container id")->required();
  c->callback([&g, &action, id] {
    action = [&g, id] {
      auto r = container::start(g.root, *id);
      return r ? 0 : report("start " + *id, r.error().message());
    };
  });
}

void add_run(CLI::App& app, Globals& g, Action& action) {
  auto* o = new container::CreateOptions;
  auto* detach = new bool(false);
  auto* c = app.add_subcommand("run", "create and start a container; wait for it unless --detach");
  add_create_flags(c, *o);
  c->add_flag("-d,--detach", *detach, "return once the container runs");
  c->add_flag("--no-subreaper", *new bool(false), "ignored (runc compatibility)");
  c->callback([&g, &action, o, detach] {
    action = [&g, o, detach] {
      auto r = container::run(g.root, *o, *detach);
      return r ? *r : report("run " + o->id, r.error().message());
    };
  });
}

void add_delete(CLI::App& app, Globals& g, Action& action) {
  auto* id = new std::string;
  auto* force = new bool(false);
  auto* c = app.add_subcommand("delete", "delete a stopped (or, with --force, any) container");
  c->add_flag("-f,--force", *force, "kill a running container first");
  c->add_option("id", *id, "container id")->required();
  c->callback([&g, &action, id, force] {
    action = [&g, id, force] {
      auto r = container::remove(g.root, *id, *force);
      return r ? 0 : report("delete " + *id, r.error().message());
    };
  });
}

}  // namespace rampart::cli
