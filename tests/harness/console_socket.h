// A --console-socket for tests: a listening unix socket that takes the one connection a runtime
// makes, receives the pty master it sends (SCM_RIGHTS) and reads the terminal's output.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace rampart::testing {

class ConsoleSocket {
 public:
  // Binds and listens on `path`; valid() says whether that worked.
  explicit ConsoleSocket(const std::filesystem::path& path);
  ~ConsoleSocket();
  ConsoleSocket(const ConsoleSocket&) = delete;
  ConsoleSocket& operator=(const ConsoleSocket&) = delete;

  bool valid() const { return listener_ >= 0; }
  const std::string& path() const { return path_; }

  // Accepts one connection, receives the pty master and returns what it prints until `want`
  // shows up or `timeout` passes; "accept failed" or "no pty master received" when it gets none.
  std::string read_until(const std::string& want, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

 private:
  int listener_ = -1;
  std::string path_;
};

}  // namespace rampart::testing
