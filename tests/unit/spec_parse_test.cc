// spec/parse: the runtime-spec's own example, runc's `spec` output, and config.json mistakes that
// must each give one clear error naming the field.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "spec/capabilities.h"
#include "spec/parse.h"
#include "spec_fixture.h"

namespace rampart::spec {
namespace {

using fixture::parse_ok;
using fixture::read_data;

TEST(SpecParse, RuntimeSpecExample) {
  Config c = parse_ok(read_data("runtime-spec-example.json"));
  EXPECT_EQ(c.oci_version, "0.5.0-dev");
  EXPECT_EQ(c.root.path, "rootfs");
  EXPECT_TRUE(c.root.readonly);
  EXPECT_EQ(c.hostname, "slartibartfast");

  ASSERT_TRUE(c.process.has_value());
  const Process& p = *c.process;
  EXPECT_TRUE(p.terminal);
  EXPECT_EQ(p.user.uid, 1u);
  EXPECT_EQ(p.user.gid, 1u);
  EXPECT_EQ(p.user.additional_gids, (std::vector<uint32_t>{5, 6}));
  EXPECT_EQ(p.args, (std::vector<std::string>{"sh"}));
  EXPECT_EQ(p.env.size(), 2u);
  EXPECT_EQ(p.cwd, "/");
  ASSERT_TRUE(p.capabilities.has_value());
  EXPECT_EQ(p.capabilities->bounding.size(), 3u);
  EXPECT_EQ(p.capabilities->effective, (std::vector<std::string>{"CAP_AUDIT_WRITE", "CAP_KILL"}));
  EXPECT_EQ(p.capabilities->ambient, (std::vector<std::string>{"CAP_NET_BIND_SERVICE"}));
  ASSERT_EQ(p.rlimits.size(), 2u);
  EXPECT_EQ(p.rlimits[0].type, "RLIMIT_CORE");
  EXPECT_EQ(p.rlimits[1].hard, 1024u);
  EXPECT_EQ(p.apparmor_profile, "acme_secure_profile");
  EXPECT_EQ(p.oom_score_adj, 100);
  EXPECT_EQ(p.selinux_label, "system_u:system_r:svirt_lxc_net_t:s0:c124,c675");
  EXPECT_TRUE(p.no_new_privileges);

  ASSERT_EQ(c.mounts.size(), 7u);
  EXPECT_EQ(c.mounts[2].destination, "/dev/pts");
  EXPECT_EQ(c.mounts[2].type, "devpts");
  EXPECT_EQ(c.mounts[2].options.back(), "gid=5");
  EXPECT_TRUE(c.mounts[0].options.empty());

  ASSERT_EQ(c.hooks.prestart.size(), 2u);
  EXPECT_EQ(c.hooks.prestart[0].path, "/usr/bin/fix-mounts");
  EXPECT_EQ(c.hooks.prestart[0].args, (std::vector<std::string>{"fix-mounts", "arg1", "arg2"}));
  EXPECT_EQ(c.hooks.prestart[0].env, (std::vector<std::string>{"key1=value1"}));
  EXPECT_FALSE(c.hooks.prestart[1].timeout.has_value());
  ASSERT_EQ(c.hooks.poststart.size(), 1u);
  EXPECT_EQ(c.hooks.poststart[0].timeout, 5);
  EXPECT_EQ(c.hooks.poststop.size(), 1u);
  EXPECT_TRUE(c.hooks.create_runtime.empty());

  ASSERT_TRUE(c.linux.has_value());
  const Linux& l = *c.linux;
  ASSERT_EQ(l.devices.size(), 2u);
  EXPECT_EQ(l.devices[0].path, "/dev/fuse");
  EXPECT_EQ(l.devices[0].type, 'c');
  EXPECT_EQ(l.devices[0].major, 10);
  EXPECT_EQ(l.devices[0].minor, 229);
  EXPECT_EQ(l.devices[0].file_mode, 438u);
  EXPECT_EQ(l.devices[1].type, 'b');
  ASSERT_EQ(l.uid_mappings.size(), 1u);
  EXPECT_EQ(l.uid_mappings[0].container_id, 0u);
  EXPECT_EQ(l.uid_mappings[0].host_id, 1000u);
  EXPECT_EQ(l.uid_mappings[0].size, 32000u);
  EXPECT_EQ(l.gid_mappings.size(), 1u);
  EXPECT_EQ(l.sysctl.at("net.core.somaxconn"), "256");
  EXPECT_EQ(l.cgroups_path, "/myRuntime/myContainer");
  ASSERT_TRUE(l.resources.has_value());
  EXPECT_EQ(l.resources->pids_limit, 32771);
  EXPECT_EQ(l.resources->memory_limit, 536870912);
  EXPECT_EQ(l.resources->memory_swap, 536870912);
  EXPECT_EQ(l.resources->cpu_shares, 1024u);
  EXPECT_EQ(l.resources->cpu_quota, 1000000);
  EXPECT_EQ(l.resources->cpu_period, 500000u);
  EXPECT_EQ(l.resources->cpuset_cpus, "2-3");
  EXPECT_EQ(l.resources->cpuset_mems, "0-7");
  ASSERT_EQ(l.resources->devices.size(), 3u);
  EXPECT_FALSE(l.resources->devices[0].allow);
  EXPECT_EQ(l.resources->devices[0].type, "a");  // absent: all devices
  EXPECT_FALSE(l.resources->devices[0].major.has_value());
  EXPECT_EQ(l.resources->devices[0].access, "rwm");
  EXPECT_TRUE(l.resources->devices[1].allow);
  EXPECT_EQ(l.resources->devices[2].type, "b");
  EXPECT_EQ(l.resources->devices[2].minor, 0);
  EXPECT_EQ(l.rootfs_propagation, "slave");
  ASSERT_TRUE(l.seccomp.has_value());
  EXPECT_EQ(l.seccomp->default_action, "SCMP_ACT_ALLOW");
  EXPECT_EQ(l.seccomp->architectures, (std::vector<std::string>{"SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
  ASSERT_EQ(l.seccomp->syscalls.size(), 1u);
  EXPECT_EQ(l.seccomp->syscalls[0].names, (std::vector<std::string>{"getcwd", "chmod"}));
  EXPECT_EQ(l.seccomp->syscalls[0].action, "SCMP_ACT_ERRNO");
  ASSERT_EQ(l.namespaces.size(), 7u);
  EXPECT_EQ(l.namespaces[0].type, NamespaceType::Pid);
  EXPECT_EQ(l.namespaces[6].type, NamespaceType::Cgroup);
  EXPECT_NE(l.find_namespace(NamespaceType::User), nullptr);
  EXPECT_EQ(l.find_namespace(NamespaceType::Time), nullptr);
  EXPECT_EQ(l.masked_paths.size(), 4u);
  EXPECT_EQ(l.readonly_paths.size(), 6u);
  EXPECT_EQ(l.mount_label, "system_u:object_r:svirt_sandbox_file_t:s0:c715,c811");
  EXPECT_EQ(c.annotations.at("com.example.key2"), "value2");
}

TEST(SpecParse, RuncSpecOutput) {
  Config c = parse_ok(read_data("runc-spec.json"));
  EXPECT_EQ(c.oci_version, "1.0.2-dev");
  EXPECT_EQ(c.hostname, "runc");
  ASSERT_TRUE(c.process.has_value());
  EXPECT_TRUE(c.process->terminal);
  EXPECT_EQ(c.process->args, (std::vector<std::string>{"sh"}));
  EXPECT_FALSE(c.process->capabilities->inheritable.size());
  EXPECT_EQ(c.process->capabilities->ambient.size(), 3u);
  ASSERT_EQ(c.mounts.size(), 7u);
  EXPECT_EQ(c.mounts[5].destination, "/sys");
  EXPECT_EQ(c.mounts[5].type, "sysfs");
  ASSERT_TRUE(c.linux.has_value());
  EXPECT_EQ(c.linux->namespaces.size(), 5u);
  EXPECT_NE(c.linux->find_namespace(NamespaceType::Network), nullptr);
  EXPECT_EQ(c.linux->find_namespace(NamespaceType::User), nullptr);
  EXPECT_TRUE(c.linux->uid_mappings.empty());
  EXPECT_EQ(c.linux->masked_paths.size(), 10u);
  EXPECT_EQ(c.linux->readonly_paths.size(), 5u);
  ASSERT_TRUE(c.linux->resources.has_value());
  ASSERT_EQ(c.linux->resources->devices.size(), 1u);
  EXPECT_EQ(c.linux->resources->devices[0].access, "rwm");
}

TEST(SpecParse, RuncSpecRootlessOutput) {
  Config c = parse_ok(read_data("runc-spec-rootless.json"));
  ASSERT_TRUE(c.linux.has_value());
  EXPECT_NE(c.linux->find_namespace(NamespaceType::User), nullptr);
  EXPECT_EQ(c.linux->find_namespace(NamespaceType::Network), nullptr);
  ASSERT_EQ(c.linux->uid_mappings.size(), 1u);
  EXPECT_EQ(c.linux->uid_mappings[0].size, 1u);
  ASSERT_EQ(c.linux->gid_mappings.size(), 1u);
  EXPECT_FALSE(c.linux->resources.has_value());
  EXPECT_EQ(c.mounts[5].source, "/sys");
  EXPECT_EQ(c.mounts[5].options.front(), "rbind");
}

// A small valid config; each negative case patches it (RFC 7386 merge patch).
constexpr const char* kBase = R"({
  "ociVersion": "1.2.0",
  "root": {"path": "rootfs"},
  "process": {"args": ["sh"], "cwd": "/", "user": {"uid": 0, "gid": 0}},
  "hostname": "h",
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid"]},
    {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs"}
  ],
  "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}]}
})";

std::string patched(const char* patch) {
  auto doc = nlohmann::json::parse(kBase);
  doc.merge_patch(nlohmann::json::parse(patch));
  return doc.dump();
}

TEST(SpecParse, BaseConfigIsValid) {
  Config c = parse_ok(kBase);
  EXPECT_EQ(c.mounts.size(), 3u);
  EXPECT_EQ(c.linux->namespaces.size(), 3u);
}

struct BadCase {
  const char* name;
  const char* patch;     // merged into kBase
  const char* expected;  // substring of the error message
};

class SpecParseBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(SpecParseBad, RefusedWithFieldNamed) {
  const BadCase& tc = GetParam();
  auto c = parse_config(patched(tc.patch));
  ASSERT_FALSE(c.has_value()) << "accepted: " << tc.patch;
  const std::string msg = c.error().message();
  EXPECT_NE(msg.find(tc.expected), std::string::npos) << "message: " << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << "message is not one line: " << msg;
  EXPECT_EQ(c.error().err, 0);
}

const BadCase kBadCases[] = {
    {"DestinationNotString", R"({"mounts": [{"destination": "/a"}, {"destination": "/b"}, {"destination": 5}]})",
     "parse config.json: mounts[2].destination: expected a string, got an integer"},
    {"RelativeDestination", R"({"mounts": [{"destination": "proc", "type": "proc"}]})",
     "mounts[0].destination: must be an absolute path"},
    {"EmptyDestination", R"({"mounts": [{"type": "proc"}]})", "mounts[0].destination: required"},
    {"MountsNotArray", R"({"mounts": {"destination": "/x"}})", "mounts: expected an array, got an object"},
    {"MountNotObject", R"({"mounts": ["/x"]})", "mounts[0]: expected an object, got a string"},
    {"OptionNotString", R"({"mounts": [{"destination": "/x", "options": ["ro", 1]}]})",
     "mounts[0].options[1]: expected a string"},
    {"UnknownNamespace", R"({"linux": {"namespaces": [{"type": "pid"}, {"type": "foo"}]}})",
     "linux.namespaces[1].type: unknown namespace type \"foo\""},
    {"NamespaceWithoutType", R"({"linux": {"namespaces": [{"path": "/proc/1/ns/net"}]}})",
     "linux.namespaces[0].type: required"},
    {"DuplicateNamespace", R"({"linux": {"namespaces": [{"type": "pid"}, {"type": "uts"}, {"type": "pid"}]}})",
     "linux.namespaces[2].type: duplicate namespace \"pid\""},
    {"RelativeNamespacePath", R"({"linux": {"namespaces": [{"type": "network", "path": "proc/1/ns/net"}, {"type": "uts"}]}})",
     "linux.namespaces[0].path: must be an absolute path"},
    {"MissingArgs", R"({"process": {"args": null}})", "process.args: must not be empty"},
    {"EmptyArgs", R"({"process": {"args": []}})", "process.args: must not be empty"},
    {"ArgsNotArray", R"({"process": {"args": "sh"}})", "process.args: expected an array, got a string"},
    {"RelativeCwd", R"({"process": {"cwd": "root"}})", "process.cwd: must be an absolute path"},
    {"MissingOciVersion", R"({"ociVersion": null})", "ociVersion: required"},
    {"OciVersionNumber", R"({"ociVersion": 1.2})", "ociVersion: expected a string, got a fractional number"},
    {"MissingRoot", R"({"root": null})", "root.path: required"},
    {"RootNotObject", R"({"root": "rootfs"})", "root: expected an object, got a string"},
    {"TerminalNotBool", R"({"process": {"terminal": "yes"}})", "process.terminal: expected a boolean, got a string"},
    {"NegativeUid", R"({"process": {"user": {"uid": -1}}})", "process.user.uid: -1 is out of range"},
    {"HugeGid", R"({"process": {"user": {"gid": 4294967296}}})", "process.user.gid: 4294967296 is out of range"},
    {"FractionalUid", R"({"process": {"user": {"uid": 1.5}}})", "process.user.uid: expected an integer"},
    {"AdditionalGidNotNumber", R"({"process": {"user": {"additionalGids": [1, "2"]}}})",
     "process.user.additionalGids[1]: expected an integer, got a string"},
    {"OldCapabilitiesArray", R"({"process": {"capabilities": ["CAP_KILL"]}})",
     "process.capabilities: expected an object, got an array"},
    {"UnknownSchedulerPolicy", R"({"process": {"scheduler": {"policy": "SCHED_FAST"}}})",
     "process.scheduler.policy: unknown policy \"SCHED_FAST\""},
    {"MissingSchedulerPolicy", R"({"process": {"scheduler": {"nice": 1}}})", "process.scheduler.policy: required"},
    {"UnknownSchedulerFlag", R"({"process": {"scheduler": {"policy": "SCHED_OTHER", "flags": ["SCHED_FLAG_FAST"]}}})",
     "process.scheduler.flags[0]: unknown flag \"SCHED_FLAG_FAST\""},
    {"SchedulerNiceOutOfRange", R"({"process": {"scheduler": {"policy": "SCHED_BATCH", "nice": 20}}})",
     "process.scheduler.nice: 20 is outside -20..19"},
    {"SchedulerPriorityForOther", R"({"process": {"scheduler": {"policy": "SCHED_OTHER", "priority": 5}}})",
     "process.scheduler.priority: only SCHED_FIFO and SCHED_RR take a priority"},
    {"SchedulerFifoPriorityZero", R"({"process": {"scheduler": {"policy": "SCHED_FIFO"}}})",
     "process.scheduler.priority: 0 is outside 1..99 for SCHED_FIFO"},
    {"SchedulerRuntimeForOther", R"({"process": {"scheduler": {"policy": "SCHED_OTHER", "runtime": 10}}})",
     "process.scheduler: runtime, deadline and period are for SCHED_DEADLINE only"},
    {"SchedulerDeadlineOrder",
     R"({"process": {"scheduler": {"policy": "SCHED_DEADLINE", "runtime": 20, "deadline": 10, "period": 30}}})",
     "process.scheduler: SCHED_DEADLINE needs runtime <= deadline <= period"},
    {"SchedulerNiceNotInt", R"({"process": {"scheduler": {"policy": "SCHED_OTHER", "nice": "1"}}})",
     "process.scheduler.nice: expected an integer, got a string"},
    {"UnknownIoPriorityClass", R"({"process": {"ioPriority": {"class": "IOPRIO_CLASS_FAST", "priority": 1}}})",
     "process.ioPriority.class: unknown class \"IOPRIO_CLASS_FAST\""},
    {"IoPriorityOutOfRange", R"({"process": {"ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 8}}})",
     "process.ioPriority.priority: 8 is outside 0..7"},
    {"BadAffinityRange", R"({"process": {"execCPUAffinity": {"initial": "3-1"}}})",
     "process.execCPUAffinity.initial: invalid range \"3-1\""},
    {"BadAffinityElement", R"({"process": {"execCPUAffinity": {"final": "0,x"}}})",
     "process.execCPUAffinity.final: bad element \"x\""},
    {"AffinityAboveMaxCpu", R"({"process": {"execCPUAffinity": {"final": "70000"}}})",
     "process.execCPUAffinity.final: bad element \"70000\""},
    {"AffinityNoCpu", R"({"process": {"execCPUAffinity": {"final": ",,"}}})",
     "process.execCPUAffinity.final: no CPU in \",,\""},
    {"UnknownPersonalityDomain", R"({"linux": {"personality": {"domain": "LINUX64"}}})",
     "linux.personality.domain: unknown domain \"LINUX64\" (one of LINUX, LINUX32)"},
    {"PersonalityNotObject", R"({"linux": {"personality": "LINUX"}})",
     "linux.personality: expected an object, got a string"},
    {"UnknownRlimit", R"({"process": {"rlimits": [{"type": "RLIMIT_FOO", "hard": 1, "soft": 1}]}})",
     "process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\""},
    {"SoftAboveHard", R"({"process": {"rlimits": [{"type": "RLIMIT_NOFILE", "hard": 10, "soft": 20}]}})",
     "process.rlimits[0]: soft limit 20 is above hard limit 10"},
    {"DuplicateRlimit",
     R"({"process": {"rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1, "soft": 1}, {"type": "RLIMIT_NOFILE", "hard": 2, "soft": 2}]}})",
     "process.rlimits[1].type: duplicate rlimit"},
    {"NegativeRlimit", R"({"process": {"rlimits": [{"type": "RLIMIT_NOFILE", "hard": -1, "soft": 1}]}})",
     "process.rlimits[0].hard: -1 is out of range"},
    {"OomScoreOutOfRange", R"({"process": {"oomScoreAdj": 1001}})", "process.oomScoreAdj: must be between"},
    {"DeviceBadType", R"({"linux": {"devices": [{"path": "/dev/x", "type": "x"}]}})",
     "linux.devices[0].type: \"x\" is not a device type"},
    {"DeviceLongType", R"({"linux": {"devices": [{"path": "/dev/x", "type": "cc"}]}})",
     "linux.devices[0].type: \"cc\" is not a device type"},
    {"DeviceRelativePath", R"({"linux": {"devices": [{"path": "dev/x", "type": "c"}]}})",
     "linux.devices[0].path: must be an absolute path"},
    {"DeviceMajorString", R"({"linux": {"devices": [{"path": "/dev/x", "type": "c", "major": "1"}]}})",
     "linux.devices[0].major: expected an integer, got a string"},
    {"HookRelativePath", R"({"hooks": {"createRuntime": [{"path": "/bin/true"}, {"path": "hook.sh"}]}})",
     "hooks.createRuntime[1].path: must be an absolute path"},
    {"HookZeroTimeout", R"({"hooks": {"poststop": [{"path": "/bin/true", "timeout": 0}]}})",
     "hooks.poststop[0].timeout: must be greater than zero"},
    {"HooksNotObject", R"({"hooks": []})", "hooks: expected an object, got an array"},
    {"UidMapWithoutUserns", R"({"linux": {"uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}})",
     "linux.uidMappings: user namespace mappings need a \"user\" namespace"},
    {"GidMapWithoutUserns", R"({"linux": {"gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}})",
     "linux.gidMappings: user namespace mappings need a \"user\" namespace"},
    {"IdMapSizeString", R"({"linux": {"uidMappings": [{"containerID": 0, "hostID": 1000, "size": "1"}]}})",
     "linux.uidMappings[0].size: expected an integer"},
    {"BadPropagation", R"({"linux": {"rootfsPropagation": "sideways"}})",
     "linux.rootfsPropagation: unknown propagation \"sideways\""},
    {"BadDeviceRuleAccess", R"({"linux": {"resources": {"devices": [{"allow": true, "access": "rwx"}]}}})",
     "linux.resources.devices[0].access: \"rwx\" is not a subset of \"rwm\""},
    {"BadDeviceRuleType", R"({"linux": {"resources": {"devices": [{"allow": true, "type": "p"}]}}})",
     "linux.resources.devices[0].type"},
    {"MemoryLimitString", R"({"linux": {"resources": {"memory": {"limit": "1G"}}}})",
     "linux.resources.memory.limit: expected an integer, got a string"},
    {"AnnotationNotString", R"({"annotations": {"a": "b", "c": 1}})", "annotations[\"c\"]: expected a string"},
    {"SysctlNotString", R"({"linux": {"sysctl": {"net.ipv4.ip_forward": 1}}})",
     "linux.sysctl[\"net.ipv4.ip_forward\"]: expected a string"},
    {"SeccompArgIndexString",
     R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["x"], "action": "SCMP_ACT_ERRNO", "args": [{"index": "0"}]}]}}})",
     "linux.seccomp.syscalls[0].args[0].index: expected an integer"},
    {"TimeOffsetsWithoutTimens", R"({"linux": {"timeOffsets": {"monotonic": {"secs": 1}}}})",
     "linux.timeOffsets: time offsets need a \"time\" namespace"},
    {"UnknownClock", R"({"linux": {"timeOffsets": {"realtime": {"secs": 1}}}})", "linux.timeOffsets.realtime: unknown clock"},
    {"HostnameWithoutUts", R"({"linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}]}})",
     "hostname: setting it needs a \"uts\" namespace"},
    {"ConsoleSizeNegative", R"({"process": {"consoleSize": {"height": -3, "width": 80}}})",
     "process.consoleSize.height: -3 is out of range"},
};

