#include "container/events.h"

#include <poll.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "container/store.h"
#include "linux/cgroup/cgroup.h"
#include "linux/safepath/procfs.h"
#include "util/duration.h"
#include "util/log.h"
#include "util/unique_fd.h"

namespace rampart::container {
namespace {

using nlohmann::ordered_json;

// Go's `omitempty` for the numbers and lists runc tags with it.
template <class T>
void put_nonzero(ordered_json& o, const char* key, const T& v) {
  if constexpr (requires { v.empty(); }) {
    if (!v.empty()) o[key] = v;
  } else {
    if (v != T{}) o[key] = v;
  }
}

ordered_json memory_entry(const cgroup::Stats::MemoryEntry& e) {
  ordered_json o = {{"limit", e.limit}};
  put_nonzero(o, "usage", e.usage);
  put_nonzero(o, "max", e.max);
  o["failcnt"] = e.failcnt;
  return o;
}

bool is_zero(const cgroup::Stats::MemoryEntry& e) { return !e.limit && !e.usage && !e.max && !e.failcnt; }

ordered_json blkio_entries(const std::vector<cgroup::Stats::BlkioEntry>& list) {
  ordered_json a = ordered_json::array();
  for (const auto& e : list) {
    ordered_json o = ordered_json::object();
    put_nonzero(o, "major", e.major);
    put_nonzero(o, "minor", e.minor);
    put_nonzero(o, "op", e.op);
    put_nonzero(o, "value", e.value);
    a.push_back(o);
  }
  return a;
}

ordered_json stats_data(const cgroup::Stats& s, const std::vector<NetworkInterface>& net) {
  ordered_json d = ordered_json::object();
  ordered_json cpu = ordered_json::object();
  {
    ordered_json usage = ordered_json::object();
    put_nonzero(usage, "total", s.cpu.total);
    put_nonzero(usage, "percpu", s.cpu.percpu);
    put_nonzero(usage, "percpu_kernel", s.cpu.percpu_kernel);
    put_nonzero(usage, "percpu_user", s.cpu.percpu_user);
    usage["kernel"] = s.cpu.kernel;
    usage["user"] = s.cpu.user;
    if (s.cpu.total || s.cpu.kernel || s.cpu.user || !s.cpu.percpu.empty()) cpu["usage"] = usage;
    ordered_json thr = ordered_json::object();
    put_nonzero(thr, "periods", s.cpu.periods);
    put_nonzero(thr, "throttledPeriods", s.cpu.throttled_periods);
    put_nonzero(thr, "throttledTime", s.cpu.throttled_time);
    if (!thr.empty()) cpu["throttling"] = thr;
  }
  d["cpu"] = cpu;
  ordered_json cs = ordered_json::object();
  put_nonzero(cs, "cpus", s.cpuset.cpus);
  cs["cpu_exclusive"] = s.cpuset.cpu_exclusive;
  put_nonzero(cs, "mems", s.cpuset.mems);
  cs["mem_hardwall"] = s.cpuset.mem_hardwall;
  cs["mem_exclusive"] = s.cpuset.mem_exclusive;
  cs["memory_migrate"] = s.cpuset.memory_migrate;
  cs["memory_spread_page"] = s.cpuset.memory_spread_page;
  cs["memory_spread_slab"] = s.cpuset.memory_spread_slab;
  cs["memory_pressure"] = s.cpuset.memory_pressure;
  cs["sched_load_balance"] = s.cpuset.sched_load_balance;
  cs["sched_relax_domain_level"] = s.cpuset.sched_relax_domain_level;
  d["cpuset"] = cs;
  ordered_json mem = ordered_json::object();
  put_nonzero(mem, "cache", s.memory.cache);
  for (const auto& [key, e] : {std::pair{"usage", &s.memory.usage}, std::pair{"swap", &s.memory.swap},
                               std::pair{"kernel", &s.memory.kernel}, std::pair{"kernelTCP", &s.memory.kernel_tcp}})
    if (!is_zero(*e)) mem[key] = memory_entry(*e);
  if (!s.memory.raw.empty()) mem["raw"] = s.memory.raw;
  d["memory"] = mem;
  ordered_json pids = ordered_json::object();
  put_nonzero(pids, "current", s.pids.current);
  put_nonzero(pids, "limit", s.pids.limit);
  d["pids"] = pids;
  ordered_json blkio = ordered_json::object();
  for (const auto& [key, list] :
       {std::pair{"ioServiceBytesRecursive", &s.blkio.service_bytes}, std::pair{"ioServicedRecursive", &s.blkio.serviced},
        std::pair{"ioQueueRecursive", &s.blkio.queued}, std::pair{"ioServiceTimeRecursive", &s.blkio.service_time},
        std::pair{"ioWaitTimeRecursive", &s.blkio.wait_time}, std::pair{"ioMergedRecursive", &s.blkio.merged},
        std::pair{"ioTimeRecursive", &s.blkio.time}, std::pair{"sectorsRecursive", &s.blkio.sectors}})
    if (!list->empty()) blkio[key] = blkio_entries(*list);
  d["blkio"] = blkio;
  ordered_json huge = ordered_json::object();
  for (const auto& [size, h] : s.hugetlb) {
    ordered_json o = ordered_json::object();
    put_nonzero(o, "usage", h.usage);
    put_nonzero(o, "max", h.max);
    o["failcnt"] = h.failcnt;
    huge[size] = o;
  }
  d["hugetlb"] = huge;
  d["intel_rdt"] = ordered_json::object();
  if (net.empty()) {
    d["network_interfaces"] = nullptr;
  } else {
    d["network_interfaces"] = ordered_json::array();
    for (const auto& n : net)
      d["network_interfaces"].push_back({{"Name", n.name},
                                         {"RxBytes", n.rx_bytes},
                                         {"RxPackets", n.rx_packets},
                                         {"RxErrors", n.rx_errors},
                                         {"RxDropped", n.rx_dropped},
                                         {"TxBytes", n.tx_bytes},
                                         {"TxPackets", n.tx_packets},
                                         {"TxErrors", n.tx_errors},
                                         {"TxDropped", n.tx_dropped}});
  }
  return d;
}

// The container's network interfaces, through the runtime's private procfs (docs/architecture.md, the rule, point 3): the
// init's /proc/<pid>/net/dev lists those of its network namespace.
std::vector<NetworkInterface> network_of(pid_t pid) {
  auto proc = safepath::Procfs::open_private();
  if (!proc) return {};
  auto text = proc->read_file(std::to_string(pid) + "/net/dev");
  return text ? parse_net_dev(*text) : std::vector<NetworkInterface>{};
}

Result<std::string> stats_line(const std::string& id, const cgroup::Manager& cg, pid_t pid) {
  const cgroup::Stats s = TRY(cg.stats());
  return stats_event(id, s, network_of(pid));
}

// A container process still running in it: its init, pinned by a pidfd once its start time was
// checked against the recorded one.
bool init_running(pollfd& p) {
  p.revents = 0;
  return ::poll(&p, 1, 0) == 0;
}

}  // namespace

std::string stats_event(const std::string& id, const cgroup::Stats& stats, const std::vector<NetworkInterface>& net) {
  ordered_json e = {{"type", "stats"}, {"id", id}, {"data", stats_data(stats, net)}};
  return e.dump();
}

std::string oom_event(const std::string& id) {
  ordered_json e = {{"type", "oom"}, {"id", id}};
  return e.dump();
}

std::vector<NetworkInterface> parse_net_dev(std::string_view text) {
  std::vector<NetworkInterface> out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // the two header lines
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    std::vector<uint64_t> v;
    std::string_view rest = line.substr(colon + 1);
    while (!rest.empty()) {
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      if (rest.empty()) break;
      uint64_t n = 0;
      auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
      if (ec != std::errc{}) break;
      v.push_back(n);
      rest.remove_prefix(static_cast<size_t>(p - rest.data()));
    }
    if (name.empty() || v.size() < 12) continue;
    // rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes packets errs drop ...
    out.push_back({std::string(name), v[0], v[1], v[2], v[3], v[8], v[9], v[10], v[11]});
  }
  return out;
}

