// Device rules: the rule-list model (v1 kernel semantics), the v1 transitions, the v2 BPF
// program (run here by a small interpreter against the model, for every device and access),
// and, as root, the program attached to a real cgroup2 directory.
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include "linux/cgroup/cgroup.h"
#include "linux/cgroup/device_bpf.h"
#include "linux/cgroup/devices.h"
#include "linux/cgroup/files.h"

using namespace rampart;
using namespace rampart::cgroup;
namespace fs = std::filesystem;

namespace {

spec::DeviceRule allow(const char* type, std::optional<int64_t> major, std::optional<int64_t> minor,
                       const char* access = "rwm") {
  return {true, type, major, minor, access};
}
spec::DeviceRule deny(const char* type, std::optional<int64_t> major, std::optional<int64_t> minor,
                      const char* access = "rwm") {
  return {false, type, major, minor, access};
}
const spec::DeviceRule kDenyAll = deny("a", std::nullopt, std::nullopt);

// The v1 kernel's decision for a state (what the BPF program must reproduce).
bool model_allows(const DeviceState& s, char type, int64_t major, int64_t minor, unsigned access) {
  for (const auto& [k, bits] : s.exceptions) {
    if (k.type != type || (k.major >= 0 && k.major != major) || (k.minor >= 0 && k.minor != minor)) continue;
    if (s.default_allow) {
      if (bits & access) return false;  // a deny exception matching any requested bit
    } else if ((bits & access) == access) {
      return true;  // an allow exception covering every requested bit
    }
  }
  return s.default_allow;
}

// Runs the instruction subset device_program() emits on a bpf_cgroup_dev_ctx.
int run_program(const std::vector<bpf_insn>& prog, uint32_t access_type, uint32_t major, uint32_t minor) {
  const uint32_t ctx[3] = {access_type, major, minor};
  uint64_t r[11] = {};
  size_t pc = 0;
  for (int steps = 0; steps < 100000 && pc < prog.size(); ++steps) {
    const bpf_insn& i = prog[pc];
    const uint8_t cls = BPF_CLASS(i.code), op = BPF_OP(i.code);
    const uint64_t src = BPF_SRC(i.code) == BPF_X ? r[i.src_reg] : static_cast<uint64_t>(static_cast<int64_t>(i.imm));
    if (cls == BPF_LDX) {
      EXPECT_EQ(BPF_SIZE(i.code), BPF_W);
      EXPECT_EQ(i.src_reg, 1);
      r[i.dst_reg] = ctx[i.off / 4];
      ++pc;
    } else if (cls == BPF_ALU) {
      uint32_t d = static_cast<uint32_t>(r[i.dst_reg]);
      const uint32_t s32 = static_cast<uint32_t>(src);
      if (op == BPF_AND) d &= s32;
      else if (op == BPF_RSH) d >>= s32;
      else if (op == BPF_MOV) d = s32;
      else ADD_FAILURE() << "unexpected ALU op " << int(op);
      r[i.dst_reg] = d;
      ++pc;
    } else if (cls == BPF_JMP) {
      if (op == BPF_EXIT) return static_cast<int>(r[0]);
      bool take = false;
      if (op == BPF_JNE) take = r[i.dst_reg] != src;
      else if (op == BPF_JEQ) take = r[i.dst_reg] == src;
      else ADD_FAILURE() << "unexpected JMP op " << int(op);
      pc += 1 + (take ? i.off : 0);
    } else {
      ADD_FAILURE() << "unexpected class " << int(cls);
      return -1;
    }
  }
  ADD_FAILURE() << "program ran off its end";
  return -1;
}

void expect_program_matches_model(const DeviceState& s) {
  const auto prog = device_program(s);
  for (char type : {'c', 'b'})
    for (int64_t major : {1, 5, 8, 10, 136, 4095})
      for (int64_t minor : {0, 1, 2, 3, 5, 7, 8, 9, 11, 200})
        for (unsigned access = 1; access <= 7; ++access) {
          const uint32_t t = type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR;
          const int got = run_program(prog, (access << 16) | t, static_cast<uint32_t>(major), static_cast<uint32_t>(minor));
          ASSERT_EQ(got, model_allows(s, type, major, minor, access) ? 1 : 0)
              << type << " " << major << ":" << minor << " access " << access;
        }
}

bool fs_is(const std::string& path, long magic) {
  struct statfs st {};
  return ::statfs(path.c_str(), &st) == 0 && static_cast<long>(st.f_type) == magic;
}

}  // namespace

// ---- the rule-list model ----

