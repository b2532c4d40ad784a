// Plays the caller's side of --console-socket: accepts the runtime's connection, takes the pty
// master it sends, and reads everything the container writes to its terminal.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace rampart::probe {

class ConsoleListener {
 public:
  explicit ConsoleListener(std::string path);  // binds and listens on `path`; throws on failure
  ~ConsoleListener();
  ConsoleListener(const ConsoleListener&) = delete;
  ConsoleListener& operator=(const ConsoleListener&) = delete;
  // Waits until the container closed its terminal (or `limit` passed), then stops; returns
  // what the container wrote.
  std::string finish(std::chrono::seconds limit);
  std::string stop();
  [[nodiscard]] bool got_master() const { return got_.load(); }

 private:
  void loop();

  std::string path_;
  int fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> got_{false};
  std::atomic<bool> done_{false};
  std::string out_;
};

}  // namespace rampart::probe
