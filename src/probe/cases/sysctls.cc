// Sysctl keys that leave their namespace. The key cases ask for the value the host already has,
// so even a runtime that writes it changes nothing: accepting the key at all is the crossing.
// The joined-namespace cases run the runtime inside network and IPC namespaces the probe made
// itself, so "the runtime's own namespace" is a scratch one whose values the probe may change.
#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

// Runs a container asking for sysctl key=value where value is what the host already has.
Outcome sysctl_refused(Context& ctx, const std::string& name, const std::string& key, const std::string& host_file) {
  auto before = read_file(host_file);
  if (!before) return skipped("cannot read " + host_file + " to reuse its value");
  Bundle b = ctx.make_bundle(name);
  b.config["linux"]["sysctl"] = {{key, trim(*before)}};
  b.write();
  auto r = ctx.run(b, "probe-" + name);
  if (read_text(host_file) != *before) return escaped("the host's " + host_file + " changed");
  if (r.exit_code == 0)
    return escaped("the runtime accepted sysctl '" + key +
                   "' and started the container (value kept equal to the host's, so nothing changed)");
  return refused(r);
}

Outcome traversal(Context& ctx) {
  std::vector<Variant> vs;
  int n = 0;
  for (const char* key : {"net/../../kernel/core_pattern", "net.ipv4/../../../kernel/core_pattern",
                          "net.ipv4.ip_forward/../../../../kernel/core_pattern", "net..kernel.core_pattern",
                          "kernel/shm_rmid_forced/../../../kernel/core_pattern"}) {
    std::string name = "sysctl-traversal-" + std::to_string(++n);
    vs.push_back({std::string("'") + key + "'", [&ctx, name, key] {
                    return sysctl_refused(ctx, name, key, "/proc/sys/kernel/core_pattern");
                  }});
  }
  return run_variants("every traversing key was refused", vs);
}

Outcome not_namespaced(Context& ctx) {
  struct Key {
    const char* key;
    const char* file;
  };
  std::vector<Variant> vs;
  int n = 0;
  for (Key k : {Key{"kernel.core_pattern", "/proc/sys/kernel/core_pattern"}, Key{"vm.swappiness", "/proc/sys/vm/swappiness"},
                Key{"kernel.randomize_va_space", "/proc/sys/kernel/randomize_va_space"},
                Key{"fs.protected_symlinks", "/proc/sys/fs/protected_symlinks"}}) {
    std::string name = "sysctl-host-" + std::to_string(++n);
    vs.push_back({k.key, [&ctx, name, k] { return sysctl_refused(ctx, name, k.key, k.file); }});
  }
  return run_variants("every non-namespaced key was refused", vs);
}

}  // namespace

std::vector<Case> sysctl_cases() {
  return {
      {"sysctl-traversal", Sysctls, {},
       "sysctl keys with '/' or '..' that lead to kernel.core_pattern (value kept equal to the host's)", traversal},
      {"sysctl-not-namespaced", Sysctls, {},
       "sysctl keys that are not namespaced (kernel.core_pattern, vm.swappiness, ...; values kept equal to the host's)",
       not_namespaced},
  };
}

}  // namespace rampart::probe
