// check: judge a bundle's boundary before it starts (the rules live in src/policy/).
// Exit 0: nothing at or above --fail-on; 1: something is; 2: bad input.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "util/file.h"
#include "util/log.h"
#include "container/admission.h"
#include "container/bundle.h"
#include "policy/policy.h"
#include "spec/parse.h"

namespace rampart::cli {

namespace {

Result<std::string> read_stdin() { return read_bounded(STDIN_FILENO, "<stdin>"); }

int bad_input(const std::string& message) {
  return report("check", "", Error{{}, {}, 0, message, ErrorKind::BadInput}, 2);
}

int run_check(const CheckArgs& o) {
  if (o.format != "text" && o.format != "json" && o.format != "sarif")
    return bad_input("unknown format \"" + o.format + "\" (text, json, sarif)");
  std::optional<policy::Severity> fail_on;
  bool never = false;
  if (o.fail_on == "never") {
    never = true;
  } else if (!o.fail_on.empty()) {
    fail_on = policy::severity_from_name(o.fail_on);
    if (!fail_on) return bad_input("unknown severity \"" + o.fail_on + "\" (info, low, medium, high, critical, never)");
  }

  policy::Policy pol;
  std::string policy_file = o.policy_file;
  struct stat st {};
  if (policy_file.empty() && ::stat(container::kDefaultPolicyFile, &st) == 0) policy_file = container::kDefaultPolicyFile;
  if (!policy_file.empty()) {
    auto p = container::load_policy(policy_file);
    if (!p) return bad_input(p.error().message());
    pol = std::move(*p);
  }
  if (!o.profile.empty()) {
    auto p = policy::profile_from_name(o.profile);
    if (!p) return bad_input("unknown profile \"" + o.profile + "\" (privileged, baseline, restricted)");
    pol.profile = *p;
  }
  if (fail_on) pol.fail_on = fail_on;

  std::string text, source, bundle_dir;
  if (o.path == "-") {
    auto t = read_stdin();
    if (!t) return bad_input(t.error().message());
    text = std::move(*t);
    source = "config.json";
  } else {
    if (::stat(o.path.c_str(), &st) != 0) return bad_input(sys_error("open bundle", o.path).error().message());
    if (S_ISDIR(st.st_mode)) {
      bundle_dir = o.path;
      source = o.path + (o.path.ends_with("/") ? "" : "/") + "config.json";
    } else {
      source = o.path;
      auto slash = o.path.rfind('/');
      bundle_dir = slash == std::string::npos ? "." : o.path.substr(0, slash == 0 ? 1 : slash);
    }
    auto t = container::read_file(source);
    if (!t) return bad_input(t.error().message());
    text = std::move(*t);
  }
  auto config = spec::parse_config(text);
  if (!config) return bad_input(config.error().within(source).message());
  auto facts = container::gather_host_facts(*config, bundle_dir);
  if (!facts) return bad_input(facts.error().message());

  policy::Report rep = policy::evaluate(*config, *facts, pol, o.id);
  rep.source = source;
  if (never) {
    rep.fail_on.reset();
    rep.failed = false;
  }
  std::string out;
  if (o.format == "json") {
    out = policy::render_json(rep);
  } else if (o.format == "sarif") {
    out = policy::render_sarif(rep, text);
  } else {
    bool colour = ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
    out = policy::render_text(rep, colour);
  }
  fputs(out.c_str(), stdout);
  fflush(stdout);
  return rep.failed ? 1 : 0;
}

}  // namespace

int check_main(const Globals&, Words w) {
  CheckArgs a;
  if (auto done = parse_or_exit(*find_command("check"), parse_check(w), a)) return *done;
  return run_check(a);
}

}  // namespace rampart::cli
