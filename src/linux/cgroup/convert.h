// The value conversions runc makes between the OCI resources (v1 semantics) and cgroup v2.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "util/error.h"

namespace rampart::cgroup {

// cpu.shares (2..262144, default 1024) -> cpu.weight (1..10000, default 100), runc's linear map:
// 1 + ((shares - 2) * 9999) / 262142. Shares outside the v1 range are clamped first, as the v1
// kernel would.
inline uint64_t shares_to_weight(uint64_t shares) {
  shares = std::clamp<uint64_t>(shares, 2, 262144);
  return 1 + ((shares - 2) * 9999) / 262142;
}

// OCI memory.swap is memory+swap (v1's memsw); v2's memory.swap.max is swap alone. Returns -1 for
// "max", 0 for "leave alone", else the swap bytes. Mirrors runc's ConvertMemorySwapToCgroupV2Value.
inline Result<int64_t> swap_to_v2(int64_t memory_swap, int64_t memory) {
  // memory unlimited and swap unset: unlimited swap too, as v1 would behave.
  if (memory == -1 && memory_swap == 0) return -1;
  if (memory_swap == -1 || memory_swap == 0) return memory_swap;
  if (memory == 0 || memory == -1)
    return fail("apply memory", "a swap limit needs a memory limit");
  if (memory < 0) return fail("apply memory", "invalid memory limit " + std::to_string(memory));
  if (memory_swap < memory)
    return fail("apply memory", "memory+swap limit " + std::to_string(memory_swap) +
                                    " is below the memory limit " + std::to_string(memory));
  return memory_swap - memory;
}

// blkio.weight (10..1000) -> io.weight (1..10000), runc's linear map: 1 + (weight - 10) * 9999 / 990.
inline uint64_t blkio_to_io_weight(uint64_t weight) {
  weight = std::clamp<uint64_t>(weight, 10, 1000);
  return 1 + ((weight - 10) * 9999) / 990;
}

// A byte limit or count as cgroup v2 writes it: negative -> "max".
inline std::string v2_limit(int64_t value) { return value < 0 ? "max" : std::to_string(value); }

}  // namespace rampart::cgroup
