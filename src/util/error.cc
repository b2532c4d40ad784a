#include "util/error.h"

#include <cstring>

namespace rampart {

std::string Error::message() const {
  std::string out = op;
  if (!path.empty()) out += (out.empty() ? "" : " ") + path;
  auto add = [&out](const std::string& part) { out += (out.empty() ? "" : ": ") + part; };
  if (err != 0) add(std::strerror(err));
  if (!detail.empty()) add(detail);
  return out;
}

Error Error::within(const std::string& context) const {
  Error e = *this;
  e.op = op.empty() ? context : context + ": " + op;
  return e;
}

}  // namespace rampart
