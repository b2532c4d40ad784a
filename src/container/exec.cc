// exec: start another process inside a running container, in all its namespaces and cgroup.
#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "container/bundle.h"
#include "container/launch.h"
#include "container/lifecycle.h"
#include "linux/process/exec_init.h"
#include "linux/process/pty_relay.h"
#include "linux/process/spawn.h"
#include "linux/process/sync.h"
#include "linux/safepath/procfs.h"
#include "spec/parse.h"

namespace rampart::container {
namespace {

using process::Msg;

Result<spec::Process> build_process(const ExecOptions& o, const spec::Config& c) {
  if (!o.process_file.empty()) {
    std::string text = TRY(read_file(o.process_file));
    auto p = spec::parse_process(text);
    if (!p) return std::unexpected(p.error().within(o.process_file));
    return *p;
  }
  if (o.args.empty()) return fail("exec", "no command given (and no --process)");
  spec::Process p = c.process.value_or(spec::Process{});
  p.args = o.args;
  p.terminal = o.tty;
  for (const auto& e : o.env) p.env.push_back(e);
  if (!o.cwd.empty()) p.cwd = o.cwd;
  if (!o.user.empty()) {
    auto colon = o.user.find(':');
    try {
      p.user.uid = static_cast<uint32_t>(std::stoul(o.user.substr(0, colon)));
      if (colon != std::string::npos) p.user.gid = static_cast<uint32_t>(std::stoul(o.user.substr(colon + 1)));
    } catch (const std::exception&) {
      return fail("exec", "--user must be UID[:GID]", o.user);
    }
  }
  if (!o.additional_gids.empty()) p.user.additional_gids = o.additional_gids;
  if (!o.caps.empty()) {
    spec::Capabilities caps = p.capabilities.value_or(spec::Capabilities{});
    for (auto* set : {&caps.bounding, &caps.effective, &caps.permitted, &caps.inheritable, &caps.ambient})
      for (const auto& cap : o.caps) set->push_back(cap);
    p.capabilities = caps;
  }
  if (o.no_new_privs) p.no_new_privileges = true;
  return p;
}

struct Joined {
  std::vector<std::pair<int, int>> join;
  std::vector<UniqueFd> fds;
};

// The init's namespaces that differ from ours, opened through the private procfs. pid and time
// only affect children, so the runtime enters them itself before forking.
Result<Joined> open_namespaces(pid_t init) {
  auto proc = TRY(safepath::Procfs::open_private());
  static const std::pair<const char*, int> kinds[] = {
      {"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS},    {"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS},
      {"net", CLONE_NEWNET},   {"cgroup", CLONE_NEWCGROUP}, {"pid", CLONE_NEWPID}, {"time", CLONE_NEWTIME}};
  // ns/<type> entries are magic links, which the procfs handle refuses by design; the ns
  // directory is opened through it and the entry itself (the namespace, not a path) from there.
  UniqueFd their_dir = TRY(proc.open(std::to_string(init) + "/ns", O_PATH | O_DIRECTORY));
  UniqueFd our_dir = TRY(proc.open("self/ns", O_PATH | O_DIRECTORY));
  Joined j;
  for (const auto& [name, type] : kinds) {
    UniqueFd theirs_fd(::openat(their_dir.get(), name, O_RDONLY | O_CLOEXEC));
    if (!theirs_fd) {
      if (errno == ENOENT) continue;
      return sys_error("exec: open namespace", std::to_string(init) + "/ns/" + name);
    }
    auto* theirs = &theirs_fd;
    UniqueFd ours(::openat(our_dir.get(), name, O_RDONLY | O_CLOEXEC));
    struct stat a{}, b{};
    if (ours && ::fstat(theirs->get(), &a) == 0 && ::fstat(ours.get(), &b) == 0 && a.st_ino == b.st_ino &&
        a.st_dev == b.st_dev)
      continue;
    if (type == CLONE_NEWPID || type == CLONE_NEWTIME) {
      if (::setns(theirs->get(), type) < 0) return sys_error(std::string("exec: join ") + name + " namespace");
      continue;
    }
    j.join.emplace_back(type, theirs->get());
    j.fds.push_back(std::move(*theirs));
  }
  return j;
}

}  // namespace

Result<int> exec(const std::string& root, const ExecOptions& o) {
  Store store(root);
  State s;
  spec::Config config;
  {
    ContainerDir dir = TRY(store.open(o.id));
    s = TRY(dir.load());
    Status st = current_status(dir, s);
    if (st == Status::Stopped) return fail("", "cannot exec in a stopped container");
    if (st == Status::Paused) return fail("", "cannot exec in a paused container");
    std::string text = TRY(dir.load_config());
    config = TRY(spec::parse_config(text));
  }
  spec::Process p = TRY(build_process(o, config));
  TRY_VOID(spec::validate_process(p));
  if (p.terminal && o.console_socket.empty() && o.detach)
    return fail("exec", "cannot allocate a tty for a detached process without --console-socket");

  Joined ns = TRY(open_namespaces(s.pid));
  auto [console, console_peer] = TRY(console_endpoints(o.console_socket, p.terminal));
  auto [ours, theirs] = TRY(sync_socketpair());

  process::ExecRequest req;
  req.process = &p;
  req.seccomp = config.linux && config.linux->seccomp ? &*config.linux->seccomp : nullptr;
  req.join_ns = ns.join;
  req.sync_fd = theirs.get();
  req.console_socket_fd = console.get();
  req.preserve_fds = o.preserve_fds;

  sigset_t set = forwarded_signals(), old;
  if (!o.detach) ::sigprocmask(SIG_BLOCK, &set, &old);
  process::Spawned child = TRY(process::spawn(0));
  if (child.pid == 0) {
    ours.reset();
    process::exec_init(req);
  }
  theirs.reset();
  console.reset();
  auto kill_child = [&] {
    ::kill(child.pid, SIGKILL);
    ::waitpid(child.pid, nullptr, 0);
  };
  if (auto cg = cgroup::manager_from_paths(s.cgroup_paths)) {
    if (auto r = cg->add_pid(child.pid); !r) {
      kill_child();
      return std::unexpected(r.error());
    }
  }
  auto setup = [&]() -> Result<UniqueFd> {
    TRY_VOID(process::send_msg(ours.get(), Msg::Go));
    TRY(process::expect_msg(ours.get(), Msg::Ready));
    UniqueFd master;
    if (console_peer) master = TRY(process::receive_pty_master(console_peer.get()));
    TRY_VOID(process::send_msg(ours.get(), Msg::Start));
    auto m = process::recv_msg(ours.get());  // closes on a successful execve
    if (m && m->type == Msg::Failed) return std::unexpected(Error{{}, {}, 0, m->text});
    return master;
  };
  auto master = setup();
  if (!master) {
    kill_child();
    return std::unexpected(master.error());
  }
  if (!o.pid_file.empty()) TRY_VOID(write_pid_file(o.pid_file, child.pid));
  if (o.detach) return 0;
  return forward_until_exit(child.pid, child.pidfd.get(), set, master->get());
}

}  // namespace rampart::container
