// probe: attack a runtime binary with known escape techniques and report what it resists.
#include <cstdio>

#include "cli/commands.h"
#include "probe/report.h"
#include "probe/runner.h"
#include "util/self_path.h"

namespace rampart::cli {

int probe_main(const Globals&, Words w) {
  ProbeArgs a;
  if (auto done = parse_or_exit(*find_command("probe"), parse_probe(w), a)) return *done;
  if (a.list) {
    for (const auto& k : probe::all_cases()) {
      std::string cves;
      for (const auto& v : k.cves) cves += (cves.empty() ? "" : ",") + v;
      printf("%-36s class %-2d %-30s %s\n", k.name.c_str(), k.attack_class, cves.empty() ? "-" : cves.c_str(),
             k.summary.c_str());
    }
    return 0;
  }
  probe::RunOptions o = a;
  if (o.runtime.empty()) o.runtime = self_path();
  auto res = probe::run_probe(o);
  std::string out = a.format == "json"    ? probe::report_json(res)
                    : a.format == "sarif" ? probe::report_sarif(res)
                                          : probe::report_text(res);
  fputs(out.c_str(), stdout);
  fflush(stdout);
  if (!res.error.empty() && a.format != "text") fprintf(stderr, "rampart probe: %s\n", res.error.c_str());
  return res.exit_code;
}

}  // namespace rampart::cli
