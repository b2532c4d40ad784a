// container/id: ids are names under the state directory, never paths.
#include <string>

#include <gtest/gtest.h>

#include "container/id.h"

namespace rampart::container {
namespace {

TEST(ContainerId, Accepted) {
  for (const char* id : {"a", "Z", "0", "c1", "my-container", "my_container", "a.b", "a+b", "abc-DEF_123.4+5",
                         "9lives", "a..", "a-"})
    EXPECT_TRUE(validate_container_id(id).has_value()) << id;
  EXPECT_TRUE(validate_container_id(std::string(255, 'a')).has_value());
}

TEST(ContainerId, Rejected) {
  for (const char* id : {"", ".", "..", "/", "a/b", "../x", "/abs", "-a", "_a", ".a", "+a", "a b", "a\nb", "a:b",
                         "a*", "a\\b", "\xc3\xa9", "a\tb", "a;rm"})
    EXPECT_FALSE(validate_container_id(id).has_value()) << id;
  EXPECT_FALSE(validate_container_id(std::string(256, 'a')).has_value());
  EXPECT_FALSE(validate_container_id(std::string("a\0b", 3)).has_value());
}

TEST(ContainerId, Messages) {
  auto r = validate_container_id("a/b");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "invalid container id \"a/b\": must match [A-Za-z0-9][A-Za-z0-9_.+-]*");
  EXPECT_EQ(r.error().err, 0);

  r = validate_container_id("");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message(), "invalid container id \"\": must not be empty");

  r = validate_container_id("..");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("must match"), std::string::npos);

  r = validate_container_id(std::string(2000, 'x'));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("longer than 255 bytes"), std::string::npos);
  EXPECT_LT(r.error().message().size(), 200u) << "a huge id is shortened in the message";

  r = validate_container_id("a\nb\x1b[31m");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message().find('\n'), std::string::npos);
  EXPECT_EQ(r.error().message().find('\x1b'), std::string::npos);
  EXPECT_NE(r.error().message().find("a\\x0ab\\x1b[31m"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace rampart::container
