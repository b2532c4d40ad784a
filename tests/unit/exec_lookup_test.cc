// The program lookup's errors in Go's words, which runc prints and podman maps to 126 / 127.
#include <gtest/gtest.h>

#include "linux/process/exec.h"

namespace rampart::process {
namespace {

std::string message_of(const std::string& name, const std::vector<std::string>& env = {}) {
  auto r = find_executable(name, env);
  return r ? "found " + *r : r.error().message();
}

TEST(ExecLookup, ErrorsInRuncsWords) {
  EXPECT_EQ(message_of("/etc/passwd"), "exec: \"/etc/passwd\": permission denied");
  EXPECT_EQ(message_of("/no/such/x"), "exec: \"/no/such/x\": stat /no/such/x: no such file or directory");
  EXPECT_EQ(message_of("/"), "exec: \"/\": is a directory");
  EXPECT_EQ(message_of("no-such-program-here", {"PATH=/nonexistent:/also-not"}),
            "exec: \"no-such-program-here\": executable file not found in $PATH");
  EXPECT_EQ(message_of("sh", {"PATH=/nonexistent:/bin"}), "found /bin/sh");
}

}  // namespace
}  // namespace rampart::process
