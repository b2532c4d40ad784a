// verify: judge running containers from the host, once or continuously (src/container/verify).
// Exit 0: everything holds; 1: drift or a policy failure; 2: bad input (or nothing could be verified).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "container/admission.h"
#include "container/verify.h"
#include "util/log.h"

namespace rampart::cli {
namespace {

int bad_input(const std::string& message) {
  return report("verify", "", Error{{}, {}, 0, message, ErrorKind::BadInput}, 2);
}

void warn(const std::string& message) { report("verify", "", Error{{}, {}, 0, message, ErrorKind::BadInput}, 2); }

int run_verify(const Globals& g, const VerifyArgs& a) {
  auto judging = container::policy_for_judging(a.policy_file, a.profile);
  if (!judging) return bad_input(judging.error().message());
  policy::Policy pol = std::move(*judging);
  if (a.pid != 0 && ::access(a.config.c_str(), R_OK) != 0)
    return bad_input(sys_error("read config", a.config).error().message());

  container::VerifyRequest r;
  r.rampart_root = g.root;
  r.runtime_roots = a.runtime_roots;
  r.ids = a.ids;
  r.pid = a.pid;
  r.config_file = a.config;
  r.policy = std::move(pol);

  // The private procfs: everything verify reads about a process comes through it.
  auto proc = safepath::Procfs::open_private();
  if (!proc) return report("verify", "", proc.error(), 2);

  bool colour = ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  if (a.watch) {
    container::WatchOptions w;
    w.interval = std::chrono::milliseconds(a.interval_ms);
    w.metrics_file = a.metrics;
    bool json = a.format == "json";
    w.emit = [&](const verify::Event& e) {
      std::string now = log::rfc3339_now();
      std::string line = json ? verify::event_json(e, now) : verify::event_text(e, now, colour);
      fputs(line.c_str(), stdout);
      fflush(stdout);
    };
    w.warn = warn;
    return container::verify_watch(*proc, r, w);
  }

  container::Pass pass = container::verify_pass(*proc, r);
  for (const auto& e : pass.errors) warn(e);
  if (!a.metrics.empty())
    if (auto m = container::write_metrics(a.metrics, pass.outcomes); !m) return report("verify", "", m.error(), 2);
  std::string out = a.format == "json"    ? verify::render_json(pass.outcomes)
                    : a.format == "sarif" ? verify::render_sarif(pass.outcomes)
                                          : verify::render_text(pass.outcomes, colour);
  fputs(out.c_str(), stdout);
  fflush(stdout);
  return pass.exit_code();
}

}  // namespace

int verify_main(const Globals& g, Words w) {
  VerifyArgs a;
  if (auto done = parse_or_exit(*find_command("verify"), parse_verify(w), a)) return *done;
  return run_verify(g, a);
}

}  // namespace rampart::cli
