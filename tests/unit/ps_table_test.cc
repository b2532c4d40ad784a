#include <gtest/gtest.h>

#include "container/ps_table.h"

using rampart::container::filter_ps_output;

TEST(PsTable, KeepsHeaderAndTheContainersLines) {
  std::string out =
      "UID          PID    PPID  C STIME TTY          TIME CMD\n"
      "root           1       0  0 10:00 ?        00:00:01 /sbin/init\n"
      "root         123       1  0 10:01 ?        00:00:00 sleep 100\n"
      "root        1234       1  0 10:01 ?        00:00:00 other\n";
  auto r = filter_ps_output(out, {123});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r,
            "UID          PID    PPID  C STIME TTY          TIME CMD\n"
            "root         123       1  0 10:01 ?        00:00:00 sleep 100\n");
}

TEST(PsTable, NoPidColumnIsAnError) {
  auto r = filter_ps_output("USER COMMAND\nroot init\n", {1});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("PID"), std::string::npos);
}
