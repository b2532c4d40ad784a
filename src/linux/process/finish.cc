#include "linux/process/finish.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/process/credentials.h"
#include "linux/process/exec.h"
#include "linux/process/fds.h"
#include "linux/process/seccomp.h"
#include "linux/safepath/root.h"
#include "linux/sys/syscalls.h"

namespace rampart::process {

Result<void> create_cwd(const safepath::Root& root, const std::string& cwd) {
  auto dir = root.mkdir_all(cwd, 0755);
  if (!dir) return std::unexpected(dir.error().within("create cwd"));
  return {};
}

Result<void> enter_cwd(const std::string& cwd) {
  UniqueFd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root) return sys_error("open", "/");
  UniqueFd dir(sys_openat2(root.get(), cwd.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC,
                           RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS));
  if (!dir && errno == ENOSYS) {  // no openat2: the walker, rooted at the container's "/"
    auto r = safepath::Root::adopt(std::move(root), "/").resolve(cwd, O_DIRECTORY);
    if (!r) return std::unexpected(r.error().within("chdir to cwd"));
    dir = std::move(*r);
  }
  if (!dir) return sys_error("chdir to cwd", cwd);
  if (::fchdir(dir.get()) < 0) return sys_error("chdir to cwd", cwd);
  return {};
}

Result<void> take_on_credentials(const spec::Process& p, const spec::Seccomp* seccomp) {
  TRY_VOID(enter_cwd(p.cwd));
  // No capabilities object means none at all, bounding set included (as runc).
  const spec::Capabilities caps = p.capabilities.value_or(spec::Capabilities{});
  TRY_VOID(drop_bounding_set(caps));
  TRY_VOID(switch_user(p.user, true));
  ::umask(p.user.umask.value_or(022));
  // seccomp without no_new_privs: CAP_SYS_ADMIN stays permitted for the load right before
  // execve (finish.h), so no runtime syscall after the filter depends on the profile.
  spec::Capabilities applied = caps;
  if (seccomp && !p.no_new_privileges) applied.permitted.push_back("CAP_SYS_ADMIN");
  TRY_VOID(apply_capabilities(applied));
  if (p.no_new_privileges) TRY_VOID(set_no_new_privs());
  return {};
}

Result<void> become_process(const spec::Process& p, const spec::Seccomp* seccomp) {
  return take_on_credentials(p, seccomp);
}

Result<void> exec_program(const spec::Process& p, int preserve_fds, int report_fd, const SeccompFilter* filter,
                          const SeccompListener* listener) {
  // CVE-2024-21626: nothing but stdio, the preserved fds and the report channel is open while
  // the program's path is resolved and executed.
  close_fds_except(preserve_fds, {report_fd, listener ? listener->socket : -1});
  std::string exe = TRY(find_executable(p.args.at(0), p.env));
  if (!filter) return execute(exe, p.args, p.env);
  return execute(exe, p.args, p.env, [&] { return install_seccomp(*filter, !p.no_new_privileges, listener); });
}

}  // namespace rampart::process
