// create/start through exec.fifo: `create` hands the init the fifo already open, `start`
// releases it and learns how it went (src/linux/process/start_fifo.h).
#include "harness.h"

#include <gtest/gtest.h>

#include <future>

namespace rampart::testing {
namespace {

// Under umask 022 exec.fifo is 0600 root:root: a user-namespaced init that had to open it by
// path (or through procfs) could not, and died right after create.
TEST(StartFifo, CreateAndStartInAUserNamespace) {
  Bundle b({"/bin/sh", "-c", "id -u; cat /proc/self/uid_map"});
  b.config()["linux"]["namespaces"].push_back({{"type", "user"}});
  b.config()["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 300000}, {"size", 65536}}};
  b.config()["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 300000}, {"size", 65536}}};
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  EXPECT_EQ(b.status(), "created");
  ASSERT_EQ(b.start().exit_code, 0) << b.container_output();
  EXPECT_EQ(b.wait_status("stopped"), "stopped");
  EXPECT_NE(b.container_output().find("300000"), std::string::npos) << b.container_output();
}

// A process that can never run is reported: by create, or by start -- never two successes and
// a silent "stopped".
TEST(StartFifo, AFailureAfterReleaseIsReportedByStart) {
  Bundle b({kHelper, "exit", "0"});
  b.config()["process"]["cwd"] = "/etc/hostname/nonexistent-cwd";  // under a file: cannot be made
  Result c = b.create();
  if (c.exit_code != 0) {
    EXPECT_NE(b.container_output().find("cwd"), std::string::npos) << b.container_output();
    return;
  }
  Result s = b.start();
  EXPECT_NE(s.exit_code, 0) << s;
  EXPECT_NE(s.err.find("nonexistent-cwd"), std::string::npos) << s;
}

TEST(StartFifo, TwoStartsAtOnceStartItOnce) {
  Bundle b({kHelper, "sleep", "30"});
  ASSERT_EQ(b.create().exit_code, 0) << b.container_output();
  auto first = std::async(std::launch::async, [&] { return b.start(); });
  Result second = b.start();
  Result one = first.get();
  EXPECT_EQ((one.exit_code == 0) + (second.exit_code == 0), 1) << one << second;
  EXPECT_EQ(b.status(), "running");
}

}  // namespace
}  // namespace rampart::testing
