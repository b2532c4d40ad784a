#include <chrono>
#include <thread>

#include "linux/cgroup/drivers.h"

namespace rampart::cgroup {

Result<bool> poll_until(const std::function<Result<bool>()>& done) {
  // Freezing takes a few milliseconds normally, longer while tasks sit in uninterruptible sleep;
  // two seconds bounds `pause` on a cgroup that never settles instead of hanging it.
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::seconds(2);
  auto delay = std::chrono::microseconds(100);
  for (;;) {
    auto r = done();
    if (!r || *r || clock::now() >= deadline) return r;
    std::this_thread::sleep_for(delay);
    delay = std::min<std::chrono::microseconds>(delay * 2, std::chrono::milliseconds(10));
  }
}

}  // namespace rampart::cgroup
