#include "spec/passwd.h"

#include <algorithm>
#include <charconv>

namespace rampart::spec {

bool has_home(const std::vector<std::string>& env) {
  for (auto it = env.rbegin(); it != env.rend(); ++it)
    if (it->starts_with("HOME=")) return it->size() > 5;
  return false;
}

std::optional<std::string> home_of_uid(std::string_view passwd, uint32_t uid) {
  while (!passwd.empty()) {
    size_t nl = passwd.find('\n');
    std::string_view line = passwd.substr(0, nl);
    passwd = nl == std::string_view::npos ? std::string_view{} : passwd.substr(nl + 1);
    // name:password:uid:gid:gecos:home:shell
    std::string_view fields[7];
    size_t n = 0;
    while (n < 7) {
      size_t colon = line.find(':');
      fields[n++] = line.substr(0, colon);
      if (colon == std::string_view::npos) break;
      line.remove_prefix(colon + 1);
    }
    if (n < 6 || fields[0].empty()) continue;
    uint32_t id = 0;
    auto [end, ec] = std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), id);
    if (fields[2].empty() || ec != std::errc{} || end != fields[2].data() + fields[2].size()) continue;
    if (id == uid) return std::string(fields[5]);
  }
  return std::nullopt;
}

std::vector<std::string> with_home(std::vector<std::string> env, const std::string& home) {
  std::erase_if(env, [](const std::string& e) { return e.starts_with("HOME="); });
  env.push_back("HOME=" + home);
  return env;
}

}  // namespace rampart::spec
