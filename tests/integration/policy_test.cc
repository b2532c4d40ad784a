// `rampart check` on real bundles (exit codes, formats, host facts gathered through fds), and
// `create --policy` enforcement (a refused bundle leaves nothing; an exception lets exactly the
// named container through).
//
// check is rampart's own command, so it always runs this build's rampart ($RAMPART_CHECK_BINARY
// overrides). The enforcement tests need `create --policy` and are skipped for runc/crun.
#include "harness.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace rampart::testing {
namespace {

std::string check_binary() {
  const char* env = std::getenv("RAMPART_CHECK_BINARY");
  return env && *env ? env : rampart_binary();
}

Result check(const std::vector<std::string>& args, const RunOptions& opts = {}) {
  std::vector<std::string> argv = {check_binary(), "check"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, opts);
}

void add_bind(Bundle& b, const std::string& src, const std::string& dst, bool ro = false) {
  nlohmann::json opts = {"rbind"};
  if (ro) opts.push_back("ro");
  b.config()["mounts"].push_back({{"destination", dst}, {"type", "bind"}, {"source", src}, {"options", opts}});
}

fs::path write_policy(Bundle& b, const std::string& name, const nlohmann::json& j) {
  fs::path p = b.tmp() / name;
  std::ofstream(p) << j.dump(2);
  return p;
}

TEST(Check, DefaultBundlePasses) {
  Bundle b;
  b.write();
  Result r = check({b.dir().string()});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_NE(r.out.find("result: PASS"), std::string::npos) << r;
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << "colour without a terminal";
}

TEST(Check, ConfigPathAndStdinWorkLikeTheBundle) {
  Bundle b;
  b.write();
  EXPECT_EQ(check({(b.dir() / "config.json").string()}).exit_code, 0);
  Result r = check({"--format", "json", "-"}, {.input = b.config().dump()});
  ASSERT_EQ(r.exit_code, 0) << r;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["failed"], false);
}

