// Hooks run with no more than they need: a startContainer hook (its path resolves in the
// container, so the image supplies it) runs with the container process's credentials --
// configured user, capabilities, no_new_privs, seccomp -- and every hook gets nothing but stdio,
// as runc and crun run them.
#include "harness.h"
#include "shell_quote.h"

#include <gtest/gtest.h>

namespace rampart::testing {
namespace {

nlohmann::json hook(const std::string& path, const std::string& question) {
  return {{"path", path}, {"args", {path, question}}, {"timeout", 10}};
}

TEST(HookCredentials, StartContainerHookRunsAsTheContainersProcess) {
  Bundle b({kHelper, "exit", "0"});
  nlohmann::json caps = {"CAP_KILL"};  // bit 5
  b.config()["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  b.config()["process"]["capabilities"] = {{"bounding", caps},  {"effective", caps}, {"permitted", caps},
                                           {"inheritable", caps}, {"ambient", caps}};
  b.config()["process"]["noNewPrivileges"] = true;
  b.config()["linux"]["seccomp"] = {
      {"defaultAction", "SCMP_ACT_ALLOW"},
      {"architectures", {"SCMP_ARCH_X86_64"}},
      {"syscalls", {{{"names", {"sethostname"}}, {"action", "SCMP_ACT_ERRNO"}}}}};
  b.config()["hooks"] = {{"startContainer",
                          {hook(kHelper, "ids"), hook(kHelper, "caps"), hook(kHelper, "nnp"),
                           hook(kHelper, "seccomp")}}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out,
            "uid=1000 gid=1000 groups=\n"
            "inh=0000000000000020 prm=0000000000000020 eff=0000000000000020 "
            "bnd=0000000000000020 amb=0000000000000020\n"
            "1\n"
            "2\n")
      << r;
}

// Docker's profile answers clone3 with ENOSYS (so libc falls back to clone); others refuse
// pidfd_open. Hooks run under the container's filter still start, and their timeout still holds.
nlohmann::json without_clone3_and_pidfd() {
  return {{"defaultAction", "SCMP_ACT_ALLOW"},
          {"architectures", {"SCMP_ARCH_X86_64"}},
          {"syscalls",
           {{{"names", {"clone3"}}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", 38}},
            {{"names", {"pidfd_open"}}, {"action", "SCMP_ACT_ERRNO"}}}}};
}

TEST(HookCredentials, StartContainerHookRunsUnderAFilterRefusingClone3) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["linux"]["seccomp"] = without_clone3_and_pidfd();
  b.config()["hooks"] = {{"startContainer", {hook(kHelper, "seccomp")}}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "2\n") << r;
}

TEST(HookCredentials, HookTimeoutHoldsUnderAFilterRefusingPidfds) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["linux"]["seccomp"] = without_clone3_and_pidfd();
  b.config()["hooks"] = {
      {"startContainer", {{{"path", "/bin/sleep"}, {"args", {"sleep", "30"}}, {"timeout", 1}}}}};
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  auto t0 = std::chrono::steady_clock::now();
  Result r = b.start();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE(r.err.find("timed out"), std::string::npos) << r;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);
}

// The caller of `run` holds fd 3 (preserved for the container) and fd 7 (not passed on): every
// hook sees stdio only; the container's process sees stdio and fd 3.
TEST(HookCredentials, HooksGetOnlyStdio) {
  Bundle b({kHelper, "fds"});
  std::string host_helper = RAMPART_BINARY_DIR "/tests/rampart-testhelper";
  b.config()["hooks"] = {{"prestart", {hook(host_helper, "fds")}},
                         {"createRuntime", {hook(host_helper, "fds")}},
                         {"createContainer", {hook(host_helper, "fds")}},
                         {"startContainer", {hook(kHelper, "fds")}}};
  b.write();
  std::string cmd = "exec 3</ 7<" + shell_quote(b.tmp().string()) + "; exec";
  for (const auto& a : runtime_argv()) cmd += " " + shell_quote(a);
  cmd += " --root " + shell_quote(b.state_root().string()) + " run --preserve-fds 1 --bundle " +
         shell_quote(b.dir().string()) + " " + b.id();
  Result r = run_command({"/bin/sh", "-c", cmd});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0 1 2\n0 1 2\n0 1 2\n0 1 2\n0 1 2 3\n") << "prestart, createRuntime, createContainer, "
                                                              "startContainer, then the process:\n"
                                                           << r;
}

}  // namespace
}  // namespace rampart::testing
