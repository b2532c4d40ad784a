// Classes 4 (mount destinations and masked/readonly entries through symlinks), 6 (leaked fds
// and cwd), 8 (devices) and 10 (bind sources inside the rootfs). The racing classes (5, 11) are
// in cases_q_race.cc, the runtime binary (7) in cases_q_exe.cc.
#include "probe/cases_q.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "probe/cases_q_internal.h"
#include "probe/cases_q_util.h"

namespace rampart::probe {

namespace {

using namespace q;

// ---- class 4: mount destinations through symlinks --------------------------------------

struct Link {
  std::string path;    // inside the rootfs, absolute
  std::string target;  // what the symlink says
};

// A bundle whose image has `links`, whose config adds `mounts` and then binds the host canary
// read-only at /seen. The container prints its mountinfo and what /seen holds.
// Escaped when: the host canary changed (entries, content, a mount in the host namespace);
// /seen shows the payload or misses the canary (a mount landed on the host path in the
// container's namespace before /seen was bound); or a mount is not where the destination
// resolves with the rootfs as / (`expect`, mount points as the container sees them).
Outcome mount_dest_variant(Context& ctx, const std::string& tag, const std::vector<Link>& links,
                           const std::function<nlohmann::json(const Canary&, const std::string& payload)>& mounts,
                           const std::function<std::vector<std::string>(const Canary&)>& expect) {
  Canary c = make_canary(ctx, "q-" + tag + "-canary");
  std::string payload = make_payload(ctx, "q-" + tag + "-payload");
  Bundle b = ctx.make_bundle("q-" + tag);
  for (const auto& l : links) make_symlink(l.target, b.rootfs + l.path);
  make_dir(b.rootfs + "/seen");
  auto ms = mounts(c, payload);
  for (auto& m : ms) b.config["mounts"].push_back(m);
  b.config["mounts"].push_back(bind_mount(c.dir, "/seen", true));
  set_sh(b, "cat /proc/self/mountinfo; echo ===SEEN; ls -a /seen /seen/sub; cat /seen/CANARY; echo");
  b.write();
  auto r = ctx.run(b, "q-" + tag);
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.exit_code != 0) return resisted("refused: " + squash(first_line(r.err.empty() ? r.out : r.err)));
  auto sep = r.out.find("===SEEN");
  if (sep == std::string::npos) return broken("the container printed no report: " + squash(r.out));
  std::string mi = r.out.substr(0, sep), seen = r.out.substr(sep);
  if (seen.find("PAYLOAD") != std::string::npos)
    return escaped("a bind meant for the container landed on the host canary dir " + c.dir +
                   " (the container sees the payload through /seen)");
  if (seen.find(c.tok) == std::string::npos || seen.find("SUBCANARY") == std::string::npos)
    return escaped("a mount covers the host canary dir " + c.dir + " in the container's namespace");
  auto points = mount_points(mi);
  for (const auto& e : expect(c))
    if (std::find(points.begin(), points.end(), e) == points.end())
      return escaped("no mount at " + e + " inside the container, where the destination resolves with "
                     "the rootfs as /: it landed elsewhere");
  return resisted("mounts landed inside the root");
}

Outcome case_mount_dest(Context& ctx) {
  auto c_sub = [](const Canary& c) { return std::vector<std::string>{c.dir + "/sub", c.dir}; };
  std::vector<Variant> vs = {
      {"absolute symlink /data -> host canary dir",
       [&] {
         return mount_dest_variant(
             ctx, "m4-abs", {{"/data", ctx.workdir() + "/q-m4-abs-canary"}},
             [](const Canary&, const std::string& p) {
               return nlohmann::json::array({tmpfs_mount("/data/sub"), bind_mount(p, "/data")});
             },
             c_sub);
       }},
      {"../ chain /data -> ../../..<canary>",
       [&] {
         return mount_dest_variant(
             ctx, "m4-dotdot", {{"/data", dotdot(16, ctx.workdir() + "/q-m4-dotdot-canary")}},
             [](const Canary&, const std::string& p) {
               return nlohmann::json::array({tmpfs_mount("/data/sub"), bind_mount(p, "/data")});
             },
             c_sub);
       }},
      {"symlinked intermediate dir /up -> ../../../.. then /up<canary>/sub",
       [&] {
         return mount_dest_variant(
             ctx, "m4-inter", {{"/up", dotdot(12, "")}},
             [](const Canary& c, const std::string& p) {
               return nlohmann::json::array({tmpfs_mount("/up" + c.dir + "/sub"), bind_mount(p, "/up" + c.dir)});
             },
             c_sub);
       }},
      {"magic link /data -> /proc/self/root<canary>",
       [&] {
         return mount_dest_variant(
             ctx, "m4-procroot", {{"/data", "/proc/self/root" + ctx.workdir() + "/q-m4-procroot-canary"}},
             [](const Canary&, const std::string& p) {
               return nlohmann::json::array({tmpfs_mount("/data/sub"), bind_mount(p, "/data")});
             },
             c_sub);
       }},
      {"/mnt -> /proc/sys, tmpfs on /mnt/vm",
       [&] {
         return mount_dest_variant(
             ctx, "m4-procsys", {{"/mnt", "/proc/sys"}},
             [](const Canary&, const std::string&) { return nlohmann::json::array({tmpfs_mount("/mnt/vm")}); },
             [](const Canary&) { return std::vector<std::string>{"/proc/sys/vm"}; });
       }},
      {"/mnt -> /sys/kernel, tmpfs on /mnt/mm",
       [&] {
         return mount_dest_variant(
             ctx, "m4-sys", {{"/mnt", "/sys/kernel"}},
             [](const Canary&, const std::string&) { return nlohmann::json::array({tmpfs_mount("/mnt/mm")}); },
             [](const Canary&) { return std::vector<std::string>{"/sys/kernel/mm"}; });
       }},
      {"/mnt -> /dev, tmpfs on /mnt/qprobe",
       [&] {
         return mount_dest_variant(
             ctx, "m4-dev", {{"/mnt", "/dev"}},
             [](const Canary&, const std::string&) { return nlohmann::json::array({tmpfs_mount("/mnt/qprobe")}); },
             [](const Canary&) { return std::vector<std::string>{"/dev/qprobe"}; });
       }},
  };
  return run_variants(vs);
}

// maskedPaths / readonlyPaths entries that are symlinks pointing out of the root, one entry per
// run (so that a refusal of one does not hide the others). The same absolute path also exists
// inside the rootfs (with a different token), so the judge can tell "resolved inside the root"
// (the inside copy is masked / read-only) from "followed to the host".
Outcome masked_variant(Context& ctx, const std::string& tag, bool masked, const std::string& entry,
                       const std::function<std::string(const Canary&)>& target) {
  Canary c = make_canary(ctx, "q-" + tag + "-canary");
  Bundle b = ctx.make_bundle("q-" + tag);
  std::string inside = b.rootfs + c.dir;
  make_dir(inside + "/sub");
  write_file(inside + "/CANARY", token());
  write_file(inside + "/sub/SUBCANARY", token());
  make_symlink(target(c), b.rootfs + entry);
  b.config["linux"][masked ? "maskedPaths" : "readonlyPaths"].push_back(entry);
  make_dir(b.rootfs + "/seen");
  b.config["mounts"].push_back(bind_mount(c.dir, "/seen", true));
  const std::string& d = c.dir;
  set_sh(b, "echo \"M1:$(cat " + d + "/CANARY)\"; echo \"M2:$(cat " + d + "/sub/SUBCANARY)\"; "
            "if touch " + d + "/sub/w 2>/dev/null; then echo RO:writable; else echo RO:readonly; fi; "
            "echo \"SEEN:$(cat /seen/CANARY)\"");
  b.write();
  auto r = ctx.run(b, "q-" + tag);
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.exit_code != 0) return resisted("refused: " + squash(first_line(r.err.empty() ? r.out : r.err), 140));
  auto has = [&](const std::string& s) { return r.out.find(s) != std::string::npos; };
  if (!has("SEEN:" + c.tok)) return escaped("the host canary " + c.dir + "/CANARY is hidden in the container's namespace");
  if (masked && !has("M1:\n") && !has("M2:\n"))
    return escaped("maskedPaths " + entry + " did not mask the path it resolves to inside the root");
  if (!masked && !has("RO:readonly"))
    return escaped("readonlyPaths " + entry + " left the path it resolves to inside the root writable");
  return resisted("applied inside the root");
}

