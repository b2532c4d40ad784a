// The measured verdicts of the peer runtimes (see peer_verdicts.h). Reproduce a column with
// `rampart probe --runtime <binary>` (crun inside `unshare -m` with /sys/fs/cgroup/unified
// unmounted); README.md and docs/security.md show the same table.
#include "probe/peer_verdicts.h"

namespace rampart::probe {

namespace {

constexpr ExpectedVerdict R{Verdict::Resisted, false};
constexpr ExpectedVerdict E{Verdict::Escaped, false};
constexpr ExpectedVerdict B{Verdict::Broken, false};
constexpr ExpectedVerdict S{Verdict::Skipped, false};
// A race or a timing window: measured so, not asserted (a RESISTED means "not caught within the
// attempts the case makes").
constexpr ExpectedVerdict RacyE{Verdict::Escaped, true};
constexpr ExpectedVerdict RacyR{Verdict::Resisted, true};

struct Row {
  const char* case_name;
  ExpectedVerdict runc;
  ExpectedVerdict crun;
};

// clang-format off
const Row kRows[] = {
    {"control",                         R,     R},
    {"masked-devnull-symlink",          E,     E},
    {"masked-devnull-file",             E,     R},
    {"masked-devnull-fifo",             E,     R},
    {"masked-devnull-device",           E,     R},
    {"console-symlink",                 E,     E},
    {"pts-ptmx-symlink",                R,     R},
    {"procfs-sysctl-redirect",          R,     R},
    {"procfs-over-proc",                R,     R},
    {"mount-dest-symlinks",             R,     R},
    {"masked-readonly-symlinks",        R,     R},
    {"volume-exchange-race-mount",      RacyR, RacyR},
    {"volume-exchange-race-mkdir",      RacyE, RacyR},
    // crun accepts a symlinked rootfs path and reports it as given: it cannot be judged.
    {"rootfs-path-exchange-race",       RacyR, S},
    {"leaked-fds",                      R,     R},
    {"cwd-proc-self-fd",                R,     R},
    {"cwd-symlink-out",                 R,     R},
    {"exec-through-runtime-fd",         R,     R},
    // runc: --preserve-fds 1 passes its own O_PATH fd of the host's /sys/fs/cgroup.
    {"preserve-fds-gap",                E,     R},
    // crun: `exec` never re-executed the runtime inside the container, so nothing was judged.
    {"runtime-exe-overwrite",           R,     B},
    {"protected-reexec-flag-spelling",  R,     R},
    {"device-path-symlink",             R,     R},
    {"dev-dir-symlink",                 E,     R},
    {"dev-host-nodes",                  R,     R},
    // crun: the container's stdio are the bound host dir's null, which it then writes.
    {"host-dev-bind-rewritten",         R,     E},
    {"sysctl-traversal",                R,     R},
    {"sysctl-not-namespaced",           R,     R},
    {"sysctl-joined-host-netns",        R,     E},
    {"sysctl-joined-host-ipcns",        E,     E},
    {"bind-source-rootfs-symlink",      E,     E},
    {"bind-source-rootfs-spellings",    E,     E},
    {"pidns-exec-host-root",            RacyR, RacyR},
    // A timing window, but the whole rootfs set-up wide: caught in every one of 7 runs each.
    {"pidns-join-host-root",            E,     E},
    {"hook-start-container-privileges", R,     R},
    {"hook-never-returns",              R,     R},
    {"pid-file-planted",                R,     E},
    {"log-file-planted",                E,     E},
    {"bind-source-shared-propagation",  R,     R},
    {"rootfs-shared-propagation",       R,     R},
    {"overlay-dirs-rootfs-symlink",     E,     E},
    // crun refuses: raising RLIMIT_MEMLOCK for its device program fails here.
    {"device-rules-cgroup2",            R,     R},
    {"device-rules-order",              R,     R},
    {"no-pivot-host-mounts",            R,     E},
};
// clang-format on

}  // namespace

const std::vector<PeerRuntime>& peer_runtimes() {
  static const std::vector<PeerRuntime> peers = {
      {"runc", "/usr/sbin/runc", "1.1.5+ds1-1+deb12u1", false},
      {"crun", "/usr/bin/crun", "1.8.1", true},
  };
  return peers;
}

const PeerRuntime* find_peer(const std::string& name) {
  for (const auto& p : peer_runtimes())
    if (p.name == name) return &p;
  return nullptr;
}

std::optional<ExpectedVerdict> expected_verdict(const std::string& peer, const std::string& case_name) {
  for (const auto& row : kRows) {
    if (case_name != row.case_name) continue;
    if (peer == "runc") return row.runc;
    if (peer == "crun") return row.crun;
  }
  return std::nullopt;
}

std::vector<std::string> peer_verdict_rows() {
  std::vector<std::string> v;
  for (const auto& row : kRows) v.emplace_back(row.case_name);
  return v;
}

}  // namespace rampart::probe
