// `rampart check` as a library call: read the inputs (a bundle, or Kubernetes manifests), gather
// host facts for a bundle's bind sources, evaluate the policy, render the report, choose the exit
// code. The command line only parses flags into Options and prints the Outcome.
#pragma once

#include <istream>
#include <string>
#include <vector>

namespace rampart::check {

struct Options {
  std::string profile;      // privileged|baseline|restricted; "" = the policy's (else baseline)
  std::string policy_file;  // JSON or YAML; "" = /etc/rampart/policy.json when present
  std::string format = "text";  // text|json|sarif (--list-rules also: markdown)
  std::string fail_on;      // info|low|medium|high|critical|never; "" = the policy's (else high)
  std::string id;           // container id a bundle's exceptions are matched against
  std::vector<std::string> paths;  // bundle dir, config.json, manifests, directories, "-" for stdin
  std::string explain;      // print this rule and stop
  bool list_rules = false;  // print the rule table and stop
  bool colour = false;      // ANSI colours in text output
};

// Exit codes: 0 nothing at or above fail-on; 1 something is; 2 bad input (error says why).
struct Outcome {
  int exit_code = 0;
  std::string output;  // for stdout
  std::string error;   // one line for stderr ("" unless exit_code is 2)
};

Outcome run(const Options& options, std::istream& stdin_stream);

}  // namespace rampart::check
