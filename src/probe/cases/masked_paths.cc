// Masked paths through the image's /dev/null (CVE-2025-31133): a runtime that masks a path by
// bind-mounting "/dev/null" from inside the rootfs uses whatever the image put there. The
// container reports what each masked file is; canary dirs on the host show any write.
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

// Masked files that exist on this host (the default maskedPaths that are files).
std::vector<std::string> masked_files() {
  std::vector<std::string> v;
  for (const char* p : {"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug", "/proc/latency_stats",
                        "/proc/timer_stats"})
    if (::access(p, F_OK) == 0) v.push_back(p);
  return v;
}

const char* kMaskScript =
    "for p in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /proc/latency_stats /proc/timer_stats; do "
    "  if [ -e $p ]; then "
    "    t=$(stat -c '%F:%t:%T' $p | tr ' ' '_'); "
    "    c=$(timeout 2 head -c 48 $p | tr -c 'A-Za-z0-9_|%./-' '_'); "
    "    echo \"MASK $p $t $c\"; "
    "  fi; "
    "done; "
    "grep -E ' /proc/(kcore|keys|timer_list|sched_debug|latency_stats|timer_stats) ' /proc/self/mountinfo | "
    "sed 's/^/MI /'; echo DONE";

// Runs a bundle whose image /dev/null has been made hostile and judges the masked files.
Outcome judge_masking(Context& ctx, Bundle& b, const std::string& id, const std::vector<const Canary*>& canaries) {
  drop_dev_tmpfs(b.config);
  // The report goes to a file on a probe volume as well as stdout: a runtime that re-opens the
  // container's stdio through the image's /dev/null sends stdout into it.
  std::string outdir = b.dir + "-out";
  make_dir(outdir);
  b.config["mounts"].push_back(bind_mount(outdir, "/probe-out"));
  set_sh(b, std::string("{ ") + kMaskScript + "; } > /probe-out/report 2>&1; cat /probe-out/report");
  b.write();
  auto r = ctx.run(b, id);
  if (auto ch = first_change(canaries); !ch.empty()) return escaped("the runtime wrote to the host: " + ch);
  if (r.out.find("DONE") == std::string::npos) r.out = read_text(outdir + "/report");
  if (r.exit_code != 0 || r.out.find("DONE") == std::string::npos) return refused(r);
  auto expected = masked_files();
  auto lines = tagged(r.out, "MASK");
  for (const auto& l : lines) {
    auto f = fields(l);
    if (f.size() < 2) continue;
    const std::string& path = f[0];
    std::string type = f[1];
    std::string content = f.size() > 2 ? f[2] : "";
    bool is_null = type == "character_special_file:1:3";
    if (!is_null || !content.empty()) {
      std::string mi;
      for (const auto& m : tagged(r.out, "MI")) {
        auto mf = fields(m);
        if (mf.size() > 5 && mf[4] == path) mi = " (mounted from root '" + mf[3] + "', options " + mf[5] + ")";
      }
      return escaped("the masked " + path + " is a " + type +
                     (content.empty() || type.rfind("character", 0) != 0 ? "" : " showing '" + content + "'") +
                     " instead of the null device" + mi);
    }
  }
  if (lines.empty() && !expected.empty()) return broken("the container listed none of the masked files");
  return resisted("every masked file is the null device and reads empty");
}

Outcome devnull_symlink(Context& ctx) {
  std::string host = ctx.workdir() + "/canary";
  std::string vol = ctx.workdir() + "/vol";
  make_dir(host);
  make_dir(vol);
  write_file(host + "/secret", "PROBE-CANARY-HOST\n");
  write_file(vol + "/secret", "PROBE-CANARY-VOLUME\n");
  Canary host_canary = watch(host), vol_canary = watch(vol);
  struct Target {
    const char* label;
    std::string path;
  };
  std::vector<Target> targets = {{"/dev/null -> /proc/sys/kernel/core_pattern", "/proc/sys/kernel/core_pattern"},
                                 {"/dev/null -> ../ chain to a host canary", dotdot(9, host + "/secret")},
                                 {"/dev/null -> a file on a volume", "/probe-vol/secret"}};
  std::vector<Variant> vs;
  int n = 0;
  for (const auto& t : targets) {
    std::string name = "devnull-symlink-" + std::to_string(++n);
    vs.push_back({t.label, [&ctx, &host_canary, &vol_canary, name, t, vol] {
                    Bundle b = ctx.make_bundle(name);
                    make_symlink(t.path, b.rootfs + "/dev/null");
                    b.config["mounts"].push_back(bind_mount(vol, "/probe-vol"));
                    return judge_masking(ctx, b, "probe-" + name, {&host_canary, &vol_canary});
                  }});
  }
  return run_variants("masking held for every /dev/null symlink", vs);
}

Outcome devnull_file(Context& ctx) {
  Bundle b = ctx.make_bundle("devnull-file");
  write_file(b.rootfs + "/dev/null", "PROBE-CANARY-REGULAR-FILE\n");
  return judge_masking(ctx, b, "probe-devnull-file", {});
}

Outcome devnull_fifo(Context& ctx) {
  Bundle b = ctx.make_bundle("devnull-fifo");
  make_fifo(b.rootfs + "/dev/null");
  return judge_masking(ctx, b, "probe-devnull-fifo", {});
}

Outcome devnull_device(Context& ctx) {
  Bundle b = ctx.make_bundle("devnull-device");
  // /dev/urandom's numbers (1:9) at the image's /dev/null: masking with it would show random bytes.
  if (::mknod((b.rootfs + "/dev/null").c_str(), S_IFCHR | 0666, makedev(1, 9)) != 0)
    throw std::runtime_error(std::string("mknod: ") + std::strerror(errno));
  return judge_masking(ctx, b, "probe-devnull-device", {});
}

}  // namespace

std::vector<Case> masked_path_cases() {
  return {
      {"masked-devnull-symlink", MaskedPaths, {"CVE-2025-31133"},
       "the image's /dev/null is a symlink (to /proc/sys/kernel/core_pattern, a ../ chain to a host canary, a volume "
       "file) and the runtime masks paths with it",
       devnull_symlink},
      {"masked-devnull-file", MaskedPaths, {"CVE-2025-31133"},
       "the image's /dev/null is a regular file with canary content", devnull_file},
      {"masked-devnull-fifo", MaskedPaths, {"CVE-2025-31133"},
       "the image's /dev/null is a fifo (a runtime that opens it may hang)", devnull_fifo},
      {"masked-devnull-device", MaskedPaths, {"CVE-2025-31133"},
       "the image's /dev/null is another character device (1:9, urandom)", devnull_device},
  };
}

}  // namespace rampart::probe
