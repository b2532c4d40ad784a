// Reading a bundle: config.json parsed and validated, the rootfs located, the rootfs plan made.
// Nothing is created; every error names the bundle file or field.
#pragma once

#include <string>

#include "plan/rootfs_plan.h"
#include "spec/config.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::container {

struct Bundle {
  std::string bundle;  // absolute
  // The rootfs, opened once (O_PATH|O_DIRECTORY) and checked on that fd: a directory, not the
  // host's "/". This fd is what the container is built on; nothing looks the path up again.
  UniqueFd rootfs_fd;
  std::string rootfs;  // its path with symlinks resolved: for messages and state.json only
  std::string config_text;  // config.json as read, kept in the state dir for `exec`
  spec::Config config;
  plan::Plan plan;
};

Result<Bundle> load_bundle(const std::string& bundle_dir);

// Reads a whole small file.
Result<std::string> read_file(const std::string& path);

}  // namespace rampart::container
