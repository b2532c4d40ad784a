#include "container/bundle.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container/process_checks.h"
#include "linux/safepath/boundary.h"
#include "spec/parse.h"
#include "spec/sysctl.h"
#include "util/file.h"
#include "util/unique_fd.h"

namespace rampart::container {

Result<std::string> read_file(const std::string& path) {
  // Bounded and regular files only: a config.json that is /dev/zero or a FIFO fails clearly.
  return read_regular_file(path);
}

Result<Bundle> load_bundle(const std::string& bundle_dir) {
  Bundle b;
  char real[PATH_MAX];
  if (!::realpath(bundle_dir.c_str(), real)) return sys_error("open bundle", bundle_dir);
  b.bundle = real;
  std::string config_path = b.bundle + "/config.json";
  std::string text = TRY(read_file(config_path));
  auto parsed = spec::parse_config(text);
  b.config_text = text;
  if (!parsed) return std::unexpected(parsed.error().within(config_path));
  b.config = std::move(*parsed);
  const spec::Config& c = b.config;
  if (!c.process) return fail(config_path, "process is required to create a container");
  if (!c.linux) return fail(config_path, "linux is required: rampart runs Linux containers");
  // No mount namespace: the runtime's is inherited (mount/host_namespace.h) and the init mounts
  // in it, which an init in a new user namespace has no right to do: say so before anything exists.
  if (const spec::Namespace* user = c.linux->find_namespace(spec::NamespaceType::User);
      user && user->path.empty() && !c.linux->find_namespace(spec::NamespaceType::Mount))
    return fail(config_path, "linux.namespaces: a new user namespace needs a mount namespace of its own "
                             "(it may not mount in the runtime's)");
  TRY_VOID(spec::validate_sysctls(c));
  if (auto host = check_process_on_host(*c.process, "process"); !host)
    return std::unexpected(host.error().within(config_path));
  warn_ignored(c);

  std::string root = c.root.path;
  if (root.empty()) return fail(config_path, "root.path is required");
  if (root[0] != '/') root = b.bundle + "/" + root;
  // Attack: checking the rootfs by its path (realpath, "not /") and mounting it by its path again
  // later leaves a window in which a parent directory swapped for a symlink runs the container
  // in another tree (even the host's "/"). The rootfs is opened once; that fd is checked here,
  // and that fd is what the init mounts (mount::prepare_rootfs checks it is the same directory).
  b.rootfs_fd.reset(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!b.rootfs_fd) {
    struct stat st{};
    if (errno == ENOTDIR || (::stat(root.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)))
      return fail("rootfs", "not a directory", root);
    return sys_error("rootfs", root);
  }
  struct stat st{}, host_root{};
  if (::fstat(b.rootfs_fd.get(), &st) < 0 || ::stat("/", &host_root) < 0) return sys_error("rootfs", root);
  if (st.st_dev == host_root.st_dev && st.st_ino == host_root.st_ino)
    return fail("rootfs", "the host's / cannot be a container's rootfs", root);
  // The path shown (state's "rootfs", messages) must name the directory that was checked: a
  // parent swapped between the open and realpath would report the real tree while the decoy is
  // what runs (probe case rootfs-path-exchange-race). Never used to reach the rootfs.
  // The proof opens the realpath with no symlink followed, so a swap after realpath fails it.
  if (!::realpath(root.c_str(), real)) return sys_error("rootfs", root);
  b.rootfs = real;
  auto named = safepath::open_host_path_without_symlinks(b.rootfs);
  struct stat named_st{};
  if (!named || ::fstat(named->get(), &named_st) < 0 || named_st.st_dev != st.st_dev || named_st.st_ino != st.st_ino)
    return fail_as(ErrorKind::Raced, "rootfs", "changed while it was being opened", root);
  b.plan = plan::build_rootfs_plan(c, ::access("/proc/kcore", F_OK) == 0);
  return b;
}

}  // namespace rampart::container
