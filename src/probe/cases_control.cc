// The control: a benign container prints "ok". If the probe cannot see that, no other verdict
// about this runtime means anything.
#include "probe/cases_a.h"

namespace rampart::probe {

void add_control_case(std::vector<Case>& out) {
  out.push_back(Case{
      .name = "control",
      .attack_class = 0,
      .cves = {},
      .summary = "a benign busybox container runs `echo ok`",
      .runc_115_escapes = false,
      .run = [](Context& ctx) -> Outcome {
        Bundle b = ctx.make_bundle("control");
        b.config["process"]["args"] = {"/bin/echo", "ok"};
        b.write();
        auto r = ctx.run(b, "probe-control");
        if (r.exit_code == 0 && r.out.find("ok") != std::string::npos)
          return {Verdict::Resisted, "a benign container ran and printed \"ok\""};
        std::string err = r.err.substr(0, 300);
        while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
        for (auto& ch : err)
          if (ch == '\n') ch = ' ';
        return {Verdict::Broken, "a benign container did not print \"ok\" (exit " + std::to_string(r.exit_code) +
                                     (err.empty() ? "" : ": " + err) + ")"};
      },
  });
}

}  // namespace rampart::probe
