#include "linux/mount/mountinfo.h"
#include "util/path.h"

#include <charconv>

namespace rampart::mount {
namespace {

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> f;
  size_t i = 0;
  while (i < line.size()) {
    size_t j = line.find(' ', i);
    if (j == std::string_view::npos) j = line.size();
    if (j > i) f.push_back(line.substr(i, j - i));
    i = j + 1;
  }
  return f;
}

bool number(std::string_view s, std::uint64_t& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

std::vector<MountEntry> parse_mountinfo(std::string_view text) {
  std::vector<MountEntry> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    auto f = fields(text.substr(pos, nl - pos));
    pos = nl + 1;
    // id parent major:minor root mount_point options [optional...] - fstype source super_options
    if (f.size() < 7) continue;
    MountEntry e;
    if (!number(f[0], e.id) || !number(f[1], e.parent)) continue;
    e.root = unescape_mountinfo(f[3]);
    e.mount_point = unescape_mountinfo(f[4]);
    size_t sep = 6;
    while (sep < f.size() && f[sep] != "-") ++sep;
    if (sep + 1 >= f.size()) continue;
    e.fs_type = std::string(f[sep + 1]);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace rampart::mount
