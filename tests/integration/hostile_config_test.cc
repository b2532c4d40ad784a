// Malformed and hostile config.json variants (and bundle files, ids and signals): each must give
// one clear line on stderr, a non-zero exit, no crash, no hang, and leave nothing behind.
// Every case prints "[message] NAME: LINE", so the messages of two runtimes can be compared
// (RAMPART_TEST_RUNTIME=/usr/sbin/runc runs the same cases against runc; only the exit status
// and the leftovers are checked there).
#include "harness.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace rampart::testing {
namespace {

using nlohmann::json;

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

// A message longer than this is not "one clear line" (the log printer caps at 4 KiB plus a note).
constexpr size_t kMaxLine = 4400;

const std::string kTenMB(10u << 20, 'x');

struct Case {
  const char* name;
  std::function<void(json&)> mutate;  // applied to the harness's default (valid) config
  std::string raw;                    // or: config.json verbatim (when mutate is empty)
  const char* expect;                 // a substring rampart's message must contain ("" = any)
};

// Replaces the config's network namespace with one joined at `path`.
void join_network(json& j, const std::string& path) {
  json out = json::array();
  for (auto& ns : j["linux"]["namespaces"])
    if (ns["type"] != "network") out.push_back(ns);
  out.push_back({{"type", "network"}, {"path", path}});
  j["linux"]["namespaces"] = out;
}

std::string nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string truncated_config() {
  std::string s = default_config({kHelper, "pid"}).dump();
  return s.substr(0, s.size() / 2);
}

std::vector<Case> cases() {
  std::vector<Case> c = {
      // Not JSON, or not an object.
      {"NotJson", {}, "this is not json", "malformed JSON"},
      {"Empty", {}, "", "malformed JSON"},
      {"Truncated", {}, truncated_config(), "malformed JSON"},
      {"TopLevelArray", {}, "[]", "expected a JSON object"},
      {"TopLevelNumber", {}, "42", "expected a JSON object"},
      {"TrailingGarbage", {}, default_config({kHelper, "pid"}).dump() + " trailing", "malformed JSON"},
      {"InvalidUtf8", {}, "{\"ociVersion\": \"1.0.2\xff\xfe\", \"root\": {\"path\": \"r\"}}", "malformed JSON"},
      {"DeeplyNestedUnknownField", {}, "{\"x\": " + nested(200000) + "}", ""},
      {"DeeplyNestedInProcess", {}, "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": " + nested(200000) + "}}",
       "process.args"},
      // Wrong types.
      {"OciVersionNumber", [](json& j) { j["ociVersion"] = 1; }, "", "ociVersion: expected a string"},
      {"ProcessString", [](json& j) { j["process"] = "sh"; }, "", "process: expected an object"},
      {"ArgsString", [](json& j) { j["process"]["args"] = "/bin/sh"; }, "", "process.args: expected an array"},
      {"ArgsNumber", [](json& j) { j["process"]["args"] = {1, 2}; }, "", "process.args[0]: expected a string"},
      {"UidString", [](json& j) { j["process"]["user"]["uid"] = "0"; }, "", "process.user.uid: expected an integer"},
      {"MountsObject", [](json& j) { j["mounts"] = json::object(); }, "", "mounts: expected an array"},
      {"NamespaceString", [](json& j) { j["linux"]["namespaces"] = {"pid"}; }, "", "linux.namespaces[0]"},
      {"RootArray", [](json& j) { j["root"] = {"rootfs"}; }, "", "root: expected an object"},
      {"TerminalString", [](json& j) { j["process"]["terminal"] = "yes"; }, "", "process.terminal: expected a boolean"},
      {"AnnotationNumber", [](json& j) { j["annotations"] = {{"a", 1}}; }, "", "annotations"},
      {"UidFraction", [](json& j) { j["process"]["user"]["uid"] = 0.5; }, "", "process.user.uid"},
      // Numbers out of range.
      {"UidTooBig", [](json& j) { j["process"]["user"]["uid"] = 4294967296ull; }, "", "out of range"},
      {"UidNegative", [](json& j) { j["process"]["user"]["gid"] = -1; }, "", "out of range"},
      {"NumberOverflow", {}, R"({"ociVersion":"1.0.2","linux":{"resources":{"memory":{"limit":1e400}}}})", ""},
      {"PidsLimitHuge", [](json& j) { j["linux"]["resources"] = {{"pids", {{"limit", 18446744073709551615ull}}}}; }, "",
       "linux.resources.pids.limit"},
      {"MemoryLimitNegative", [](json& j) { j["linux"]["resources"] = {{"memory", {{"limit", -5}}}}; }, "",
       "linux.resources.memory.limit"},
      {"CpuSharesNegative", [](json& j) { j["linux"]["resources"] = {{"cpu", {{"shares", -2}}}}; }, "",
       "linux.resources.cpu.shares"},
      {"RlimitNegative", [](json& j) { j["process"]["rlimits"] = {{{"type", "RLIMIT_NOFILE"}, {"hard", -1}, {"soft", 1}}}; },
       "", "process.rlimits[0].hard"},
      {"RlimitSoftAboveHard", [](json& j) { j["process"]["rlimits"] = {{{"type", "RLIMIT_NOFILE"}, {"hard", 10}, {"soft", 11}}}; },
       "", "soft limit"},
      {"RlimitUnknown", [](json& j) { j["process"]["rlimits"] = {{{"type", "RLIMIT_BOGUS"}, {"hard", 1}, {"soft", 1}}}; }, "",
       "unknown rlimit"},
      {"OomScoreAdjHuge", [](json& j) { j["process"]["oomScoreAdj"] = 5000; }, "", "oomScoreAdj"},
      {"ConsoleSizeHuge", [](json& j) { j["process"]["consoleSize"] = {{"height", 1099511627776ull}, {"width", 80}}; }, "",
       "process.consoleSize.height"},
      {"HookTimeoutNegative",
       [](json& j) { j["hooks"] = {{"prestart", {{{"path", "/bin/true"}, {"timeout", -1}}}}}; }, "", "timeout"},
      // Huge strings: the message names the field and stays one readable line.
      {"TenMegabyteCwd", [](json& j) { j["process"]["cwd"] = "/" + kTenMB; }, "", "process.cwd"},
      {"TenMegabyteArg", [](json& j) { j["process"]["args"] = {"/" + kTenMB}; }, "", "process.args[0]"},
      {"TenMegabyteHostname", [](json& j) { j["hostname"] = kTenMB; }, "", "hostname"},
      {"TenMegabyteMountDestination", [](json& j) { j["mounts"].push_back({{"destination", "/" + kTenMB}, {"type", "tmpfs"}, {"source", "tmpfs"}}); },
       "", ""},
      {"TenMegabyteEnv", [](json& j) { j["process"]["env"].push_back("BIG=" + kTenMB); }, "", "process.env[2]"},
      // NUL bytes, which a C string silently cuts ("/\0/etc" would be "/").
      {"NulInCwd", [](json& j) { j["process"]["cwd"] = std::string("/\0/etc", 6); }, "", "NUL"},
      {"NulInArg", [](json& j) { j["process"]["args"] = {std::string("/bin/rampart-testhelper\0x", 25), "pid"}; }, "", "NUL"},
      {"NulInEnv", [](json& j) { j["process"]["env"].push_back(std::string("A=1\0B=2", 7)); }, "", "NUL"},
      {"NulInMountDestination", [](json& j) { j["mounts"].push_back({{"destination", std::string("/tmp\0/x", 7)}, {"type", "tmpfs"}, {"source", "tmpfs"}}); },
       "", "NUL"},
      // Missing or empty required parts.
      {"MissingProcess", [](json& j) { j.erase("process"); }, "", "process"},
      {"EmptyArgs", [](json& j) { j["process"]["args"] = json::array(); }, "", "process.args"},
      {"MissingArgs", [](json& j) { j["process"].erase("args"); }, "", "process.args"},
      {"MissingCwd", [](json& j) { j["process"].erase("cwd"); }, "", "process.cwd"},
      {"EmptyCwd", [](json& j) { j["process"]["cwd"] = ""; }, "", "process.cwd"},
      {"RelativeCwd", [](json& j) { j["process"]["cwd"] = "tmp"; }, "", "process.cwd"},
      {"MissingRoot", [](json& j) { j.erase("root"); }, "", "root.path"},
      {"MissingOciVersion", [](json& j) { j.erase("ociVersion"); }, "", "ociVersion"},
      {"MissingLinux", [](json& j) { j.erase("linux"); }, "", "linux"},
      // No mount namespace is the runtime's inherited (HostMountNamespace.*); a new user
      // namespace may not mount there.
      {"UserNamespaceWithoutMountNamespace",
       [](json& j) {
         j["linux"]["namespaces"] = {{{"type", "pid"}}, {{"type", "user"}}};
         j["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
         j["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
         j.erase("hostname");
       },
       "", "needs a mount namespace of its own"},
      // Namespaces and id maps.
      {"DuplicateNamespace", [](json& j) { j["linux"]["namespaces"].push_back({{"type", "pid"}}); }, "", "duplicate namespace"},
      {"UnknownNamespace", [](json& j) { j["linux"]["namespaces"].push_back({{"type", "bogus"}}); }, "", "unknown namespace"},
      {"NamespacePathRelative", [](json& j) { join_network(j, "ns/net"); }, "",
       "must be an absolute path"},
      {"NamespacePathMissing", [](json& j) { join_network(j, "/nonexistent/ns"); }, "", "/nonexistent/ns"},
      {"NamespacePathNotNamespace", [](json& j) { join_network(j, "/etc/hostname"); }, "", "/etc/hostname"},
      {"UidMapWithoutUserns", [](json& j) { j["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 1000}, {"size", 1}}}; }, "",
       "user namespace"},
      {"UidMapSizeZero",
       [](json& j) {
         j["linux"]["namespaces"].push_back({{"type", "user"}});
         j["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 0}}};
         j["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
       },
       "", "linux.uidMappings[0].size"},
      {"UidMapOverflow",
       [](json& j) {
         j["linux"]["namespaces"].push_back({{"type", "user"}});
         j["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 4294967295ull}, {"size", 10}}};
         j["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
       },
       "", "linux.uidMappings[0]"},
      {"UidMapOverlap",
       [](json& j) {
         j["linux"]["namespaces"].push_back({{"type", "user"}});
         j["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 100}},
                                      {{"containerID", 50}, {"hostID", 200000}, {"size", 100}}};
         j["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
       },
       "", "linux.uidMappings[1]"},
      {"UsernsWithoutMappings", [](json& j) { j["linux"]["namespaces"].push_back({{"type", "user"}}); }, "", "uidMappings"},
      // Other refusals.
      {"UnknownSchedulerPolicy", [](json& j) { j["process"]["scheduler"] = {{"policy", "SCHED_BOGUS"}}; }, "",
       "process.scheduler.policy: unknown policy"},
      {"SysctlNotNamespaced", [](json& j) { j["linux"]["sysctl"] = {{"kernel.core_pattern", "|/bin/sh"}}; }, "", "kernel.core_pattern"},
      {"SysctlTraversal", [](json& j) { j["linux"]["sysctl"] = {{"net/../../kernel/core_pattern", "x"}}; }, "", "sysctl"},
      {"DeviceTypeBogus", [](json& j) { j["linux"]["devices"] = {{{"path", "/dev/x"}, {"type", "x"}, {"major", 1}, {"minor", 3}}}; }, "",
       "linux.devices[0].type"},
      {"MountDestinationRelative", [](json& j) { j["mounts"].push_back({{"destination", "mnt"}, {"type", "tmpfs"}, {"source", "tmpfs"}}); },
       "", "must be an absolute path"},
      {"MountTypeUnknown", [](json& j) { j["mounts"].push_back({{"destination", "/mnt"}, {"type", "nosuchfs"}, {"source", "x"}}); }, "",
       "nosuchfs"},
      {"HookPathRelative", [](json& j) { j["hooks"] = {{"prestart", {{{"path", "true"}}}}}; }, "", "hooks.prestart[0].path"},
      {"PropagationBogus", [](json& j) { j["linux"]["rootfsPropagation"] = "sideways"; }, "", "rootfsPropagation"},
      {"SeccompActionBogus", [](json& j) { j["linux"]["seccomp"] = {{"defaultAction", "SCMP_ACT_BOGUS"}}; }, "", "SCMP_ACT_BOGUS"},
      {"SeccompArchBogus",
       [](json& j) { j["linux"]["seccomp"] = {{"defaultAction", "SCMP_ACT_ALLOW"}, {"architectures", {"SCMP_ARCH_BOGUS"}}}; }, "",
       "SCMP_ARCH_BOGUS"},
      {"TooManyGroups",
       [](json& j) {
         std::vector<uint32_t> gids(70000);
         for (size_t i = 0; i < gids.size(); ++i) gids[i] = static_cast<uint32_t>(i + 1);
         j["process"]["user"]["additionalGids"] = gids;
       },
       "", "additionalGids"},
  };
  return c;
}

class HostileConfig : public ::testing::TestWithParam<Case> {};

// Checks the outcome of a command that must fail cleanly; prints its message for comparison.
void expect_clean_failure(const Result& r, const std::string& name, const std::string& expect) {
  std::string shown = r.err.substr(0, 300);
  std::replace(shown.begin(), shown.end(), '\n', '|');
  std::printf("[message] %s: exit %d: %s%s\n", name.c_str(), r.exit_code, shown.c_str(), r.err.size() > 300 ? "..." : "");
  EXPECT_FALSE(r.timed_out) << r;
  EXPECT_NE(r.exit_code, 0) << r;
  // 128+N is a signal: a crash (SIGSEGV, SIGABRT from std::bad_alloc or a sanitizer), not an error.
  // (255 is exec's own failure, as runc's: it cannot be the container process's status.)
  EXPECT_TRUE(r.exit_code < 128 || r.exit_code == 255) << r;
  if (runtime_is_runc()) return;
  EXPECT_EQ(lines(r.err), 1) << r;
  EXPECT_TRUE(r.err.starts_with("rampart: ")) << r;
  EXPECT_LE(r.err.size(), kMaxLine) << r.err.size() << " bytes";
  if (!expect.empty()) {
    EXPECT_NE(r.err.find(expect), std::string::npos) << "expected \"" << expect << "\" in: " << r;
  }
}

TEST_P(HostileConfig, OneClearLineNonZeroExitNothingLeft) {
  const Case& c = GetParam();
  Bundle b;
  if (c.mutate) {
    c.mutate(b.config());
    b.write();
  } else {
    b.write_raw(c.raw);
  }
  Result r = b.run({"run", "--bundle", b.dir().string(), b.id()}, {.timeout = 60s});
  expect_clean_failure(r, c.name, c.expect);
  EXPECT_EQ(b.run({"state", b.id()}).exit_code == 0, false) << "the container exists after a failed run";
  auto left = b.leftovers();
  EXPECT_TRUE(left.empty()) << left.size() << " leftovers, first: " << (left.empty() ? "" : left[0]);
}

INSTANTIATE_TEST_SUITE_P(Variants, HostileConfig, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& p) { return std::string(p.param.name); });

// The bundle's files themselves: not regular, or too big. A plain read loop would exhaust memory
// on /dev/zero (std::bad_alloc, exit 134) or block forever on a FIFO.
class HostileBundleFile : public ::testing::Test {
 protected:
  void run_and_check(Bundle& b, const std::string& name, const std::string& expect) {
    Result r = b.run({"run", "--bundle", b.dir().string(), b.id()}, {.timeout = 30s});
    expect_clean_failure(r, name, expect);
    EXPECT_TRUE(b.leftovers().empty());
  }
};

TEST_F(HostileBundleFile, ConfigIsDevZero) {
  Bundle b;
  b.write_raw("");
  fs::remove(b.dir() / "config.json");
  fs::create_symlink("/dev/zero", b.dir() / "config.json");
  run_and_check(b, "ConfigIsDevZero", "not a regular file");
}

TEST_F(HostileBundleFile, ConfigIsFifo) {
  Bundle b;
  b.write_raw("");
  fs::remove(b.dir() / "config.json");
  ASSERT_EQ(::mkfifo((b.dir() / "config.json").c_str(), 0644), 0);
  run_and_check(b, "ConfigIsFifo", "not a regular file");
}

TEST_F(HostileBundleFile, ConfigIsDirectory) {
  Bundle b;
  b.write_raw("");
  fs::remove(b.dir() / "config.json");
  fs::create_directory(b.dir() / "config.json");
  run_and_check(b, "ConfigIsDirectory", "config.json");
}

TEST_F(HostileBundleFile, ConfigTooBig) {
  Bundle b;
  // Valid JSON, padded with 17 MiB of whitespace: over the 16 MiB cap.
  b.write_raw(default_config({kHelper, "pid"}).dump() + std::string(17u << 20, ' '));
  run_and_check(b, "ConfigTooBig", "limit");
}

TEST_F(HostileBundleFile, ProcessJsonIsDevZero) {
  Bundle b({kHelper, "sleep", "30"});
  ASSERT_EQ(b.run({"run", "-d", "--bundle", b.dir().string(), b.id()}, {.output_file = b.container_output_path()}).exit_code, 0);
  Result r = b.run({"exec", "--process", "/dev/zero", b.id()}, {.timeout = 30s});
  expect_clean_failure(r, "ProcessJsonIsDevZero", "not a regular file");
  const fs::path fifo = b.tmp() / "process.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  r = b.run({"exec", "--process", fifo.string(), b.id()}, {.timeout = 30s});
  expect_clean_failure(r, "ProcessJsonIsFifo", "not a regular file");
}

TEST_F(HostileBundleFile, PolicyIsFifo) {
  if (runtime_is_runc()) GTEST_SKIP() << "--policy is rampart's";
  Bundle b;
  const fs::path fifo = b.tmp() / "policy.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  Result r = b.run({"run", "--policy", fifo.string(), "--bundle", b.dir().string(), b.id()}, {.timeout = 30s});
  expect_clean_failure(r, "PolicyIsFifo", "not a regular file");
  EXPECT_TRUE(b.leftovers().empty());
}

TEST_F(HostileBundleFile, StateJsonIsFifo) {
  if (runtime_is_runc()) GTEST_SKIP() << "the state directory's layout is rampart's";
  Bundle b({kHelper, "sleep", "30"});
  ASSERT_EQ(b.create().exit_code, 0);
  const fs::path state = b.state_root() / b.id() / "state.json";
  ASSERT_TRUE(fs::exists(state));
  const fs::path saved = b.tmp() / "state.saved";
  fs::rename(state, saved);
  ASSERT_EQ(::mkfifo(state.c_str(), 0600), 0);
  Result r = b.state();
  expect_clean_failure(r, "StateJsonIsFifo", "state.json");
  fs::remove(state);
  fs::rename(saved, state);  // so that the harness's delete --force finds the container
}

// Ids, as argv carries them (a NUL cannot be in an argv string: exec(2) ends it there).
class HostileId : public ::testing::TestWithParam<std::pair<const char*, std::string>> {};

TEST_P(HostileId, RefusedWithOneLine) {
  Bundle b;
  const auto& [name, id] = GetParam();
  Result r = b.run({"run", "--bundle", b.dir().string(), id}, {.timeout = 30s});
  expect_clean_failure(r, name, "container id");
  std::error_code ec;
  if (fs::exists(b.state_root(), ec))
    for (auto& e : fs::directory_iterator(b.state_root(), ec)) ADD_FAILURE() << "left in the state root: " << e.path();
  EXPECT_FALSE(fs::exists(b.tmp() / "escape"));
}

INSTANTIATE_TEST_SUITE_P(Ids, HostileId,
                         ::testing::Values(std::pair<const char*, std::string>{"Slash", "a/b"},
                                           std::pair<const char*, std::string>{"DotDot", ".."},
                                           std::pair<const char*, std::string>{"DotDotSlash", "../escape"},
                                           std::pair<const char*, std::string>{"Length1000", std::string(1000, 'a')},
                                           std::pair<const char*, std::string>{"Length100k", std::string(100000, 'a')},
                                           std::pair<const char*, std::string>{"Newline", "a\nb"},
                                           std::pair<const char*, std::string>{"Escape", "a\x1b[2Jb"},
                                           std::pair<const char*, std::string>{"NonAscii", "caf\xc3\xa9"},
                                           std::pair<const char*, std::string>{"LeadingDot", ".hidden"}),
                         [](const auto& p) { return std::string(p.param.first); });

// Signals that are not signals: kill refuses them with one line, and the container lives on.
class BadSignal : public ::testing::TestWithParam<std::pair<const char*, std::string>> {};

TEST_P(BadSignal, RefusedContainerUntouched) {
  Bundle b({kHelper, "sleep", "30"});
  ASSERT_EQ(b.create().exit_code, 0);
  const auto& [name, sig] = GetParam();
  Result r = b.kill(sig);
  // "-9" after the id is a flag to kill's parser, as to runc's (its flags are reordered).
  expect_clean_failure(r, name, sig.starts_with("-") ? "flag provided but not defined: -9" : "signal");
  EXPECT_EQ(b.status(), "created");
}

INSTANTIATE_TEST_SUITE_P(Signals, BadSignal,
                         ::testing::Values(std::pair<const char*, std::string>{"Bogus", "SIGBOGUS"},
                                           std::pair<const char*, std::string>{"Empty", ""},
                                           std::pair<const char*, std::string>{"TooBig", "99999"},
                                           std::pair<const char*, std::string>{"Negative", "-9"},
                                           std::pair<const char*, std::string>{"Overflow", "18446744073709551625"},
                                           std::pair<const char*, std::string>{"Garbage", "9abc"},
                                           std::pair<const char*, std::string>{"Huge", std::string(100000, 'K')}),
                         [](const auto& p) { return std::string(p.param.first); });

}  // namespace
}  // namespace rampart::testing
