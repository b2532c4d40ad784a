#include "container/id.h"

#include <string>

namespace rampart::container {
namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

// The id as it appears in the message: quoted, non-printable bytes escaped, long ids shortened,
// so a hostile id cannot forge terminal output or flood the log.
std::string shown_container_id(std::string_view id) {
  constexpr size_t kShown = 64;
  std::string out = "\"";
  for (size_t i = 0; i < id.size() && i < kShown; ++i) {
    const auto c = static_cast<unsigned char>(id[i]);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += id.size() > kShown ? "\"..." : "\"";
  return out;
}

Result<void> validate_container_id(std::string_view id) {
  const std::string op = "invalid container id " + shown_container_id(id);
  if (id.empty()) return fail(op, "must not be empty");
  if (id.size() > kMaxContainerIdLength)
    return fail(op, "longer than " + std::to_string(kMaxContainerIdLength) + " bytes");
  bool ok = is_alnum(id.front());
  for (size_t i = 1; ok && i < id.size(); ++i) {
    const char c = id[i];
    ok = is_alnum(c) || c == '_' || c == '.' || c == '+' || c == '-';
  }
  // Also rules out ".", ".." and every '/': they cannot be names under the state directory.
  if (!ok) return fail(op, "must match [A-Za-z0-9][A-Za-z0-9_.+-]*");
  return {};
}

}  // namespace rampart::container
