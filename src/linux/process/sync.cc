#include "linux/process/sync.h"

#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace rampart::process {
namespace {

// One message is a header record and then its text in records of at most kChunk bytes: the
// length is said up front, so no text is ever cut (a hook's state carries the container's
// annotations, of any size).
struct Header {
  uint32_t type;
  int32_t value;
  uint32_t length;
};
constexpr size_t kChunk = 32 * 1024;
constexpr size_t kMaxText = 64 * 1024 * 1024;

Result<void> send_record(int fd, const void* data, size_t len) {
  ssize_t r;
  do r = ::send(fd, data, len, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  if (r < 0) return sys_error("sync with container init");
  return {};
}

// Receives one record into buf (at most len bytes); its real size, 0 when the peer is gone.
Result<size_t> recv_record(int fd, void* buf, size_t len) {
  ssize_t r;
  do r = ::recv(fd, buf, len, MSG_TRUNC);
  while (r < 0 && errno == EINTR);
  if (r < 0) return sys_error("sync with container init");
  return static_cast<size_t>(r);
}

}  // namespace

Result<void> send_msg(int fd, Msg type, int32_t value, const std::string& text) {
  if (text.size() > kMaxText) return fail("sync with container init", "message too long");
  Header h{static_cast<uint32_t>(type), value, static_cast<uint32_t>(text.size())};
  TRY_VOID(send_record(fd, &h, sizeof h));
  for (size_t off = 0; off < text.size(); off += kChunk)
    TRY_VOID(send_record(fd, text.data() + off, std::min(kChunk, text.size() - off)));
  return {};
}

Result<Message> recv_msg(int fd) {
  Header h{};
  size_t n = TRY(recv_record(fd, &h, sizeof h));
  if (n == 0) return fail("sync with container init", "the other side exited before finishing set-up");
  if (n != sizeof h || h.length > kMaxText) return fail("sync with container init", "malformed message");
  Message m;
  m.type = static_cast<Msg>(h.type);
  m.value = h.value;
  m.text.resize(h.length);
  for (size_t off = 0; off < h.length;) {
    size_t want = std::min(kChunk, h.length - off);
    size_t got = TRY(recv_record(fd, m.text.data() + off, want));
    if (got == 0) return fail("sync with container init", "the other side exited in the middle of a message");
    if (got != want) return fail("sync with container init", "malformed message");
    off += got;
  }
  return m;
}

Result<Message> expect_msg(int fd, Msg type) {
  Message m = TRY(recv_msg(fd));
  if (m.type == Msg::Failed) return std::unexpected(Error{{}, {}, 0, m.text});
  if (m.type != type) return fail("sync with container init", "unexpected message");
  return m;
}

}  // namespace rampart::process
