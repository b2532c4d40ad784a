// `update`: change a running container's resources, as containerd's shim (CRI
// UpdateContainerResources: `update --resources - ID` with LinuxResources JSON on stdin) and
// runc's own flags do.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "spec/resources.h"
#include "util/error.h"

namespace rampart::container {

struct UpdateOptions {
  std::string id;
  // -r/--resources: a file, or "-" for stdin (the text is then in `resources_json`). When given,
  // every flag below is ignored, as runc does.
  std::string resources_file;
  std::string resources_json;
  // runc's flags as typed ("512m", "-1", "0-3"); empty optionals were not given.
  std::optional<std::string> memory, memory_reservation, memory_swap, kernel_memory, kernel_memory_tcp;
  std::optional<std::string> cpu_shares, cpu_quota, cpu_period, cpu_burst, cpu_rt_runtime, cpu_rt_period;
  std::optional<std::string> cpuset_cpus, cpuset_mems, cpu_idle, pids_limit, blkio_weight;
  std::optional<std::string> l3_cache_schema, mem_bw_schema;
};

// Applies the update: the request is merged into the container's current resources (runc's
// merge, spec::merge_resources), the fields it touches are written -- each controller's writes
// undone if one fails, so a failed update leaves the old limits -- and the merged set is kept in
// the state directory for the next update. New device rules replace the v2 device program (or
// the v1 lists) atomically. A stopped container is "container not running".
Result<void> update(const std::string& root, const UpdateOptions& opts);

// What the options ask for (pure): the -r JSON, or the flags parsed as runc parses them. Bad
// input (a malformed size, a negative limit, an unknown field type) is an error naming the flag.
Result<spec::Resources> update_request(const UpdateOptions& opts);

// docker/go-units RAMInBytes, which runc's size flags use: "1024", "512k", "1.5g", "64MiB" (binary
// multiples, case-insensitive, optional "b"/"ib" suffix). "-1" is left to the caller.
Result<int64_t> parse_ram_size(std::string_view text);

// The part of `merged` an update writes: the fields `request` sets, plus the partner each needs
// to be converted correctly (memory limit with swap, cpu quota with period and burst).
spec::Resources update_writes(const spec::Resources& merged, const spec::Resources& request);

}  // namespace rampart::container
