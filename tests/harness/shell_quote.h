// A string as one sh(1) word: single-quoted, with each ' written as '\''.
#pragma once

#include <string>

namespace rampart::testing {

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace rampart::testing
