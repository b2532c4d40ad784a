// verify --watch: event-driven on what can change in an instant (a mount-table change, the init
// exiting), periodic for the rest and for discovery. Bounded: one mountinfo fd and one pidfd per
// running container, the current outcomes only; a container whose mount table churns is
// re-checked at most every kMinRecheck.
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <map>
#include <set>
#include <thread>

#include "container/verify.h"

namespace rampart::container {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Mount changes come in bursts (a container start makes dozens): gather them before looking.
constexpr auto kSettle = 30ms;
constexpr auto kMinRecheck = 250ms;

struct Watched {
  UniqueFd mountinfo;  // POLLPRI|POLLERR on every change of the container's mount table
  UniqueFd pidfd;      // POLLIN when the init exits
  Clock::time_point last_check{};
};

int pidfd_open(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

}  // namespace

int verify_watch(const safepath::Procfs& proc, const VerifyRequest& r, const WatchOptions& w) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigset_t old;
  ::sigprocmask(SIG_BLOCK, &set, &old);
  UniqueFd sfd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));

  std::vector<verify::Outcome> current;
  std::vector<Target> targets;
  std::map<std::string, Watched> watched;  // Outcome::key() -> its fds
  bool first = true;
  int code = 0;
  std::set<std::string> warned;

  auto publish = [&](std::vector<verify::Outcome> next) {
    for (const auto& e : verify::changes(current, next, first)) w.emit(e);
    current = std::move(next);
    first = false;
    code = 0;
    for (const auto& o : current)
      if (o.failed()) code = 1;
    if (!w.metrics_file.empty())
      if (auto m = write_metrics(w.metrics_file, current); !m && warned.insert("metrics").second)
        w.warn(m.error().message());
  };
  auto sync_fds = [&] {
    std::set<std::string> live;
    for (const auto& o : current) {
      if (o.state != verify::State::Verified) continue;
      live.insert(o.key());
      Watched& x = watched[o.key()];
      if (!x.mountinfo)
        if (auto fd = proc.open(std::to_string(o.pid) + "/mountinfo", O_RDONLY)) x.mountinfo = std::move(*fd);
      if (!x.pidfd) x.pidfd.reset(pidfd_open(o.pid));
    }
    for (auto it = watched.begin(); it != watched.end();)
      it = live.count(it->first) ? std::next(it) : watched.erase(it);
  };
  auto full_pass = [&] {
    std::vector<std::string> errors;
    targets = find_targets(r, errors);
    for (const auto& e : errors)
      if (warned.insert(e).second) w.warn(e);  // an id that is not there may start later
    auto host = inspect::host_facts(proc);
    if (!host) {
      if (warned.insert(host.error().message()).second) w.warn(host.error().message());
      return;
    }
    auto table = inspect::process_table(proc);
    std::vector<verify::Outcome> next;
    for (const auto& t : targets) next.push_back(verify_target(proc, *host, table, t, r.policy));
    publish(std::move(next));
    auto now = Clock::now();
    sync_fds();
    for (auto& [k, x] : watched) x.last_check = now;
  };
  // Re-checks the containers whose keys are in `dirty` (the rest stay as they are).
  auto recheck = [&](const std::set<std::string>& dirty) {
    auto host = inspect::host_facts(proc);
    if (!host) return;
    auto table = inspect::process_table(proc);
    std::vector<verify::Outcome> next = current;
    for (auto& o : next) {
      if (!dirty.count(o.key())) continue;
      for (const auto& t : targets)
        if (t.found.root + "/" + t.found.id + "#" + std::to_string(t.found.pid) == o.key()) {
          o = verify_target(proc, *host, table, t, r.policy);
          break;
        }
    }
    publish(std::move(next));
    auto now = Clock::now();
    for (const auto& k : dirty)
      if (auto it = watched.find(k); it != watched.end()) it->second.last_check = now;
    sync_fds();
  };

  full_pass();
  auto next_full = Clock::now() + w.interval;
  std::set<std::string> pending;  // changed, waiting for kMinRecheck to pass
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<std::pair<std::string, bool>> who;  // key, is the pidfd
    fds.push_back({sfd.get(), POLLIN, 0});
    who.emplace_back("", false);
    for (auto& [k, x] : watched) {
      if (pending.count(k)) continue;  // already due: do not spin on its events
      if (x.mountinfo) {
        fds.push_back({x.mountinfo.get(), POLLPRI | POLLERR, 0});
        who.emplace_back(k, false);
      }
      if (x.pidfd) {
        fds.push_back({x.pidfd.get(), POLLIN, 0});
        who.emplace_back(k, true);
      }
    }
    auto now = Clock::now();
    auto wake = next_full;
    for (const auto& k : pending)
      if (auto it = watched.find(k); it != watched.end()) wake = std::min(wake, it->second.last_check + kMinRecheck);
      else wake = now;
    int timeout = static_cast<int>(std::max<int64_t>(
        0, std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count()));
    int n = ::poll(fds.data(), fds.size(), timeout);
    if (n < 0 && errno != EINTR) break;
    if (n > 0 && fds[0].revents) {
      signalfd_siginfo si{};
      if (::read(sfd.get(), &si, sizeof si) > 0) break;
    }
    bool changed = false;
    for (size_t i = 1; n > 0 && i < fds.size(); ++i)
      if (fds[i].revents) {
        pending.insert(who[i].first);
        changed = true;
        if (who[i].second) watched[who[i].first].pidfd.reset();  // exited: it stays readable
      }
    if (changed) std::this_thread::sleep_for(kSettle);
    now = Clock::now();
    if (now >= next_full) {
      full_pass();
      pending.clear();
      next_full = now + w.interval;
      continue;
    }
    std::set<std::string> due;
    for (auto it = pending.begin(); it != pending.end();) {
      auto x = watched.find(*it);
      if (x == watched.end() || now >= x->second.last_check + kMinRecheck) {
        due.insert(*it);
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
    if (!due.empty()) recheck(due);
  }
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
  return code;
}

}  // namespace rampart::container
