// Attack tests for the probe cases of classes 1, 2, 3 and 9 (src/probe/cases_a.cc): each case
// against rampart must be RESISTED; against Debian's runc 1.1.5, the cases it is known to fall
// to must be ESCAPED (proof that the detector detects). Plus: a probe run leaves no mount and no
// temp dir behind, also when it is interrupted.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "probe/context.h"
#include "probe/runner.h"

namespace {

using rampart::probe::Verdict;

const char* kRampart = RAMPART_BINARY_DIR "/rampart";
const char* kRunc = "/usr/sbin/runc";

void expect_verdict(const std::string& runtime, const std::string& name, Verdict want) {
  ASSERT_NE(rampart::probe::find_case(name), nullptr) << "no case " << name;
  auto o = rampart::probe::run_single(runtime, name);
  EXPECT_STREQ(rampart::probe::verdict_name(o.verdict), rampart::probe::verdict_name(want))
      << name << " against " << runtime << ": " << o.explanation;
}

void expect_runc_escapes(const std::string& name) {
  if (::access(kRunc, X_OK) != 0) GTEST_SKIP() << "Debian's runc is not installed at " << kRunc;
  const auto* c = rampart::probe::find_case(name);
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->runc_115_escapes) << name << " is not marked runc_115_escapes";
  expect_verdict(kRunc, name, Verdict::Escaped);
}

// A private TMPDIR for one test, so that parallel tests' temp dirs do not count.
class PrivateTmp {
 public:
  PrivateTmp() {
    const char* old = std::getenv("TMPDIR");
    if (old) old_ = old, had_ = true;
    char tmpl[] = "/tmp/attacks-a-tmp-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    ::setenv("TMPDIR", dir_.c_str(), 1);
  }
  ~PrivateTmp() {
    if (had_) ::setenv("TMPDIR", old_.c_str(), 1);
    else ::unsetenv("TMPDIR");
    ::rmdir(dir_.c_str());
  }
  const std::string& dir() const { return dir_; }
  std::vector<std::string> entries() const {
    std::vector<std::string> v;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) v.push_back(e.path().filename());
    return v;
  }

 private:
  std::string dir_, old_;
  bool had_ = false;
};

std::vector<std::string> mountinfo_lines_with(const std::string& needle) {
  std::ifstream in("/proc/self/mountinfo");
  std::vector<std::string> v;
  std::string line;
  while (std::getline(in, line))
    if (line.find(needle) != std::string::npos) v.push_back(line);
  return v;
}

}  // namespace

// ---- class 1: masked paths (CVE-2025-31133) ----
TEST(AttacksA, Rampart_masked_devnull_symlink) { expect_verdict(kRampart, "masked-devnull-symlink", Verdict::Resisted); }
TEST(AttacksA, Rampart_masked_devnull_file) { expect_verdict(kRampart, "masked-devnull-file", Verdict::Resisted); }
TEST(AttacksA, Rampart_masked_devnull_fifo) { expect_verdict(kRampart, "masked-devnull-fifo", Verdict::Resisted); }
TEST(AttacksA, Rampart_masked_devnull_device) { expect_verdict(kRampart, "masked-devnull-device", Verdict::Resisted); }
TEST(AttacksA, Runc_masked_devnull_symlink) { expect_runc_escapes("masked-devnull-symlink"); }
TEST(AttacksA, Runc_masked_devnull_file) { expect_runc_escapes("masked-devnull-file"); }
TEST(AttacksA, Runc_masked_devnull_fifo) { expect_runc_escapes("masked-devnull-fifo"); }
TEST(AttacksA, Runc_masked_devnull_device) { expect_runc_escapes("masked-devnull-device"); }

// ---- class 2: console and pts (CVE-2025-52565) ----
TEST(AttacksA, Rampart_console_symlink) { expect_verdict(kRampart, "console-symlink", Verdict::Resisted); }
TEST(AttacksA, Rampart_pts_ptmx_symlink) { expect_verdict(kRampart, "pts-ptmx-symlink", Verdict::Resisted); }
TEST(AttacksA, Runc_console_symlink) { expect_runc_escapes("console-symlink"); }

// ---- class 3: redirected procfs writes (CVE-2025-52881, CVE-2019-16884, CVE-2019-19921) ----
TEST(AttacksA, Rampart_procfs_sysctl_redirect) { expect_verdict(kRampart, "procfs-sysctl-redirect", Verdict::Resisted); }
TEST(AttacksA, Rampart_procfs_over_proc) { expect_verdict(kRampart, "procfs-over-proc", Verdict::Resisted); }

// ---- class 9: sysctl keys ----
TEST(AttacksA, Rampart_sysctl_traversal) { expect_verdict(kRampart, "sysctl-traversal", Verdict::Resisted); }
TEST(AttacksA, Rampart_sysctl_not_namespaced) { expect_verdict(kRampart, "sysctl-not-namespaced", Verdict::Resisted); }

// ---- the probe cleans up after itself ----
TEST(AttacksA, Rampart_probe_leaves_no_mount_or_temp_dir) {
  PrivateTmp tmp;
  rampart::probe::RunOptions o;
  o.runtime = kRampart;
  o.cases = {"masked-devnull-symlink", "console-symlink", "procfs-sysctl-redirect"};
  auto res = rampart::probe::run_probe(o);
  ASSERT_FALSE(res.results.empty()) << res.error;
  EXPECT_EQ(res.results.front().name, "control");
  EXPECT_TRUE(tmp.entries().empty()) << "left in " << tmp.dir() << ": " << tmp.entries().front();
  EXPECT_TRUE(mountinfo_lines_with("rampart-probe-").empty()) << mountinfo_lines_with("rampart-probe-").front();
  EXPECT_TRUE(mountinfo_lines_with(tmp.dir()).empty());
}

TEST(AttacksA, Rampart_probe_interrupted_cleans_up_and_exits_130) {
  PrivateTmp tmp;
  rampart::probe::RunOptions o;
  o.runtime = kRampart;
  o.cases = {"masked-devnull-symlink", "masked-devnull-file", "masked-devnull-fifo", "masked-devnull-device",
             "console-symlink", "pts-ptmx-symlink"};
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    ::kill(::getpid(), SIGINT);  // run_probe installed its handler: it only sets a flag
  });
  auto res = rampart::probe::run_probe(o);
  interrupter.join();
  rampart::probe::g_interrupted.store(false);
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  EXPECT_EQ(res.exit_code, 130);
  EXPECT_TRUE(res.interrupted);
  EXPECT_LT(res.results.size(), o.cases.size() + 1);
  EXPECT_TRUE(tmp.entries().empty()) << "left in " << tmp.dir() << ": " << tmp.entries().front();
  EXPECT_TRUE(mountinfo_lines_with(tmp.dir()).empty());
}
