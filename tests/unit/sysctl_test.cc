#include <gtest/gtest.h>

#include "spec/sysctl.h"

using namespace rampart::spec;

namespace {
Config with(std::map<std::string, std::string> sysctl, std::vector<NamespaceType> ns) {
  Config c;
  c.linux.emplace();
  for (auto t : ns) c.linux->namespaces.push_back({t, ""});
  c.linux->sysctl = std::move(sysctl);
  return c;
}
}  // namespace

TEST(Sysctl, NamespacedKeysWithTheirNamespaceAreAllowed) {
  EXPECT_TRUE(validate_sysctls(with({{"net.ipv4.ip_forward", "1"}}, {NamespaceType::Network})));
  EXPECT_TRUE(validate_sysctls(with({{"kernel.shmmax", "1"}, {"fs.mqueue.msg_max", "9"}}, {NamespaceType::Ipc})));
  // runc's list has it too; podman's --sysctl and pods' securityContext.sysctls set it.
  EXPECT_TRUE(validate_sysctls(with({{"kernel.shm_rmid_forced", "1"}}, {NamespaceType::Ipc})));
  EXPECT_FALSE(validate_sysctls(with({{"kernel.shm_rmid_forced", "1"}}, {NamespaceType::Network})));
}

TEST(Sysctl, RefusedKeys) {
  struct Case {
    const char* key;
    std::vector<NamespaceType> ns;
  } cases[] = {
      {"kernel.core_pattern", {NamespaceType::Ipc, NamespaceType::Network}},  // not namespaced
      {"vm.overcommit_memory", {NamespaceType::Network}},
      {"net.ipv4.ip_forward", {}},                                            // host network
      {"kernel.shmmax", {}},                                                  // host ipc
      {"net/../../kernel/core_pattern", {NamespaceType::Network}},            // traversal
      {"net.ipv4..conf", {NamespaceType::Network}},
      {"net.ipv4/conf", {NamespaceType::Network}},
      {"kernel.hostname", {NamespaceType::Uts}},
  };
  for (const auto& c : cases) {
    auto r = validate_sysctls(with({{c.key, "1"}}, c.ns));
    EXPECT_FALSE(r) << c.key;
    if (!r) {
      EXPECT_NE(r.error().message().find(c.key), std::string::npos) << r.error().message();
    }
  }
}

// One home for which namespace holds a key: the runtime compares exactly that namespace with
// its own when it is joined by path.
TEST(Sysctl, KeyNamespace) {
  EXPECT_EQ(sysctl_namespace("net.ipv4.ip_forward"), NamespaceType::Network);
  EXPECT_EQ(sysctl_namespace("kernel.shmmni"), NamespaceType::Ipc);
  EXPECT_EQ(sysctl_namespace("kernel.sem"), NamespaceType::Ipc);
  EXPECT_EQ(sysctl_namespace("fs.mqueue.queues_max"), NamespaceType::Ipc);
  EXPECT_EQ(sysctl_namespace("kernel.hostname"), NamespaceType::Uts);
  EXPECT_EQ(sysctl_namespace("kernel.core_pattern"), std::nullopt);
  EXPECT_EQ(sysctl_namespace("kernel.shm_rmid_forced"), NamespaceType::Ipc);  // in runc's IPC list
  EXPECT_EQ(sysctl_namespace("netfoo.x"), std::nullopt);
}