Outcome case_masked_readonly(Context& ctx) {
  std::vector<Variant> vs = {
      {"masked /etc/masked -> <canary>/CANARY",
       [&] { return masked_variant(ctx, "m4-mask-abs", true, "/etc/masked", [](const Canary& c) { return c.dir + "/CANARY"; }); }},
      {"masked /etc/masked -> ../../..<canary>/sub/SUBCANARY",
       [&] { return masked_variant(ctx, "m4-mask-rel", true, "/etc/masked", [](const Canary& c) { return dotdot(16, c.dir + "/sub/SUBCANARY"); }); }},
      {"masked /etc/masked -> /proc/self/root/../..<canary>/CANARY",
       [&] { return masked_variant(ctx, "m4-mask-proc", true, "/etc/masked", [](const Canary& c) { return "/proc/self/root/../.." + c.dir + "/CANARY"; }); }},
      {"readonly /etc/ro -> <canary>/sub",
       [&] { return masked_variant(ctx, "m4-ro-abs", false, "/etc/ro", [](const Canary& c) { return c.dir + "/sub"; }); }},
      {"readonly /etc/ro -> ../../..<canary>/sub",
       [&] { return masked_variant(ctx, "m4-ro-rel", false, "/etc/ro", [](const Canary& c) { return dotdot(16, c.dir + "/sub"); }); }},
  };
  return run_variants(vs);
}

