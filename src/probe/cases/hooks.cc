// Hooks with more than they need, and hooks that stall the runtime. A startContainer hook's path
// resolves in the container, so the image supplies it: it must run with the container process's
// credentials (its capabilities, user, no_new_privs and seccomp filter) and no fd but stdio, and
// a hook that never returns must not keep `kill` or `delete -f` from working.
#include <sstream>
#include <thread>

#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

nlohmann::json start_hook(const std::string& script, int timeout = 0) {
  nlohmann::json h = {{"path", "/bin/sh"}, {"args", nlohmann::json::array({"sh", "-c", script})}};
  if (timeout > 0) h["timeout"] = timeout;
  return h;
}

constexpr unsigned long long kCapKill = 1ULL << 5;
constexpr int kNobody = 65534;

// The hook reports its credentials and fds into the container's /tmp (in the rootfs, so the
// probe reads it on the host). The shell's fds are listed from a subshell that does its own
// redirection, so that the shell holds nothing of its own while they are listed (a $(...) or a
// pipeline adds a pipe, a redirected builtin a saved copy of fd 1).
const char* kReport =
    "exec > /tmp/hook-report 2>&1; grep -E '^(Uid|CapBnd|CapEff|CapPrm|NoNewPrivs|Seccomp):' /proc/self/status; "
    "(ls -l /proc/$$/fd > /tmp/hook-fds); sed -n 's/.* \\([0-9][0-9]*\\) -> \\(.*\\)/FD \\1 \\2/p' /tmp/hook-fds; echo DONE";

std::string status_field(const std::string& report, const std::string& name) {
  auto v = tagged(report, name + ":");
  if (v.empty()) {
    // /proc/self/status separates with a tab.
    std::istringstream in(report);
    std::string line;
    while (std::getline(in, line))
      if (line.rfind(name + ":\t", 0) == 0) return trim(line.substr(name.size() + 2));
    return "";
  }
  return trim(v.front());
}

Outcome hook_privileges(Context& ctx) {
  Canary c = make_canary(ctx, "hook-canary");
  Bundle b = ctx.make_bundle("hook-creds");
  auto only_kill = nlohmann::json::array({"CAP_KILL"});
  b.config["process"]["capabilities"] = {
      {"bounding", only_kill}, {"effective", only_kill}, {"permitted", only_kill}, {"ambient", nlohmann::json::array()}};
  b.config["process"]["user"] = {{"uid", kNobody}, {"gid", kNobody}};
  b.config["process"]["noNewPrivileges"] = true;
  b.config["linux"]["seccomp"] = {
      {"defaultAction", "SCMP_ACT_ALLOW"},
      {"syscalls", nlohmann::json::array({{{"names", {"acct"}}, {"action", "SCMP_ACT_ERRNO"}}})}};
  b.config["hooks"]["startContainer"] = nlohmann::json::array({start_hook(kReport)});
  b.config["process"]["args"] = nlohmann::json::array({"/bin/sleep", "5"});
  b.write();
  const std::string id = "hook-creds";
  ctx.track(id);
  // The callers of create and start hold an extra fd each (a host canary file): neither may
  // reach the hook.
  auto with_fd = [&](int fd, std::vector<std::string> args) {
    auto argv = ctx.runtime_argv();
    argv.insert(argv.end(), args.begin(), args.end());
    return ctx.host_cmd(holding_fd(fd, c.dir + "/CANARY", argv));
  };
  auto r = with_fd(7, {"create", "--bundle", b.dir, id});
  if (r.exit_code != 0) return refused(r);
  r = with_fd(8, {"start", id});
  wait_for_file(b.rootfs + "/tmp/hook-report", std::chrono::seconds(5), "DONE");
  std::string report = read_text(b.rootfs + "/tmp/hook-report");
  ctx.runtime_cmd({"delete", "-f", id});
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (report.find("DONE") == std::string::npos) {
    if (r.exit_code != 0) return refused(r);
    return broken("the startContainer hook never reported: " + squash(report, 160));
  }
  std::vector<std::string> more;
  auto caps = [&](const std::string& field) {
    std::string v = status_field(report, field);
    unsigned long long bits = v.empty() ? ~0ULL : std::stoull(v, nullptr, 16);
    if (bits & ~kCapKill) more.push_back(field + " " + v + " (the container has only CAP_KILL)");
  };
  caps("CapBnd");
  caps("CapEff");
  caps("CapPrm");
  auto uid = fields(status_field(report, "Uid"));
  if (uid.empty() || uid[0] != std::to_string(kNobody)) more.push_back("uid " + (uid.empty() ? "?" : uid[0]) + " (the container runs as 65534)");
  if (status_field(report, "NoNewPrivs") != "1") more.push_back("no_new_privs not set");
  if (status_field(report, "Seccomp") != "2") more.push_back("no seccomp filter (Seccomp: " + status_field(report, "Seccomp") + ")");
  for (const auto& l : tagged(report, "FD")) {
    auto f = fields(l);
    if (!f.empty() && f[0] != "0" && f[0] != "1" && f[0] != "2")
      more.push_back("fd " + f[0] + " -> " + (f.size() > 1 ? f[1] : "?"));
  }
  if (more.empty()) return resisted("the startContainer hook ran with the container process's credentials and stdio only");
  std::string list;
  for (const auto& m : more) list += (list.empty() ? "" : "; ") + m;
  return escaped("the image's startContainer hook ran with more than the container: " + list);
}

