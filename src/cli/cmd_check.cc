// check: judge a bundle's or a Kubernetes manifest's boundary before it runs. The logic is
// check::run (src/check/); this file turns the parsed CheckArgs into check::Options and prints
// the outcome. Exit 0: nothing at or above --fail-on; 1: something is; 2: bad input.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "check/check.h"
#include "cli/commands.h"

namespace rampart::cli {

int check_main(const Globals&, Words w) {
  CheckArgs a;
  if (auto done = parse_or_exit(*find_command("check"), parse_check(w), a)) return *done;
  check::Options o;
  o.explain = a.explain;
  o.list_rules = a.list_rules;
  o.profile = a.profile;
  o.policy_file = a.policy_file;
  o.format = a.format;
  o.fail_on = a.fail_on;
  o.id = a.id;
  o.paths = a.paths;
  o.colour = ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  check::Outcome out = check::run(o, std::cin);
  fputs(out.output.c_str(), stdout);
  fflush(stdout);
  if (!out.error.empty()) return report("check", "", Error{{}, {}, 0, out.error, ErrorKind::BadInput}, out.exit_code);
  return out.exit_code;
}

}  // namespace rampart::cli