// ---- class 6: leaked fds and cwd --------------------------------------------------------

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
  if (r.out.find("OUTSIDE-ROOT") != std::string::npos)
    return escaped(what + ": the container's cwd is outside its root");
  if (r.exit_code != 0) return resisted(what + ": refused: " + squash(first_line(r.err.empty() ? r.out : r.err), 120));
  if (r.out.find("CLIMBED") == std::string::npos) return broken(what + ": no report from the container");
  return resisted(what + ": cwd inside the root");
}

Outcome case_leaked_fds(Context& ctx) {
  Canary c = make_canary(ctx, "q-fd-canary");
  Bundle b = ctx.make_bundle("q-fd");
  set_sh(b, "ls -l /proc/$$/fd; echo ===; cat /proc/$$/fd/3; echo; " + climb_check(c.dir));
  b.write();
  std::string root = ctx.workdir() + "/q-fd-state";
  make_dir(root);
  // fd 3 of the runtime is an open canary file; --preserve-fds 1 passes exactly it.
  std::vector<std::string> argv = {"/bin/sh", "-c", "exec 3<\"$0\"; exec \"$@\"", c.dir + "/CANARY"};
  for (auto& a : runtime_argv(ctx, ctx.runtime(), root)) argv.push_back(a);
  for (const char* a : {"run", "--preserve-fds", "1", "--bundle"}) argv.push_back(a);
  argv.push_back(b.dir);
  argv.push_back("q-fd");
  auto r = ctx.host_cmd(argv);
  auto del = runtime_argv(ctx, ctx.runtime(), root);
  del.insert(del.end(), {"delete", "-f", "q-fd"});
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

Outcome case_cwd_proc_fd(Context& ctx) {
  Canary c = make_canary(ctx, "q-cwdfd-canary");
  std::vector<Variant> vs;
  for (int n = 3; n <= 9; ++n)
    vs.push_back({"cwd /proc/self/fd/" + std::to_string(n), [&ctx, &c, n] {
                    std::string tag = "q-cwdfd-" + std::to_string(n);
                    Bundle b = ctx.make_bundle(tag);
                    b.config["process"]["cwd"] = "/proc/self/fd/" + std::to_string(n);
                    set_sh(b, "pwd; ls -a; " + climb_check(c.dir));
                    b.write();
                    return judge_climb(c, ctx.run(b, tag), "fd " + std::to_string(n));
                  }});
  return run_variants(vs);
}

Outcome case_cwd_symlink(Context& ctx) {
  Canary c = make_canary(ctx, "q-cwdlink-canary");
  std::vector<Variant> vs = {
      {"cwd /work -> ../../..<canary>",
       [&] {
         Bundle b = ctx.make_bundle("q-cwdlink-rel");
         make_symlink(dotdot(16, c.dir), b.rootfs + "/work");
         b.config["process"]["cwd"] = "/work";
         set_sh(b, "pwd; ls -a; " + climb_check(c.dir));
         b.write();
         return judge_climb(c, ctx.run(b, "q-cwdlink-rel"), "relative symlink");
       }},
      {"cwd /work2 -> <canary> (absolute)",
       [&] {
         Bundle b = ctx.make_bundle("q-cwdlink-abs");
         make_symlink(c.dir, b.rootfs + "/work2");
         b.config["process"]["cwd"] = "/work2/sub";
         set_sh(b, "pwd; ls -a; if [ -e SUBCANARY ]; then echo HOSTVIEW; fi; " + climb_check(c.dir));
         b.write();
         return judge_climb(c, ctx.run(b, "q-cwdlink-abs"), "absolute symlink");
       }},
  };
  return run_variants(vs);
}

// ---- class 8: devices ---------------------------------------------------------------------

nlohmann::json null_device(const std::string& path) {
  return {{"path", path}, {"type", "c"}, {"major", 1}, {"minor", 3}, {"fileMode", 0666}, {"uid", 0}, {"gid", 0}};
}

Outcome case_device_symlink(Context& ctx) {
  Canary c = make_canary(ctx, "q-dev8-canary");
  Bundle b = ctx.make_bundle("q-dev8");
  make_symlink(c.dir + "/qnode", b.rootfs + "/qdev");                    // absolute host path
  make_symlink(dotdot(16, c.dir + "/qnode2"), b.rootfs + "/etc/qdev2");  // ../ chain
  make_symlink(c.dir + "/sub", b.rootfs + "/qdir");                      // symlinked parent dir
  for (const char* p : {"/qdev", "/etc/qdev2", "/qdir/qnode3"}) {
    b.config["linux"]["devices"].push_back(null_device(p));
    b.config["linux"]["resources"]["devices"].push_back(
        {{"allow", true}, {"type", "c"}, {"major", 1}, {"minor", 3}, {"access", "rwm"}});
  }
  set_sh(b, "for p in /qdev /etc/qdev2 /qdir/qnode3; do echo \"$p $(stat -L -c '%F %t:%T' $p 2>&1)\"; done");
  b.write();
  auto r = ctx.run(b, "q-dev8");
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.exit_code != 0) return resisted("refused: " + squash(first_line(r.err.empty() ? r.out : r.err)));
  return resisted("device nodes created inside the root: " + squash(r.out, 160));
}

