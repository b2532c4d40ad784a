// kill, pause, resume.
#include "cli/commands.h"
#include "container/lifecycle.h"
#include "util/signal.h"

namespace rampart::cli {

int kill_main(const Globals& g, Words w) {
  KillArgs a;
  if (auto done = parse_or_exit(*find_command("kill"), parse_kill(w), a)) return *done;
  // Signal 0 is valid: it checks that the process exists (kill(2)), as `runc kill ID 0`.
  std::optional<int> sig = a.signal == "0" ? std::optional<int>(0) : parse_signal(a.signal);
  if (!sig)
    return report("kill", a.id, Error{{}, {}, 0, "invalid signal \"" + a.signal + "\"", ErrorKind::BadInput});
  auto r = container::kill(g.root, a.id, *sig, a.all);
  return r ? 0 : report("kill", a.id, r.error());
}

int pause_main(const Globals& g, Words w) {
  IdArgs a;
  if (auto done = parse_or_exit(*find_command("pause"), parse_id_command("pause", w), a)) return *done;
  auto r = container::pause(g.root, a.id);
  return r ? 0 : report("pause", a.id, r.error());
}

int resume_main(const Globals& g, Words w) {
  IdArgs a;
  if (auto done = parse_or_exit(*find_command("resume"), parse_id_command("resume", w), a)) return *done;
  auto r = container::resume(g.root, a.id);
  return r ? 0 : report("resume", a.id, r.error());
}

}  // namespace rampart::cli
