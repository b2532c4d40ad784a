// Every probe case against every runtime on this machine, as one parameterised test:
// - rampart must RESIST every case;
// - a peer runtime (Debian's runc and crun) must give the verdict measured for it in
//   src/probe/peer_verdicts.cc (an ESCAPED there is the proof that the detector detects); cases
//   whose outcome against that peer is a race are skipped, as are peers that are not installed.
// RAMPART_ATTACK_RUNTIMES (comma-separated, default "rampart,runc,crun") selects the runtimes;
// the no-openat2 rerun in tests/CMakeLists.txt sets it to "rampart".
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "probe/case.h"
#include "probe/peer_verdicts.h"
#include "probe/runner.h"

namespace {

using rampart::probe::Outcome;
using rampart::probe::Verdict;
using rampart::probe::verdict_name;

struct AttackParam {
  std::string runtime;  // "rampart" or a peer's name
  std::string case_name;
};

void PrintTo(const AttackParam& p, std::ostream* os) { *os << p.case_name << " against " << p.runtime; }

std::vector<AttackParam> every_case_against_every_runtime() {
  std::vector<std::string> runtimes = {"rampart"};
  for (const auto& p : rampart::probe::peer_runtimes()) runtimes.push_back(p.name);
  std::vector<AttackParam> v;
  for (const auto& r : runtimes)
    for (const auto& c : rampart::probe::all_cases()) v.push_back({r, c.name});
  return v;
}

bool selected(const std::string& runtime) {
  const char* env = std::getenv("RAMPART_ATTACK_RUNTIMES");
  std::string list = env && *env ? env : "rampart,runc,crun";
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ','))
    if (item == runtime) return true;
  return false;
}

// Runs the case in a child process whose mount namespace has cgroup2 unmounted from
// /sys/fs/cgroup/unified (crun 1.8.1 cannot run on a hybrid host otherwise). The child's
// namespace is private, so nothing of this reaches the host's.
Outcome run_without_unified_cgroup(const std::string& binary, const std::string& case_name) {
  int p[2];
  if (::pipe(p) != 0) return {Verdict::Broken, "pipe failed"};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(p[0]);
    Outcome o{Verdict::Broken, "could not make a private mount namespace"};
    if (::unshare(CLONE_NEWNS) == 0 && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0) {
      ::umount2("/sys/fs/cgroup/unified", MNT_DETACH);
      o = rampart::probe::run_single(binary, case_name);
    }
    std::string msg = std::to_string(static_cast<int>(o.verdict)) + "\n" + o.explanation;
    (void)!::write(p[1], msg.data(), msg.size());
    ::_exit(0);
  }
  ::close(p[1]);
  std::string msg;
  char buf[4096];
  for (ssize_t n; (n = ::read(p[0], buf, sizeof buf)) > 0;) msg.append(buf, static_cast<size_t>(n));
  ::close(p[0]);
  ::waitpid(pid, nullptr, 0);
  auto nl = msg.find('\n');
  if (pid < 0 || nl == std::string::npos) return {Verdict::Broken, "the child running the case died: " + msg};
  return {static_cast<Verdict>(std::stoi(msg.substr(0, nl))), msg.substr(nl + 1)};
}

class Attack : public ::testing::TestWithParam<AttackParam> {};

TEST_P(Attack, Verdict) {
  const auto& [runtime, case_name] = GetParam();
  if (!selected(runtime)) GTEST_SKIP() << runtime << " is not in RAMPART_ATTACK_RUNTIMES";
  ASSERT_NE(rampart::probe::find_case(case_name), nullptr);
  Verdict want = Verdict::Resisted;
  std::string binary = RAMPART_BINARY_DIR "/rampart";
  bool private_cgroup_ns = false;
  if (runtime != "rampart") {
    const auto* peer = rampart::probe::find_peer(runtime);
    ASSERT_NE(peer, nullptr);
    if (std::getenv("RAMPART_TEST_WRAPPER")) GTEST_SKIP() << "the test wrapper applies to rampart only";
    if (::access(peer->binary.c_str(), X_OK) != 0) GTEST_SKIP() << peer->binary << " is not installed";
    auto expected = rampart::probe::expected_verdict(runtime, case_name);
    if (!expected) GTEST_SKIP() << case_name << " has not been measured against " << runtime;
    if (expected->racy)
      GTEST_SKIP() << case_name << " is a race against " << runtime << " (measured "
                   << verdict_name(expected->verdict) << "): not asserted";
    want = expected->verdict;
    binary = peer->binary;
    private_cgroup_ns = peer->needs_unified_cgroup_unmounted;
  }
  Outcome o = private_cgroup_ns ? run_without_unified_cgroup(binary, case_name)
                                : rampart::probe::run_single(binary, case_name);
  std::printf("[ %s ] %s: %s: %s\n", runtime.c_str(), case_name.c_str(), verdict_name(o.verdict), o.explanation.c_str());
  EXPECT_STREQ(verdict_name(o.verdict), verdict_name(want)) << case_name << " against " << binary << ": " << o.explanation;
}

std::string param_name(const ::testing::TestParamInfo<AttackParam>& info) {
  std::string n = info.param.runtime + "_" + info.param.case_name;
  for (auto& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Probe, Attack, ::testing::ValuesIn(every_case_against_every_runtime()), param_name);

}  // namespace
