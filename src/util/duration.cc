#include "util/duration.h"

#include <charconv>
#include <string>

namespace rampart {

std::optional<double> parse_go_duration_ns(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s == "0") return 0.0;
  auto numeric = [](char c) { return (c >= '0' && c <= '9') || c == '.'; };
  double total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && numeric(s[j])) ++j;
    double v = 0;
    auto [end, ec] = std::from_chars(s.data() + i, s.data() + j, v);
    if (j == i || ec != std::errc{} || end != s.data() + j) return std::nullopt;
    size_t k = j;
    while (k < s.size() && !numeric(s[k])) ++k;
    const std::string_view unit = s.substr(j, k - j);
    double scale = 0;
    if (unit == "ns") scale = 1;
    else if (unit == "us" || unit == "\u00b5s") scale = 1e3;
    else if (unit == "ms") scale = 1e6;
    else if (unit == "s") scale = 1e9;
    else if (unit == "m") scale = 60e9;
    else if (unit == "h") scale = 3600e9;
    else return std::nullopt;
    total += v * scale;
    i = k;
  }
  return total;
}

}  // namespace rampart
