#include "container/fault_point.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace rampart::container {
namespace {

long stop_at() {
  static const long n = [] {
    const char* v = std::getenv("RAMPART_TEST_STOP_AT");
    return v && *v ? std::strtol(v, nullptr, 10) : 0L;
  }();
  return n;
}

}  // namespace

void fault_point(const char* name) {
  static long reached = 0;
  const long n = stop_at();
  if (n <= 0 || ++reached != n) return;
  std::fprintf(stderr, "rampart: RAMPART_TEST_STOP_AT=%ld: killed after step \"%s\"\n", n, name);
  std::fflush(stderr);
  ::kill(::getpid(), SIGKILL);
  ::pause();
}

}  // namespace rampart::container
