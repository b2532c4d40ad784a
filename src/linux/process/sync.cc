#include "linux/process/sync.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace rampart::process {
namespace {

// A message is one record: a header saying the text's full length, then the text; a text over
// kChunk bytes goes on in further records of at most kChunk bytes. The length is said up front,
// so no text is ever cut (a hook's state carries the container's annotations, of any size),
// and the usual message is still a single send and a single wake-up.
struct Header {
  uint32_t type;
  int32_t value;
  uint32_t length;
};
constexpr size_t kChunk = 32 * 1024;
constexpr size_t kMaxText = 64 * 1024 * 1024;

Result<void> send_record(int fd, const void* head, size_t head_len, const char* data, size_t len) {
  iovec iov[2] = {{const_cast<void*>(head), head_len}, {const_cast<char*>(data), len}};
  msghdr msg{};
  msg.msg_iov = head_len ? iov : iov + 1;
  msg.msg_iovlen = head_len ? 2 : 1;
  ssize_t r;
  do r = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
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
  size_t first = std::min(kChunk, text.size());
  TRY_VOID(send_record(fd, &h, sizeof h, text.data(), first));
  for (size_t off = first; off < text.size(); off += kChunk)
    TRY_VOID(send_record(fd, nullptr, 0, text.data() + off, std::min(kChunk, text.size() - off)));
  return {};
}

Result<Message> recv_msg(int fd) {
  std::vector<char> buf(sizeof(Header) + kChunk);
  size_t n = TRY(recv_record(fd, buf.data(), buf.size()));
  if (n == 0) return fail("sync with container init", "the other side exited before finishing set-up");
  Header h{};
  if (n < sizeof h) return fail("sync with container init", "malformed message");
  std::memcpy(&h, buf.data(), sizeof h);
  size_t first = std::min<size_t>(kChunk, h.length);
  if (h.length > kMaxText || n != sizeof h + first) return fail("sync with container init", "malformed message");
  Message m;
  m.type = static_cast<Msg>(h.type);
  m.value = h.value;
  m.text.resize(h.length);
  std::memcpy(m.text.data(), buf.data() + sizeof h, first);
  for (size_t off = first; off < h.length;) {
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
