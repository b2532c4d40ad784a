// Runtime writes to procfs redirected (CVE-2025-52881, CVE-2019-16884, CVE-2019-19921): a
// config bind puts a canary dir over /proc, /proc/sys or /proc/sys/net (directly or through an
// image symlink) and asks for a sysctl, an oom score and (where the host has AppArmor) a
// profile. Any of the runtime's writes that lands in the canary files instead of the real
// procfs is the crossing.
#include "probe/cases/cases.h"
#include "util/host_lsm.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

const std::string kPlanted = "PROBE-CANARY\n";

void plant_fake_proc(const std::string& root, const std::vector<std::string>& files) {
  for (const auto& f : files) {
    auto slash = f.find_last_of('/');
    if (slash != std::string::npos) make_dir(root + "/" + f.substr(0, slash));
    write_file(root + "/" + f, kPlanted);
  }
}

Outcome judge_proc_redirect(Context& ctx, Bundle& b, const std::string& id, const std::string& fake_root,
                            const std::vector<std::string>& planted) {
  b.config["linux"]["sysctl"] = {{"net.ipv4.ip_forward", "1"}};
  b.config["process"]["oomScoreAdj"] = 123;
  b.config["mounts"].push_back({{"destination", "/probe-proc"}, {"type", "proc"}, {"source", "proc"}});
  set_sh(b, "echo \"REAL $(cat /probe-proc/sys/net/ipv4/ip_forward)\"; echo \"OOM $(cat /probe-proc/self/oom_score_adj)\"; echo DONE");
  b.write();
  auto r = ctx.run(b, id);
  for (const auto& f : planted) {
    auto now = read_file(fake_root + "/" + f);
    if (!now) return escaped("the runtime removed the canary " + f + " in the directory planted over procfs");
    if (*now != kPlanted)
      return escaped("a runtime write meant for procfs landed in the planted canary " + f + " ('" + squash(*now, 80) + "')");
  }
  if (r.exit_code != 0 || r.out.find("DONE") == std::string::npos) return refused(r);
  auto real = tagged(r.out, "REAL");
  std::string v = real.empty() ? "" : trim(real[0]);
  if (v != "1")
    return broken("the container ran but its real net.ipv4.ip_forward is '" + v +
                  "': the sysctl reached neither the real file nor the canary");
  return resisted("the sysctl reached the real procfs file and no canary changed");
}

Outcome sysctl_redirect(Context& ctx) {
  std::vector<std::string> files = {"net/ipv4/ip_forward", "kernel/core_pattern"};
  std::vector<Variant> vs = {
      {"a bind over /proc/sys",
       [&] {
         std::string fake = ctx.workdir() + "/fake-sys";
         plant_fake_proc(fake, files);
         Bundle b = ctx.make_bundle("procsys-bind");
         b.config["mounts"].push_back(bind_mount(fake, "/proc/sys"));
         return judge_proc_redirect(ctx, b, "probe-procsys-bind", fake, files);
       }},
      {"a bind over /proc/sys/net",
       [&] {
         std::string fake = ctx.workdir() + "/fake-net";
         std::vector<std::string> net = {"ipv4/ip_forward"};
         plant_fake_proc(fake, net);
         Bundle b = ctx.make_bundle("procsysnet-bind");
         b.config["mounts"].push_back(bind_mount(fake, "/proc/sys/net"));
         return judge_proc_redirect(ctx, b, "probe-procsysnet-bind", fake, net);
       }},
      {"a bind onto /probe-link/sys, /probe-link -> /proc",
       [&] {
         // The mount destination is an image symlink that leads into /proc.
         std::string fake = ctx.workdir() + "/fake-sys2";
         plant_fake_proc(fake, files);
         Bundle b = ctx.make_bundle("procsys-via-link");
         make_symlink("/proc", b.rootfs + "/probe-link");
         b.config["mounts"].push_back(bind_mount(fake, "/probe-link/sys"));
         return judge_proc_redirect(ctx, b, "probe-procsys-via-link", fake, files);
       }},
  };
  return run_variants("no procfs write was redirected", vs);
}

Outcome over_proc(Context& ctx) {
  std::vector<std::string> files = {"sys/net/ipv4/ip_forward", "self/attr/exec", "self/attr/current",
                                    "self/attr/apparmor/exec", "self/oom_score_adj", "self/setgroups",
                                    "thread-self/attr/exec", "1/oom_score_adj"};
  std::string fake = ctx.workdir() + "/fake-proc";
  plant_fake_proc(fake, files);
  Bundle b = ctx.make_bundle("proc-bind");
  b.config["mounts"].push_back(bind_mount(fake, "/proc"));
  // Only where the host has AppArmor: elsewhere a profile is refused before anything runs
  // (container/process_checks.h), which would leave the sysctl and oomScoreAdj writes untried.
  if (apparmor_enabled()) b.config["process"]["apparmorProfile"] = "unconfined";
  return judge_proc_redirect(ctx, b, "probe-proc-bind", fake, files);
}

}  // namespace

std::vector<Case> procfs_cases() {
  return {
      {"procfs-sysctl-redirect", Procfs, {"CVE-2025-52881", "CVE-2019-19921"},
       "a config bind puts a canary dir over /proc/sys (directly, on /proc/sys/net, through an image symlink) "
       "and asks for a sysctl",
       sysctl_redirect},
      {"procfs-over-proc", Procfs, {"CVE-2019-16884", "CVE-2019-19921", "CVE-2025-52881"},
       "a config bind puts a canary dir over all of /proc, with a sysctl, oomScoreAdj and (where the host has AppArmor) a profile",
       over_proc},
  };
}

}  // namespace rampart::probe
