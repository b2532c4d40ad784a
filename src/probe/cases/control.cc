// The control: a benign container prints "ok". If the probe cannot see that, no other verdict
// about this runtime means anything.
#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

Outcome benign_container(Context& ctx) {
  Bundle b = ctx.make_bundle("control");
  b.config["process"]["args"] = {"/bin/echo", "ok"};
  b.write();
  auto r = ctx.run(b, "probe-control");
  if (r.exit_code == 0 && r.out.find("ok") != std::string::npos) return resisted("a benign container ran and printed \"ok\"");
  std::string err = squash(trim(r.err), 300);
  return broken("a benign container did not print \"ok\" (exit " + std::to_string(r.exit_code) +
                (err.empty() ? "" : ": " + err) + ")");
}

}  // namespace

std::vector<Case> control_cases() {
  return {{"control", Control, {}, "a benign busybox container runs `echo ok`", benign_container}};
}

}  // namespace rampart::probe
