#include "cli/options.h"

#include <charconv>

namespace rampart::cli {

bool parse_int(std::string_view v, int64_t& out) {
  if (v.starts_with('+')) v.remove_prefix(1);
  if (v.empty()) return false;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc{} && end == v.data() + v.size();
}

bool names_contain(std::string_view names, std::string_view name) {
  while (!names.empty()) {
    auto comma = names.find(',');
    if (names.substr(0, comma) == name) return true;
    if (comma == std::string_view::npos) break;
    names.remove_prefix(comma + 1);
  }
  return false;
}

namespace detail {

bool split_flag(std::string_view arg, Token& out) {
  if (arg.size() < 2 || arg[0] != '-') return false;  // "-" alone is a value (stdin)
  arg.remove_prefix(arg[1] == '-' ? 2 : 1);
  if (arg.empty() || arg[0] == '-' || arg[0] == '=') return false;
  auto eq = arg.find('=');
  out.name = arg.substr(0, eq);
  out.has_value = eq != std::string_view::npos;
  if (out.has_value) out.value = arg.substr(eq + 1);
  return true;
}

Error usage(std::string detail) {
  Error e;
  e.detail = std::move(detail);
  e.kind = ErrorKind::Usage;
  return e;
}

}  // namespace detail
}  // namespace rampart::cli