TEST(Check, DockerSocketFailsWithTheMountNamed) {
  Bundle b;
  add_bind(b, "/var/run/docker.sock", "/sock");
  b.write();
  Result r = check({b.dir().string()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.out.find("RP-MNT-001"), std::string::npos) << r;
  EXPECT_NE(r.out.find("(/var/run/docker.sock -> /sock): bind of the Docker engine socket"), std::string::npos) << r;
}

TEST(Check, SymlinkedSourceIsJudgedByItsTarget) {
  Bundle b;
  fs::create_directory_symlink("/etc", b.tmp() / "innocent");
  add_bind(b, (b.tmp() / "innocent").string(), "/x");
  b.write();
  Result r = check({"--format", "json", b.dir().string()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  bool seen = false;
  for (const auto& f : j["findings"])
    if (f["rule"] == "RP-MNT-002") {
      seen = true;
      EXPECT_EQ(f["severity"], "critical");  // writable
      EXPECT_NE(f["message"].get<std::string>().find("resolves to /etc"), std::string::npos) << f;
    }
  EXPECT_TRUE(seen) << r.out;
}

TEST(Check, RelativeSourceIsTakenFromTheBundle) {
  Bundle b;
  fs::create_directory_symlink("/etc", b.dir() / "hostetc");
  add_bind(b, "hostetc", "/x", true);
  b.write();
  Result r = check({b.dir().string()});
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.out.find("[resolves to /etc]: read-only bind of the host's /etc"), std::string::npos) << r;
}

TEST(Check, SarifIsEmitted) {
  Bundle b;
  add_bind(b, "/", "/host");
  b.write();
  Result r = check({"--format", "sarif", b.dir().string()});
  EXPECT_EQ(r.exit_code, 1) << r;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  EXPECT_EQ(j["version"], "2.1.0");
  EXPECT_EQ(j["runs"][0]["tool"]["driver"]["name"], "rampart");
  ASSERT_FALSE(j["runs"][0]["results"].empty());
  EXPECT_EQ(j["runs"][0]["results"][0]["ruleId"], "RP-MNT-002");
  EXPECT_EQ(j["runs"][0]["results"][0]["level"], "error");
  EXPECT_TRUE(j["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"].is_number());
}

TEST(Check, FailOnAndProfiles) {
  Bundle b;
  add_bind(b, "/etc", "/host-etc", true);  // high
  b.write();
  EXPECT_EQ(check({b.dir().string()}).exit_code, 1);
  EXPECT_EQ(check({"--fail-on", "critical", b.dir().string()}).exit_code, 0);
  EXPECT_EQ(check({"--fail-on", "never", b.dir().string()}).exit_code, 0);
  EXPECT_EQ(check({"--profile", "privileged", b.dir().string()}).exit_code, 0);
  Bundle clean;
  clean.write();
  Result r = check({"--profile", "restricted", clean.dir().string()});  // runs as root
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.out.find("RP-PRV-005"), std::string::npos) << r;
}

TEST(Check, ExceptionsMatchTheContainerId) {
  Bundle b;
  add_bind(b, "/var/run/docker.sock", "/sock");
  b.write();
  fs::path pol = write_policy(b, "policy.json",
                              {{"profile", "baseline"},
                               {"exceptions", {{{"rule", "RP-MNT-001"}, {"container", "ci-*"},
                                                {"path", "/var/run/docker.sock"}, {"reason", "CI builds images"}}}}});
  Result ci = check({"--policy", pol.string(), "--id", "ci-12", b.dir().string()});
  EXPECT_EQ(ci.exit_code, 0) << ci;
  EXPECT_NE(ci.out.find("CI builds images"), std::string::npos) << ci;
  Result web = check({"--policy", pol.string(), "--id", "web-1", b.dir().string()});
  EXPECT_EQ(web.exit_code, 1) << web;
}

TEST(Check, BadInputIsExitTwo) {
  Bundle b;
  Result missing = check({(b.tmp() / "nope").string()});
  EXPECT_EQ(missing.exit_code, 2) << missing;
  EXPECT_FALSE(missing.err.empty());

  b.write_raw("{\"ociVersion\": ");
  Result malformed = check({b.dir().string()});
  EXPECT_EQ(malformed.exit_code, 2) << malformed;
  EXPECT_NE(malformed.err.find("config.json"), std::string::npos) << malformed;

  Bundle ok;
  ok.write();
  Result profile = check({"--profile", "lenient", ok.dir().string()});
  EXPECT_EQ(profile.exit_code, 2) << profile;
  EXPECT_NE(profile.err.find("unknown profile"), std::string::npos) << profile;

  fs::path pol = write_policy(ok, "bad.json", {{"exceptions", {{{"rule", "RP-MNT-001"}, {"container", "x"}}}}});
  Result noreason = check({"--policy", pol.string(), ok.dir().string()});
  EXPECT_EQ(noreason.exit_code, 2) << noreason;
  EXPECT_NE(noreason.err.find("reason"), std::string::npos) << noreason;

  EXPECT_EQ(check({"--format", "xml", ok.dir().string()}).exit_code, 2);
  EXPECT_EQ(check({"--fail-on", "sometimes", ok.dir().string()}).exit_code, 2);
}

// ---- enforcement: needs `create --policy` (wired by the lead) ---------------------------------

bool enforcement_supported() { return !runtime_is_runc() && runtime().find("crun") == std::string::npos; }

TEST(Enforce, RefusedBundleLeavesNothingBehind) {
  if (!enforcement_supported()) GTEST_SKIP() << "--policy is rampart's";
  Bundle b({kHelper, "exit", "0"});
  b.bind_same_path("/etc", true);  // RP-MNT-002, high
  fs::path pol = write_policy(b, "policy.json", {{"profile", "baseline"}});
  Result r = b.create({"--policy", pol.string()});
  EXPECT_NE(r.exit_code, 0) << r;
  std::string out = b.container_output() + r.err;
  EXPECT_NE(out.find("RP-MNT-002"), std::string::npos) << out;
  EXPECT_EQ(out.find('\n'), out.size() - 1) << "the refusal is one line: " << out;
  EXPECT_NE(b.state().exit_code, 0) << "a refused container has no state";
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Enforce, ExceptionLetsExactlyTheNamedContainerThrough) {
  if (!enforcement_supported()) GTEST_SKIP() << "--policy is rampart's";
  Bundle b({kHelper, "exit", "0"});
  b.bind_same_path("/etc", true);
  fs::path pol = write_policy(b, "policy.json",
                              {{"profile", "baseline"},
                               {"exceptions", {{{"rule", "RP-MNT-002"}, {"container", b.id()}, {"path", "/etc"},
                                                {"reason", "integration test"}}}}});
  Result ok = b.create({"--policy", pol.string()});
  ASSERT_EQ(ok.exit_code, 0) << ok << b.container_output();
  EXPECT_EQ(b.status(), "created");
  EXPECT_EQ(b.remove(true).exit_code, 0);

  std::string other = b.new_id();
  Result refused = b.run({"create", "--bundle", b.dir().string(), "--policy", pol.string(), other},
                         {.output_file = b.tmp() / "other.out"});
  EXPECT_NE(refused.exit_code, 0) << refused;
  EXPECT_NE(read_file(b.tmp() / "other.out").find("RP-MNT-002"), std::string::npos);
  EXPECT_NE(b.run({"state", other}).exit_code, 0);
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Enforce, RunIsRefusedToo) {
  if (!enforcement_supported()) GTEST_SKIP() << "--policy is rampart's";
  Bundle b({kHelper, "exit", "0"});
  add_bind(b, "/var/run/docker.sock", "/sock");
  fs::path pol = write_policy(b, "policy.json", {{"profile", "baseline"}});
  Result r = b.run({"run", "--bundle", b.dir().string(), "--policy", pol.string(), b.id()});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_NE((r.out + r.err).find("RP-MNT-001"), std::string::npos) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

}  // namespace
}  // namespace rampart::testing
