// kill, delete, pause, resume, state, list, ps.
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container/launch.h"
#include "container/contract_errors.h"
#include "container/lifecycle.h"
#include "container/recover.h"
#include "linux/process/namespaces.h"
#include "spec/parse.h"

namespace rampart::container {
namespace {

// pid reuse (crun#1200): the pidfd is opened first and pins a process; only if that process has
// the start time recorded at create is it signalled -- a recycled pid (or one whose start time
// was never recorded) is never signalled, even if the pid was reused just before the open.
Result<void> signal_init(const State& s, int sig) {
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, s.pid, 0)));
  if (pidfd && (s.pid_start_time == 0 || process_start_time(s.pid) != s.pid_start_time))
    return not_running();
  if (!pidfd || ::syscall(SYS_pidfd_send_signal, pidfd.get(), sig, nullptr, 0) < 0) {
    if (errno == ESRCH) return not_running();
    return sys_error("kill", std::to_string(s.pid));
  }
  return {};
}

// Whether the container made its own pid namespace (a type "pid" entry without a path): its
// init is pid 1 there and every process in it is the container's.
Result<bool> has_private_pid_namespace(ContainerDir& dir) {
  spec::Config c = TRY(spec::parse_config(TRY(dir.load_config())));
  if (!c.linux) return false;
  for (const auto& ns : c.linux->namespaces)
    if (ns.type == spec::NamespaceType::Pid) return ns.path.empty();
  return false;
}

// No cgroup of its own (rootless without delegation): runc finds a container's processes only
// through its cgroup and refuses `kill --all` without one. In a private pid namespace they are
// that namespace's processes: SIGKILL to the init is enough (the kernel kills every process of
// a pid namespace whose init dies); any other signal goes to each of them, found by pid
// namespace through the private procfs. Sharing a pid namespace they cannot be told from
// processes that are not the container's: refused, as runc does.
Result<void> signal_all_without_cgroup(ContainerDir& dir, const State& s, int sig) {
  if (!TRY(has_private_pid_namespace(dir)))
    return fail("kill --all", "the container has no cgroup of its own and shares its pid namespace: its processes "
                              "cannot be told apart from others (signal the init without --all)");
  if (sig == SIGKILL) return signal_init(s, sig);
  UniqueFd init(static_cast<int>(::syscall(SYS_pidfd_open, s.pid, 0)));
  if (!init || s.pid_start_time == 0 || process_start_time(s.pid) != s.pid_start_time)
    return not_running();
  UniqueFd ns = TRY(process::namespace_of(init.get(), s.pid, CLONE_NEWPID));
  for (const auto& pidfd : TRY(process::processes_in_pid_namespace(ns.get())))  // the init among them
    (void)::syscall(SYS_pidfd_send_signal, pidfd.get(), sig, nullptr, 0);
  return {};
}

Result<void> signal_all(ContainerDir& dir, const State& s, int sig) {
  // No directory in any hierarchy: no cgroup of its own (launch.cc, create_cgroup).
  if (s.cgroup_paths.unified.empty() && s.cgroup_paths.controllers.empty()) return signal_all_without_cgroup(dir, s, sig);
  auto cg = cgroup::manager_from_paths(s.cgroup_paths);
  auto pids = TRY(cg->pids());
  for (int pid : pids) ::kill(pid, sig);
  if (sig == SIGKILL) (void)cg->thaw();  // a frozen process cannot die until thawed
  return {};
}

}  // namespace

Result<void> kill(const std::string& root, const std::string& id, int sig, bool all) {
  Store store(root);
  ContainerDir dir = TRY(store.open(id));
  State s = TRY(dir.load());
  Status st = current_status(dir, s);
  if (st == Status::Stopped) {
    if (all) return {};  // youki#1204: kill --all of a stopped container succeeds
    return not_running();
  }
  return all ? signal_all(dir, s, sig) : signal_init(s, sig);
}

