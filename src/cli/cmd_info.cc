// spec, features.
#include <cstdio>

#include "cli/commands.h"
#include "container/features.h"
#include "container/spec_file.h"

namespace rampart::cli {

int spec_main(const Globals&, Words w) {
  SpecArgs a;
  if (auto done = parse_or_exit(*find_command("spec"), parse_spec(w), a)) return *done;
  auto r = container::write_default_spec(a.bundle, a.rootless, a.privileged_defaults);
  return r ? 0 : report("spec", "", r.error());
}

int features_main(const Globals&, Words w) {
  NoArgs a;
  if (auto done = parse_or_exit(*find_command("features"), parse_no_args("features", w), a)) return *done;
  fputs(container::features_json().c_str(), stdout);
  return 0;
}

}  // namespace rampart::cli
