// exec.fifo: how `start` releases an init that `create` left waiting, and learns how it went.
//
// `create` opens the fifo read-write (so no open blocks) and hands that fd to the init, which
// thus needs no path, no procfs handle and no permission on the file (a user-namespaced root
// may have none). The init shrinks the pipe to one page and writes "0": it is then full, and
// the init waits for room, which appears only once `start` has read that byte. Released, it becomes
// the container's process (credentials, seccomp), runs the startContainer hooks, and writes "1"
// just before execve -- or "E" and the error, on any failure. `start` reads to EOF (the fifo is
// close-on-exec, so execve or the init's death ends it): it never holds the state lock while it
// waits, and it reports an init that failed after release instead of a silent "stopped".
#pragma once

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::process {

// Init side. `fifo` is the read-write fd: shrinks the pipe to one page.
Result<void> prepare_start_fifo(int fifo);
// Writes "0" and blocks until `start` has read it.
Result<void> wait_for_release(int fifo);
// "1": set-up is done, execve follows.
Result<void> report_exec(int fifo);
// "E" + message (best effort: the init exits next).
void report_failure(int fifo, const std::string& message);

// `start` side. `fifo` is opened read-only. Reads the "0" (releasing the init) and then the
// outcome; an init that exited without reporting is an error too.
Result<void> release_init(int fifo);

}  // namespace rampart::process
