// Device nodes in the container's /dev: mknod'ed at a path resolved inside the root (whatever
// the image left there -- a symlink, a file, another node -- is replaced, never followed), or,
// in a user namespace where mknod is not allowed, the host's node bind-mounted after checking
// it is the device the config names.
#pragma once

#include "linux/safepath/root.h"
#include "spec/config.h"
#include "util/error.h"

namespace rampart::mount {

Result<void> create_device(const safepath::Root& root, const spec::Device& dev, bool in_user_ns);

}  // namespace rampart::mount