TEST(CgroupDeviceState, StartsDeniedAndAddsExceptionsInOrder) {
  auto s = device_state({kDenyAll, allow("c", 1, 3), allow("c", 1, 3, "r"), allow("b", 8, std::nullopt, "r")});
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_FALSE(s->default_allow);
  const std::map<DeviceKey, unsigned> want = {{{'c', 1, 3}, kAllAccess}, {{'b', 8, -1}, kRead}};
  EXPECT_EQ(s->exceptions, want);
}

TEST(CgroupDeviceState, LaterDenyNarrowsAnEarlierAllow) {
  auto s = device_state({kDenyAll, allow("c", 1, 3), deny("c", 1, 3, "w")});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->exceptions.at({'c', 1, 3}), kRead | kMknod);
  auto gone = device_state({kDenyAll, allow("c", 1, 3, "r"), deny("c", 1, 3)});
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->exceptions.empty());
}

TEST(CgroupDeviceState, AllRuleResets) {
  auto s = device_state({kDenyAll, allow("c", 1, 3), allow("a", std::nullopt, std::nullopt)});
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->default_allow);
  EXPECT_TRUE(s->exceptions.empty());
  auto again = device_state({allow("a", std::nullopt, std::nullopt), deny("c", 1, 3), kDenyAll});
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, (DeviceState{false, {}}));
}

TEST(CgroupDeviceState, HoleInAWildcardIsRefused) {
  auto s = device_state({kDenyAll, allow("c", std::nullopt, std::nullopt), deny("c", 1, 3, "w")});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("punch a hole"), std::string::npos) << s.error().message();
  // Removing access the wildcard does not have is fine.
  EXPECT_TRUE(device_state({kDenyAll, allow("c", std::nullopt, std::nullopt, "m"), deny("c", 1, 3, "w")}));
}

TEST(CgroupDeviceState, BadRulesAreRefused) {
  EXPECT_FALSE(device_state({allow("p", 1, 3)}));
  EXPECT_FALSE(device_state({allow("c", 1, 3, "rwx")}));
}

// Issue 8 class 10: a node the config creates and denies stays denied (runc gives EPERM).
TEST(CgroupDeviceState, LinuxDevicesAddNoAllowRule) {
  const std::vector<spec::Device> devices = {{"/dev/kmsg", 'c', 1, 11, 0666, 0, 0}};
  const auto rules = container_device_rules({kDenyAll, deny("c", 1, 11)}, devices);
  auto s = device_state(rules);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_FALSE(model_allows(*s, 'c', 1, 11, kWrite));
  EXPECT_FALSE(model_allows(*s, 'c', 1, 11, kRead));
  EXPECT_TRUE(model_allows(*s, 'c', 1, 11, kMknod)) << "runc's default: mknod of any char device";
  EXPECT_TRUE(model_allows(*s, 'c', 1, 3, kRead | kWrite)) << "/dev/null is in the default list";
  EXPECT_TRUE(model_allows(*s, 'c', 136, 4, kRead | kWrite)) << "/dev/pts/*";
  EXPECT_FALSE(model_allows(*s, 'b', 8, 0, kRead)) << "no block device is readable by default";
}

TEST(CgroupDeviceState, ConfigRulesComeFirstAndDefaultsAfter) {
  const auto rules = container_device_rules({kDenyAll, allow("c", 4, 1)}, {});
  ASSERT_GE(rules.size(), 3u);
  EXPECT_EQ(*device_rule_string(rules[0]), "a *:* rwm");
  EXPECT_EQ(*device_rule_string(rules[1]), "c 4:1 rwm");
  EXPECT_EQ(rules.size(), 2 + default_allowed_devices().size());
}

TEST(CgroupDeviceState, DefaultForARedefinedPathIsLeftOut) {
  // The config redefines /dev/null as something else: runc drops its default rule for it.
  const std::vector<spec::Device> devices = {{"/dev/null", 'c', 1, 7, 0666, 0, 0}};
  const auto rules = container_device_rules({kDenyAll}, devices);
  EXPECT_EQ(rules.size(), 1 + default_allowed_devices().size() - 1);
  auto s = device_state(rules);
  ASSERT_TRUE(s);
  EXPECT_FALSE(model_allows(*s, 'c', 1, 3, kRead));
}

TEST(CgroupDeviceList, Parse) {
  auto all = parse_devices_list("a *:* rwm\n");
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, (DeviceState{true, {}}));
  auto some = parse_devices_list("c 1:3 rwm\nb 8:* r\nc *:* m\n");
  ASSERT_TRUE(some) << some.error().message();
  EXPECT_FALSE(some->default_allow);
  EXPECT_EQ(some->exceptions.size(), 3u);
  EXPECT_EQ(some->exceptions.at({'b', 8, -1}), kRead);
  EXPECT_EQ(some->exceptions.at({'c', -1, -1}), kMknod);
  EXPECT_FALSE(parse_devices_list("x 1:3 rwm\n"));
  EXPECT_FALSE(parse_devices_list("c 1 rwm\n"));
}

