// A seccomp filter does not bring no_new_privs with it: libseccomp sets it on load unless told
// not to, and a config with noNewPrivileges false must run without it (runc clears it too;
// runtime-tools checks NoNewPrivs in every validation).
#include <gtest/gtest.h>

#include "harness.h"

namespace rampart::testing {
namespace {

void with_filter(Bundle& b, bool nnp) {
  b.config()["process"]["noNewPrivileges"] = nnp;
  b.config()["linux"]["seccomp"] = {{"defaultAction", "SCMP_ACT_ALLOW"},
                                    {"syscalls", {{{"names", {"kexec_load"}}, {"action", "SCMP_ACT_ERRNO"}}}}};
}

TEST(SeccompNoNewPrivs, FilterWithoutNoNewPrivsLeavesItOff) {
  Bundle b({"/bin/sh", "-c", "grep NoNewPrivs /proc/self/status"});
  with_filter(b, false);
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("NoNewPrivs:\t0"), std::string::npos) << r.out;
}

TEST(SeccompNoNewPrivs, FilterWithNoNewPrivsSetsIt) {
  Bundle b({"/bin/sh", "-c", "grep NoNewPrivs /proc/self/status"});
  with_filter(b, true);
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("NoNewPrivs:\t1"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace rampart::testing
