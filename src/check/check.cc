// The check command's logic: options -> inputs -> evaluation -> report and exit code.
#include "check/check.h"

#include "check/inputs.h"
#include "container/admission.h"
#include "manifest/workloads.h"
#include "policy/k8s/translate.h"
#include "policy/policy.h"
#include "spec/parse.h"

namespace rampart::check {

namespace {

Outcome bad_input(const std::string& message) { return {2, {}, message}; }

Outcome render(const policy::Report& rep, const Options& o, std::string_view config_text) {
  Outcome out;
  if (o.format == "json") out.output = policy::render_json(rep);
  else if (o.format == "sarif") out.output = policy::render_sarif(rep, config_text);
  else out.output = policy::render_text(rep, o.colour);
  out.exit_code = rep.failed ? 1 : 0;
  return out;
}

}  // namespace

Outcome run(const Options& o, std::istream& in) {
  if (o.list_rules) {
    if (o.format != "text" && o.format != "json" && o.format != "markdown")
      return bad_input("unknown format \"" + o.format + "\" for --list-rules (text, json, markdown)");
    return {0, policy::render_rule_table(o.format), {}};
  }
  if (!o.explain.empty()) {
    const policy::Rule* rule = policy::find_rule(o.explain);
    if (!rule) return bad_input("unknown rule \"" + o.explain + "\" (rampart check --list-rules lists them)");
    if (o.format == "json") return {0, policy::render_explanation_json(*rule), {}};
    if (o.format != "text") return bad_input("unknown format \"" + o.format + "\" for --explain (text, json)");
    return {0, policy::render_explanation(*rule), {}};
  }
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

  auto judging = container::policy_for_judging(o.policy_file, o.profile);
  if (!judging) return bad_input(judging.error().message());
  policy::Policy pol = std::move(*judging);
  if (fail_on) pol.fail_on = fail_on;

  auto inputs = read_inputs(o.paths, in);
  if (!inputs) return bad_input(inputs.error().message());

  policy::Report rep;
  std::string config_text;
  if (inputs->bundle) {
    config_text = inputs->config.text;
    auto config = spec::parse_config(config_text);
    if (!config) return bad_input(config.error().within(inputs->config.name).message());
    auto facts = container::gather_host_facts(*config, inputs->bundle_dir);
    if (!facts) return bad_input(facts.error().message());
    rep = policy::evaluate(*config, *facts, pol, o.id);
    rep.source = inputs->config.name;
  } else {
    std::vector<manifest::Manifest> manifests;
    for (const auto& f : inputs->manifests) {
      auto m = manifest::read_manifest(f.text, f.name);
      if (!m) return bad_input(m.error().message());
      manifests.push_back(std::move(*m));
    }
    rep = policy::k8s::evaluate_manifests(manifests, pol);
    rep.source = o.paths.size() == 1 ? o.paths.front() : std::to_string(o.paths.size()) + " inputs";
  }
  if (never) {
    rep.fail_on.reset();
    rep.failed = false;
  }
  return render(rep, o, config_text);
}

}  // namespace rampart::check
