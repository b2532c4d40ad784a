// no-openat2 CMD ARGS...: runs CMD with openat2(2) answering ENOSYS, so everything it does goes
// through rampart's fallback path walker (crun's check-no-openat2).
//   no-openat2 --no-new-mount-api CMD ARGS...  also fails fsopen/fsmount/open_tree with ENOSYS.
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "seccomp_enosys.h"

int main(int argc, char** argv) {
  int first = 1;
  bool no_mount_api = false;
  if (argc > 1 && std::strcmp(argv[1], "--no-new-mount-api") == 0) {
    no_mount_api = true;
    first = 2;
  }
  if (argc <= first) {
    std::fprintf(stderr, "usage: no-openat2 [--no-new-mount-api] CMD [ARGS...]\n");
    return 2;
  }
  int rc = no_mount_api
               ? rampart::testing::install_enosys_filter(
                     {SCMP_SYS(openat2), SCMP_SYS(fsopen), SCMP_SYS(fsconfig), SCMP_SYS(fsmount),
                      SCMP_SYS(open_tree)})
               : rampart::testing::install_no_openat2_filter();
  if (rc != 0) {
    std::fprintf(stderr, "no-openat2: installing the seccomp filter: %s\n", std::strerror(-rc));
    return 125;
  }
  execvp(argv[first], argv + first);
  std::fprintf(stderr, "no-openat2: exec %s: %s\n", argv[first], std::strerror(errno));
  return 127;
}