TEST(CgroupDeviceTransition, FromAllowAllStartsWithDenyAll) {
  const DeviceState target = *device_state({kDenyAll, allow("c", 1, 3)});
  const auto w = device_transition(DeviceState{true, {}}, target);
  const std::vector<std::pair<std::string, std::string>> want = {{"devices.deny", "a"}, {"devices.allow", "c 1:3 rwm"}};
  EXPECT_EQ(w, want);
}

TEST(CgroupDeviceTransition, UpdateNarrowsFirstAndNeverResets) {
  const DeviceState from = *device_state({kDenyAll, allow("c", 1, 3), allow("c", 1, 5), allow("c", 1, 7, "r")});
  const DeviceState to = *device_state({kDenyAll, allow("c", 1, 3), allow("c", 1, 7, "rw"), allow("c", 1, 9)});
  const auto w = device_transition(from, to);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"devices.deny", "c 1:5 rwm"}, {"devices.allow", "c 1:7 w"}, {"devices.allow", "c 1:9 rwm"}};
  EXPECT_EQ(w, want);
  EXPECT_TRUE(device_transition(to, to).empty());
}

TEST(CgroupDeviceTransition, BlacklistUpdateAddsDeniesFirst) {
  const auto all = allow("a", std::nullopt, std::nullopt);
  const DeviceState from = *device_state({all, deny("c", 1, 3)});
  const DeviceState to = *device_state({all, deny("c", 1, 5)});
  const auto w = device_transition(from, to);
  const std::vector<std::pair<std::string, std::string>> want = {{"devices.deny", "c 1:5 rwm"},
                                                                 {"devices.allow", "c 1:3 rwm"}};
  EXPECT_EQ(w, want);
}

// ---- the v2 program ----

TEST(CgroupDeviceProgram, DenyAllIsOneVerdict) {
  const auto prog = device_program(DeviceState{false, {}});
  EXPECT_EQ(run_program(prog, (kRead << 16) | BPF_DEVCG_DEV_CHAR, 1, 3), 0);
}

TEST(CgroupDeviceProgram, MatchesTheModelForTheDefaultList) {
  expect_program_matches_model(*device_state(container_device_rules({kDenyAll}, {})));
}

TEST(CgroupDeviceProgram, MatchesTheModelForPartialAccessAndBlacklists) {
  expect_program_matches_model(*device_state({kDenyAll, allow("c", 1, 3, "r"), allow("c", 1, std::nullopt, "w"),
                                              allow("b", std::nullopt, 0, "m"), allow("c", 136, 5, "rw")}));
  expect_program_matches_model(*device_state({allow("a", std::nullopt, std::nullopt), deny("c", 1, 3, "w"),
                                              deny("b", 8, std::nullopt, "rw"), deny("c", std::nullopt, 11)}));
}

