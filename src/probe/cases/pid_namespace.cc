// A process visible in the container's pid namespace while it still has the host's root: a
// container process with CAP_SYS_PTRACE (a common --cap-add) reads host files through
// /proc/<pid>/root and /proc/<pid>/cwd of a runtime process that has joined the container's pid
// namespace but not yet its mount namespace and root.
//
// The container's init is the attacker: it loops over its /proc and reads a host canary file
// through every other process's root and cwd. The probe then makes runtime processes appear in
// that pid namespace, repeatedly: `exec` into the container, and `create` of a second container
// that joins the first one's pid namespace by path (a pod with a shared pid namespace). The
// window is a race, so a RESISTED here means "not caught in N tries"; a runtime that enters the
// mount namespace and root before it becomes visible cannot be caught at all.
#include <thread>

#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

// The attacker, with the host path of the canary file substituted for CANARY and the canary's
// name below the runtime's cwd (the case's workdir) for CWDREL. (The token has no newline, so
// `read` fails even when it read it: the test is whether t was set.)
const char* kWatcher = R"SH(
echo ready > /out/ready
while :; do
  for d in /proc/[0-9]*; do
    case "${d#/proc/}" in 1|$$) continue;; esac
    t=; { read -r t < "$d/rootCANARY"; } 2>/dev/null
    if [ -n "$t" ]; then echo "SEEN root ${d#/proc/} $t" >> /out/log; fi
    t=; { read -r t < "$d/cwd/CWDREL"; } 2>/dev/null
    if [ -n "$t" ]; then echo "SEEN cwd ${d#/proc/} $t" >> /out/log; fi
  done
done
)SH";

nlohmann::json with_ptrace(nlohmann::json caps) {
  for (const char* set : {"bounding", "effective", "permitted"}) {
    if (!caps.contains(set)) caps[set] = nlohmann::json::array();
    caps[set].push_back("CAP_SYS_PTRACE");
  }
  return caps;
}

struct Watcher {
  std::string id;
  std::string out;  // host dir bound at /out: ready, log
  pid_t pid = 0;    // host pid of the attacker (the container's init)
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  return s;
}

// Starts the attacker container; throws when it cannot be started.
Watcher start_watcher(Context& ctx, const Canary& c) {
  Watcher w;
  w.id = "pidns-watcher";
  w.out = ctx.workdir() + "/pidns-out";
  make_dir(w.out);
  Bundle b = ctx.make_bundle(w.id);
  make_dir(b.rootfs + "/out");
  b.config["mounts"].push_back(bind_mount(w.out, "/out"));
  b.config["process"]["capabilities"] = with_ptrace(b.config["process"]["capabilities"]);
  std::string rel = c.dir.substr(ctx.workdir().size() + 1) + "/CANARY";
  set_sh(b, replace_all(replace_all(kWatcher, "CANARY", c.dir + "/CANARY"), "CWDREL", rel));
  b.write();
  ctx.track(w.id);
  auto r = ctx.runtime_cmd({"run", "-d", "--bundle", b.dir, w.id});
  if (r.exit_code != 0) throw std::runtime_error("the watching container did not start: " + squash(r.err));
  if (!wait_for_file(w.out + "/ready", std::chrono::seconds(5)))
    throw std::runtime_error("the watching container never got ready");
  auto st = ctx.runtime_cmd({"state", w.id});
  w.pid = state_pid(st);
  if (w.pid <= 0) throw std::runtime_error("no pid for the watching container: " + squash(st.out + st.err));
  return w;
}

Outcome judge_watcher(const Watcher& w, const Canary& c, const std::string& what, int tries, int ok) {
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  std::string log = read_text(w.out + "/log");
  for (const auto& l : tagged(log, "SEEN")) {
    auto f = fields(l);
    if (f.size() >= 3 && f[2] == c.tok)
      return escaped("after " + what + ", pid " + f[1] + " in the container's pid namespace had the host's " + f[0] +
                     ": the container read the host canary " + c.dir + "/CANARY through /proc/" + f[1] + "/" + f[0]);
  }
  if (ok == 0) return broken("no " + what + " succeeded in " + std::to_string(tries) + " tries");
  return resisted("no process with the host's root or cwd was seen in " + std::to_string(ok) + " " + what + "s");
}

constexpr int kTries = 40;

Outcome exec_visible(Context& ctx) {
  Canary c = make_canary(ctx, "pidns-exec-canary");
  Watcher w = start_watcher(ctx, c);
  int ok = 0, tries = 0;
  auto t0 = std::chrono::steady_clock::now();
  while (tries < kTries && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(40)) {
    ++tries;
    if (ctx.runtime_cmd({"exec", w.id, "/bin/true"}, std::chrono::seconds(10)).exit_code == 0) ++ok;
    if (read_text(w.out + "/log").find("SEEN") != std::string::npos) break;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  return judge_watcher(w, c, "exec", tries, ok);
}

Outcome create_joining_pidns(Context& ctx) {
  Canary c = make_canary(ctx, "pidns-join-canary");
  Watcher w = start_watcher(ctx, c);
  Bundle b = ctx.make_bundle("pidns-joiner");
  for (auto& ns : b.config["linux"]["namespaces"])
    if (ns["type"] == "pid") ns["path"] = "/proc/" + std::to_string(w.pid) + "/ns/pid";
  b.write();
  const std::string id = "pidns-joiner";
  ctx.track(id);
  int ok = 0, tries = 0;
  std::string last_err;
  auto t0 = std::chrono::steady_clock::now();
  while (tries < kTries && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(40)) {
    ++tries;
    auto r = ctx.runtime_cmd({"create", "--bundle", b.dir, id});
    if (r.exit_code == 0) ++ok;
    else last_err = r.err;
    ctx.runtime_cmd({"delete", "-f", id});
    if (read_text(w.out + "/log").find("SEEN") != std::string::npos) break;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto o = judge_watcher(w, c, "create", tries, ok);
  if (o.verdict == Verdict::Broken && !last_err.empty()) o.explanation += ": " + squash(first_line(last_err), 160);
  return o;
}

}  // namespace

std::vector<Case> pid_namespace_cases() {
  return {
      {"pidns-exec-host-root", PidNamespace, {},
       "a container process with CAP_SYS_PTRACE watches its pid namespace while the runtime execs into the container, "
       "and reads a host canary through /proc/<pid>/root and /cwd of any process that appears there",
       exec_visible},
      {"pidns-join-host-root", PidNamespace, {},
       "a second container joins the first one's pid namespace by path: its init, visible there during set-up, "
       "must never show the host's root or cwd to the first container's CAP_SYS_PTRACE process",
       create_joining_pidns},
  };
}

}  // namespace rampart::probe