Outcome case_dev_dir_symlink(Context& ctx) {
  Canary c = make_canary(ctx, "q-devdir-canary");
  write_file(c.dir + "/ptmx", c.tok);  // a runtime that recreates /dev/ptmx through the link removes it
  write_file(c.dir + "/null", c.tok);
  c.entries = list_dir(c.dir);
  std::vector<Variant> vs = {
      {"image /dev -> <canary> (absolute)",
       [&] {
         Bundle b = ctx.make_bundle("q-devdir-abs");
         make_symlink(c.dir, b.rootfs + "/dev");
         set_sh(b, "ls -a /dev");
         b.write();
         auto r = ctx.run(b, "q-devdir-abs");
         if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
         return resisted(r.exit_code == 0 ? "ran, host canary untouched" : "refused: " + squash(first_line(r.err), 120));
       }},
      {"image /dev -> ../../..<canary>",
       [&] {
         Bundle b = ctx.make_bundle("q-devdir-rel");
         make_symlink(dotdot(16, c.dir), b.rootfs + "/dev");
         set_sh(b, "ls -a /dev");
         b.write();
         auto r = ctx.run(b, "q-devdir-rel");
         if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
         return resisted(r.exit_code == 0 ? "ran, host canary untouched" : "refused: " + squash(first_line(r.err), 120));
       }},
  };
  return run_variants(vs);
}

Outcome case_dev_host_nodes(Context& ctx) {
  Bundle b = ctx.make_bundle("q-devnodes");
  set_sh(b, "find / -xdev \\( -type c -o -type b \\) 2>/dev/null | while read p; do echo \"N $p $(stat -c '%F %t:%T' \"$p\")\"; done;"
            " for d in /dev /dev/shm /dev/mqueue /dev/pts; do find $d \\( -type c -o -type b \\) 2>/dev/null"
            " | while read p; do echo \"N $p $(stat -c '%F %t:%T' \"$p\")\"; done; done; echo DONE");
  b.write();
  auto r = ctx.run(b, "q-devnodes");
  if (r.exit_code != 0 || r.out.find("DONE") == std::string::npos)
    return broken("the listing container failed: " + squash(r.err));
  // Defaults of the runtime-spec: null zero full random urandom tty, ptmx (5:2) and pts (136:*).
  static const std::set<std::string> allowed = {"1:3", "1:5", "1:7", "1:8", "1:9", "5:0", "5:2"};
  std::istringstream in(r.out);
  std::string line, bad;
  while (std::getline(in, line)) {
    if (line.rfind("N ", 0) != 0) continue;
    auto sp = line.find_last_of(' ');
    std::string mm = line.substr(sp + 1);
    bool block = line.find("block") != std::string::npos;
    if (!block && (allowed.count(mm) || mm.rfind("88:", 0) == 0)) continue;
    if (bad.find(line.substr(2, sp - 2)) == std::string::npos) bad += " " + line.substr(2) + ";";
  }
  if (!bad.empty()) return escaped("device nodes the config does not name:" + bad);
  return resisted("only the default device nodes are present");
}

