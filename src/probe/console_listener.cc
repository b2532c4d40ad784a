// The console-socket side of the probe (see console_listener.h).
#include "probe/console_listener.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "probe/context.h"
#include "util/fd_passing.h"

namespace rampart::probe {

ConsoleListener::ConsoleListener(std::string path) : path_(std::move(path)) {
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  if (fd_ < 0 || path_.size() >= sizeof a.sun_path) throw std::runtime_error("console socket " + path_);
  std::strcpy(a.sun_path, path_.c_str());
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 4) != 0)
    throw std::runtime_error("console socket " + path_ + ": " + std::strerror(errno));
  thread_ = std::thread([this] { loop(); });
}

ConsoleListener::~ConsoleListener() { stop(); }

std::string ConsoleListener::finish(std::chrono::seconds limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!done_.load() && !g_interrupted.load() && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return stop();
}

std::string ConsoleListener::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  return out_;
}

void ConsoleListener::loop() {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  int conn = -1, master = -1;
  while (!stop_.load() && !g_interrupted.load() && std::chrono::steady_clock::now() < deadline) {
    if (conn < 0) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) > 0) conn = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      continue;
    }
    if (master < 0) {
      pollfd p{conn, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      master = receive_fd(conn);
      if (master < 0 && errno != EBADMSG) {
        ::close(conn);
        conn = -2;  // the sender went away without a master
        break;
      }
      if (master >= 0) got_.store(true);
      continue;
    }
    pollfd p{master, POLLIN, 0};
    int pr = ::poll(&p, 1, 50);
    if (pr > 0) {
      char buf[4096];
      ssize_t n = ::read(master, buf, sizeof buf);
      if (n > 0) out_.append(buf, static_cast<size_t>(n));
      else if (n < 0 && errno != EAGAIN && errno != EINTR) break;  // EIO: the slave side closed
      else if (n == 0) break;
    }
  }
  if (master >= 0) ::close(master);
  if (conn >= 0) ::close(conn);
  done_.store(true);
}

}  // namespace rampart::probe
