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

namespace {

// --explain RULE and --list-rules are not in CheckArgs yet (src/cli/args_query.cc owns the flag
// table): until they are, they are taken out of the words here, before the table parses the rest.
std::vector<std::string> take_rule_flags(Words w, check::Options& o) {
  std::vector<std::string> rest;
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string& s = w[i];
    if (s == "--list-rules" || s == "-list-rules") {
      o.list_rules = true;
    } else if ((s == "--explain" || s == "-explain") && i + 1 < w.size()) {
      o.explain = w[++i];
    } else if (s.starts_with("--explain=") || s.starts_with("-explain=")) {
      o.explain = s.substr(s.find('=') + 1);
    } else {
      rest.push_back(s);
    }
  }
  return rest;
}

}  // namespace

int check_main(const Globals&, Words w) {
  check::Options o;
  std::vector<std::string> rest = take_rule_flags(w, o);
  CheckArgs a;
  if (o.list_rules || !o.explain.empty()) {
    // No path is needed; the format still is parsed by the table.
    rest.push_back("-");
  }
  if (auto done = parse_or_exit(*find_command("check"), parse_check(rest), a)) return *done;
  o.profile = a.profile;
  o.policy_file = a.policy_file;
  o.format = a.format;
  o.fail_on = a.fail_on;
  o.id = a.id;
  o.paths = {a.path};
  o.colour = ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  check::Outcome out = check::run(o, std::cin);
  fputs(out.output.c_str(), stdout);
  fflush(stdout);
  if (!out.error.empty()) return report("check", "", Error{{}, {}, 0, out.error, ErrorKind::BadInput}, out.exit_code);
  return out.exit_code;
}

}  // namespace rampart::cli