INSTANTIATE_TEST_SUITE_P(Cases, SpecParseBad, ::testing::ValuesIn(kBadCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(SpecParse, MalformedJson) {
  for (const char* text : {"{", "", "{\"ociVersion\": \"1.2.0\",}", "nonsense", "{\"a\": 1} trailing"}) {
    auto c = parse_config(text);
    ASSERT_FALSE(c.has_value()) << text;
    const std::string msg = c.error().message();
    EXPECT_TRUE(msg.starts_with("parse config.json: malformed JSON: ")) << msg;
    EXPECT_EQ(msg.find("[json.exception"), std::string::npos) << msg;
    EXPECT_NE(msg.find("line"), std::string::npos) << msg;  // nlohmann says where
  }
}

TEST(SpecParse, TopLevelMustBeObject) {
  for (const char* text : {"[]", "42", "\"config\"", "null"}) {
    auto c = parse_config(text);
    ASSERT_FALSE(c.has_value()) << text;
    EXPECT_NE(c.error().message().find("expected a JSON object"), std::string::npos) << c.error().message();
  }
}

TEST(SpecParse, UnknownFieldsAreIgnored) {
  Config c = parse_ok(patched(R"({"futureField": {"x": [1, 2]}, "process": {"ioPriority": {"class": "IOPRIO_CLASS_IDLE"}},
                                  "linux": {"intelRdt": {"closID": "x"}, "personality": {"domain": "LINUX"}},
                                  "mounts": [{"destination": "/x", "uidMappings": []}]})"));
  ASSERT_EQ(c.mounts.size(), 1u);
  EXPECT_EQ(c.mounts[0].destination, "/x");
}

TEST(SpecParse, NullMeansAbsent) {
  Config c = parse_ok(R"({"ociVersion": "1.2.0", "root": {"path": "r", "readonly": null}, "hostname": null,
                          "mounts": [{"destination": "/x", "options": null}],
                          "process": {"args": ["sh"], "cwd": "/", "env": null, "capabilities": null},
                          "linux": {"namespaces": null, "resources": null}})");
  EXPECT_FALSE(c.root.readonly);
  EXPECT_TRUE(c.mounts[0].options.empty());
  EXPECT_FALSE(c.process->capabilities.has_value());
  EXPECT_FALSE(c.linux->resources.has_value());
  EXPECT_TRUE(c.linux->namespaces.empty());
}

TEST(SpecParse, NoProcessIsAllowed) {
  Config c = parse_ok(R"({"ociVersion": "1.2.0", "root": {"path": "rootfs"}})");
  EXPECT_FALSE(c.process.has_value());
  EXPECT_FALSE(c.linux.has_value());
}

TEST(SpecParse, AllFieldsOfRuntimeSpec12) {
  Config c = parse_ok(R"({
    "ociVersion": "1.2.0",
    "root": {"path": "/abs/rootfs"},
    "domainname": "example.org",
    "process": {"args": ["/bin/true"], "cwd": "/", "terminal": true, "consoleSize": {"height": 24, "width": 80},
                "user": {"uid": 1000, "gid": 1000, "umask": 18, "additionalGids": [10]},
                "capabilities": {"inheritable": ["CAP_CHECKPOINT_RESTORE"], "permitted": ["CAP_BPF"]},
                "rlimits": [{"type": "RLIMIT_AS", "hard": 18446744073709551615, "soft": 18446744073709551615}]},
    "hooks": {"createContainer": [{"path": "/h", "timeout": 3}], "startContainer": [{"path": "/s"}]},
    "linux": {
      "namespaces": [{"type": "uts"}, {"type": "time"}, {"type": "user"}, {"type": "ipc", "path": "/proc/1/ns/ipc"}],
      "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
      "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
      "devices": [{"path": "/dev/fifo", "type": "p"}, {"path": "/dev/u", "type": "u", "major": 1, "minor": 2}],
      "resources": {"memory": {"limit": -1, "swap": -1}, "cpu": {"quota": -1}, "pids": {"limit": -1}},
      "seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "flags": ["SECCOMP_FILTER_FLAG_LOG"],
                  "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "errnoRet": 38,
                                "args": [{"index": 0, "value": 4294967295, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]}]},
      "timeOffsets": {"monotonic": {"secs": -86400, "nanosecs": 5}, "boottime": {"secs": 7}}
    }
  })");
  ASSERT_TRUE(c.process && c.linux);
  EXPECT_EQ(c.domainname, "example.org");
  ASSERT_TRUE(c.process->console_size.has_value());
  EXPECT_EQ(c.process->console_size->height, 24u);
  EXPECT_EQ(c.process->console_size->width, 80u);
  EXPECT_EQ(c.process->user.umask, 18u);
  EXPECT_EQ(c.process->capabilities->inheritable, (std::vector<std::string>{"CAP_CHECKPOINT_RESTORE"}));
  EXPECT_EQ(c.process->rlimits[0].hard, UINT64_MAX);
  EXPECT_EQ(c.hooks.create_container.at(0).timeout, 3);
  EXPECT_EQ(c.hooks.start_container.at(0).path, "/s");
  EXPECT_EQ(c.linux->namespaces[1].type, NamespaceType::Time);
  EXPECT_EQ(c.linux->namespaces[3].path, "/proc/1/ns/ipc");
  EXPECT_EQ(c.linux->devices[0].type, 'p');
  EXPECT_EQ(c.linux->devices[1].minor, 2);
  EXPECT_EQ(c.linux->resources->memory_limit, -1);
  EXPECT_EQ(c.linux->resources->cpu_quota, -1);
  EXPECT_EQ(c.linux->resources->pids_limit, -1);
  EXPECT_EQ(c.linux->seccomp->default_errno_ret, 1u);
  EXPECT_EQ(c.linux->seccomp->flags, (std::vector<std::string>{"SECCOMP_FILTER_FLAG_LOG"}));
  const SeccompSyscall& sc = c.linux->seccomp->syscalls.at(0);
  EXPECT_EQ(sc.errno_ret, 38u);
  ASSERT_EQ(sc.args.size(), 1u);
  EXPECT_EQ(sc.args[0].value, 4294967295u);
  EXPECT_EQ(sc.args[0].op, "SCMP_CMP_EQ");
  EXPECT_EQ(c.linux->time_offsets.at("monotonic").secs, -86400);
  EXPECT_EQ(c.linux->time_offsets.at("monotonic").nanosecs, 5u);
  EXPECT_EQ(c.linux->time_offsets.at("boottime").secs, 7);
}