TEST(CgroupDeviceProgram, MatchesTheModelForRandomRuleLists) {
  std::mt19937 rng(42);
  const char* types[] = {"c", "b", "a"};
  const int64_t majors[] = {-1, 1, 5, 8, 136};
  const int64_t minors[] = {-1, 0, 3, 5, 11};
  const char* accesses[] = {"r", "w", "m", "rw", "rm", "wm", "rwm"};
  for (int round = 0; round < 200; ++round) {
    std::vector<spec::DeviceRule> rules;
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < n; ++i) {
      spec::DeviceRule r;
      r.allow = rng() % 2;
      r.type = types[rng() % (i == 0 ? 3 : 2)];
      if (const int64_t m = majors[rng() % 5]; m >= 0) r.major = m;
      if (const int64_t m = minors[rng() % 5]; m >= 0) r.minor = m;
      r.access = accesses[rng() % 7];
      rules.push_back(r);
    }
    auto s = device_state(rules);
    if (!s) continue;  // a hole in a wildcard: refused, nothing to compile
    expect_program_matches_model(*s);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// ---- the program on a real cgroup2 directory (root) ----

namespace {

// The cgroup2 hierarchy of this host: /sys/fs/cgroup/unified (hybrid) or /sys/fs/cgroup (v2).
std::string cgroup2_root() {
  if (fs_is("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC)) return "/sys/fs/cgroup/unified";
  if (fs_is("/sys/fs/cgroup", CGROUP2_SUPER_MAGIC)) return "/sys/fs/cgroup";
  return {};
}

// Forks a child that joins `cgroup` and reports what opening each device path gives: 0 for
// success, else the errno.
std::vector<int> open_results_in(const std::string& cgroup, const std::vector<std::string>& paths) {
  int pipefd[2];
  if (::pipe(pipefd) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipefd[0]);
    if (!write_file(cgroup, "cgroup.procs", "0")) ::_exit(90);
    for (const auto& p : paths) {
      const int fd = ::open(p.c_str(), O_RDWR | O_CLOEXEC);
      const int result = fd >= 0 ? 0 : errno;
      if (fd >= 0) ::close(fd);
      if (::write(pipefd[1], &result, sizeof result) != sizeof result) ::_exit(91);
    }
    ::_exit(0);
  }
  ::close(pipefd[1]);
  std::vector<int> out;
  int v = 0;
  while (::read(pipefd[0], &v, sizeof v) == sizeof v) out.push_back(v);
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  return out;
}

size_t attached_count(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  auto progs = attached_device_programs(fd.get(), dir);
  return progs ? progs->size() : 999;
}

}  // namespace

TEST(CgroupDeviceReal, ProgramDeniesAndIsReplacedAtomically) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  const std::string root = cgroup2_root();
  if (root.empty()) GTEST_SKIP() << "no cgroup2 hierarchy";
  const std::string path = "/rampart-test-" + std::to_string(::getpid()) + "-devices";
  auto made = make_manager("t", path, root, Layout::V2);
  ASSERT_TRUE(made) << made.error().message();
  auto& m = *made;
  ASSERT_TRUE(m->create());
  const std::string dir = m->paths().unified;
  struct Cleanup {
    Manager* m;
    ~Cleanup() { (void)m->destroy(); }
  } cleanup{m.get()};

  spec::Resources r;
  r.devices = container_device_rules({kDenyAll}, {});
  auto a = m->apply(r);
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(attached_count(dir), 1u);
  // /dev/null is in the default list, /dev/full too; /dev/kmsg (c 1:11) is not.
  EXPECT_EQ(open_results_in(dir, {"/dev/null", "/dev/kmsg"}), (std::vector<int>{0, EPERM}));

  // update: deny /dev/null, allow /dev/kmsg -- one program, replaced in place.
  r.devices = container_device_rules({kDenyAll, allow("c", 1, 11)}, {});
  r.devices.push_back(deny("c", 1, 3, "rw"));  // "m" stays: the wildcard mknod rule has it
  a = m->apply(r);
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(attached_count(dir), 1u) << "the old program was replaced, not stacked";
  EXPECT_EQ(open_results_in(dir, {"/dev/null", "/dev/kmsg"}), (std::vector<int>{EPERM, 0}));

  EXPECT_TRUE(m->destroy());
  EXPECT_FALSE(fs::exists(dir));
}

TEST(CgroupDeviceReal, AttachFailureIsAnError) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  // A directory that is not a cgroup: the program loads, the attach is refused, and apply says
  // so instead of running without device rules.
  std::string tmpl = (fs::temp_directory_path() / "rampart-notcg-XXXXXX").string();
  const std::string dir = ::mkdtemp(tmpl.data());
  for (const char* f : {"cgroup.procs", "cgroup.controllers", "cgroup.subtree_control"})
    ::close(::open((dir + "/" + f).c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
  auto made = make_manager("t", "/c1", dir, Layout::V2);
  ASSERT_TRUE(made);
  ASSERT_TRUE((*made)->create());
  spec::Resources r;
  r.devices = container_device_rules({kDenyAll}, {});
  auto a = (*made)->apply(r);
  EXPECT_FALSE(a);
  if (!a) {
    EXPECT_NE(a.error().message().find("device program"), std::string::npos) << a.error().message();
  }
  fs::remove_all(dir);
}

namespace rampart::cgroup {
namespace {

// runtime-spec: the rules apply in the listed order, and v1's devices.list shows them in the
// order written (runtime-tools' linux_cgroups_devices reads it back so).
TEST(DeviceTransition, GainedExceptionsKeepTheRulesOrder) {
  std::vector<spec::DeviceRule> rules = {{false, "a", {}, {}, "rwm"},
                                         {true, "c", 10, 229, "rwm"},
                                         {true, "b", 8, 20, "rw"},
                                         {true, "c", {}, {}, "m"}};
  auto to = device_state(rules);
  ASSERT_TRUE(to);
  const auto w = device_transition(DeviceState{false, {}}, *to);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].second, "c 10:229 rwm");
  EXPECT_EQ(w[1].second, "b 8:20 rw");
  EXPECT_EQ(w[2].second, "c *:* m");
}

}  // namespace
}  // namespace rampart::cgroup
