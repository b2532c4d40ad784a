// Attack cases for classes 4, 5, 6, 7, 8, 10 and 11 of the "Safe paths" issue: symlinked mount
// destinations and masked/readonly entries, symlink-exchange races on shared volumes, leaked fds
// and cwd, the runtime binary through /proc/PID/exe, device path tricks, bind sources inside the
// rootfs, and racing binds.
#pragma once

#include <vector>

#include "probe/case.h"

namespace rampart::probe {

// Appends this file set's cases, in a stable order, to `out`.
void add_cases_q(std::vector<Case>& out);

}  // namespace rampart::probe
