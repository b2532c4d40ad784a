#include "util/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "util/host_file.h"

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

// Hostile strings (a cwd or id from a config, an error from the kernel about a path the image
// chose) reach the log and the terminal: control characters are shown escaped, so a newline in
// a path cannot forge a second log line nor an escape sequence drive the terminal, and a message
// is capped so a 10 MB path gives a readable line.
constexpr size_t kMaxMessage = 4096;

std::string printable(std::string_view msg) {
  std::string out;
  out.reserve(std::min(msg.size(), kMaxMessage) + 16);
  for (size_t i = 0; i < msg.size(); ++i) {
    if (out.size() >= kMaxMessage) {
      out += "... (" + std::to_string(msg.size() - i) + " more bytes)";
      break;
    }
    unsigned char c = static_cast<unsigned char>(msg[i]);
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// logrus's text format, which runc writes and people grep: time="..." level=... msg="...".
std::string text_line(Level level, const std::string& msg) {
  std::string quoted;
  for (char c : msg) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return "time=\"" + rfc3339_now() + "\" level=" + level_name(level) + " msg=\"" + quoted + "\"\n";
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
    // Append, never truncate: containerd reads the last error line of a shared file. Opened
    // like every host file the caller names (util/host_file.h): a symlink or fifo planted at the
    // name is refused, never appended through or waited on; the refusal is said on stderr
    // and errors then go to stderr only (a log that cannot be opened stays silent, as before).
    auto f = HostFile::at(file);
    Result<UniqueFd> fd = f ? f->open_append(0644) : Result<UniqueFd>(std::unexpected(f.error()));
    if (fd) {
      s.fd = fd->release();
    } else if (fd.error().err == ELOOP || fd.error().err == EINVAL) {  // refused, say so
      std::string line = "rampart: --log: " + fd.error().message() + "\n";
      (void)!::write(2, line.data(), line.size());
    }
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

void write(Level level, std::string_view raw) {
  const State& s = state();
  if (level == Level::Debug && !s.debug) return;
  std::string msg = printable(raw);
  auto entry = [&] {
    if (s.format == Format::Text) return text_line(level, msg);
    nlohmann::json j = {{"level", level_name(level)}, {"msg", msg}, {"time", rfc3339_now()}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  };
  if (s.fd < 0) {
    // No log file: only with --debug does anything but an error reach stderr (go-runc reads
    // stdout and stderr merged for state, ps, kill..., and podman takes stray stderr text for an
    // error). Errors are printed by error().
    // The entry is in the --log-format asked for, as runc's are.
    if (level != Level::Error && s.debug) {
      std::string line = entry();
      (void)!::write(2, line.data(), line.size());
    }
    return;
  }
  append(entry());
}

void error(std::string_view raw) {
  write(Level::Error, raw);
  std::string line = "rampart: " + printable(raw) + "\n";
  (void)!::write(2, line.data(), line.size());
}

}  // namespace rampart::log