Result<std::chrono::milliseconds> parse_interval(std::string_view text) {
  auto ns = parse_go_duration_ns(text);
  if (!ns) return fail("events", "invalid --interval \"" + std::string(text) + "\"");
  if (*ns <= 0) return fail("events", "duration interval must be greater than 0");
  const auto ms = std::chrono::milliseconds(static_cast<int64_t>(*ns / 1e6));
  return ms.count() == 0 ? std::chrono::milliseconds(1) : ms;  // the timer's resolution
}

Result<void> events(const std::string& root, const EventsOptions& opts,
                    const std::function<void(const std::string&)>& emit) {
  if (opts.interval.count() <= 0) return fail("events", "duration interval must be greater than 0");
  State s;
  UniqueFd pidfd;
  {
    Store store(root);
    ContainerDir dir = TRY(store.open(opts.id));
    s = TRY(dir.load());
    if (current_status(dir, s) == Status::Stopped)
      return fail("", "container with id " + opts.id + " is not running");
    pidfd.reset(static_cast<int>(::syscall(SYS_pidfd_open, s.pid, 0)));
    // The pid was the init when checked; if it exited since, the pidfd may pin a stranger.
    if (!pidfd || process_start_time(s.pid) != s.pid_start_time)
      return fail("", "container with id " + opts.id + " is not running");
  }  // the lock goes here: nothing below waits while holding it
  auto cg = cgroup::manager_from_paths(s.cgroup_paths);
  if (opts.stats) {
    emit(TRY(stats_line(opts.id, *cg, s.pid)));
    return {};
  }
  std::unique_ptr<cgroup::OomWatch> oom;
  if (auto w = cg->watch_oom()) oom = std::move(*w);
  else log::warn("events " + opts.id + ": no OOM notifications: " + w.error().message());
  UniqueFd timer(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC));
  if (!timer) return sys_error("events: timerfd");
  itimerspec spec{};
  spec.it_interval.tv_sec = opts.interval.count() / 1000;
  spec.it_interval.tv_nsec = (opts.interval.count() % 1000) * 1000000;
  spec.it_value = spec.it_interval;
  if (::timerfd_settime(timer.get(), 0, &spec, nullptr) < 0) return sys_error("events: timerfd");
  auto report_ooms = [&]() {
    if (!oom) return;
    auto n = oom->consume();
    if (!n) {
      oom.reset();  // the cgroup is gone
      return;
    }
    for (uint64_t i = 0; i < *n; ++i) emit(oom_event(opts.id));
  };
  pollfd init{pidfd.get(), POLLIN, 0};
  while (init_running(init)) {
    pollfd fds[3] = {{pidfd.get(), POLLIN, 0}, {timer.get(), POLLIN, 0}, {oom ? oom->fd() : -1, 0, 0}};
    if (oom) fds[2].events = oom->poll_events();
    const int n = ::poll(fds, oom ? 3 : 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error("events: poll");
    if (oom && fds[2].revents) report_ooms();
    if (fds[1].revents & POLLIN) {
      uint64_t ticks = 0;
      (void)::read(timer.get(), &ticks, sizeof ticks);
      if (auto line = stats_line(opts.id, *cg, s.pid)) emit(*line);
      else log::error("events " + opts.id + ": " + line.error().message());
    }
  }
  // An OOM kill of the init is reported before the stream ends.
  if (oom) {
    pollfd last{oom->fd(), oom->poll_events(), 0};
    if (::poll(&last, 1, 0) > 0) report_ooms();
  }
  return {};
}

}  // namespace rampart::container
