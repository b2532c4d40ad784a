#include "container/bundle.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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
  if (!c.linux->find_namespace(spec::NamespaceType::Mount))
    return fail(config_path, "linux.namespaces: a mount namespace is required");
  TRY_VOID(spec::validate_sysctls(c));

  std::string root = c.root.path;
  if (root.empty()) return fail(config_path, "root.path is required");
  if (root[0] != '/') root = b.bundle + "/" + root;
  if (!::realpath(root.c_str(), real)) return sys_error("rootfs", root);
  b.rootfs = real;
  struct stat st{};
  if (::stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) return fail("rootfs", "not a directory", b.rootfs);
  if (b.rootfs == "/") return fail("rootfs", "the host's / cannot be a container's rootfs", b.rootfs);
  b.plan = plan::build_rootfs_plan(c, ::access("/proc/kcore", F_OK) == 0);
  return b;
}

}  // namespace rampart::container
