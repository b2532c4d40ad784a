// Which file descriptors a container process may receive, and closing all the others.
//
// CVE-2024-21626 (attack 3 shape): a runtime fd that is still open while anything the container
// controls is resolved or run -- process.args[0], a PATH entry, the executable, a startContainer
// hook -- lets `/proc/self/fd/N/../../..` name a host directory. Close-on-exec does not help:
// the path is resolved before execve closes anything. So before any such step every fd is
// *closed* except stdio, the caller's preserved fds and the runtime's sync channel.
//
// `--preserve-fds N` passes the fds 3..3+N-1 that the caller of rampart really had open, never a
// runtime fd that happened to land on a free number in that range: the caller's fds are
// recorded before the runtime opens anything of its own (record_inherited_fds, first thing in
// main), and any other fd in the range is closed like the rest.
#pragma once

#include <vector>

namespace rampart::process {

// Notes which fds above stdio are open now. Called once, first thing in main(), before the
// runtime opens anything.
void record_inherited_fds();

// Whether `fd` was open when record_inherited_fds ran.
bool inherited_fd(int fd);

// Closes every fd except 0-2, the inherited fds among 3..3+preserve_fds-1 (which also lose
// close-on-exec) and the fds in `keep` (negative entries are ignored).
void close_fds_except(int preserve_fds, const std::vector<int>& keep);

// Closes every fd from `first` up (close_range, or one by one where a seccomp filter refuses
// close_range). For a child that is about to execve something with nothing but stdio.
void close_fds_from(int first);

}  // namespace rampart::process
