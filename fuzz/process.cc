// libFuzzer target: a process.json (`exec --process FILE`) -> spec::parse_process and
// validate_process. Must never crash, leak or hit UB.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "spec/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto p = spec::parse_process(text);
  if (!p) {
    (void)p.error().message();
    return 0;
  }
  (void)spec::validate_process(*p);
  return 0;
}