Result<void> remove(const std::string& root, const std::string& id, bool force) {
  Store store(root);
  auto opened = store.open(id);
  if (!opened) {
    if (force && opened.error().kind == ErrorKind::NotFound) {
      store.sweep_abandoned();  // a create killed before it claimed the id left a hidden directory
      return {};
    }
    return std::unexpected(opened.error());
  }
  ContainerDir dir = std::move(*opened);
  if (force) store.sweep_abandoned();
  Learnt l = learn(dir, id);
  if (l.from != Learnt::From::StateFile) {
    // No good state.json: a create in progress, one whose runtime was killed, or a damaged file.
    // What the intent names (cgroup paths, the init's pid and start time) is undone, whatever
    // prefix of create was done. A create that was abandoned made a stopped container, which a
    // plain delete removes too; the others need --force.
    if (!force && l.damaged)
      return fail("", "the state of container " + id + " is damaged (" + l.damage + "): delete --force removes it");
    if (!force && l.creating) return fail("", "cannot delete container " + id + " that is being created");
    if (!l.damaged) l.state.hooks = {};  // never created: no poststop hooks
    return destroy(dir, l.state);
  }
  State s = std::move(l.state);
  Status st = current_status(dir, s);
  if ((st == Status::Running || st == Status::Paused) && !force)
    return not_stopped(id, status_name(st));
  // A created container is killed even without --force: containerd's shim relies on it.
  // destroy() kills every process in the cgroup and waits until the cgroup is empty. Waiting for
  // the init to exit instead took seconds: a pid-namespace init does not finish exiting until
  // the zombies of exec'd processes are reaped by their parent outside the container.
  return destroy(dir, s);
}

Result<void> pause(const std::string& root, const std::string& id) {
  Store store(root);
  ContainerDir dir = TRY(store.open(id));
  State s = TRY(dir.load());
  Status st = current_status(dir, s);
  if (st != Status::Running && st != Status::Created)
    return not_running(status_name(st));
  return cgroup::manager_from_paths(s.cgroup_paths)->freeze();
}

Result<void> resume(const std::string& root, const std::string& id) {
  Store store(root);
  ContainerDir dir = TRY(store.open(id));
  State s = TRY(dir.load());
  if (current_status(dir, s) != Status::Paused) return fail("", "container not paused");
  return cgroup::manager_from_paths(s.cgroup_paths)->thaw();
}

// The queries take no lock (store.h): they never wait behind a create, start or delete in
// progress, nor deadlock when a hook asks about its own container.
Result<std::string> state(const std::string& root, const std::string& id) {
  Store store(root);
  ContainerDir dir = TRY(store.read(id));
  Learnt l = learn(dir, id);
  if (l.from != Learnt::From::StateFile && !dir.exists())
    return does_not_exist(id);  // deleted meanwhile
  // A state.json that is damaged, or not a regular file, is an error naming it: never a guess.
  if (l.damaged) return fail("", "the state of container " + id + " is damaged (" + l.damage + "): delete --force removes it");
  // No state.json: "creating" while the create runs; "stopped" once its runtime died without
  // saving it (the init died with it: it is tied to the runtime until the state is saved).
  return oci_state_json(l.state, learnt_status(dir, l), 2);
}

std::vector<ListEntry> list(const std::string& root) {
  Store store(root);
  std::vector<ListEntry> out;
  for (const auto& id : store.list()) {
    auto dir = store.read(id);
    if (!dir) continue;
    // Every container is listed, a damaged one as "unknown" and a half-made one as creating or
    // stopped: a container nobody can see is one nobody deletes.
    Learnt l = learn(*dir, id);
    if (l.from != Learnt::From::StateFile && !dir->exists()) continue;  // deleted meanwhile
    out.push_back({l.state, learnt_status(*dir, l)});
  }
  return out;
}

Result<std::vector<int>> processes(const std::string& root, const std::string& id) {
  Store store(root);
  ContainerDir dir = TRY(store.read(id));
  State s = TRY(dir.load());
  auto cg = cgroup::manager_from_paths(s.cgroup_paths);
  if (!cg) return std::vector<int>{};
  auto pids = TRY(cg->pids());
  return std::vector<int>(pids.begin(), pids.end());
}

}  // namespace rampart::container
