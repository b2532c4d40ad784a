#include "linux/process/sync.h"

#include <sys/socket.h>

#include <cstddef>
#include <cstring>

namespace rampart::process {
namespace {
struct Wire {
  uint32_t type;
  int32_t value;
  char text[4000];
};
}  // namespace

Result<void> send_msg(int fd, Msg type, int32_t value, const std::string& text) {
  Wire w{};
  w.type = static_cast<uint32_t>(type);
  w.value = value;
  size_t n = std::min(text.size(), sizeof w.text - 1);
  std::memcpy(w.text, text.data(), n);
  size_t len = offsetof(Wire, text) + n;
  ssize_t r;
  do r = ::send(fd, &w, len, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  if (r < 0) return sys_error("sync with container init");
  return {};
}

Result<Message> recv_msg(int fd) {
  Wire w{};
  ssize_t r;
  do r = ::recv(fd, &w, sizeof w - 1, 0);
  while (r < 0 && errno == EINTR);
  if (r < 0) return sys_error("sync with container init");
  if (r < static_cast<ssize_t>(offsetof(Wire, text)))
    return fail("sync with container init", "the other side exited before finishing set-up");
  Message m;
  m.type = static_cast<Msg>(w.type);
  m.value = w.value;
  m.text.assign(w.text, static_cast<size_t>(r) - offsetof(Wire, text));
  return m;
}

Result<Message> expect_msg(int fd, Msg type) {
  Message m = TRY(recv_msg(fd));
  if (m.type == Msg::Failed) return std::unexpected(Error{{}, {}, 0, m.text});
  if (m.type != type) return fail("sync with container init", "unexpected message");
  return m;
}

}  // namespace rampart::process
