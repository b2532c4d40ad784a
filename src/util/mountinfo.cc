#include "util/mountinfo.h"

#include "util/path.h"
#include "util/text.h"

namespace rampart {

std::optional<MountEntry> parse_mountinfo_line(std::string_view line) {
  auto f = split_words(line, ' ');
  size_t dash = 0;
  for (size_t i = 6; i < f.size(); ++i)
    if (f[i] == "-") {
      dash = i;
      break;
    }
  if (dash == 0 || f.size() < dash + 3) return std::nullopt;
  MountEntry m;
  auto colon = f[2].find(':');
  if (!parse_decimal(std::string_view(f[0]), m.id) || !parse_decimal(std::string_view(f[1]), m.parent) ||
      colon == std::string::npos || !parse_decimal(std::string_view(f[2]).substr(0, colon), m.major) ||
      !parse_decimal(std::string_view(f[2]).substr(colon + 1), m.minor))
    return std::nullopt;
  m.root = unescape_mountinfo(f[3]);
  m.mount_point = unescape_mountinfo(f[4]);
  m.options = split_words(f[5], ',');
  for (size_t i = 6; i < dash; ++i) m.tags.push_back(f[i]);
  m.fstype = unescape_mountinfo(f[dash + 1]);
  m.source = unescape_mountinfo(f[dash + 2]);
  if (f.size() > dash + 3) m.super_options = split_words(f[dash + 3], ',');
  return m;
}

Result<std::vector<MountEntry>> parse_mountinfo(std::string_view text) {
  std::vector<MountEntry> out;
  size_t line_no = 0;
  for (auto line : split_all(text, '\n')) {
    ++line_no;
    if (line.empty()) continue;
    auto m = parse_mountinfo_line(line);
    if (!m) return fail("parse mountinfo", "malformed line " + std::to_string(line_no) + ": " + std::string(line));
    out.push_back(std::move(*m));
  }
  return out;
}

std::vector<MountEntry> parse_mountinfo_lenient(std::string_view text) {
  std::vector<MountEntry> out;
  for (auto line : split_all(text, '\n'))
    if (auto m = parse_mountinfo_line(line)) out.push_back(std::move(*m));
  return out;
}

bool MountEntry::readonly() const {
  for (const auto& o : options)
    if (o == "ro") return true;
  for (const auto& o : super_options)
    if (o == "ro") return true;
  return false;
}

std::optional<uint64_t> MountEntry::shared_group() const {
  for (const auto& t : tags)
    if (t.starts_with("shared:")) {
      uint64_t v = 0;
      if (parse_decimal(std::string_view(t).substr(7), v)) return v;
    }
  return std::nullopt;
}

}  // namespace rampart
