#include "linux/process/init.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "linux/mount/rootfs.h"
#include "linux/process/console.h"
#include "linux/process/credentials.h"
#include "linux/process/exec.h"
#include "linux/process/finish.h"
#include "linux/process/hook.h"
#include "linux/process/seccomp.h"
#include "linux/process/sync.h"
#include "linux/safepath/procfs.h"
#include "linux/safepath/syscalls.h"

namespace rampart::process {
namespace {

Result<void> enter_namespaces(const InitRequest& req) {
  for (const auto& [type, fd] : req.join_ns)
    if (::setns(fd, type) < 0) return sys_error("join namespace", "fd " + std::to_string(fd));
  if (req.unshare_flags && ::unshare(static_cast<int>(req.unshare_flags)) < 0)
    return sys_error("unshare namespaces");
  // In a user namespace whose maps the runtime just wrote, become its root: the other
  // namespaces and all mounts are made with its capabilities.
  bool in_userns = req.new_user_ns || std::any_of(req.join_ns.begin(), req.join_ns.end(),
                                                  [](auto& p) { return p.first == CLONE_NEWUSER; });
  if (in_userns && (::syscall(SYS_setresgid, 0, 0, 0) < 0 || ::syscall(SYS_setresuid, 0, 0, 0) < 0))
    return sys_error("become root in the user namespace");
  return {};
}

Result<void> set_names(const spec::Config& c) {
  if (!c.hostname.empty() && ::sethostname(c.hostname.data(), c.hostname.size()) < 0)
    return sys_error("sethostname", c.hostname);
  if (!c.domainname.empty() && ::setdomainname(c.domainname.data(), c.domainname.size()) < 0)
    return sys_error("setdomainname", c.domainname);
  return {};
}

// Sysctls are written through the runtime's private procfs (CVE-2025-52881: a config mount or
// the image can cover the container's /proc/sys with something else). Keys were validated
// against the allowed list by the runtime before clone.
Result<void> write_sysctls(const safepath::Procfs& proc, const spec::Config& c) {
  if (!c.linux) return {};
  for (const auto& [key, value] : c.linux->sysctl) {
    std::string rel = "sys/" + key;
    std::replace(rel.begin() + 4, rel.end(), '.', '/');
    TRY_VOID(proc.write_file(rel, value));
  }
  return {};
}

Result<void> run_hooks(const std::vector<spec::Hook>& hooks, const std::string& state, const char* phase) {
  for (const auto& h : hooks) TRY_VOID(run_hook(h, state, phase));
  return {};
}

// Blocks until `start` opens exec.fifo for reading (runc's protocol), runs the startContainer
// hooks, then writes one byte: `start` reads it only after those hooks, so its poststart hooks
// always come after them. The fifo is reopened from the O_PATH fd taken before pivot_root,
// through the private procfs. Without a fifo (`run`), the Start message plays its part.
Result<void> wait_for_start(const InitRequest& req, const safepath::Procfs& proc,
                            const std::vector<spec::Hook>& start_hooks, const std::string& state) {
  if (req.fifo_fd < 0) {
    TRY(expect_msg(req.sync_fd, Msg::Start));
    return run_hooks(start_hooks, state, "startContainer");
  }
  std::string rel = "thread-self/fd/" + std::to_string(req.fifo_fd);
  UniqueFd w(::openat(proc.fd(), rel.c_str(), O_WRONLY | O_CLOEXEC));
  if (!w) return sys_error("open exec fifo");
  TRY_VOID(run_hooks(start_hooks, state, "startContainer"));
  if (::write(w.get(), "0", 1) != 1) return sys_error("write exec fifo");
  ::close(req.fifo_fd);
  return {};
}

Result<void> init_steps(InitRequest& req) {
  const spec::Config& c = *req.config;
  const spec::Process& p = *c.process;
  // CVE-2019-5736: until execve the init is a copy of the runtime; non-dumpable keeps the
  // container from opening its /proc/PID/exe, mem or fds.
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);  // `run` blocks the signals it forwards
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);  // a create that dies takes its init along
  Message go = TRY(expect_msg(req.sync_fd, Msg::Go));
  // Two compact state objects, "creating" for createContainer and "created" for startContainer.
  std::string state = go.text.substr(0, go.text.find('\n'));
  std::string created_state = go.text.substr(go.text.find('\n') + 1);
  TRY_VOID(enter_namespaces(req));
  ::umask(0);  // device nodes and mount points get exactly the modes asked for
  TRY_VOID(set_names(c));
  safepath::Procfs proc = TRY(safepath::Procfs::open_private());
  TRY_VOID(write_sysctls(proc, c));

  mount::RootfsContext rctx{req.rootfs, c.linux ? c.linux->rootfs_propagation : "", req.new_user_ns,
                            req.cgroup_paths, req.bind_sources, req.rootfs_fd};
  safepath::Root root = TRY(mount::prepare_rootfs(rctx));
  TRY_VOID(mount::apply_mounts_and_devices(root, *req.plan, rctx));
  if (!c.hooks.prestart.empty() || !c.hooks.create_runtime.empty()) {
    TRY_VOID(send_msg(req.sync_fd, Msg::RunHooks));
    TRY(expect_msg(req.sync_fd, Msg::HooksDone));
  }
  TRY_VOID(run_hooks(c.hooks.create_container, state, "createContainer"));
  UniqueFd console;
  if (p.terminal) console = TRY(setup_console(root, req.console_socket_fd, p.console_size, true));
  if (req.console_socket_fd >= 0) ::close(req.console_socket_fd);
  TRY_VOID(mount::apply_masks(root, *req.plan, c.root.readonly));
  TRY_VOID(mount::enter_root(root, *req.plan, req.no_pivot));

  if (p.oom_score_adj) TRY_VOID(proc.write_file("self/oom_score_adj", std::to_string(*p.oom_score_adj)));
  TRY_VOID(apply_rlimits(p.rlimits));
  if (!req.no_new_keyring) {
    std::string name = "_ses." + req.id;
    (void)::syscall(SYS_keyctl, 1 /*KEYCTL_JOIN_SESSION_KEYRING*/, name.c_str());
  }
  std::string exe = TRY(find_executable(p.args.at(0), p.env));  // fail at create, not at start
  if (console) TRY_VOID(become_terminal_owner(console.get()));

  ::prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);  // from here the init outlives `create`
  TRY_VOID(send_msg(req.sync_fd, Msg::Ready));
  TRY_VOID(wait_for_start(req, proc, c.hooks.start_container, created_state));

  const spec::Seccomp* seccomp = c.linux && c.linux->seccomp ? &*c.linux->seccomp : nullptr;
  return become_process_and_exec(p, seccomp, exe, req.preserve_fds, req.sync_fd);
}

}  // namespace

void container_init(InitRequest& req) {
  auto r = init_steps(req);
  std::string msg = r ? "unexpected return from init" : r.error().message();
  (void)send_msg(req.sync_fd, Msg::Failed, r ? 0 : r.error().err, msg);
  _exit(1);
}

}  // namespace rampart::process
