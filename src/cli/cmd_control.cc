// kill, pause, resume.
#include "cli/commands.h"
#include "container/lifecycle.h"
#include "util/signal.h"

namespace rampart::cli {

void add_kill(CLI::App& app, Globals& g, Action& action) {
  auto* id = new std::string;
  auto* sig = new std::string("SIGTERM");
  auto* all = new bool(false);
  auto* c = app.add_subcommand("kill", "send a signal to the container's init (or all its processes)");
  c->add_flag("-a,--all", *all, "signal every process in the container's cgroup");
  c->add_option("id", *id, "container id")->required();
  c->add_option("signal", *sig, "signal name (KILL, SIGKILL, kill) or number")->capture_default_str();
  c->callback([&g, &action, id, sig, all] {
    action = [&g, id, sig, all] {
      auto n = parse_signal(*sig);
      if (!n) return report("kill " + *id, "invalid signal \"" + *sig + "\"");
      auto r = container::kill(g.root, *id, *n, *all);
      return r ? 0 : report("kill " + *id, r.error().message());
    };
  });
}

void add_pause_resume(CLI::App& app, Globals& g, Action& action) {
  for (bool pause : {true, false}) {
    auto* id = new std::string;
    auto* c = app.add_subcommand(pause ? "pause" : "resume",
                                 pause ? "freeze every process of a container" : "thaw a paused container");
    c->add_option("id", *id, "container id")->required();
    c->callback([&g, &action, id, pause] {
      action = [&g, id, pause] {
        auto r = pause ? container::pause(g.root, *id) : container::resume(g.root, *id);
        return r ? 0 : report(std::string(pause ? "pause " : "resume ") + *id, r.error().message());
      };
    });
  }
}

}  // namespace rampart::cli
