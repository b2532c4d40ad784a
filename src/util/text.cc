#include "util/text.h"

namespace rampart {

std::vector<std::string_view> split_all(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(sep, i);
    if (j == std::string_view::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::vector<std::string> split_words(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (auto w : split_all(s, sep))
    if (!w.empty()) out.emplace_back(w);
  return out;
}

}  // namespace rampart
