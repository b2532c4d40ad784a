// state, list, ps: read-only views, in the formats containerd and podman parse.
#include <cstdio>

#include "cli/commands.h"
#include "container/lifecycle.h"
#include "container/ps_table.h"

namespace rampart::cli {

int state_main(const Globals& g, Words w) {
  IdArgs a;
  if (auto done = parse_or_exit(*find_command("state"), parse_id_command("state", w), a)) return *done;
  auto r = container::state(g.root, a.id);
  if (!r) return report("state", a.id, r.error());
  fputs(r->c_str(), stdout);  // no trailing newline, like runc
  return 0;
}

int list_main(const Globals& g, Words w) {
  ListArgs a;
  if (auto done = parse_or_exit(*find_command("list"), parse_list(w), a)) return *done;
  auto entries = container::list(g.root);
  if (a.quiet) {
    for (const auto& e : entries) printf("%s\n", e.state.id.c_str());
    return 0;
  }
  if (a.format == "json") {
    if (entries.empty()) {
      fputs("null\n", stdout);  // runc prints null for no containers, and clients expect it
      return 0;
    }
    std::string out = "[";
    for (const auto& e : entries) out += (out.size() > 1 ? "," : "") + container::oci_state_json(e.state, e.status, -1);
    printf("%s]\n", out.c_str());
    return 0;
  }
  printf("%-12s %-8s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
  for (const auto& e : entries)
    printf("%-12s %-8d %-10s %-40s %-30s %s\n", e.state.id.c_str(),
           e.status == container::Status::Stopped ? 0 : e.state.pid, container::status_name(e.status),
           e.state.bundle.c_str(), e.state.created.c_str(), e.state.owner.empty() ? "root" : e.state.owner.c_str());
  return 0;
}

int ps_main(const Globals& g, Words w) {
  PsArgs a;
  if (auto done = parse_or_exit(*find_command("ps"), parse_ps(w), a)) return *done;
  auto pids = container::processes(g.root, a.id);
  if (!pids) return report("ps", a.id, pids.error());
  if (a.format == "json") {
    std::string out = "[";
    for (int pid : *pids) out += (out.size() > 1 ? "," : "") + std::to_string(pid);
    printf("%s]\n", out.c_str());
    return 0;
  }
  auto table = container::ps_table(*pids, a.ps_args);
  if (!table) return report("ps", a.id, table.error());
  fputs(table->c_str(), stdout);
  return 0;
}

}  // namespace rampart::cli
