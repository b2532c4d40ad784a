// The runtime <-> init sync channel: a message arrives whole, whatever its size (a hook state
// with large annotations), and a closed peer or a malformed message is an error, not a hang.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "linux/process/sync.h"

using namespace rampart;
using namespace rampart::process;

namespace {

struct Pair {
  int a = -1, b = -1;
  Pair() {
    int sp[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) == 0) a = sp[0], b = sp[1];
  }
  ~Pair() {
    if (a >= 0) close(a);
    if (b >= 0) close(b);
  }
};

}  // namespace

TEST(Sync, MessagesOfAnySizeArriveWhole) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{3999}, size_t{5000}, size_t{32 * 1024}, size_t{1 << 20}}) {
    Pair p;
    ASSERT_GE(p.a, 0);
    std::string text(size, 'a');
    for (size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
    // A sender in its own thread: a message bigger than the socket buffer needs a reader.
    std::thread sender([&] { EXPECT_TRUE(send_msg(p.a, Msg::Go, 42, text)); });
    auto m = recv_msg(p.b);
    sender.join();
    ASSERT_TRUE(m) << size << ": " << m.error().message();
    EXPECT_EQ(m->type, Msg::Go);
    EXPECT_EQ(m->value, 42);
    EXPECT_EQ(m->text, text) << size;
  }
}

TEST(Sync, ClosedPeerIsAnError) {
  Pair p;
  close(p.a);
  p.a = -1;
  auto m = recv_msg(p.b);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message().find("exited"), std::string::npos) << m.error().message();
}

TEST(Sync, MalformedMessageIsAnError) {
  Pair p;
  ASSERT_EQ(send(p.a, "xy", 2, 0), 2);
  EXPECT_FALSE(recv_msg(p.b));
}

TEST(Sync, FailedBecomesTheError) {
  Pair p;
  ASSERT_TRUE(send_msg(p.a, Msg::Failed, 2, "mount /x: No such file or directory"));
  auto m = expect_msg(p.b, Msg::Ready);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message(), "mount /x: No such file or directory");
}