TEST(SpecParse, ValidateConfigBuiltInCode) {
  Config c;
  c.oci_version = "1.2.0";
  c.root.path = "rootfs";
  EXPECT_TRUE(validate(c).has_value());
  c.mounts.push_back(Mount{"relative/dest", "tmpfs", "tmpfs", {}});
  auto r = validate(c);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("mounts[0].destination: must be an absolute path"), std::string::npos);
  c.mounts.clear();
  c.linux.emplace();
  c.linux->namespaces = {{NamespaceType::Network, ""}};
  c.linux->uid_mappings = {{0, 1000, 1}};
  c.linux->gid_mappings = {{0, 1000, 1}};
  r = validate(c);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("linux.uidMappings"), std::string::npos) << r.error().message();
  c.linux->namespaces.push_back({NamespaceType::User, ""});
  EXPECT_TRUE(validate(c).has_value()) << validate(c).error().message();
  c.linux->namespaces.push_back({NamespaceType::Network, "/proc/1/ns/net"});
  r = validate(c);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("linux.namespaces[2].type: duplicate namespace \"network\""), std::string::npos)
      << r.error().message();
}

TEST(SpecParse, ParseProcess) {
  auto p = parse_process(R"({"args": ["/bin/ls", "-l"], "env": ["A=1"], "cwd": "/tmp", "terminal": false,
                             "user": {"uid": 5, "gid": 6}, "noNewPrivileges": true,
                             "capabilities": {"bounding": ["CAP_CHOWN"]}})");
  ASSERT_TRUE(p.has_value()) << p.error().message();
  EXPECT_EQ(p->args, (std::vector<std::string>{"/bin/ls", "-l"}));
  EXPECT_EQ(p->cwd, "/tmp");
  EXPECT_EQ(p->user.uid, 5u);
  EXPECT_TRUE(p->no_new_privileges);
  EXPECT_EQ(p->capabilities->bounding.size(), 1u);
}

