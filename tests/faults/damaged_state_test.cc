// A running container whose state.json is then damaged (truncated, empty, garbage, wrongly
// typed, not a regular file): `state` says the state is damaged (non-zero exit), `list` still
// shows the container ("unknown"), and `delete -f` still removes everything -- its init and
// processes, its cgroup directories in every hierarchy, its state directory -- from what the
// intent kept next to state.json names.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "census.h"
#include "harness.h"

namespace rampart::testing {
namespace {

struct Damage {
  const char* name;
  std::string (*make)(const std::string& good);
};

const Damage kDamages[] = {
    {"truncated", [](const std::string& good) { return good.substr(0, good.size() / 2); }},
    {"empty", [](const std::string&) { return std::string(); }},
    {"garbage", [](const std::string&) { return std::string("\x01\x02 not json {{{"); }},
    {"wrongly_typed", [](const std::string&) { return std::string(R"({"id":7,"pid":"one","cgroup":[]})"); }},
    {"pid_out_of_range", [](const std::string&) { return std::string(R"({"id":"x","pid":1e300})"); }},
    {"array", [](const std::string&) { return std::string("[1,2,3]"); }},
};

class DamagedState : public ::testing::TestWithParam<Damage> {};

TEST_P(DamagedState, StateSaysSoListShowsItDeleteForceCleansUp) {
  Bundle b({kHelper, "sleep", "60"});
  Census before = take_census({b.state_root()});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  ASSERT_EQ(b.start().exit_code, 0);
  int pid = b.state_json()["pid"];
  ASSERT_GT(pid, 0);
  fs::path file = b.state_root() / b.id() / "state.json";
  std::string good = read_file(file);
  ASSERT_FALSE(good.empty());
  { std::ofstream(file, std::ios::trunc) << GetParam().make(good); }

  Result st = b.state();
  EXPECT_NE(st.exit_code, 0) << st;
  EXPECT_NE(st.err.find("damaged"), std::string::npos) << st;

  Result l = b.run({"list", "--format", "json"});
  EXPECT_EQ(l.exit_code, 0) << l;
  auto list = nlohmann::json::parse(l.out, nullptr, false);
  bool seen = false;
  if (list.is_array())
    for (auto& e : list)
      if (e.value("id", "") == b.id()) {
        seen = true;
        EXPECT_EQ(e.value("status", ""), "unknown") << l;
      }
  EXPECT_TRUE(seen) << "list omits the damaged container:\n" << l;

  Result plain = b.remove(false);
  EXPECT_NE(plain.exit_code, 0) << "delete without --force of a container that may run: " << plain;

  Result d = b.remove(true);
  EXPECT_EQ(d.exit_code, 0) << d;
  EXPECT_FALSE(fs::exists(fs::path("/proc") / std::to_string(pid) / "stat") &&
               read_file(fs::path("/proc") / std::to_string(pid) / "stat").find(") Z") == std::string::npos)
      << "the init survived delete -f";
  auto left = b.leftovers();
  EXPECT_TRUE(left.empty()) << left.size() << " left, first: " << (left.empty() ? "" : left[0]);
  EXPECT_EQ(wait_for_census(before, {b.state_root()}), before);
}

// A state.json that is not a regular file (a directory) is damaged too.
TEST(DamagedStateFile, ADirectoryInItsPlace) {
  Bundle b({kHelper, "sleep", "60"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  fs::path file = b.state_root() / b.id() / "state.json";
  fs::remove(file);
  fs::create_directory(file);
  Result st = b.state();
  EXPECT_NE(st.exit_code, 0) << st;
  EXPECT_NE(st.err.find("damaged"), std::string::npos) << st;
  fs::remove(file);  // delete's tree removal copes with a directory as well; keep the test small
  EXPECT_EQ(b.remove(true).exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Faults, DamagedState, ::testing::ValuesIn(kDamages),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace rampart::testing
