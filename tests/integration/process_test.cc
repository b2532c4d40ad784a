// What the container's process looks like from inside: hostname, cwd, env, ids, caps, rlimits.
#include "harness.h"

#include <gtest/gtest.h>

namespace rampart::testing {
namespace {

TEST(Process, Hostname) {
  Bundle b({kHelper, "hostname"});
  b.config()["hostname"] = "rampart-host";
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "rampart-host\n");
}

TEST(Process, Cwd) {
  Bundle b({kHelper, "cwd"});
  b.config()["process"]["cwd"] = "/home/alice";
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "/home/alice\n");
}

TEST(Process, Env) {
  Bundle b({kHelper, "env", "RAMPART_FOO"});
  b.config()["process"]["env"].push_back("RAMPART_FOO=bar baz=qux");
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "bar baz=qux\n");
}

TEST(Process, UidGidAdditionalGids) {
  Bundle b({kHelper, "ids"});
  b.config()["process"]["user"] = {{"uid", 1000}, {"gid", 1000}, {"additionalGids", {29, 44}}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "uid=1000 gid=1000 groups=29,44\n");
}

TEST(Process, RootHasNoSupplementaryGroupsByDefault) {
  Bundle b({kHelper, "ids"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "uid=0 gid=0 groups=\n");
}

TEST(Process, CapabilitySets) {
  Bundle b({kHelper, "caps"});
  nlohmann::json set = {"CAP_CHOWN", "CAP_KILL"};  // bits 0 and 5
  b.config()["process"]["capabilities"] = {{"bounding", set},    {"effective", set},
                                           {"permitted", set},   {"inheritable", set},
                                           {"ambient", set}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out,
            "inh=0000000000000021 prm=0000000000000021 eff=0000000000000021 "
            "bnd=0000000000000021 amb=0000000000000021\n");
}

TEST(Process, CapabilitiesOfNonRootUserNeedAmbient) {
  Bundle b({kHelper, "caps"});
  nlohmann::json set = {"CAP_NET_BIND_SERVICE"};  // bit 10
  b.config()["process"]["user"] = {{"uid", 1000}, {"gid", 1000}};
  b.config()["process"]["capabilities"] = {{"bounding", set},  {"effective", set},
                                           {"permitted", set}, {"inheritable", set},
                                           {"ambient", set}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out,
            "inh=0000000000000400 prm=0000000000000400 eff=0000000000000400 "
            "bnd=0000000000000400 amb=0000000000000400\n");
}

TEST(Process, EmptyCapabilities) {
  Bundle b({kHelper, "caps"});
  b.config()["process"].erase("capabilities");
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out,
            "inh=0000000000000000 prm=0000000000000000 eff=0000000000000000 "
            "bnd=0000000000000000 amb=0000000000000000\n");
}

TEST(Process, RlimitNofile) {
  // The host hard limit is 20000 and CAP_SYS_RESOURCE may be absent: stay below it.
  Bundle b({kHelper, "rlimit", "NOFILE"});
  b.config()["process"]["rlimits"] = {{{"type", "RLIMIT_NOFILE"}, {"soft", 1234}, {"hard", 5678}}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "1234 5678\n");
}

TEST(Process, RlimitCore) {
  Bundle b({kHelper, "rlimit", "CORE"});
  b.config()["process"]["rlimits"] = {{{"type", "RLIMIT_CORE"}, {"soft", 0}, {"hard", 4096}}};
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0 4096\n");
}

TEST(Process, NoNewPrivileges) {
  Bundle b({kHelper, "nnp"});
  b.config()["process"]["noNewPrivileges"] = true;
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "1\n");
}

TEST(Process, NoNewPrivilegesOff) {
  Bundle b({kHelper, "nnp"});
  b.config()["process"]["noNewPrivileges"] = false;
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0\n");
}

TEST(Process, OomScoreAdj) {
  Bundle b({kHelper, "oom"});
  b.config()["process"]["oomScoreAdj"] = 123;
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "123\n");
}

TEST(Process, IsPidOneInItsPidNamespace) {
  Bundle b({kHelper, "pid"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "1\n");
}

TEST(Process, OnlyStdioFdsAreOpen) {
  Bundle b({kHelper, "fds"});
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "0 1 2\n");
}

TEST(Process, StdinIsPassedThrough) {
  Bundle b({"/bin/cat"});
  Result r = b.run_container({.input = "hello from stdin\n"});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "hello from stdin\n");
}

}  // namespace
}  // namespace rampart::testing
