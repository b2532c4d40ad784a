#include "linux/process/console.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <termios.h>
#include <unistd.h>

#include "linux/mount/attach.h"
#include "util/fd_passing.h"

namespace rampart::process {
namespace {
constexpr long kDevptsMagic = 0x1cd1;

}  // namespace

Result<UniqueFd> setup_console(const safepath::Root& root, int console_socket, uint32_t owner_uid,
                               const std::optional<spec::ConsoleSize>& size, bool bind_console) {
  // CVE-2025-52565: /dev/ptmx and /dev/pts may be symlinks or files planted by the image. The
  // master is opened inside the root and accepted only if it lives on a devpts filesystem; the
  // slave comes from TIOCGPTPEER on that master, never from a path.
  UniqueFd master = TRY(root.open_file("/dev/pts/ptmx", O_RDWR | O_NOCTTY));
  struct statfs sfs{};
  if (::fstatfs(master.get(), &sfs) < 0 || sfs.f_type != kDevptsMagic)
    return fail("console", "/dev/pts/ptmx is not on the container's devpts", "/dev/pts/ptmx");
  int unlock = 0;
  if (::ioctl(master.get(), TIOCSPTLCK, &unlock) < 0) return sys_error("console: unlock pty");
  UniqueFd slave(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!slave) return sys_error("console: open pty slave");
  unsigned ptn = 0;
  if (::ioctl(master.get(), TIOCGPTN, &ptn) < 0) return sys_error("console: pty number");
  if (::fchown(slave.get(), owner_uid, static_cast<gid_t>(-1)) < 0)
    return sys_error("console: give the pty to uid " + std::to_string(owner_uid), "/dev/pts/" + std::to_string(ptn));
  if (size && size->height && size->width) {
    winsize ws{static_cast<unsigned short>(size->height), static_cast<unsigned short>(size->width), 0, 0};
    (void)::ioctl(master.get(), TIOCSWINSZ, &ws);
  }
  if (bind_console) {
    spec::MountOptions bind;
    bind.set = spec::kBind;
    UniqueFd tree = TRY(mount::clone_tree(slave.get(), bind, "/dev/pts/" + std::to_string(ptn)));
    // CVE-2025-52565: whatever the image put at /dev/console (a symlink to a volume or a ../
    // chain) is replaced by a fresh empty file, never followed, and the pty is bound onto that.
    // A /dev bound in by the config is never rewritten (safepath::Root::mknod leaves it alone):
    // the pty is then bound onto the /dev/console it brings, if it has one that is a file or a
    // device, in the container's namespace only.
    auto dest = root.mknod("/dev/console", S_IFREG | 0600, 0);
    if (!dest && safepath::Root::left_alone(dest.error())) {
      dest = root.resolve("/dev/console", O_PATH, true);
      struct stat st{};
      if (dest && (::fstat(dest->get(), &st) < 0 || S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode))) dest = UniqueFd{};
      if (!dest && dest.error().err == ENOENT) dest = UniqueFd{};
    }
    if (!dest) return std::unexpected(dest.error());
    if (dest->valid()) TRY_VOID(mount::attach(tree.get(), dest->get(), {}, "/dev/console"));
  }
  // The payload is the master's name, as runc sends it.
  if (send_fd(console_socket, master.get(), "/dev/pts/" + std::to_string(ptn)) < 0)
    return sys_error("console: send pty master to console socket");
  return slave;
}

Result<void> become_terminal_owner(int slave) {
  if (::setsid() < 0) return sys_error("console: setsid");
  if (::ioctl(slave, TIOCSCTTY, 0) < 0) return sys_error("console: set controlling terminal");
  for (int fd = 0; fd <= 2; ++fd)
    if (::dup2(slave, fd) < 0) return sys_error("console: dup pty onto stdio");
  return {};
}

}  // namespace rampart::process