// A startContainer hook that does not return (it sleeps, bounded, so nothing outlives the case).
Outcome hook_stalls(Context& ctx) {
  std::vector<Variant> vs = {
      {"hook with a 2 s timeout that sleeps 25 s",
       [&] {
         Bundle b = ctx.make_bundle("hook-timeout");
         b.config["hooks"]["startContainer"] = nlohmann::json::array({start_hook("sleep 25", 2)});
         b.write();
         const std::string id = "hook-timeout";
         ctx.track(id);
         auto r = ctx.runtime_cmd({"create", "--bundle", b.dir, id}, std::chrono::seconds(15));
         if (r.exit_code == -1) return escaped("create hung past the hook's 2 s timeout");
         if (r.exit_code != 0) return refused(r);
         auto t0 = std::chrono::steady_clock::now();
         r = ctx.runtime_cmd({"start", id}, std::chrono::seconds(15));
         auto took = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - t0).count();
         ctx.runtime_cmd({"delete", "-f", id});
         if (r.exit_code == -1) return escaped("start hung for 15 s past the hook's 2 s timeout and was killed");
         return resisted("start returned after " + std::to_string(took) + " s (exit " + std::to_string(r.exit_code) + ")");
       }},
      {"hook without a timeout that sleeps 25 s; kill and delete -f meanwhile",
       [&] {
         Bundle b = ctx.make_bundle("hook-stuck");
         b.config["hooks"]["startContainer"] = nlohmann::json::array({start_hook("sleep 25")});
         b.write();
         const std::string id = "hook-stuck";
         ctx.track(id);
         auto r = ctx.runtime_cmd({"create", "--bundle", b.dir, id}, std::chrono::seconds(15));
         if (r.exit_code == -1) return escaped("create hung on a startContainer hook");
         if (r.exit_code != 0) return refused(r);
         Background start([&ctx, id] { return ctx.runtime_cmd({"start", id}, std::chrono::seconds(35)); });
         std::this_thread::sleep_for(std::chrono::seconds(2));
         auto k = ctx.runtime_cmd({"kill", id, "KILL"}, std::chrono::seconds(10));
         auto d = ctx.runtime_cmd({"delete", "-f", id}, std::chrono::seconds(10));
         auto left = ctx.runtime_cmd({"state", id}, std::chrono::seconds(10));
         start.wait();
         if (k.exit_code == -1 && d.exit_code == -1)
           return escaped("while start waited on the hook, kill and delete -f both hung for 10 s");
         if (d.exit_code == -1) return escaped("while start waited on the hook, delete -f hung for 10 s");
         if (k.exit_code == -1) return escaped("while start waited on the hook, kill hung for 10 s");
         if (left.exit_code == 0 && left.out.find("\"stopped\"") == std::string::npos)
           return escaped("delete -f returned but the container is still there: " + squash(left.out, 120));
         return resisted("kill and delete -f worked while the hook was stuck");
       }},
  };
  return run_variants("a stuck hook never stalled the runtime", vs);
}

}  // namespace

std::vector<Case> hook_cases() {
  return {
      {"hook-start-container-privileges", Hooks, {},
       "an image-supplied startContainer hook reports its capabilities, user, no_new_privs, seccomp and fds: it must "
       "have no more than the container's process (CAP_KILL only, uid 65534, a filter, stdio only)",
       hook_privileges},
      {"hook-never-returns", Hooks, {},
       "a startContainer hook sleeps: with a timeout, start must give up when it expires; without one, kill and "
       "delete -f must still work while start waits",
       hook_stalls},
  };
}

}  // namespace rampart::probe
