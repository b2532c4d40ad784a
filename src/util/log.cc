#include "util/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace rampart::log {
namespace {

struct State {
  int fd = -1;  // log file, or -1
  Format format = Format::Text;
  bool debug = false;
};
State& state() {
  static State s;
  return s;
}

const char* level_name(Level l) {
  switch (l) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warn: return "warning";
    case Level::Error: return "error";
  }
  return "info";
}

void append(const std::string& line) {
  // One write() per entry so concurrent writers (shim + runtime) never interleave a line.
  if (state().fd >= 0) (void)!::write(state().fd, line.data(), line.size());
}

}  // namespace

void configure(const std::string& file, Format format, bool debug) {
  State& s = state();
  s.format = format;
  s.debug = debug;
  if (!file.empty()) {
    // Append, never truncate: containerd reads the last error line of a shared file.
    s.fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  }
}

std::string rfc3339_now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm tm{};
  gmtime_r(&ts.tv_sec, &tm);
  char buf[64];
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + n, sizeof buf - n, ".%09ldZ", ts.tv_nsec);
  return buf;
}

void write(Level level, std::string_view msg) {
  const State& s = state();
  if (level == Level::Debug && !s.debug) return;
  if (s.fd < 0) {
    if (level != Level::Error && s.debug) {
      std::string line = std::string(level_name(level)) + ": " + std::string(msg) + "\n";
      (void)!::write(2, line.data(), line.size());
    }
    return;
  }
  if (s.format == Format::Json) {
    nlohmann::json j = {{"level", level_name(level)}, {"msg", std::string(msg)}, {"time", rfc3339_now()}};
    append(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  } else {
    append(rfc3339_now() + " " + level_name(level) + " " + std::string(msg) + "\n");
  }
}

void error(std::string_view msg) {
  write(Level::Error, msg);
  std::string line = "rampart: " + std::string(msg) + "\n";
  (void)!::write(2, line.data(), line.size());
}

}  // namespace rampart::log