// ---- class 10: bind sources inside the rootfs ---------------------------------------------

Outcome bind_source_variant(Context& ctx, const std::string& tag, const std::string& link_path,
                            const std::function<std::string(const Canary&)>& target, const std::string& source_rel) {
  Canary c = make_canary(ctx, "q-" + tag + "-canary");
  Bundle b = ctx.make_bundle("q-" + tag);
  make_symlink(target(c), b.rootfs + link_path);
  make_dir(b.rootfs + "/mnt/src");
  b.config["mounts"].push_back(bind_mount(b.rootfs + source_rel, "/mnt/src", true));
  set_sh(b, "ls -a /mnt/src; cat /mnt/src/CANARY /mnt/src/SUBCANARY 2>/dev/null; echo");
  b.write();
  auto r = ctx.run(b, "q-" + tag);
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.out.find(c.tok) != std::string::npos)
    return escaped("the bind source " + b.rootfs + source_rel + " was resolved on the host: the container reads the host canary " + c.dir);
  if (r.exit_code != 0) return resisted("refused: " + squash(first_line(r.err.empty() ? r.out : r.err), 120));
  return resisted("source resolved inside the root");
}

Outcome case_bind_source(Context& ctx) {
  std::vector<Variant> vs = {
      {"source <rootfs>/evil -> <canary> (absolute)",
       [&] {
         return bind_source_variant(ctx, "b10-abs", "/evil", [](const Canary& c) { return c.dir; }, "/evil");
       }},
      {"source <rootfs>/evil -> ../../..<canary>",
       [&] {
         return bind_source_variant(ctx, "b10-rel", "/evil", [](const Canary& c) { return dotdot(16, c.dir); }, "/evil");
       }},
      {"source <rootfs>/evil/sub with /evil -> <canary>",
       [&] {
         return bind_source_variant(ctx, "b10-inter", "/evil", [](const Canary& c) { return c.dir; }, "/evil/sub");
       }},
  };
  return run_variants(vs);
}

}  // namespace

void add_cases_q(std::vector<Case>& out) {
  out.push_back({"mount-dest-symlinks", 4, {},
                 "config mounts whose destinations go through image symlinks: absolute, ../ chains, "
                 "symlinked parent dirs, /proc/self/root, /proc/sys, /sys and /dev",
                 false, case_mount_dest});
  out.push_back({"masked-readonly-symlinks", 4, {"CVE-2025-31133"},
                 "maskedPaths and readonlyPaths entries that are image symlinks to host paths, ../ chains "
                 "and /proc/self/root",
                 false, case_masked_readonly});
  q::add_race_cases(out);
  out.push_back({"leaked-fds", 6, {"CVE-2024-21626"},
                 "the container lists its open fds when the runtime is given --preserve-fds 1 with an open "
                 "host canary file, and climbs .. from its cwd",
                 false, case_leaked_fds});
  out.push_back({"cwd-proc-self-fd", 6, {"CVE-2024-21626"},
                 "process.cwd is /proc/self/fd/N (N = 3..9), a runtime fd leaked into the container",
                 false, case_cwd_proc_fd});
  out.push_back({"cwd-symlink-out", 6, {"CVE-2024-21626"},
                 "process.cwd is an image symlink out of the root (../ chain and absolute host path)",
                 false, case_cwd_symlink});
  q::add_exe_cases(out);
  out.push_back({"device-path-symlink", 8, {},
                 "linux.devices paths that are image symlinks (absolute, ../ chain, symlinked parent) to a "
                 "host canary dir",
                 false, case_device_symlink});
  out.push_back({"dev-dir-symlink", 8, {"CVE-2026-41579"},
                 "the image's /dev is itself a symlink to a host canary dir: no node, link or mount may land "
                 "there",
                 true, case_dev_dir_symlink});
  out.push_back({"dev-host-nodes", 8, {},
                 "the container lists every device node it can see: only the runtime-spec defaults may exist",
                 false, case_dev_host_nodes});
  out.push_back({"bind-source-rootfs-symlink", 10, {},
                 "a bind source inside the rootfs is an image symlink to a host canary dir (absolute, ../ chain, "
                 "symlinked parent): it must resolve inside the root",
                 true, case_bind_source});
}

}  // namespace rampart::probe
