#include "container/launch.h"

#include "container/id.h"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <optional>

#include "container/admission.h"
#include "container/bundle.h"
#include "container/notify_socket.h"
#include "container/create_record.h"
#include "container/fault_point.h"
#include "linux/cgroup/devices.h"
#include "linux/cgroup/entry.h"
#include "linux/mount/attach.h"
#include "linux/mount/host_namespace.h"
#include "linux/process/credentials.h"
#include "linux/process/hook.h"
#include "linux/process/init.h"
#include "linux/process/namespaces.h"
#include "linux/process/pty_relay.h"
#include "linux/process/seccomp.h"
#include "linux/process/seccomp_listener.h"
#include "linux/process/spawn.h"
#include "linux/process/sync.h"
#include "linux/safepath/procfs.h"
#include "linux/safepath/root.h"
#include "util/host_file.h"
#include "util/log.h"

namespace rampart::container {
namespace {

using process::Msg;

// Undoes a half-made container: the init (and so its mount namespace and every mount in it),
// the cgroup, the state directory. Disarmed once create has succeeded.
struct Undo {
  ContainerDir* dir = nullptr;
  cgroup::Manager* cg = nullptr;
  int pidfd = -1;
  pid_t pid = 0;
  const State* state = nullptr;  // its host_mounts_base: mounts made in the host's namespace
  bool armed = true;
  ~Undo() {
    if (!armed) return;
    if (pidfd >= 0) {
      ::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
      ::waitpid(pid, nullptr, 0);
    }
    if (state && state->host_mounts_base) (void)mount::detach_host_rootfs_mounts(state->rootfs, state->host_mounts_base);
    if (cg) (void)cg->destroy();
    if (dir) (void)dir->remove();
  }
};

struct Namespaces {
  uint64_t clone_flags = 0;
  unsigned long unshare_flags = 0;
  std::vector<std::pair<int, int>> join;  // (type, fd)
  std::vector<UniqueFd> fds;
  UniqueFd late_pid;  // a joined pid namespace the init enters last (handover.h)
  bool new_user = false;
  bool new_time = false;
};

using process::clone_flag;

// New pid and user namespaces come from clone3 (the init is born in them); the others are
// unshared by the init once it is in its cgroup (so a new cgroup namespace is rooted there) and
// has joined any namespace given by path (user first, so new ones belong to it). A new time
// namespace is entered by the runtime itself (it only takes effect for children). A joined pid
// namespace holds other containers' processes: the init enters it last, once it holds nothing
// of the host (handover.h) -- unless it could not (a new user namespace has no say over a pid
// namespace it does not own), where the runtime enters it before clone, as runc does.
Result<Namespaces> plan_namespaces(const spec::Linux& linux) {
  Namespaces ns;
  const spec::Namespace* user = linux.find_namespace(spec::NamespaceType::User);
  for (const auto& n : linux.namespaces) {
    int flag = clone_flag(n.type);
    if (n.path.empty()) {
      if (flag == CLONE_NEWPID || flag == CLONE_NEWUSER) ns.clone_flags |= static_cast<uint64_t>(flag);
      else if (flag == CLONE_NEWTIME) ns.new_time = true;
      else ns.unshare_flags |= static_cast<unsigned long>(flag);
      ns.new_user = ns.new_user || flag == CLONE_NEWUSER;
      continue;
    }
    UniqueFd fd(::open(n.path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return sys_error(std::string("open ") + spec::namespace_name(n.type) + " namespace", n.path);
    // The path must name a namespace of that very type: anything else (a regular file, another
    // type's namespace) fails here, naming the path, not later as an EINVAL from setns.
    int type = ::ioctl(fd.get(), NS_GET_NSTYPE);
    if (type != flag)
      return fail(std::string("join ") + spec::namespace_name(n.type) + " namespace",
                  type < 0 ? "not a namespace" : "a namespace of another type", n.path);
    if (flag == CLONE_NEWPID && (!user || !user->path.empty())) {
      UniqueFd userns = user ? UniqueFd(::open(user->path.c_str(), O_RDONLY | O_CLOEXEC))
                             : TRY(process::own_namespace(CLONE_NEWUSER));
      if (userns && process::may_join(userns.get(), fd.get())) {
        ns.late_pid = std::move(fd);
        continue;
      }
    }
    if (flag == CLONE_NEWPID || flag == CLONE_NEWTIME) {
      if (::setns(fd.get(), flag) < 0)
        return sys_error(std::string("join ") + spec::namespace_name(n.type) + " namespace", n.path);
      continue;
    }
    auto entry = std::make_pair(flag, fd.get());
    if (flag == CLONE_NEWUSER) ns.join.insert(ns.join.begin(), entry);
    else ns.join.push_back(entry);
    ns.fds.push_back(std::move(fd));
  }
  return ns;
}

// runc's device rules: the config's own, in order, then runc's fixed default allow list; the
// cgroup starts from deny-all. A linux.devices entry adds no rule of its own, so a config that
// creates a node and denies it (the usual way to ship a node nobody may open) keeps it denied.
spec::Resources resources_with_device_defaults(const spec::Linux& linux) {
  spec::Resources r = linux.resources.value_or(spec::Resources{});
  r.devices = cgroup::container_device_rules(r.devices, linux.devices);
  return r;
}

// Rootless: a caller without write access to the cgroup hierarchy (no delegation) gets a
// container without a cgroup of its own -- no resource limits, `kill --all` and `ps` see only
// what they can find without one -- and a warning saying so, as runc's rootless mode does. For
// root, and for any other error, the cgroup is made or create fails.
Result<bool> create_cgroup(cgroup::Manager& cg) {
  auto made = cg.create();
  if (made) return true;
  int err = made.error().err;
  if (::geteuid() == 0 || (err != EACCES && err != EPERM && err != EROFS)) return std::unexpected(made.error());
  (void)cg.destroy();  // whatever part of it was made
  std::string warning = "rootless: no write access to the cgroup hierarchy (" + made.error().message() +
                        "): the container runs without a cgroup of its own and linux.resources (pids, memory, cpu "
                        "limits) are not applied";
  log::warn(warning);
  // On stderr too, as runc's rootless warning is: the caller is a person, not a shim.
  warning = "rampart: warning: " + warning + "\n";
  (void)!::write(2, warning.data(), warning.size());
  return false;
}

Result<void> enter_new_time_ns(const spec::Linux& linux) {
  if (::unshare(CLONE_NEWTIME) < 0) return sys_error("unshare time namespace");
  if (linux.time_offsets.empty()) return {};
  auto proc = TRY(safepath::Procfs::open_private());
  std::string text;
  for (const auto& [clock, off] : linux.time_offsets)
    text += clock + " " + std::to_string(off.secs) + " " + std::to_string(off.nanosecs) + "\n";
  return proc.write_file("self/timens_offsets", text);
}

// The host id that id 0 of the container maps to, if any.
std::optional<uint32_t> host_id_of_root(const std::vector<spec::IdMapping>& maps) {
  for (const auto& m : maps)
    if (m.container_id == 0) return m.host_id;
  return std::nullopt;
}

// A mount with uidMappings/gidMappings, or the "idmap"/"ridmap" option (which, without maps of
// its own, takes the container's user-namespace maps, as runc does).
bool is_idmapped(const spec::Config& c, const plan::Step& step) {
  return step.options.idmap || (step.mount_index < c.mounts.size() && !c.mounts[step.mount_index].uid_mappings.empty());
}

// The detached copy is idmapped here, before the init can attach it: mount_setattr refuses
// MOUNT_ATTR_IDMAP on an attached mount, and the maps come from a user namespace the runtime
// makes for that purpose alone (no process of the container is ever in it).
Result<void> idmap_if_asked(int tree, const spec::Config& c, const plan::Step& step) {
  if (!is_idmapped(c, step)) return {};
  const spec::Mount& m = c.mounts.at(step.mount_index);
  const auto& uids = m.uid_mappings.empty() ? c.linux->uid_mappings : m.uid_mappings;
  const auto& gids = m.gid_mappings.empty() ? c.linux->gid_mappings : m.gid_mappings;
  if (uids.empty() || gids.empty())
    return fail("idmapped mount", "no maps: give the mount uidMappings/gidMappings, or the container a user namespace",
                step.destination);
  UniqueFd userns = TRY(process::new_user_namespace(uids, gids));
  return mount::idmap_tree(tree, userns.get(), step.options.idmap_recursive, step.destination);
}

Result<void> run_hooks(const std::vector<spec::Hook>& hooks, const std::string& state, const char* phase) {
  for (const auto& h : hooks) TRY_VOID(process::run_hook(h, state, phase));
  return {};
}

// Drives the init through its set-up until it reports Ready, running the runtime-side hooks
// when it asks for them. When the init hands over to a child in a joined pid namespace
// (handover.h), `on_child` adopts that child and returns the "created" state for its
// startContainer hooks, which it is sent.
template <class OnChild>
Result<void> drive_init(int sync, const spec::Config& c, const pid_t& init_pid, const std::string& state_json,
                        const std::string& prestart_state, OnChild on_child) {
  for (;;) {
    auto m = TRY(process::recv_msg(sync));
    switch (m.type) {
      case Msg::RunHooks:
        log::debug("running prestart and createRuntime hooks");
        TRY_VOID(run_hooks(c.hooks.prestart, prestart_state, "prestart"));
        TRY_VOID(run_hooks(c.hooks.create_runtime, state_json, "createRuntime"));
        fault_point("prestart and createRuntime hooks ran");
        TRY_VOID(process::send_msg(sync, Msg::HooksDone));
        break;
      case Msg::Child:
        TRY_VOID(process::send_msg(sync, Msg::Go, 0, TRY(on_child(static_cast<pid_t>(m.value)))));
        break;
      case Msg::Rlimits:  // from the host user namespace (credentials.h)
        TRY_VOID(process::set_rlimits(init_pid, c.process->rlimits));
        TRY_VOID(process::send_msg(sync, Msg::Rlimits));
        break;
      case Msg::Ready: return {};
      case Msg::Failed: return std::unexpected(Error{{}, {}, 0, m.text});
      default: return fail("sync with container init", "unexpected message");
    }
  }
}

}  // namespace

Result<Launched> launch(const Store& store, const CreateOptions& opts, bool with_fifo) {
  TRY_VOID(validate_container_id(opts.id));  // before anything is read: the id names the error
  Bundle b = TRY(load_bundle(opts.bundle));
  log::debug("create " + opts.id + ": bundle " + b.bundle + " loaded (rootfs " + b.rootfs + ")");
  const spec::Config& c = b.config;
  const spec::Process& p = *c.process;
  if (p.terminal && opts.console_socket.empty() && !opts.own_console)
    return fail("create", "process.terminal is true but no --console-socket was given");
  if (!p.terminal && !opts.console_socket.empty())
    return fail("create", "--console-socket given but process.terminal is false");

  // Bind sources are located once, here, by identity against the rootfs fd (inside the rootfs:
  // the image's, resolved in the root when mounted; else the host's, opened now): policy judges
  // these and the init mounts these same fds (inherited across clone), so nothing can be
  // swapped in between (docs/security.md, row 18).
  auto located = TRY(locate_bind_sources(c, b.bundle, b.rootfs_fd.get()));
  mount::BindSources sources;
  std::vector<UniqueFd> trees;
  for (const auto& step : b.plan.steps) {
    if (step.kind == plan::StepKind::Mount && is_idmapped(c, step)) {
      auto found = located.found.find(step.mount_index);
      if (step.type != "bind" || (found != located.found.end() && found->second.in_rootfs))
        return fail("create", "idmapped mounts are supported for bind mounts of a host source", step.destination);
    }
    if (step.kind != plan::StepKind::Mount || step.type != "bind") continue;
    auto it = located.found.find(step.mount_index);
    if (it == located.found.end()) continue;  // missing: judged by policy first, reported below
    if (it->second.in_rootfs) {
      sources[step.mount_index].in_root = it->second.in_root;
      continue;
    }
    // The detached copy is made here, in the runtime's mount namespace where the fd's mount
    // lives (open_tree refuses a mount of another namespace), and made non-propagating before
    // anything can be mounted under it; the init only moves it into place.
    UniqueFd tree = TRY(mount::clone_tree(it->second.host.get(), step.options, step.source, step.clone_propagation));
    TRY_VOID(idmap_if_asked(tree.get(), c, step));
    sources[step.mount_index].tree = tree.get();
    trees.push_back(std::move(tree));
  }
  // Admission before anything exists: a refused bundle leaves nothing behind.
  TRY_VOID(enforce_policy(c, opts.id, opts.policy, b.bundle, &located.found, b.rootfs_fd.get()));
  if (!located.missing.empty()) return std::unexpected(located.missing.begin()->second);
  located.found.clear();  // the trees hold what is mounted; the init needs no other host fd
  log::debug("create " + opts.id + ": admitted, " + std::to_string(sources.size()) + " bind source(s) located");
  // The seccomp filter is compiled here (or read from the cache under --root,
  // linux/process/seccomp_cache.h), before anything exists: a profile libseccomp or the
  // kernel cannot take fails `create` with nothing left behind. A notifying profile's listener
  // is connected now too (runc fails on a missing listener as well); the init sends it the fd.
  std::optional<process::SeccompFilter> filter;
  UniqueFd listener;
  if (c.linux->seccomp) {
    filter = TRY(process::compile_seccomp(*c.linux->seccomp, store.root()));
    if (filter->notify) listener = TRY(process::connect_seccomp_listener(c.linux->seccomp->listener_path));
  }
  // The cgroup's paths are known before anything exists: they go into the intent, written with
  // the state directory, before the cgroup is made (create_record.h).
  std::unique_ptr<cgroup::Manager> cg = TRY(cgroup::make_manager(opts.id, c.linux->cgroups_path));
  State s = initial_state(opts.id, b, cg->paths());
  const bool shares_host_mounts = !c.linux->find_namespace(spec::NamespaceType::Mount);
  if (shares_host_mounts) s.host_mounts_base = TRY(mount::mount_id_of(b.rootfs_fd.get(), b.rootfs));
  ContainerDir dir = TRY(store.create(opts.id, intent_of_this_process(s)));
  fault_point("state directory named");
  if (caller_notify_socket()) TRY_VOID(add_notify_socket(dir.fd(), b.config, b.plan, sources, trees));
  process::Spawned child;
  Undo undo;  // declared after what it undoes, so it runs before they are destroyed
  undo.dir = &dir;
  undo.state = &s;
  UniqueFd fifo;
  if (with_fifo) {
    if (::mknodat(dir.fd(), "exec.fifo", S_IFIFO | 0622, 0) < 0) return sys_error("create exec fifo", dir.fifo_path());
    // 0622 whatever the caller's umask (conmon's 022 made it 0600), as runc's.
    if (::fchmodat(dir.fd(), "exec.fifo", 0622, 0) < 0) return sys_error("chmod exec fifo", dir.fifo_path());
    // Owned by the container's root, as runc's (where the maps name one): the init uses the fd
    // it is handed, but a client looking at the fifo sees runc's owner.
    auto root_uid = host_id_of_root(c.linux->uid_mappings), root_gid = host_id_of_root(c.linux->gid_mappings);
    if (c.linux->find_namespace(spec::NamespaceType::User) && (root_uid || root_gid) &&
        ::fchownat(dir.fd(), "exec.fifo", root_uid.value_or(-1), root_gid.value_or(-1), AT_SYMLINK_NOFOLLOW) < 0)
      return sys_error("chown exec fifo", dir.fifo_path());
    // Opened read-write here, by the runtime (no open of a fifo blocks that way): the init needs
    // no path, no procfs and no permission on the file to use it -- a user-namespaced root may
    // have none on a 0600 fifo (start_fifo.h).
    fifo.reset(::openat(dir.fd(), "exec.fifo", O_RDWR | O_CLOEXEC | O_NOFOLLOW));
    if (!fifo) return sys_error("open exec fifo", dir.fifo_path());
    fault_point("exec.fifo");
  }
  undo.cg = cg.get();
  const bool own_cgroup = TRY(create_cgroup(*cg));
  fault_point("cgroup created");
  if (!own_cgroup) {  // no hierarchy: the state names no cgroup
    cg = cgroup::manager_from_paths(cgroup::Paths{cgroup::Layout::V1, {}, {}});
    undo.cg = cg.get();
    s.cgroup_paths = cg->paths();
  }
  if (own_cgroup) TRY_VOID(cg->apply(resources_with_device_defaults(*c.linux)));
  fault_point("cgroup limits applied");
  log::debug("create " + opts.id + ": cgroup made and limits applied (" +
             (!cg->paths().unified.empty() || cg->paths().controllers.empty() ? cg->paths().unified
                                                                             : cg->paths().controllers.front().second) +
             ")");

  Namespaces ns = TRY(plan_namespaces(*c.linux));
  TRY_VOID(process::refuse_sysctls_in_host_namespaces(*c.linux, ns.join));
  if (ns.new_time) TRY_VOID(enter_new_time_ns(*c.linux));
  auto [console, console_peer] = TRY(console_endpoints(opts.console_socket, p.terminal));
  auto [ours, theirs] = TRY(sync_socketpair());

  process::InitRequest req;
  req.config = &c;
  req.plan = &b.plan;
  req.id = opts.id;
  req.rootfs = b.rootfs;
  req.sync_fd = theirs.get();
  req.fifo_fd = fifo.get();
  req.console_socket_fd = console.get();
  req.preserve_fds = opts.preserve_fds;
  req.no_pivot = opts.no_pivot;
  req.shares_host_mounts = shares_host_mounts;
  req.no_new_keyring = opts.no_new_keyring;
  req.new_user_ns = ns.new_user;
  req.join_ns = ns.join;
  req.late_pid_ns_fd = ns.late_pid.get();
  req.unshare_flags = ns.unshare_flags;
  req.cgroup_paths = cg->paths();
  req.bind_sources = &sources;
  req.rootfs_fd = b.rootfs_fd.get();
  req.seccomp_filter = filter ? &*filter : nullptr;
  req.seccomp_listener_fd = listener.get();

  // The init is born with the checked rootfs as its cwd: unshare(CLONE_NEWNS) carries that very
  // directory into the new namespace, where the init mounts it (no path is looked up again).
  UniqueFd our_cwd(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!our_cwd) return sys_error("open current directory");
  if (::fchdir(b.rootfs_fd.get()) < 0) return sys_error("chdir to rootfs", b.rootfs);
  // The init joins its cgroups itself, without a migration by the runtime (cgroup/entry.h):
  // cold starts no longer wait for an RCU grace period (-9 ms median measured on this host).
  cgroup::Entry entry = TRY(cgroup::open_entry(cg->paths()));
  auto spawned = process::spawn(ns.clone_flags, entry.unified_dir.get());
  if (spawned && spawned->pid == 0) {
    // The state dir's flock is shared by this copy of its fd: drop it, or every other command
    // on the container would wait until the init execs.
    ::close(dir.fd());
    ours.reset();
    // In its cgroups before anything else, as Go promises (before the cgroup namespace is made).
    if (auto joined = cgroup::enter_self(entry, spawned->in_cgroup); !joined) {
      (void)process::send_msg(theirs.get(), Msg::Failed, joined.error().err, joined.error().message());
      (void)process::recv_msg(theirs.get());  // Go: the runtime's send must not meet a closed socket
      _exit(1);
    }
    process::container_init(req);
  }
  entry = {};
  if (::fchdir(our_cwd.get()) < 0) return sys_error("chdir back from rootfs");
  child = TRY(std::move(spawned));
  undo.pid = child.pid;
  undo.pidfd = child.pidfd.get();
  log::debug("create " + opts.id + ": init started, pid " + std::to_string(child.pid));
  theirs.reset();
  console.reset();
  fifo.reset();
  listener.reset();
  fault_point("init spawned");
  s.pid = child.pid;
  s.pid_start_time = process_start_time(child.pid);
  TRY_VOID(record_init(dir, s));
  fault_point("init recorded in the intent");

  if (ns.new_user) TRY_VOID(process::write_id_maps(child.pid, c.linux->uid_mappings, c.linux->gid_mappings));
  fault_point("id maps written");

  std::string hook_state = oci_state_json(s, Status::Creating, -1);
  TRY_VOID(process::send_msg(ours.get(), Msg::Go, child.pid,
                             hook_state + "\n" + oci_state_json(s, Status::Created, -1)));
  fault_point("init released");
  auto adopt = [&](pid_t pid) -> Result<std::string> {
    // Our child (CLONE_PARENT), not yet reaped: its pid cannot have been reused.
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd) return sys_error("create: pidfd_open", std::to_string(pid));
    ::waitpid(child.pid, nullptr, 0);  // the set-up stage, exiting
    child.pid = pid;
    child.pidfd = std::move(pidfd);
    undo.pid = pid;
    undo.pidfd = child.pidfd.get();
    s.pid = pid;
    s.pid_start_time = process_start_time(pid);
    TRY_VOID(record_init(dir, s));
    fault_point("handed-over init recorded");
    return oci_state_json(s, Status::Created, -1);
  };
  // prestart (deprecated) is defined as running after `start` was called, so its state says
  // "created", as runc and crun pass it; createRuntime runs in the create step: "creating".
  TRY_VOID(drive_init(ours.get(), c, child.pid, hook_state, oci_state_json(s, Status::Created, -1), adopt));
  log::debug("create " + opts.id + ": init set up the container and is ready");
  fault_point("init ready");

  UniqueFd master;
  if (console_peer) master = TRY(process::receive_pty_master(console_peer.get()));
  TRY_VOID(dir.save_config(b.config_text));
  fault_point("config saved");
  TRY_VOID(dir.save(s));
  fault_point("state saved");
  // Until this message the init dies with the runtime (parent-death signal): a create killed
  // before state.json was saved leaves no init behind.
  TRY_VOID(process::send_msg(ours.get(), Msg::Saved));
  // Its answer says the signal is disarmed: exiting before it would kill the init.
  TRY(process::expect_msg(ours.get(), Msg::Saved));
  fault_point("init told the state is saved");
  if (!opts.pid_file.empty()) TRY_VOID(write_pid_file(opts.pid_file, child.pid));
  log::debug("create " + opts.id + ": state saved, container created");
  fault_point("pid file written");
  undo.armed = false;
  return Launched{std::move(dir), std::move(s), std::move(child.pidfd), std::move(ours), std::move(cg),
                  std::move(master)};
}

// containerd reads the pid file with Atoi: decimal, no newline. Written like every host file
// named by the caller (util/host_file.h): a fresh temp file in the directory opened once, renamed
// over the name, so a symlink or fifo planted there is replaced, never written through or
// waited on (CRI-O pre-creates the file; the rename replaces it too).
Result<void> write_pid_file(const std::string& path, pid_t pid) {
  HostFile f = TRY(within(HostFile::at(path), "pid file"));
  return within(f.replace(std::to_string(pid), 0644), "pid file");
}

// The socket is opened once, in its directory, without following a symlink at its name (a
// container that can write that directory could otherwise point the runtime at any socket on
// the host and hand it the pty), checked to be a socket, and connected to through the private
// procfs's name for that very fd: the path is never looked up a second time.
Result<UniqueFd> connect_console_socket(const std::string& path) {
  HostFile f = TRY(within(HostFile::at(path), "console socket"));
  UniqueFd sock_file = TRY(within(f.open_socket(), "console socket"));
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return sys_error("console socket", path);
  auto proc = TRY(safepath::Procfs::open_private());
  return proc.with_fd_path(sock_file.get(), [&](const std::string& rel) -> Result<UniqueFd> {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, rel.data(), rel.size());  // "thread-self/fd/N": always short
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
      return sys_error("connect to console socket", path);
    return std::move(fd);
  });
}

Result<std::pair<UniqueFd, UniqueFd>> console_endpoints(const std::string& socket_path, bool terminal) {
  if (!socket_path.empty()) return std::pair{TRY(connect_console_socket(socket_path)), UniqueFd{}};
  if (!terminal) return std::pair{UniqueFd{}, UniqueFd{}};
  int cs[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, cs) < 0) return sys_error("console socketpair");
  return std::pair{UniqueFd(cs[1]), UniqueFd(cs[0])};
}

Result<std::pair<UniqueFd, UniqueFd>> sync_socketpair() {
  int sp[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0) return sys_error("socketpair");
  return std::pair{UniqueFd(sp[0]), UniqueFd(sp[1])};
}

Result<void> run_poststart(const State& s) {
  auto r = run_hooks(s.hooks.poststart, oci_state_json(s, Status::Running, -1), "poststart");
  if (!r) ::kill(s.pid, SIGKILL);
  return r;
}

}  // namespace rampart::container

namespace rampart::container {

Result<void> create(const std::string& root, const CreateOptions& opts) {
  Store store(root);
  TRY(launch(store, opts, true));
  return {};
}

}  // namespace rampart::container
