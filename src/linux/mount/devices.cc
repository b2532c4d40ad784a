#include "linux/mount/devices.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux/mount/attach.h"

namespace rampart::mount {
namespace {

mode_t type_bits(char t) {
  switch (t) {
    case 'b': return S_IFBLK;
    case 'p': return S_IFIFO;
    default: return S_IFCHR;  // 'c' and 'u'
  }
}

// In a user namespace: bind the host's node, but only after fstat proves it is the device the
// config asked for, so a host path swapped for something else is never exposed.
Result<void> bind_host_device(const safepath::Root& root, const spec::Device& dev) {
  UniqueFd src(::open(dev.path.c_str(), O_PATH | O_CLOEXEC | O_NOFOLLOW));
  if (!src) return sys_error("device: open host node", dev.path);
  struct stat st{};
  if (::fstat(src.get(), &st) < 0) return sys_error("device: stat host node", dev.path);
  if ((st.st_mode & S_IFMT) != type_bits(dev.type) ||
      (dev.type != 'p' && (major(st.st_rdev) != dev.major || minor(st.st_rdev) != dev.minor)))
    return fail("device", "host node is not the configured device", dev.path);
  spec::MountOptions bind;
  bind.set = spec::kBind;
  UniqueFd tree = TRY(clone_tree(src.get(), bind, dev.path));
  // A planted symlink at the device path is replaced by a fresh file, never followed.
  UniqueFd dest = TRY(root.mknod(dev.path, S_IFREG | 0600, 0));
  return attach(tree.get(), dest.get(), {}, dev.path);
}

}  // namespace

Result<void> create_device(const safepath::Root& root, const spec::Device& dev, bool in_user_ns) {
  if (in_user_ns && dev.type != 'p') return bind_host_device(root, dev);
  mode_t mode = type_bits(dev.type) | (dev.file_mode.value_or(0666) & 07777);
  dev_t num = dev.type == 'p' ? 0 : makedev(dev.major, dev.minor);
  UniqueFd node = TRY(root.mknod(dev.path, mode, num));
  if (::fchownat(node.get(), "", dev.uid.value_or(0), dev.gid.value_or(0), AT_EMPTY_PATH) < 0)
    return sys_error("device: chown", dev.path);
  return {};
}

}  // namespace rampart::mount
