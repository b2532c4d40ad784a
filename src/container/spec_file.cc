#include "container/spec_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <sstream>

#include "container/bundle.h"
#include "util/unique_fd.h"

namespace rampart::container {
namespace {

std::optional<uint32_t> number(std::string_view s) {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<spec::IdRange> subordinate_of(const char* file, const std::string& name, uint32_t id) {
  auto text = read_file(file);
  if (!text) return std::nullopt;
  return find_subordinate_range(*text, name, id);
}

}  // namespace

std::optional<spec::IdRange> find_subordinate_range(const std::string& text, const std::string& user_name,
                                                    uint32_t uid) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string who = line.substr(0, a);
    auto start = number(std::string_view(line).substr(a + 1, b - a - 1));
    auto count = number(std::string_view(line).substr(b + 1));
    if (!start || !count || *count == 0) continue;
    if (who == user_name || number(who) == uid) return spec::IdRange{*start, *count};
  }
  return std::nullopt;
}

Result<void> write_default_spec(const std::string& bundle, bool rootless, bool privileged_defaults) {
  spec::SpecOptions o;
  o.rootless = rootless;
  o.privileged_defaults = privileged_defaults;
  o.uid = ::getuid();
  o.gid = ::getgid();
  if (rootless) {
    // The caller's name from /etc/passwd (read directly: NSS does not work in a static binary).
    std::string name;
    if (auto passwd = read_file("/etc/passwd")) {
      std::istringstream in(*passwd);
      std::string line;
      while (name.empty() && std::getline(in, line)) {
        auto a = line.find(':'), b = line.find(':', a + 1), c = line.find(':', b + 1);
        if (c != std::string::npos && number(std::string_view(line).substr(b + 1, c - b - 1)) == o.uid)
          name = line.substr(0, a);
      }
    }
    o.subuid = subordinate_of("/etc/subuid", name, o.uid);
    o.subgid = subordinate_of("/etc/subgid", name, o.gid);
  }
  std::string text = spec::default_config_json(o);
  std::string path = bundle + "/config.json";
  // O_EXCL|O_NOFOLLOW: never overwrite, and never write through a symlink planted there.
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd && errno == EEXIST) return fail_as(ErrorKind::Refused, "write", "the file exists: remove it first", path);
  if (!fd) return sys_error("write", path);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) return sys_error("write", path);
  return {};
}

}  // namespace rampart::container
