// Device nodes and /dev: linux.devices paths through image symlinks, the image's /dev itself a
// symlink to the host (CVE-2026-41579), host nodes the config does not name, and a host
// directory the config binds at /dev, which the runtime must leave as it is.
#include <sys/stat.h>

#include <set>
#include <sstream>

#include "probe/cases/cases.h"
#include "probe/console_listener.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

nlohmann::json null_device(const std::string& path) {
  return {{"path", path}, {"type", "c"}, {"major", 1}, {"minor", 3}, {"fileMode", 0666}, {"uid", 0}, {"gid", 0}};
}

Outcome device_path_symlink(Context& ctx) {
  Canary c = make_canary(ctx, "dev-path-canary");
  Bundle b = ctx.make_bundle("dev-path");
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
  auto r = ctx.run(b, "dev-path");
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.exit_code != 0) return refused(r);
  return resisted("device nodes created inside the root: " + squash(r.out, 160));
}

Outcome dev_dir_symlink(Context& ctx) {
  Canary c = make_canary(ctx, "dev-dir-canary");
  write_file(c.dir + "/ptmx", c.tok);  // a runtime that recreates /dev/ptmx through the link removes it
  write_file(c.dir + "/null", c.tok);
  c.rescan();
  auto variant = [&](const std::string& tag, const std::string& target) {
    Bundle b = ctx.make_bundle(tag);
    make_symlink(target, b.rootfs + "/dev");
    set_sh(b, "ls -a /dev");
    b.write();
    auto r = ctx.run(b, tag);
    if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
    return r.exit_code == 0 ? resisted("ran, host canary untouched") : refused(r);
  };
  std::vector<Variant> vs = {
      {"image /dev -> <canary> (absolute)", [&] { return variant("dev-dir-absolute", c.dir); }},
      {"image /dev -> ../../..<canary>", [&] { return variant("dev-dir-dotdot", dotdot(16, c.dir)); }},
  };
  return run_variants("no node, link or mount landed in the host dir", vs);
}

Outcome dev_host_nodes(Context& ctx) {
  Bundle b = ctx.make_bundle("dev-nodes");
  set_sh(b, "find / -xdev \\( -type c -o -type b \\) 2>/dev/null | while read p; do echo \"N $p $(stat -c '%F %t:%T' \"$p\")\"; done;"
            " for d in /dev /dev/shm /dev/mqueue /dev/pts; do find $d \\( -type c -o -type b \\) 2>/dev/null"
            " | while read p; do echo \"N $p $(stat -c '%F %t:%T' \"$p\")\"; done; done; echo DONE");
  b.write();
  auto r = ctx.run(b, "dev-nodes");
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

// ---- a host directory bound at /dev ----

// A host dir laid out like a real /dev, with regular files where the device nodes would be
// (so nothing in it is a real device) and the usual links: a runtime that creates its default
// devices, links or ptmx in the bound directory rewrites the host.
Canary make_host_dev(Context& ctx, const std::string& name) {
  Canary c = make_canary(ctx, name);
  for (const char* n : {"null", "zero", "full", "random", "urandom", "tty", "console", "ptmx"})
    write_file(c.dir + "/" + n, c.tok);
  make_symlink("/proc/self/fd", c.dir + "/fd");
  make_symlink("/proc/self/fd/0", c.dir + "/stdin");
  make_symlink("/proc/self/fd/1", c.dir + "/stdout");
  make_symlink("/proc/self/fd/2", c.dir + "/stderr");
  for (const char* d : {"pts", "shm", "mqueue"}) make_dir(c.dir + "/" + d);
  c.rescan();
  return c;
}

// The config binds the host dir at /dev instead of the usual tmpfs (and keeps devpts, shm and
// mqueue below it as runc's spec has them).
void bind_host_dev(Bundle& b, const std::string& host_dev) {
  nlohmann::json mounts = nlohmann::json::array();
  for (auto& m : b.config["mounts"]) {
    if (m.value("destination", "") == "/dev") mounts.push_back(bind_mount(host_dev, "/dev"));
    else mounts.push_back(m);
  }
  b.config["mounts"] = mounts;
  b.config["linux"]["devices"] = nlohmann::json::array();
}

Outcome host_dev_rewritten(Context& ctx) {
  std::vector<Variant> vs = {
      {"host dir bound at /dev",
       [&] {
         Canary c = make_host_dev(ctx, "host-dev-canary");
         Bundle b = ctx.make_bundle("host-dev-bind");
         bind_host_dev(b, c.dir);
         set_sh(b, "ls -la /dev; echo DONE");
         b.write();
         auto r = ctx.run(b, "host-dev-bind");
         if (auto ch = c.changed(); !ch.empty()) return escaped("the runtime rewrote the bound host /dev: " + ch);
         if (r.exit_code != 0) return refused(r);
         return resisted("the bound host dir was left as it was");
       }},
      {"host dir bound at /dev, with a terminal",
       [&] {
         Canary c = make_host_dev(ctx, "host-dev-tty-canary");
         Bundle b = ctx.make_bundle("host-dev-tty");
         bind_host_dev(b, c.dir);
         b.config["process"]["terminal"] = true;
         set_sh(b, "ls -la /dev; echo DONE");
         b.write();
         std::string sock = ctx.workdir() + "/host-dev-tty.sock";
         CommandResult r;
         {
           ConsoleListener listener(sock);
           ctx.track("host-dev-tty");
           r = ctx.runtime_cmd({"run", "-d", "--console-socket", sock, "--bundle", b.dir, "host-dev-tty"});
           if (r.exit_code == 0) listener.finish(std::chrono::seconds(15));
           ctx.runtime_cmd({"delete", "-f", "host-dev-tty"});
         }
         if (auto ch = c.changed(); !ch.empty()) return escaped("the runtime rewrote the bound host /dev: " + ch);
         if (r.exit_code != 0) return refused(r);
         return resisted("the bound host dir was left as it was");
       }},
  };
  return run_variants("a host directory bound at /dev was never written", vs);
}

}  // namespace

std::vector<Case> device_cases() {
  return {
      {"device-path-symlink", Devices, {},
       "linux.devices paths that are image symlinks (absolute, ../ chain, symlinked parent) to a host canary dir",
       device_path_symlink},
      {"dev-dir-symlink", Devices, {"CVE-2026-41579"},
       "the image's /dev is itself a symlink to a host canary dir: no node, link or mount may land there",
       dev_dir_symlink},
      {"dev-host-nodes", Devices, {},
       "the container lists every device node it can see: only the runtime-spec defaults may exist", dev_host_nodes},
      {"host-dev-bind-rewritten", Devices, {},
       "the config binds a host directory laid out like /dev at /dev (with and without a terminal): the runtime "
       "must not create, replace or remove anything in it",
       host_dev_rewritten},
  };
}

}  // namespace rampart::probe
