// exec: exit 255 when the process cannot be started (conmon and containerd read 255 as "exec
// failed"), otherwise the process's own status.
#include "cli/commands.h"
#include "container/lifecycle.h"

namespace rampart::cli {

int exec_main(const Globals& g, Words w) {
  ExecArgs a;
  if (auto done = parse_or_exit(*find_command("exec"), parse_exec(w), a)) return *done;
  auto r = container::exec(g.root, a);
  return r ? *r : report("exec", a.id, r.error(), 255);
}

}  // namespace rampart::cli
