#include <linux/magic.h>
#include <sys/vfs.h>

#include "linux/cgroup/cgroup.h"
#include "linux/cgroup/files.h"

namespace rampart::cgroup {

Result<Layout> detect_layout(const std::string& mountpoint) {
  struct statfs st {};
  if (::statfs(mountpoint.c_str(), &st) != 0) return sys_error("statfs", mountpoint);
  if (st.f_type == CGROUP2_SUPER_MAGIC) return Layout::V2;
  // v1 and hybrid hosts mount a tmpfs there holding one mount per hierarchy; hybrid adds a
  // cgroup2 mount named "unified".
  if (st.f_type == TMPFS_MAGIC) {
    const std::string unified = join_path(mountpoint, "unified");
    struct statfs u {};
    if (::statfs(unified.c_str(), &u) == 0 && u.f_type == CGROUP2_SUPER_MAGIC) return Layout::Hybrid;
  }
  // Anything else is treated as v1; if no hierarchy is mounted there, make_manager says so.
  return Layout::V1;
}

}  // namespace rampart::cgroup
