// libFuzzer target: config.json text -> spec::parse_config (JSON decoding, typed fields,
// validation), then what create does next with a parsed config that is pure: the sysctl check and
// every mount's option list. Must never crash, leak, hit UB or take super-linear time.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "spec/mount_options.h"
#include "spec/parse.h"
#include "spec/sysctl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = spec::parse_config(text);
  if (!config) {
    (void)config.error().message();
    return 0;
  }
  (void)spec::validate(*config);
  (void)spec::validate_sysctls(*config);
  for (const auto& m : config->mounts) {
    auto opts = spec::parse_mount_options(m.options);
    (void)opts.data_string();
    (void)spec::is_bind_mount(m.type, m.options);
  }
  return 0;
}
