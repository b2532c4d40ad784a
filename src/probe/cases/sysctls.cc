// Sysctl keys that leave their namespace. The key cases ask for the value the host already has,
// so even a runtime that writes it changes nothing: accepting the key at all is the crossing.
// The joined-namespace cases run the runtime inside network and IPC namespaces the probe made
// itself, so "the runtime's own namespace" is a scratch one whose values the probe may change:
// no real host sysctl is ever written.
#include <signal.h>

#include <thread>

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

// ---- sysctls in a joined namespace that is the runtime's own ----

// A process in fresh network and IPC namespaces the probe made: the runtime is run inside them
// (so they are "its own", as the host's are for a runtime on the host), and the config joins
// them by path. Killed when the case ends.
class ScratchNamespaces {
 public:
  explicit ScratchNamespaces(Context& ctx) : ctx_(ctx), pidfile_(ctx.workdir() + "/scratch-ns.pid") {
    holder_.emplace([this] {
      return ctx_.host_cmd({"unshare", "--net", "--ipc", "--", "sh", "-c", "echo $$ > \"$0\"; exec sleep 120", pidfile_},
                           std::chrono::seconds(150));
    });
    for (int i = 0; i < 100 && pid_ <= 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::string t = trim(read_text(pidfile_));
      if (!t.empty()) pid_ = std::stoi(t);
    }
    if (pid_ <= 0) throw std::runtime_error("unshare --net --ipc did not start: " + read_text(pidfile_));
  }
  ~ScratchNamespaces() {
    if (pid_ > 0) ::kill(pid_, SIGKILL);
  }
  [[nodiscard]] std::string ns_path(const char* type) const { return "/proc/" + std::to_string(pid_) + "/ns/" + type; }
  // The command prefix that runs something inside these namespaces.
  [[nodiscard]] std::vector<std::string> enter() const { return {"nsenter", "-t", std::to_string(pid_), "-n", "-i", "--"}; }
  [[nodiscard]] std::string read_sysctl(const std::string& file) {
    auto argv = enter();
    argv.insert(argv.end(), {"cat", file});
    auto r = ctx_.host_cmd(argv);
    return r.exit_code == 0 ? trim(r.out) : "";
  }

 private:
  Context& ctx_;
  std::string pidfile_;
  pid_t pid_ = 0;
  std::optional<Background> holder_;
};

Outcome joined_own_namespace(Context& ctx, const std::string& tag, const std::string& key, const std::string& file,
                             const std::function<std::string(const std::string&)>& other_value) {
  ScratchNamespaces ns(ctx);
  std::string before = ns.read_sysctl(file);
  if (before.empty()) return broken("cannot read " + file + " in the probe's scratch namespaces");
  std::string want = other_value(before);
  Bundle b = ctx.make_bundle(tag);
  for (auto& n : b.config["linux"]["namespaces"]) {
    if (n["type"] == "network") n["path"] = ns.ns_path("net");
    if (n["type"] == "ipc") n["path"] = ns.ns_path("ipc");
  }
  b.config["linux"]["sysctl"] = {{key, want}};
  b.write();
  ctx.track(tag);
  auto r = runtime_cmd_under(ctx, ns.enter(), {"run", "--bundle", b.dir, tag});
  std::string after = ns.read_sysctl(file);
  if (after != before)
    return escaped("the runtime set " + key + " to " + after + " (was " + before +
                   ") in the namespace it runs in itself, joined by path (the host's, for a runtime on the host)");
  if (r.exit_code == 0) return escaped("the runtime accepted " + key + " in its own namespace, joined by path");
  return refused(r);
}

Outcome joined_host_netns(Context& ctx) {
  return joined_own_namespace(ctx, "sysctl-own-netns", "net.ipv4.ip_forward", "/proc/sys/net/ipv4/ip_forward",
                              [](const std::string& v) { return std::string(v == "0" ? "1" : "0"); });
}

Outcome joined_host_ipcns(Context& ctx) {
  return joined_own_namespace(ctx, "sysctl-own-ipcns", "kernel.msgmax", "/proc/sys/kernel/msgmax",
                              [](const std::string& v) { return std::to_string(std::stol(v) + 1); });
}

}  // namespace

std::vector<Case> sysctl_cases() {
  return {
      {"sysctl-traversal", Sysctls, {},
       "sysctl keys with '/' or '..' that lead to kernel.core_pattern (value kept equal to the host's)", traversal},
      {"sysctl-not-namespaced", Sysctls, {},
       "sysctl keys that are not namespaced (kernel.core_pattern, vm.swappiness, ...; values kept equal to the host's)",
       not_namespaced},
      {"sysctl-joined-host-netns", Sysctls, {},
       "a net.* sysctl with the network namespace joined by path being the runtime's own (a scratch namespace the "
       "probe made and runs the runtime in, standing for the host's)",
       joined_host_netns},
      {"sysctl-joined-host-ipcns", Sysctls, {},
       "an IPC sysctl (kernel.msgmax) with the IPC namespace joined by path being the runtime's own (a scratch "
       "namespace, standing for the host's)",
       joined_host_ipcns},
  };
}

}  // namespace rampart::probe
