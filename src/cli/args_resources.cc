// update, events: the resource commands, with runc's flags.
#include <array>

#include "cli/args.h"

namespace rampart::cli {
namespace {

// A flag whose value is kept as typed, for the library to parse with runc's rules.
template <auto Member>
bool given(auto& t, std::string_view v) {
  t.*Member = std::string(v);
  return true;
}

using U = UpdateArgs;
constexpr std::array<Option<U>, 19> kUpdate{{
    {{"resources,r", "value",
      "LinuxResources JSON to apply, from a file or - for stdin (every other flag is then ignored)"},
     text<&U::resources_file>},
    {{"blkio-weight", "value", "block I/O weight, 10 to 1000"}, given<&U::blkio_weight>},
    {{"cpu-period", "value", "CPU CFS period in microseconds"}, given<&U::cpu_period>},
    {{"cpu-quota", "value", "CPU CFS quota in microseconds per period (-1: none)"}, given<&U::cpu_quota>},
    {{"cpu-burst", "value", "CPU CFS burst in microseconds"}, given<&U::cpu_burst>},
    {{"cpu-share,cpu-shares", "value", "CPU shares (relative weight)"}, given<&U::cpu_shares>},
    {{"cpu-rt-period", "value", "CPU realtime period in microseconds"}, given<&U::cpu_rt_period>},
    {{"cpu-rt-runtime", "value", "CPU realtime runtime in microseconds per period"}, given<&U::cpu_rt_runtime>},
    {{"cpuset-cpus", "value", "CPUs the container may use (0-3,7)"}, given<&U::cpuset_cpus>},
    {{"cpuset-mems", "value", "memory nodes the container may use"}, given<&U::cpuset_mems>},
    {{"cpu-idle", "value", "1 to run the cgroup as SCHED_IDLE, 0 for the default"}, given<&U::cpu_idle>},
    {{"kernel-memory", "value", "ignored: the kernel no longer limits kernel memory"}, given<&U::kernel_memory>},
    {{"kernel-memory-tcp", "value", "kernel TCP buffer limit (cgroup v1)"}, given<&U::kernel_memory_tcp>},
    {{"memory", "value", "memory limit in bytes (512m, 1g; -1: none)"}, given<&U::memory>},
    {{"memory-reservation", "value", "memory soft limit in bytes"}, given<&U::memory_reservation>},
    {{"memory-swap", "value", "memory plus swap limit in bytes (-1: unlimited swap)"}, given<&U::memory_swap>},
    {{"pids-limit", "value", "most processes the container may have (-1: none)"}, given<&U::pids_limit>},
    {{"l3-cache-schema", "value", "Intel RDT L3 cache schema (not supported)"}, given<&U::l3_cache_schema>},
    {{"mem-bw-schema", "value", "Intel RDT memory bandwidth schema (not supported)"}, given<&U::mem_bw_schema>},
}};

constexpr std::array<Option<EventsArgs>, 2> kEvents{{
    {{"interval", "value", "time between stats events (a Go duration: 500ms, 5s, 1m)", "5s"},
     text<&EventsArgs::interval>},
    {{"stats", "", "print the container's stats once and exit"}, flag<&EventsArgs::stats>},
}};

}  // namespace

Result<UpdateArgs> parse_update(Words w) {
  UpdateArgs out;
  auto pos = TRY(parse_into(kUpdate, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args("update", pos, 1, 1));
  out.id = pos[0];
  return out;
}

Result<EventsArgs> parse_events(Words w) {
  EventsArgs out;
  auto pos = TRY(parse_into(kEvents, w, out));
  if (out.help) return out;
  TRY_VOID(expect_args("events", pos, 1, 1));
  out.id = pos[0];
  return out;
}

std::vector<FlagInfo> resource_flags(std::string_view command) {
  if (command == "update") return infos(kUpdate);
  if (command == "events") return infos(kEvents);
  return {};
}

}  // namespace rampart::cli
