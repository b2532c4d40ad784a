// runc-compatible logging: `--log FILE --log-format json` appends one {"level","msg","time"}
// object per line (containerd and podman parse it); errors also go to stderr as plain text.
#pragma once

#include <string>
#include <string_view>

namespace rampart::log {

enum class Format { Text, Json };
enum class Level { Debug, Info, Warn, Error };

// Configured once by the command line; until then logs go to stderr only.
void configure(const std::string& file, Format format, bool debug);

void write(Level level, std::string_view msg);
inline void debug(std::string_view msg) { write(Level::Debug, msg); }
inline void info(std::string_view msg) { write(Level::Info, msg); }
inline void warn(std::string_view msg) { write(Level::Warn, msg); }
// Logs an error to the log file and prints it as one line on stderr.
void error(std::string_view msg);

// RFC 3339 timestamp with nanoseconds, UTC ("2026-11-29T01:02:03.123456789Z").
std::string rfc3339_now();

}  // namespace rampart::log
