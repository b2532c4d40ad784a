#include "util/path.h"
#include "util/text.h"
#include "verify/mountinfo.h"

#include <charconv>

namespace rampart::verify {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<void> parse_status(std::string_view text, ProcessFacts& p) {
  bool uid = false, eff = false;
  for (auto line : split_all(text, '\n')) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 1));
    auto hex = [&](uint64_t& out) {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out, 16);
      return ec == std::errc{} && end == value.data() + value.size();
    };
    auto ids = [&](uint32_t (&out)[4]) {
      auto w = split_words(value, '\t');
      if (w.size() == 1) w = split_words(value, ' ');
      if (w.size() < 4) return false;
      for (int i = 0; i < 4; ++i)
        if (!parse_decimal(std::string_view(w[static_cast<size_t>(i)]), out[i])) return false;
      return true;
    };
    bool ok = true;
    if (key == "Name") p.comm = std::string(value);
    else if (key == "Uid") ok = uid = ids(p.uid);
    else if (key == "Gid") ok = ids(p.gid);
    else if (key == "CapInh") ok = hex(p.cap_inh);
    else if (key == "CapPrm") ok = hex(p.cap_prm);
    else if (key == "CapEff") ok = eff = hex(p.cap_eff);
    else if (key == "CapBnd") ok = hex(p.cap_bnd);
    else if (key == "CapAmb") ok = hex(p.cap_amb);
    else if (key == "NoNewPrivs") p.no_new_privs = value == "1";
    else if (key == "Seccomp") ok = parse_decimal(value, p.seccomp);
    if (!ok) return fail("parse status", "malformed " + std::string(key) + " line: " + std::string(value));
  }
  if (!uid || !eff) return fail("parse status", "no Uid or CapEff line");
  return {};
}

std::optional<uint64_t> parse_start_time(std::string_view text) {
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  auto close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  auto f = split_words(text.substr(close + 1), ' ');
  // f[0] is field 3 (state); starttime is field 22.
  if (f.size() < 20) return std::nullopt;
  uint64_t v = 0;
  if (!parse_decimal(std::string_view(f[19]), v)) return std::nullopt;
  return v;
}

std::vector<spec::IdMapping> parse_id_map(std::string_view text) {
  std::vector<spec::IdMapping> out;
  for (auto line : split_all(text, '\n')) {
    auto w = split_words(line, ' ');
    if (w.size() != 3) continue;
    spec::IdMapping m;
    if (parse_decimal(std::string_view(w[0]), m.container_id) && parse_decimal(std::string_view(w[1]), m.host_id) &&
        parse_decimal(std::string_view(w[2]), m.size))
      out.push_back(m);
  }
  return out;
}

std::optional<uint64_t> parse_ns_link(std::string_view text) {
  auto open = text.find(":[");
  if (open == std::string_view::npos || !text.ends_with("]")) return std::nullopt;
  uint64_t v = 0;
  if (!parse_decimal(text.substr(open + 2, text.size() - open - 3), v)) return std::nullopt;
  return v;
}

std::optional<std::vector<uint32_t>> parse_cpu_list(std::string_view text) {
  std::vector<uint32_t> out;
  text = trim(text);
  if (text.empty()) return out;
  for (auto part : split_all(text, ',')) {
    auto dash = part.find('-');
    uint32_t a = 0, b = 0;
    if (dash == std::string_view::npos) {
      if (!parse_decimal(part, a)) return std::nullopt;
      b = a;
    } else if (!parse_decimal(part.substr(0, dash), a) || !parse_decimal(part.substr(dash + 1), b) || b < a || b - a > 65536) {
      return std::nullopt;
    }
    for (uint32_t i = a; i <= b; ++i) out.push_back(i);
  }
  return out;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Missing: return "missing";
    case Kind::Directory: return "directory";
    case Kind::Regular: return "file";
    case Kind::Symlink: return "symlink";
    case Kind::CharDevice: return "char device";
    case Kind::BlockDevice: return "block device";
    case Kind::Fifo: return "fifo";
    case Kind::Socket: return "socket";
    case Kind::Other: return "other";
  }
  return "?";
}

}  // namespace rampart::verify
