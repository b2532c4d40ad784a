// overlayfs with its layers handed to the kernel as fds. A lowerdir/upperdir/workdir string in
// fsconfig would be looked up by the kernel on the host, following whatever symlinks the image
// planted there, after the runtime checked it (the container then reads and writes host
// directories). Each layer is located once (inside the rootfs: resolved in the root; on the
// host: opened by the one boundary walk) and the kernel gets those fds: "lowerdir+",
// "datadir+", "upperdir" and "workdir" through FSCONFIG_SET_FD (Linux >= 6.13). Older kernels
// get "thread-self/fd/N" names of the same fds, looked up relative to the private procfs.
#pragma once

#include <string>
#include <vector>

#include "spec/mount_options.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::mount {

struct OverlayLayers {
  std::vector<UniqueFd> lower;  // top first, as in lowerdir
  std::vector<UniqueFd> data;   // data-only lower layers (after "::")
  UniqueFd upper, work;         // both or neither (read-only overlay)
};

// A detached overlay instance over `layers` (directories opened for reading, not O_PATH: the
// kernel takes only real files through FSCONFIG_SET_FD), with the options' other data and the
// per-mount flags applied.
Result<UniqueFd> new_overlay(const OverlayLayers& layers, const std::string& source, const spec::MountOptions& opts);

// Test-only: use the procfs-name fallback even where FSCONFIG_SET_FD works.
void set_overlay_by_name_for_testing(bool on);

}  // namespace rampart::mount
