// Runs probe cases (see runner.h).
#include "probe/runner.h"

#include <exception>
#include <filesystem>

#include "probe/context.h"

namespace rampart::probe {

const Case* find_case(const std::string& name) {
  for (const auto& c : all_cases())
    if (c.name == name) return &c;
  return nullptr;
}

namespace {

// Case commands run in the case's workdir: a relative runtime path is made absolute first.
std::string absolute_runtime(const std::string& runtime) {
  if (runtime.empty() || runtime[0] == '/' || runtime.find('/') == std::string::npos) return runtime;
  std::error_code ec;
  auto abs = std::filesystem::absolute(runtime, ec);
  return ec ? runtime : abs.lexically_normal().string();
}

CaseResult run_case(const Case& c, const RunOptions& opts, bool is_rampart, const std::string& tmpl) {
  CaseResult r;
  r.name = c.name;
  r.attack_class = c.attack_class;
  r.cves = c.cves;
  r.summary = c.summary;
  r.race = is_race_class(c.attack_class);
  r.race_attempts = opts.race_attempts;
  r.race_budget = opts.race_budget;
  auto t0 = std::chrono::steady_clock::now();
  ContextOptions co;
  co.runtime = absolute_runtime(opts.runtime);
  co.runtime_is_rampart = is_rampart;
  co.rootfs_template = tmpl;
  co.keep = opts.keep;
  co.race_attempts = opts.race_attempts;
  co.race_budget = opts.race_budget;
  try {
    ProbeContext ctx(co);
    if (opts.keep) r.workdir = ctx.workdir();
    try {
      r.outcome = c.run(ctx);
    } catch (const std::exception& e) {
      r.outcome = {Verdict::Broken, std::string("the case's set-up failed: ") + e.what()};
    } catch (...) {
      r.outcome = {Verdict::Broken, "the case's set-up failed with an unknown exception"};
    }
    std::string note = ctx.cleanup();
    if (!note.empty()) r.outcome.explanation += " (cleanup: " + note + ")";
  } catch (const std::exception& e) {
    r.outcome = {Verdict::Broken, std::string("could not create the case's workdir: ") + e.what()};
  }
  // Commands killed by the interruption make any judgement unreliable, escapes included.
  if (g_interrupted.load()) r.outcome = {Verdict::Skipped, "interrupted before the case could be judged"};
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace

RunResult run_probe(const RunOptions& opts) {
  RunResult res;
  res.runtime = opts.runtime;
  install_interrupt_handlers();
  std::vector<const Case*> selected;
  const auto& all = all_cases();
  if (opts.with_control && !all.empty() && all.front().attack_class == Control) selected.push_back(&all.front());
  if (opts.cases.empty()) {
    for (const auto& c : all)
      if (c.attack_class != Control) selected.push_back(&c);
  } else {
    for (const auto& n : opts.cases) {
      const Case* c = find_case(n);
      if (!c) {
        res.error = "no probe case named '" + n + "' (see rampart probe --list)";
        res.exit_code = 2;
        return res;
      }
      bool dup = false;
      for (auto* s : selected) dup = dup || s == c;
      if (!dup) selected.push_back(c);
    }
  }
  res.runtime_is_rampart = detect_rampart(opts.runtime);
  RootfsTemplate tmpl;
  std::string err = tmpl.prepare(opts.rootfs);  // the template is never kept: only case dirs are
  if (!err.empty()) {
    res.error = "cannot prepare the busybox rootfs: " + err;
    res.exit_code = 2;
    return res;
  }
  bool control_broken = false;
  for (const Case* c : selected) {
    if (g_interrupted.load()) break;
    if (control_broken) {
      CaseResult r;
      r.name = c->name;
      r.attack_class = c->attack_class;
      r.cves = c->cves;
      r.summary = c->summary;
      r.outcome = {Verdict::Skipped, "the control case is BROKEN, so nothing can be judged"};
      res.results.push_back(r);
      continue;
    }
    res.results.push_back(run_case(*c, opts, res.runtime_is_rampart, tmpl.path()));
    if (c->attack_class == Control && res.results.back().outcome.verdict == Verdict::Broken) control_broken = true;
  }
  res.interrupted = g_interrupted.load();
  bool escaped = false;
  for (const auto& r : res.results) escaped = escaped || r.outcome.verdict == Verdict::Escaped;
  res.exit_code = res.interrupted ? 130 : control_broken ? 2 : escaped ? 1 : 0;
  return res;
}

Outcome run_single(const std::string& runtime, const std::string& case_name, const std::string& rootfs) {
  const Case* c = find_case(case_name);
  if (!c) return {Verdict::Broken, "no probe case named '" + case_name + "'"};
  RunOptions o;
  o.runtime = runtime;
  o.rootfs = rootfs;
  RootfsTemplate tmpl;
  std::string err = tmpl.prepare(rootfs);
  if (!err.empty()) return {Verdict::Broken, "cannot prepare the busybox rootfs: " + err};
  return run_case(*c, o, detect_rampart(runtime), tmpl.path()).outcome;
}

}  // namespace rampart::probe