TEST(SpecParse, ParseProcessErrors) {
  auto empty = parse_process(R"({"args": [], "cwd": "/"})");
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().message().find("args: must not be empty"), std::string::npos) << empty.error().message();
  EXPECT_NE(empty.error().message().find("process.json"), std::string::npos) << empty.error().message();

  auto type = parse_process(R"({"args": ["sh", 3]})");
  ASSERT_FALSE(type.has_value());
  EXPECT_NE(type.error().message().find("parse process.json: args[1]: expected a string, got an integer"),
            std::string::npos)
      << type.error().message();

  auto malformed = parse_process("{\"args\": [");
  ASSERT_FALSE(malformed.has_value());
  EXPECT_NE(malformed.error().message().find("malformed JSON"), std::string::npos);

  // Unknown capabilities are ignored with a warning (runtime-spec >= 1.1, runc), never refused.
  auto cap = parse_process(R"({"args": ["sh"], "cwd": "/", "capabilities": {"effective": ["CAP_NOPE"]}})");
  ASSERT_TRUE(cap.has_value()) << cap.error().message();

  auto sched = parse_process(R"({"args": ["sh"], "cwd": "/", "scheduler": {"policy": "SCHED_NOPE"}})");
  ASSERT_FALSE(sched.has_value());
  EXPECT_NE(sched.error().message().find("invalid process.json: scheduler.policy: unknown policy \"SCHED_NOPE\""),
            std::string::npos)
      << sched.error().message();
}

