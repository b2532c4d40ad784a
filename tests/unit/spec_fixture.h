// What the spec layer's tests share: the data files under tests/unit/data and a parse that must
// succeed.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "spec/parse.h"

namespace rampart::spec::fixture {

inline std::string read_data(const std::string& name) {
  std::ifstream in(std::string(RAMPART_SOURCE_DIR) + "/tests/unit/data/" + name);
  EXPECT_TRUE(in.good()) << "missing test data " << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Config parse_ok(const std::string& text) {
  auto c = parse_config(text);
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().message());
  return c ? *c : Config{};
}

}  // namespace rampart::spec::fixture
