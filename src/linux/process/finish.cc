#include "linux/process/finish.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/process/credentials.h"
#include "linux/process/exec.h"
#include "linux/process/seccomp.h"
#include "linux/safepath/root.h"
#include "linux/safepath/syscalls.h"

namespace rampart::process {

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

Result<void> become_process_and_exec(const spec::Process& p, const spec::Seccomp* seccomp,
                                     const std::string& exe, int preserve_fds, int sync_fd) {
  // With no_new_privs the filter goes in last, so it need not allow the runtime's own calls;
  // without it, loading needs CAP_SYS_ADMIN, so it goes in before the capabilities drop.
  bool seccomp_late = seccomp && p.no_new_privileges;
  if (seccomp && !seccomp_late) TRY_VOID(load_seccomp(*seccomp));
  // No capabilities object means none at all, bounding set included (as runc).
  const spec::Capabilities caps = p.capabilities.value_or(spec::Capabilities{});
  TRY_VOID(drop_bounding_set(caps));
  TRY_VOID(switch_user(p.user, true));
  ::umask(p.user.umask.value_or(022));
  TRY_VOID(enter_cwd(p.cwd));
  TRY_VOID(apply_capabilities(caps));
  if (p.no_new_privileges) TRY_VOID(set_no_new_privs());
  if (seccomp_late) TRY_VOID(load_seccomp(*seccomp));
  TRY_VOID(seal_fds(preserve_fds));
  exec_process(exe, p.args, p.env, sync_fd);
}

}  // namespace rampart::process