TEST(SpecParse, ValidateProcess) {
  Process p;
  EXPECT_FALSE(validate_process(p).has_value());  // no args
  p.args = {"sh"};
  EXPECT_TRUE(validate_process(p).has_value());
  p.rlimits.push_back({"RLIMIT_NPROC", 1, 2});
  EXPECT_FALSE(validate_process(p).has_value());
}

TEST(SpecParse, KnownRlimits) {
  for (const char* n : {"RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_LOCKS",
                        "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_NOFILE", "RLIMIT_NPROC",
                        "RLIMIT_RSS", "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK"})
    EXPECT_TRUE(is_known_rlimit(n)) << n;
  for (const char* n : {"", "NOFILE", "rlimit_nofile", "RLIMIT_OFILE", "RLIMIT_NOFILE "})
    EXPECT_FALSE(is_known_rlimit(n)) << n;
}

TEST(SpecParse, NamespaceNames) {
  for (auto t : {NamespaceType::Pid, NamespaceType::Network, NamespaceType::Mount, NamespaceType::Ipc,
                 NamespaceType::Uts, NamespaceType::User, NamespaceType::Cgroup, NamespaceType::Time})
    EXPECT_EQ(namespace_from_name(namespace_name(t)), t) << namespace_name(t);
  EXPECT_STREQ(namespace_name(NamespaceType::Network), "network");
  EXPECT_STREQ(namespace_name(NamespaceType::Mount), "mount");
  EXPECT_FALSE(namespace_from_name("net").has_value());
  EXPECT_FALSE(namespace_from_name("PID").has_value());
}

TEST(SpecCapabilities, NamesAndNumbers) {
  const auto& names = all_capability_names();
  ASSERT_EQ(names.size(), 41u);
  EXPECT_EQ(names.front(), "CAP_CHOWN");
  EXPECT_EQ(names.back(), "CAP_CHECKPOINT_RESTORE");
  EXPECT_EQ(capability_number("CAP_SYS_ADMIN"), 21);
  EXPECT_EQ(capability_number("CAP_NET_BIND_SERVICE"), 10);
  EXPECT_EQ(capability_number("CAP_AUDIT_READ"), 37);
  EXPECT_EQ(capability_number("CAP_BPF"), 39);
  EXPECT_EQ(capability_number("CAP_CHECKPOINT_RESTORE"), 40);
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(capability_number(names[i]), static_cast<int>(i)) << names[i];
  EXPECT_FALSE(capability_number("SYS_ADMIN").has_value());
  EXPECT_FALSE(capability_number("cap_sys_admin").has_value());
  EXPECT_FALSE(capability_number("CAP_LAST_CAP").has_value());
  EXPECT_FALSE(capability_number("").has_value());
}

}  // namespace
}  // namespace rampart::spec
