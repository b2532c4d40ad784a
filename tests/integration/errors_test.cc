// Failures: each must exit non-zero with a readable message and leave nothing behind.
#include "harness.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace rampart::testing {
namespace {

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(Errors, FailedCreateLeavesNothing) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["mounts"].push_back({{"destination", "/mnt"},
                                  {"type", "bind"},
                                  {"source", (b.tmp() / "does-not-exist").string()},
                                  {"options", {"rbind"}}});
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  auto left = b.leftovers();
  EXPECT_TRUE(left.empty()) << left.size() << " leftovers, first: " << (left.empty() ? "" : left[0]);
  EXPECT_TRUE(host_mounts_containing(b.dir().string()).empty());
  EXPECT_FALSE(fs::exists(b.tmp() / "does-not-exist"));
}

TEST(Errors, NonexistentBinaryFailsCreate) {
  // youki#1347: the binary is looked up before create returns.
  Bundle b({"/nonexistent"});
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

// podman turns the runtime's error text into the exit status of `podman run`: "not found" or
// "no such file" is 127 (no such command), anything else 126 (cannot invoke). A file that exists
// but cannot be executed must read as the second.
TEST(Errors, MissingAndNonExecutableBinaryAreToldApart) {
  // create's stderr is the container's too: its error line lands in container_output().
  Bundle missing({"/nonexistent"});
  Result r = missing.create();
  EXPECT_NE(r.exit_code, 0) << r;
  std::string err = r.err + missing.container_output();
  EXPECT_NE(err.find("exec: \"/nonexistent\": stat /nonexistent: no such file or directory"), std::string::npos) << err;

  Bundle not_executable({"/etc/passwd"});
  r = not_executable.create();
  EXPECT_NE(r.exit_code, 0) << r;
  err = r.err + not_executable.container_output();
  EXPECT_NE(err.find("exec: \"/etc/passwd\": permission denied"), std::string::npos) << err;  // runc's words
  EXPECT_EQ(err.find("not found"), std::string::npos) << err;
  EXPECT_EQ(err.find("o such file"), std::string::npos) << err;
  EXPECT_TRUE(not_executable.leftovers().empty());
}

TEST(Errors, MalformedConfigOneLineError) {
  Bundle b;
  b.write_raw("{ \"ociVersion\": \"1.0.2\", this is not json");
  Result r = b.run({"run", "--bundle", b.dir().string(), b.id()});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lines(r.err), 1) << r;
  EXPECT_TRUE(r.err.ends_with("\n")) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Errors, MissingConfigFails) {
  Bundle b;
  b.write_raw("");
  fs::remove(b.dir() / "config.json");
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_EQ(lines(r.out), 1) << r;  // create's stderr goes to container_output too
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Errors, MissingRootfsFails) {
  Bundle b;
  b.config()["root"] = {{"path", "no-such-rootfs"}};
  Result r = b.create();
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

class BadId : public ::testing::TestWithParam<std::string> {};

TEST_P(BadId, RejectedAndNothingCreated) {
  Bundle b;
  Result r = b.run({"create", "--bundle", b.dir().string(), GetParam()},
                   {.output_file = b.container_output_path()});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_TRUE(b.leftovers().empty());
  // Nothing next to or above the state root either ("../escape").
  EXPECT_FALSE(fs::exists(b.tmp() / "escape"));
  EXPECT_FALSE(fs::exists(b.state_root() / "a"));
  std::error_code ec;
  for (auto& e : fs::directory_iterator(b.tmp(), ec)) {
    auto name = e.path().filename().string();
    EXPECT_TRUE(name == "bundle" || name == "state" || name == "container.out") << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Errors, BadId,
                         ::testing::Values("a/b", "../escape", "..", ".", "a b", "a:b", "a\nb",
                                           "a\\b"),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           return "case" + std::to_string(p.index);
                         });

TEST(Errors, EmptyIdRejected) {
  Bundle b;
  Result r = b.run({"create", "--bundle", b.dir().string(), ""},
                   {.output_file = b.container_output_path()});
  EXPECT_NE(r.exit_code, 0) << r;
  EXPECT_TRUE(b.leftovers().empty());
}

TEST(Errors, GoodIdCharactersAccepted) {
  Bundle b({kHelper, "exit", "0"});
  std::string id = "Ok_id.with+all-chars" + b.id();
  Result r = b.run({"create", "--bundle", b.dir().string(), id},
                   {.output_file = b.container_output_path()});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(b.run({"delete", "--force", id}).exit_code, 0);
}

TEST(Errors, UnknownSubcommandFails) {
  Bundle b;
  Result r = b.run({"no-such-command"});
  EXPECT_NE(r.exit_code, 0) << r;
}

}  // namespace
}  // namespace rampart::testing
