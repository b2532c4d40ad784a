// Splitting the kernel's small texts (mountinfo, /proc/PID/status, stat, id maps) and reading
// their numbers: one implementation for the parsers that read them.
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace rampart {

// Every field between separators, empty ones included ("a,,b" -> "a", "", "b").
std::vector<std::string_view> split_all(std::string_view s, char sep);

// The non-empty fields ("a  b " -> "a", "b").
std::vector<std::string> split_words(std::string_view s, char sep);

// The whole of `s` as a decimal number; false (out unspecified) when it is not one or is out of
// T's range.
template <class T>
bool parse_decimal(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace rampart
