// The probe itself: a run leaves no mount and no temp dir behind, also when it is interrupted;
// the table of peer verdicts names real cases.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "probe/context.h"
#include "probe/peer_verdicts.h"
#include "probe/runner.h"

namespace {

const char* kRampart = RAMPART_BINARY_DIR "/rampart";

// A private TMPDIR for one test, so that parallel tests' temp dirs do not count.
class PrivateTmp {
 public:
  PrivateTmp() {
    const char* old = std::getenv("TMPDIR");
    if (old) old_ = old, had_ = true;
    char tmpl[] = "/tmp/probe-runner-tmp-XXXXXX";
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

TEST(ProbeRunner, LeavesNoMountOrTempDir) {
  PrivateTmp tmp;
  rampart::probe::RunOptions o;
  o.runtime = kRampart;
  o.cases = {"masked-devnull-symlink", "console-symlink", "procfs-sysctl-redirect"};
  auto res = rampart::probe::run_probe(o);
  ASSERT_FALSE(res.results.empty()) << res.error;
  EXPECT_EQ(res.results.front().name, "control");
  EXPECT_TRUE(tmp.entries().empty()) << "left in " << tmp.dir() << ": " << tmp.entries().front();
  // Only this run's mounts count: cases running in parallel (mount propagation) make their own.
  EXPECT_TRUE(mountinfo_lines_with(tmp.dir()).empty()) << mountinfo_lines_with(tmp.dir()).front();
}

TEST(ProbeRunner, InterruptedCleansUpAndExits130) {
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
  // Whether cases were still left when the signal came depends on the machine's load (all may
  // have finished); the exit code and the clean-up are what must hold.
  EXPECT_LE(res.results.size(), o.cases.size() + 1);
  EXPECT_TRUE(tmp.entries().empty()) << "left in " << tmp.dir() << ": " << tmp.entries().front();
  EXPECT_TRUE(mountinfo_lines_with(tmp.dir()).empty());
}

TEST(PeerVerdicts, EveryRowNamesACaseOnce) {
  std::set<std::string> seen;
  for (const auto& name : rampart::probe::peer_verdict_rows()) {
    EXPECT_NE(rampart::probe::find_case(name), nullptr) << "the peer table names no case '" << name << "'";
    EXPECT_TRUE(seen.insert(name).second) << "the peer table has two rows for " << name;
  }
}

TEST(PeerVerdicts, EveryCaseWasMeasuredAgainstEveryPeer) {
  for (const auto& c : rampart::probe::all_cases())
    for (const auto& p : rampart::probe::peer_runtimes())
      EXPECT_TRUE(rampart::probe::expected_verdict(p.name, c.name).has_value())
          << c.name << " has no measured verdict for " << p.name << " in src/probe/peer_verdicts.cc";
}
