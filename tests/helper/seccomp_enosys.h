// Installs a seccomp filter that makes the given syscalls fail with ENOSYS, as an old kernel
// would: forces rampart's fallbacks (the path walker instead of openat2; open_tree or the host
// /proc instead of fsopen) through the same tests (crun's check-no-openat2). Header-only so both
// the no-openat2 wrapper program and the unit-test environment use the very same filter.
#pragma once

#include <seccomp.h>
#include <unistd.h>

#include <cerrno>
#include <initializer_list>

namespace rampart::testing {

// Returns 0, or a negative errno. The filter is applied to every thread (TSYNC) and inherited
// by children. As root (CAP_SYS_ADMIN) no_new_privs is left alone; otherwise libseccomp sets it,
// as the kernel requires.
inline int install_enosys_filter(std::initializer_list<int> syscalls) {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (ctx == nullptr) return -ENOMEM;
  int rc = 0;
  for (int nr : syscalls) {
    rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
    if (rc != 0) break;
  }
  if (rc == 0 && geteuid() == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
  if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
  if (rc == 0) rc = seccomp_load(ctx);
  seccomp_release(ctx);
  return rc;
}

inline int install_no_openat2_filter() { return install_enosys_filter({SCMP_SYS(openat2)}); }

}  // namespace rampart::testing
