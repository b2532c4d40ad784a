// What `events` reports about a container's cgroup, in runc's groups (cpu, cpuset, memory, pids,
// blkio, hugetlb; network interfaces come from the container's network namespace, not the
// cgroup). Values as runc reports them: nanoseconds of cpu, bytes of memory.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rampart::cgroup {

struct Stats {
  struct Cpu {
    uint64_t total = 0, kernel = 0, user = 0;
    std::vector<uint64_t> percpu, percpu_kernel, percpu_user;
    uint64_t periods = 0, throttled_periods = 0, throttled_time = 0;
  };
  struct CpuSet {
    std::vector<uint16_t> cpus, mems;
    uint64_t cpu_exclusive = 0, mem_hardwall = 0, mem_exclusive = 0, memory_migrate = 0;
    uint64_t memory_spread_page = 0, memory_spread_slab = 0, memory_pressure = 0, sched_load_balance = 0;
    int64_t sched_relax_domain_level = 0;
  };
  struct MemoryEntry {
    uint64_t limit = 0, usage = 0, max = 0, failcnt = 0;
  };
  struct Memory {
    uint64_t cache = 0;
    MemoryEntry usage, swap, kernel, kernel_tcp;
    std::map<std::string, uint64_t> raw;  // memory.stat
  };
  struct Pids {
    uint64_t current = 0, limit = 0;  // limit 0: none
  };
  struct BlkioEntry {
    uint64_t major = 0, minor = 0;
    std::string op;
    uint64_t value = 0;
  };
  struct Blkio {
    std::vector<BlkioEntry> service_bytes, serviced, queued, service_time, wait_time, merged, time, sectors;
  };
  struct Hugetlb {
    uint64_t usage = 0, max = 0, failcnt = 0;
  };

  Cpu cpu;
  CpuSet cpuset;
  Memory memory;
  Pids pids;
  Blkio blkio;
  std::map<std::string, Hugetlb> hugetlb;  // page size ("2MB") -> usage
  // The groups this host's cgroup had files for ("cpu", "memory", ...), for the caller's checks.
  std::vector<std::string> present;
};

// Parsers for the cgroup file formats the stats come from; pure, for tests.
// "key value" lines (memory.stat, cpu.stat, memory.events) -> map.
std::map<std::string, uint64_t> parse_flat_keyed(std::string_view text);
// "0-3,7" -> {0,1,2,3,7}.
std::vector<uint16_t> parse_cpu_list(std::string_view text);
// v1 blkio files: "8:0 Read 4096" lines ("Total N" skipped).
std::vector<Stats::BlkioEntry> parse_blkio_v1(std::string_view text);
// v2 io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 ..." -> service_bytes (Read/Write) and
// serviced (Read/Write) entries, as runc converts them.
void parse_io_stat(std::string_view text, Stats::Blkio& out);

}  // namespace rampart::cgroup
