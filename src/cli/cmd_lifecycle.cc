// create, run, start, delete: parse, call the library, report.
#include "cli/commands.h"
#include "container/lifecycle.h"

namespace rampart::cli {

int create_main(const Globals& g, Words w) {
  CreateArgs a;
  if (auto done = parse_or_exit(*find_command("create"), parse_create(w), a)) return *done;
  auto r = container::create(g.root, a);
  return r ? 0 : report("create", a.id, r.error());
}

int run_main(const Globals& g, Words w) {
  RunArgs a;
  if (auto done = parse_or_exit(*find_command("run"), parse_run(w), a)) return *done;
  container::CreateOptions o = a;
  o.keep = a.keep;
  auto r = container::run(g.root, o, a.detach);
  return r ? *r : report("run", a.id, r.error());
}

int start_main(const Globals& g, Words w) {
  IdArgs a;
  if (auto done = parse_or_exit(*find_command("start"), parse_id_command("start", w), a)) return *done;
  auto r = container::start(g.root, a.id);
  return r ? 0 : report("start", a.id, r.error());
}

int delete_main(const Globals& g, Words w) {
  DeleteArgs a;
  if (auto done = parse_or_exit(*find_command("delete"), parse_delete(w), a)) return *done;
  auto r = container::remove(g.root, a.id, a.force);
  return r ? 0 : report("delete", a.id, r.error());
}

int checkpoint_main(const Globals&, Words) {
  return report("checkpoint", "", Error{{}, {}, 0, "checkpoint/restore is not supported (no CRIU integration)",
                                        ErrorKind::Refused});
}

int restore_main(const Globals&, Words) {
  return report("restore", "", Error{{}, {}, 0, "checkpoint/restore is not supported (no CRIU integration)",
                                     ErrorKind::Refused});
}

}  // namespace rampart::cli
