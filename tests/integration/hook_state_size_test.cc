// Every hook gets the whole state on stdin, however large the annotations make it: the sync
// channel between runtime and init cut messages at 4 KB (createContainer and startContainer
// hooks got 3999 bytes of invalid JSON), and a state larger than a socket buffer was cut for
// every hook.
#include "harness.h"

#include <gtest/gtest.h>

namespace rampart::testing {
namespace {

class HookStateSize : public ::testing::TestWithParam<size_t> {};

TEST_P(HookStateSize, EveryHookGetsTheWholeState) {
  const char* phases[] = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};
  Bundle b({kHelper, "exit", "0"});
  fs::path dir = b.tmp() / "hooks";
  fs::create_directory(dir);
  b.private_rootfs();
  b.bind_same_path(dir);
  std::string big(GetParam(), 'x');
  b.config()["annotations"] = {{"org.example.big", big}};
  nlohmann::json hooks = nlohmann::json::object();
  for (const char* phase : phases)
    hooks[phase] = {{{"path", "/bin/sh"},
                     {"args", {"sh", "-c", "cat > " + (dir / phase).string() + ".state"}},
                     {"timeout", 20}}};
  b.config()["hooks"] = hooks;
  Result r = b.run_container();
  ASSERT_EQ(r.exit_code, 0) << r;
  for (const char* phase : phases) {
    std::string text = read_file(dir / (std::string(phase) + ".state"));
    auto j = nlohmann::json::parse(text, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << phase << " got " << text.size() << " bytes of invalid JSON";
    EXPECT_EQ(j["annotations"]["org.example.big"].get<std::string>().size(), big.size()) << phase;
    EXPECT_EQ(j["id"], b.id()) << phase;
  }
}

// 5 KB: over the old 4 KB message limit; 300 KB: over a default socket buffer.
INSTANTIATE_TEST_SUITE_P(Sizes, HookStateSize, ::testing::Values(5000, 300000));

}  // namespace
}  // namespace rampart::testing
