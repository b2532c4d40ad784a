// Console and pts from the image (CVE-2025-52565): with a terminal, a runtime that creates
// /dev/console or opens /dev/ptmx through the image's links mounts a pty, or writes, where the
// image chose. The container reports its mounts; canary dirs on the host show any write.
#include <unistd.h>

#include "probe/cases/cases.h"
#include "probe/console_listener.h"
#include "probe/context.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

const char* kConsoleScript =
    "stat -c 'CON %F:%t:%T' /dev/console; "
    "while read -r a b c d mp e; do echo \"MP $mp $(echo \"$e\" | sed 's/.* - //')\"; done < /proc/self/mountinfo; "
    "echo DONE";

// Runs a terminal container whose image /dev has been made hostile; judges host canaries and
// where the container sees mounts.
Outcome judge_console(Context& ctx, Bundle& b, const std::string& id, const std::vector<const Canary*>& canaries,
                      const std::string& pts_link_target = "") {
  drop_dev_tmpfs(b.config);
  b.config["process"]["terminal"] = true;
  set_sh(b, kConsoleScript);
  b.write();
  std::string sock = ctx.workdir() + "/" + id + ".sock";
  std::string out;
  CommandResult r;
  {
    ConsoleListener listener(sock);
    ctx.track(id);
    // Detached: runc refuses a console socket otherwise. The listener reads the terminal until
    // the container closes it.
    r = ctx.runtime_cmd({"run", "-d", "--console-socket", sock, "--bundle", b.dir, id});
    out = r.exit_code == 0 ? listener.finish(std::chrono::seconds(20)) : listener.stop();
    ctx.runtime_cmd({"delete", "-f", id});
  }
  if (auto ch = first_change(canaries); !ch.empty()) return escaped("the runtime touched the host: " + ch);
  if (r.exit_code != 0 || out.find("DONE") == std::string::npos) return refused(r);
  // Inside the container: the console must be a pty mounted at /dev/console itself. A pty or
  // devpts mounted anywhere else was mounted through the image's /dev/console or /dev/ptmx link
  // (a device path the runtime must replace, never follow). A devpts that the config asked for at
  // /dev/pts and that landed where the image's /dev/pts link resolves inside the root is
  // mount-destination behaviour and only noted.
  std::string console_fs, noted;
  for (const auto& l : tagged(out, "MP")) {
    auto f = fields(l);
    if (f.size() < 2) continue;
    const std::string& mp = f[0];
    const std::string& fs = f[1];
    if (mp == "/dev/console") console_fs = fs;
    if (fs != "devpts" || mp == "/dev/console" || mp == "/dev/pts") continue;
    if (mp == pts_link_target) {
      noted = "; the config's devpts landed on " + mp + " where the image's /dev/pts resolves inside the root";
      continue;
    }
    return escaped("the runtime mounted a pty (devpts) on " + mp +
                   ", a path chosen by the image's /dev links, instead of replacing them");
  }
  return resisted("no canary was touched and no pty was mounted through the image's links" +
                  (console_fs.empty() ? std::string() : "; /dev/console is on " + console_fs) + noted);
}

// A variant whose image has /dev/`entry` (an empty directory there removed first) replaced by a
// symlink to `target`, with the volume `vol` bound at /probe-vol unless it is empty; the bundle
// is `name`, the container probe-`name`.
Variant dev_link_variant(Context& ctx, std::string label, std::string name, std::string entry, std::string target,
                         std::string vol, std::vector<const Canary*> canaries, std::string pts_link_target = "") {
  return {std::move(label), [&ctx, name, entry, target, vol, canaries, pts_link_target] {
            Bundle b = ctx.make_bundle(name);
            ::rmdir((b.rootfs + "/dev/" + entry).c_str());
            make_symlink(target, b.rootfs + "/dev/" + entry);
            if (!vol.empty()) b.config["mounts"].push_back(bind_mount(vol, "/probe-vol"));
            return judge_console(ctx, b, "probe-" + name, canaries, pts_link_target);
          }};
}

Outcome console_symlink(Context& ctx) {
  std::string host = ctx.workdir() + "/canary";
  std::string vol = ctx.workdir() + "/vol";
  make_dir(host);
  make_dir(vol);
  write_file(vol + "/console-target", "PROBE-CANARY-CONSOLE\n");
  write_file(host + "/keep", "PROBE-CANARY\n");
  Canary hc = watch(host), vc = watch(vol);
  std::vector<Variant> vs = {
      dev_link_variant(ctx, "/dev/console -> a file on a volume", "console-vol", "console",
                       "/probe-vol/console-target", vol, {&hc, &vc}),
      dev_link_variant(ctx, "/dev/console -> ../ chain to the host", "console-host", "console",
                       dotdot(9, host + "/console-host"), "", {&hc, &vc}),
      {"/dev/console a regular file",
       [&] {
         Bundle b = ctx.make_bundle("console-file");
         write_file(b.rootfs + "/dev/console", "PROBE-CANARY-CONSOLE-FILE\n");
         b.config["mounts"].push_back(bind_mount(vol, "/probe-vol"));
         return judge_console(ctx, b, "probe-console-file", {&hc, &vc});
       }},
  };
  return run_variants("the console was set up without following the image's /dev/console", vs);
}

Outcome pts_ptmx_symlink(Context& ctx) {
  std::string host = ctx.workdir() + "/canary";
  std::string vol = ctx.workdir() + "/vol";
  make_dir(host + "/ptsdir");
  make_dir(vol + "/ptsdir");
  write_file(host + "/ptsdir/keep", "PROBE-CANARY\n");
  write_file(vol + "/ptmx-target", "PROBE-CANARY-PTMX\n");
  write_file(vol + "/ptsdir/keep", "PROBE-CANARY\n");
  Canary hc = watch(host), vc = watch(vol);
  std::vector<Variant> vs = {
      dev_link_variant(ctx, "/dev/ptmx -> a file on a volume", "ptmx-vol", "ptmx", "/probe-vol/ptmx-target", vol,
                       {&hc, &vc}),
      dev_link_variant(ctx, "/dev/pts -> ../ chain to a host dir", "pts-host", "pts", dotdot(9, host + "/ptsdir"), "",
                       {&hc, &vc}, host + "/ptsdir"),
      dev_link_variant(ctx, "/dev/pts -> a dir on a volume", "pts-vol", "pts", "/probe-vol/ptsdir", vol, {&hc, &vc},
                       "/probe-vol/ptsdir"),
  };
  return run_variants("devpts and the console were set up without following the image's /dev/pts or /dev/ptmx", vs);
}

}  // namespace

std::vector<Case> console_cases() {
  return {
      {"console-symlink", Consoles, {"CVE-2025-52565"},
       "with a terminal, the image's /dev/console is a symlink (to a volume file, a ../ chain to the host) or a file",
       console_symlink},
      {"pts-ptmx-symlink", Consoles, {"CVE-2025-52565"},
       "with a terminal, the image's /dev/ptmx or /dev/pts is a symlink to a volume or a ../ chain to the host",
       pts_ptmx_symlink},
  };
}

}  // namespace rampart::probe
