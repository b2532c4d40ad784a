// tmpcopyup (runc's and crun's mount option): a tmpfs mounted over a directory of the image
// starts with a copy of that directory's content.
#pragma once

#include <string>

#include "util/error.h"

namespace rampart::mount {

// Copies everything below the directory `src` (an fd of it, resolved inside the root) into the
// directory `dst` (the new tmpfs, not yet attached), fd to fd: every entry is opened by its one
// name relative to its parent's fd with O_NOFOLLOW, so a symlink of the image is copied as a
// symlink and never followed -- not out of the root, not anywhere. Directories, regular files,
// symlinks, fifos and device nodes are copied with their mode, owner and times; sockets are
// skipped (nothing listens on a copy). `what` names the mount in errors.
Result<void> copy_up(int src, int dst, const std::string& what);

}  // namespace rampart::mount
