// With RAMPART_TEST_NO_OPENAT2=1 the whole unit-test binary runs with openat2(2) answering
// ENOSYS (a seccomp filter installed before the first test), so every safe-path test also runs
// against the fallback walker. ctest runs the binary once without and once with the variable.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "../helper/seccomp_enosys.h"

namespace {

class NoOpenat2Environment : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* v = std::getenv("RAMPART_TEST_NO_OPENAT2");
    if (v == nullptr || std::string(v) != "1") return;
    int rc = rampart::testing::install_no_openat2_filter();
    ASSERT_EQ(rc, 0) << "installing the no-openat2 seccomp filter: " << std::strerror(-rc);
  }
};

[[maybe_unused]] ::testing::Environment* const kNoOpenat2Env =
    ::testing::AddGlobalTestEnvironment(new NoOpenat2Environment);

}  // namespace
