// Reading a bundle: config.json parsed and validated, the rootfs located, the rootfs plan made.
// Nothing is created; every error names the bundle file or field.
#pragma once

#include <string>

#include "plan/rootfs_plan.h"
#include "spec/config.h"
#include "util/error.h"

namespace rampart::container {

struct Bundle {
  std::string bundle;  // absolute
  std::string rootfs;  // absolute, symlinks resolved on the host (the bundle is trusted)
  std::string config_text;  // config.json as read, kept in the state dir for `exec`
  spec::Config config;
  plan::Plan plan;
};

Result<Bundle> load_bundle(const std::string& bundle_dir);

// Reads a whole small file.
Result<std::string> read_file(const std::string& path);

}  // namespace rampart::container
