// No runtime fd reaches anything the container controls (CVE-2024-21626, attack 3 shape), and
// `--preserve-fds N` passes exactly the fds its caller passed.
//
// The attack: an image whose PATH (or args[0]) is /proc/self/fd/N/../<host path> makes the init
// resolve the program through an fd the runtime still holds -- a host bind source it opened for
// policy, a procfs handle -- before close-on-exec could close anything, and run a host binary.
// The canary is a copy of the test helper in a host directory that no mount names; it prints
// its own /proc/self/exe, so its output shows where it was run from.
#include "harness.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

namespace rampart::testing {
namespace {

constexpr const char* kCanary = "rampart-escape-canary";

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// `<runtime> --root R args...` run from a shell that first runs `fd_setup` (e.g. "exec 4</x"),
// so the runtime is started holding exactly those extra fds, as a caller passing fds would.
Result run_holding(Bundle& b, const std::string& fd_setup, const std::vector<std::string>& args) {
  b.write();
  std::string cmd = fd_setup + "; exec";
  for (const auto& a : runtime_argv()) cmd += " " + quote(a);
  cmd += " --root " + quote(b.state_root().string());
  for (const auto& a : args) cmd += " " + quote(a);
  return run_command({"/bin/sh", "-c", cmd});
}

// A bind-mounted host volume (the runtime opens its source on the host) and, next to it, a
// host directory holding the canary that nothing mounts.
fs::path plant_canary(Bundle& b) {
  fs::path volume = b.tmp() / "volume";
  fs::path secret = b.tmp() / "secret";
  fs::create_directory(volume);
  fs::create_directory(secret);
  fs::copy_file(RAMPART_BINARY_DIR "/tests/rampart-testhelper", secret / kCanary);
  fs::permissions(secret / kCanary, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  b.config()["mounts"].push_back(
      {{"destination", "/mnt"}, {"type", "bind"}, {"source", volume.string()}, {"options", {"rbind"}}});
  return secret / kCanary;
}

TEST(FdBoundary, PathLookupReachesNoHostDirectoryThroughRuntimeFds) {
  Bundle b;
  plant_canary(b);
  std::string path;
  for (int fd = 3; fd <= 40; ++fd) path += "/proc/self/fd/" + std::to_string(fd) + "/../secret:";
  path += "/proc/self/fd/3/../../secret";
  b.config()["process"]["env"] = {"PATH=" + path};
  b.set_args({kCanary, "readlink", "/proc/self/exe"});
  Result r = b.run_container();
  EXPECT_EQ(r.out.find(kCanary), std::string::npos) << "a host binary ran in the container:\n" << r;
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("not found"), std::string::npos) << r;
}

TEST(FdBoundary, ArgsZeroReachesNoHostDirectoryThroughRuntimeFds) {
  Bundle b;
  plant_canary(b);
  for (int fd = 3; fd <= 24; ++fd) {
    b.set_args({"/proc/self/fd/" + std::to_string(fd) + "/../secret/" + kCanary, "readlink", "/proc/self/exe"});
    Result r = b.run_container();
    EXPECT_EQ(r.out.find(kCanary), std::string::npos) << "fd " << fd << " led to the host:\n" << r;
    EXPECT_NE(r.exit_code, 0) << r;
  }
}

// The caller passes fd 4 only: with --preserve-fds 3 the container gets 4 and nothing at 3 or 5
// (runc and earlier rampart handed over whatever the runtime had opened at those numbers).
TEST(FdBoundary, PreserveFdsPassesOnlyTheCallersFds) {
  Bundle b({"/bin/sh", "-c", std::string(kHelper) + " fds; " + kHelper + " readlink /proc/self/fd/4"});
  fs::path passed = b.tmp() / "passed-fd";
  std::ofstream(passed) << "x";
  Result r = run_holding(b, "exec 4<" + quote(passed.string()),
                         {"run", "--preserve-fds", "3", "--bundle", b.dir().string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0 1 2 4\n" + passed.string() + "\n") << r;
}

// Without --preserve-fds nothing the caller had open reaches the container, nor the runtime's own.
TEST(FdBoundary, NoPreserveFdsMeansStdioOnly) {
  Bundle b({kHelper, "fds"});
  Result r = run_holding(b, "exec 5</ 6<" + quote(b.tmp().string()), {"run", "--bundle", b.dir().string(), b.id()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0 1 2\n") << r;
}

// The same for exec: the caller's fd 3 is passed, its fd 5 and the runtime's own are not.
TEST(FdBoundary, ExecPreserveFdsPassesOnlyTheCallersFds) {
  Bundle b({"/bin/sleep", "60"});
  ASSERT_EQ(b.run({"run", "-d", "--bundle", b.dir().string(), b.id()}).exit_code, 0);
  Result r = run_holding(b, "exec 3</ 5</", {"exec", "--preserve-fds", "2", b.id(), kHelper, "fds"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0 1 2 3\n") << r;
}

}  // namespace
}  // namespace rampart::testing
