#include "util/host_lsm.h"

#include "util/file.h"

namespace rampart {

bool apparmor_enabled() {
  auto v = read_regular_file("/sys/module/apparmor/parameters/enabled", 64);
  return v && !v->empty() && (*v)[0] == 'Y';
}

bool selinux_enabled() { return read_regular_file("/sys/fs/selinux/enforce", 64).has_value(); }

}  // namespace rampart
