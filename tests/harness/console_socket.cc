#include "console_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

namespace rampart::testing {

ConsoleSocket::ConsoleSocket(const std::filesystem::path& path) : path_(path.string()) {
  sockaddr_un addr{};
  if (path_.size() >= sizeof addr.sun_path) return;
  listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) return;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path_.data(), path_.size());
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 1) != 0) {
    ::close(listener_);
    listener_ = -1;
  }
}

ConsoleSocket::~ConsoleSocket() {
  if (listener_ >= 0) ::close(listener_);
}

std::string ConsoleSocket::read_until(const std::string& want, std::chrono::milliseconds timeout) const {
  int conn = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
  if (conn < 0) return "accept failed";
  char name[4096];
  iovec iov{name, sizeof name};
  alignas(cmsghdr) char ctrl[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = ctrl;
  msg.msg_controllen = sizeof ctrl;
  ssize_t n = ::recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
  ::close(conn);
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (n <= 0 || !c || c->cmsg_type != SCM_RIGHTS) return "no pty master received";
  int master;
  std::memcpy(&master, CMSG_DATA(c), sizeof master);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.find(want) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t k = ::read(master, buf, sizeof buf);
    if (k <= 0) break;
    out.append(buf, static_cast<size_t>(k));
  }
  ::close(master);
  return out;
}

}  // namespace rampart::testing
