// Mount destinations, maskedPaths and readonlyPaths through image symlinks (absolute, ../
// chains, symlinked parents, /proc/self/root, into /proc, /sys and /dev): every mount must
// land where the path resolves with the rootfs as /, never on the host.
#include <algorithm>

#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

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
Outcome destination_variant(Context& ctx, const std::string& tag, const std::vector<Link>& links,
                            const std::function<nlohmann::json(const Canary&, const std::string& payload)>& mounts,
                            const std::function<std::vector<std::string>(const Canary&)>& expect) {
  Canary c = make_canary(ctx, tag + "-canary");
  std::string payload = make_payload(ctx, tag + "-payload");
  Bundle b = ctx.make_bundle(tag);
  for (const auto& l : links) make_symlink(l.target, b.rootfs + l.path);
  make_dir(b.rootfs + "/seen");
  for (auto& m : mounts(c, payload)) b.config["mounts"].push_back(m);
  b.config["mounts"].push_back(bind_mount(c.dir, "/seen", true));
  set_sh(b, "cat /proc/self/mountinfo; echo ===SEEN; ls -a /seen /seen/sub; cat /seen/CANARY; echo");
  b.write();
  auto r = ctx.run(b, tag);
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.exit_code != 0) return refused(r);
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

Outcome destination_symlinks(Context& ctx) {
  auto canary_and_sub = [](const Canary& c) { return std::vector<std::string>{c.dir + "/sub", c.dir}; };
  auto tmpfs_then_bind = [](const std::string& at) {
    return [at](const Canary&, const std::string& payload) {
      return nlohmann::json::array({tmpfs_mount(at + "/sub"), bind_mount(payload, at)});
    };
  };
  auto tmpfs_at = [](const std::string& at) {
    return [at](const Canary&, const std::string&) { return nlohmann::json::array({tmpfs_mount(at)}); };
  };
  auto expect = [](const std::string& at) { return [at](const Canary&) { return std::vector<std::string>{at}; }; };
  std::string wd = ctx.workdir();
  std::vector<Variant> vs = {
      {"absolute symlink /data -> host canary dir",
       [&] {
         return destination_variant(ctx, "dest-absolute", {{"/data", wd + "/dest-absolute-canary"}},
                                    tmpfs_then_bind("/data"), canary_and_sub);
       }},
      {"../ chain /data -> ../../..<canary>",
       [&] {
         return destination_variant(ctx, "dest-dotdot", {{"/data", dotdot(16, wd + "/dest-dotdot-canary")}},
                                    tmpfs_then_bind("/data"), canary_and_sub);
       }},
      {"symlinked intermediate dir /up -> ../../../.. then /up<canary>/sub",
       [&] {
         return destination_variant(
             ctx, "dest-parent", {{"/up", dotdot(12, "")}},
             [](const Canary& c, const std::string& p) {
               return nlohmann::json::array({tmpfs_mount("/up" + c.dir + "/sub"), bind_mount(p, "/up" + c.dir)});
             },
             canary_and_sub);
       }},
      {"magic link /data -> /proc/self/root<canary>",
       [&] {
         return destination_variant(ctx, "dest-proc-root", {{"/data", "/proc/self/root" + wd + "/dest-proc-root-canary"}},
                                    tmpfs_then_bind("/data"), canary_and_sub);
       }},
      {"/mnt -> /proc/sys, tmpfs on /mnt/vm",
       [&] {
         return destination_variant(ctx, "dest-proc-sys", {{"/mnt", "/proc/sys"}}, tmpfs_at("/mnt/vm"),
                                    expect("/proc/sys/vm"));
       }},
      {"/mnt -> /sys/kernel, tmpfs on /mnt/mm",
       [&] {
         return destination_variant(ctx, "dest-sys", {{"/mnt", "/sys/kernel"}}, tmpfs_at("/mnt/mm"),
                                    expect("/sys/kernel/mm"));
       }},
      {"/mnt -> /dev, tmpfs on /mnt/qprobe",
       [&] {
         return destination_variant(ctx, "dest-dev", {{"/mnt", "/dev"}}, tmpfs_at("/mnt/qprobe"), expect("/dev/qprobe"));
       }},
  };
  return run_variants("every mount landed inside the root", vs);
}

// maskedPaths / readonlyPaths entries that are symlinks pointing out of the root, one entry per
// run (so that a refusal of one does not hide the others). The same absolute path also exists
// inside the rootfs (with a different token), so the judge can tell "resolved inside the root"
// (the inside copy is masked / read-only) from "followed to the host".
Outcome masked_variant(Context& ctx, const std::string& tag, bool masked, const std::string& entry,
                       const std::function<std::string(const Canary&)>& target) {
  Canary c = make_canary(ctx, tag + "-canary");
  Bundle b = ctx.make_bundle(tag);
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
  auto r = ctx.run(b, tag);
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (r.exit_code != 0) return refused(r);
  auto has = [&](const std::string& s) { return r.out.find(s) != std::string::npos; };
  if (!has("SEEN:" + c.tok)) return escaped("the host canary " + c.dir + "/CANARY is hidden in the container's namespace");
  if (masked && !has("M1:\n") && !has("M2:\n"))
    return escaped("maskedPaths " + entry + " did not mask the path it resolves to inside the root");
  if (!masked && !has("RO:readonly"))
    return escaped("readonlyPaths " + entry + " left the path it resolves to inside the root writable");
  return resisted("applied inside the root");
}

Outcome masked_readonly_symlinks(Context& ctx) {
  std::vector<Variant> vs = {
      {"masked /etc/masked -> <canary>/CANARY",
       [&] { return masked_variant(ctx, "mask-absolute", true, "/etc/masked", [](const Canary& c) { return c.dir + "/CANARY"; }); }},
      {"masked /etc/masked -> ../../..<canary>/sub/SUBCANARY",
       [&] {
         return masked_variant(ctx, "mask-dotdot", true, "/etc/masked",
                               [](const Canary& c) { return dotdot(16, c.dir + "/sub/SUBCANARY"); });
       }},
      {"masked /etc/masked -> /proc/self/root/../..<canary>/CANARY",
       [&] {
         return masked_variant(ctx, "mask-proc-root", true, "/etc/masked",
                               [](const Canary& c) { return "/proc/self/root/../.." + c.dir + "/CANARY"; });
       }},
      {"readonly /etc/ro -> <canary>/sub",
       [&] { return masked_variant(ctx, "readonly-absolute", false, "/etc/ro", [](const Canary& c) { return c.dir + "/sub"; }); }},
      {"readonly /etc/ro -> ../../..<canary>/sub",
       [&] {
         return masked_variant(ctx, "readonly-dotdot", false, "/etc/ro",
                               [](const Canary& c) { return dotdot(16, c.dir + "/sub"); });
       }},
  };
  return run_variants("every masked and read-only entry was applied inside the root", vs);
}

}  // namespace

std::vector<Case> mount_destination_cases() {
  return {
      {"mount-dest-symlinks", MountDestinations, {},
       "config mounts whose destinations go through image symlinks: absolute, ../ chains, "
       "symlinked parent dirs, /proc/self/root, /proc/sys, /sys and /dev",
       destination_symlinks},
      {"masked-readonly-symlinks", MountDestinations, {"CVE-2025-31133"},
       "maskedPaths and readonlyPaths entries that are image symlinks to host paths, ../ chains "
       "and /proc/self/root",
       masked_readonly_symlinks},
  };
}

}  // namespace rampart::probe
