// Signal names and numbers as `kill` and `runc kill` accept them. Pure: no syscalls.
#pragma once

#include <optional>
#include <string_view>

namespace rampart {

// "9", "KILL", "sigkill", "SIGKILL", "RTMIN+3", "SIGRTMAX-1" -> the signal number; nullopt when the
// text names no signal. Names are case-insensitive, the "SIG" prefix optional; numbers must be
// 1..64. Realtime names count from SIGRTMIN = 34 to SIGRTMAX = 64, glibc's values (kernel signals
// 32 and 33 are reserved by glibc for its threads), as docker and podman do.
std::optional<int> parse_signal(std::string_view text);

// "SIGKILL" for 9, "SIGRTMIN+3" for 37, "SIGRTMAX" for 64; nullptr when sig is not 1..64.
const char* signal_name(int sig);

}  // namespace rampart
