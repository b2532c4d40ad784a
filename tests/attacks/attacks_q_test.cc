// Attack classes 4, 5, 6, 7, 8, 10 and 11 (src/probe/cases_q*.cc): every case must be RESISTED by
// rampart; where Debian's runc 1.1.5 is known to fall (Case::runc_115_escapes), the same case
// against runc must report ESCAPED, which proves that the detector detects.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "probe/case.h"
#include "probe/runner.h"

namespace {

using rampart::probe::find_case;
using rampart::probe::run_single;
using rampart::probe::Verdict;
using rampart::probe::verdict_name;

const char* kRunc = "/usr/sbin/runc";

void expect_verdict(const std::string& runtime, const std::string& name, Verdict want) {
  const auto* c = find_case(name);
  ASSERT_NE(c, nullptr) << "no probe case named " << name;
  auto o = run_single(runtime, name);
  EXPECT_EQ(o.verdict, want) << name << " against " << runtime << ": " << verdict_name(o.verdict) << ": "
                             << o.explanation;
  std::printf("[ %s ] %s: %s: %s\n", runtime.c_str(), name.c_str(), verdict_name(o.verdict), o.explanation.c_str());
}

void rampart_resists(const std::string& name) {
  expect_verdict(RAMPART_BINARY_DIR "/rampart", name, Verdict::Resisted);
}

void runc_escapes(const std::string& name) {
  if (::access(kRunc, X_OK) != 0) GTEST_SKIP() << kRunc << " is not installed (apt-get install runc)";
  const auto* c = find_case(name);
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->runc_115_escapes) << name << " is not marked as escaping runc 1.1.5";
  expect_verdict(kRunc, name, Verdict::Escaped);
}

}  // namespace

#define RAMPART_CASE(test, name) \
  TEST(AttacksQ, Rampart_##test) { rampart_resists(name); }
#define RUNC_CASE(test, name) \
  TEST(AttacksQ, Runc_##test) { runc_escapes(name); }

RAMPART_CASE(mount_dest_symlinks, "mount-dest-symlinks")
RAMPART_CASE(masked_readonly_symlinks, "masked-readonly-symlinks")
RAMPART_CASE(volume_exchange_race_mount, "volume-exchange-race-mount")
RAMPART_CASE(volume_exchange_race_mkdir, "volume-exchange-race-mkdir")
RAMPART_CASE(leaked_fds, "leaked-fds")
RAMPART_CASE(cwd_proc_self_fd, "cwd-proc-self-fd")
RAMPART_CASE(cwd_symlink_out, "cwd-symlink-out")
RAMPART_CASE(runtime_exe_overwrite, "runtime-exe-overwrite")
RAMPART_CASE(device_path_symlink, "device-path-symlink")
RAMPART_CASE(dev_dir_symlink, "dev-dir-symlink")
RAMPART_CASE(dev_host_nodes, "dev-host-nodes")
RAMPART_CASE(bind_source_rootfs_symlink, "bind-source-rootfs-symlink")

// Cases Debian's runc 1.1.5 (+deb12u1, which carries the CVE-2024-21626 fix) falls to.
RUNC_CASE(dev_dir_symlink, "dev-dir-symlink")
RUNC_CASE(bind_source_rootfs_symlink, "bind-source-rootfs-symlink")
