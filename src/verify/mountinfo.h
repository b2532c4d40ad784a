// /proc/PID/mountinfo and the other small kernel texts verify reads, parsed. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/config.h"
#include "util/error.h"
#include "util/mountinfo.h"
#include "verify/facts.h"

namespace rampart::verify {

// The mountinfo parser is the one in util/mountinfo.h (rampart::parse_mountinfo).
using rampart::parse_mountinfo;

// The fields of /proc/PID/status verify judges, filled into `p` (Uid, Gid, Cap*, NoNewPrivs,
// Seccomp, Name). Unknown lines are ignored; a missing Uid or CapEff line is an error.
Result<void> parse_status(std::string_view text, ProcessFacts& p);

// Field 22 (starttime) of /proc/PID/stat; nullopt when the text is not a stat line.
std::optional<uint64_t> parse_start_time(std::string_view stat_text);

// /proc/PID/uid_map or gid_map: "container host size" lines.
std::vector<spec::IdMapping> parse_id_map(std::string_view text);

// "ns:[4026531840]" (the kernel's readlink of /proc/PID/ns/X) -> 4026531840.
std::optional<uint64_t> parse_ns_link(std::string_view text);

// "0-3,5,7-8" -> {0,1,2,3,5,7,8}; nullopt when malformed.
std::optional<std::vector<uint32_t>> parse_cpu_list(std::string_view text);

}  // namespace rampart::verify
