#include "container/destroy.h"

#include <signal.h>

#include "linux/cgroup/cgroup.h"
#include "linux/process/hook.h"
#include "util/log.h"

namespace rampart::container {

Result<void> destroy(ContainerDir& dir, const State& s) {
  auto cg = cgroup::manager_from_paths(s.cgroup_paths);
  if (cg) {
    if (auto pids = cg->pids()) {
      for (int pid : *pids) ::kill(pid, SIGKILL);
    }
    (void)cg->thaw();
    TRY_VOID(cg->destroy());
  }
  for (const auto& h : s.hooks.poststop) {
    // runtime-spec: a failing poststop hook is logged and the deletion goes on.
    if (auto r = process::run_hook(h, oci_state_json(s, Status::Stopped, -1), "poststop"); !r)
      log::warn(r.error().message());
  }
  return dir.remove();
}

}  // namespace rampart::container
