#include "container/destroy.h"

#include <sys/syscall.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>

#include "linux/cgroup/cgroup.h"
#include "linux/mount/host_namespace.h"
#include "linux/process/hook.h"
#include "util/log.h"

namespace rampart::container {

namespace {

// The init, by pidfd, when it is the very process recorded (pid and start time): a create killed
// between clone and joining the cgroup leaves an init the cgroup does not hold. A reused pid is
// never signalled.
void kill_recorded_init(const State& s) {
  if (s.pid <= 0 || s.pid_start_time == 0) return;
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, s.pid, 0)));
  if (pidfd && process_start_time(s.pid) == s.pid_start_time)
    ::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0);
}

}  // namespace

Result<void> destroy(ContainerDir& dir, const State& s) {
  kill_recorded_init(s);
  auto cg = cgroup::manager_from_paths(s.cgroup_paths);
  if (cg) {
    // Every process of the container (exec'd ones, and ones outside its pid namespace, too) is
    // killed and gone from the cgroup before the rmdir, so the rmdir succeeds at once instead of
    // retrying on EBUSY. runc's `delete --force` waits up to 10 s as well.
    TRY_VOID(cg->kill_all(std::chrono::seconds(10)));
    TRY_VOID(cg->destroy());
  }
  // A container without a mount namespace left its mounts in the host's (mount/host_namespace.h).
  if (s.host_mounts_base) TRY_VOID(mount::detach_host_rootfs_mounts(s.rootfs, s.host_mounts_base));
  // runc's order: the state goes, then the poststop hooks run, with no lock held (store.h).
  auto removed = dir.remove();
  dir.unlock();
  for (const auto& h : s.hooks.poststop) {
    // runtime-spec: a failing poststop hook is logged and the deletion goes on.
    if (auto r = process::run_hook(h, oci_state_json(s, Status::Stopped, -1), "poststop"); !r)
      log::warn(r.error().message());
  }
  return removed;
}

}  // namespace rampart::container
