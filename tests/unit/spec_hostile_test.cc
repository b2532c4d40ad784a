// spec/parse against hostile values: NUL bytes, a missing cwd, huge strings, bad id maps,
// negative limits, over-long hostnames. Each is refused with one line naming the field.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "spec/parse.h"

namespace rampart::spec {
namespace {

using nlohmann::json;

json base() {
  return json{{"ociVersion", "1.2.0"},
              {"root", {{"path", "rootfs"}}},
              {"process", {{"args", {"sh"}}, {"cwd", "/"}}},
              {"linux", {{"namespaces", {{{"type", "mount"}}}}}}};
}

// The error message of parsing `j`, or "" when it parses.
std::string error_of(const json& j) {
  auto c = parse_config(j.dump());
  return c ? std::string() : c.error().message();
}

TEST(SpecHostile, BaseIsValid) { EXPECT_EQ(error_of(base()), ""); }

TEST(SpecHostile, NulInStringsRefused) {
  json j = base();
  j["process"]["cwd"] = std::string("/\0/etc", 6);
  EXPECT_EQ(error_of(j), "parse config.json: process.cwd: contains a NUL byte");
  j = base();
  j["process"]["args"] = {"sh", std::string("-c\0x", 4)};
  EXPECT_EQ(error_of(j), "parse config.json: process.args[1]: contains a NUL byte");
  j = base();
  j["annotations"] = {{std::string("k\0", 2), "v"}};
  EXPECT_NE(error_of(j).find("contains a NUL byte"), std::string::npos);
}

TEST(SpecHostile, MissingCwdRefusedAsRuncDoes) {
  json j = base();
  j["process"].erase("cwd");
  EXPECT_EQ(error_of(j), "invalid config.json: process.cwd: required (an absolute path)");
  auto p = parse_process(R"({"args":["sh"]})");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message(), "invalid process.json: cwd: required (an absolute path)");
}

TEST(SpecHostile, HugeValueQuotedAndCut) {
  json j = base();
  j["process"]["cwd"] = std::string(10u << 20, 'x');  // relative: refused, and shown cut
  const std::string e = error_of(j);
  EXPECT_LT(e.size(), 400u) << e.size();
  EXPECT_NE(e.find("process.cwd: must be an absolute path, got \"xxx"), std::string::npos) << e.substr(0, 200);
  EXPECT_NE(e.find("... (10485760 bytes)"), std::string::npos) << e.substr(0, 300);
}

TEST(SpecHostile, ControlBytesEscapedInMessages) {
  json j = base();
  j["process"]["cwd"] = "rel\n\x1b[2J";
  EXPECT_EQ(error_of(j), "invalid config.json: process.cwd: must be an absolute path, got \"rel\\x0a\\x1b[2J\"");
}

TEST(SpecHostile, HostnameLongerThanKernelLimit) {
  json j = base();
  j["linux"]["namespaces"].push_back({{"type", "uts"}});
  j["hostname"] = std::string(64, 'h');
  EXPECT_EQ(error_of(j), "");
  j["hostname"] = std::string(65, 'h');
  EXPECT_EQ(error_of(j), "invalid config.json: hostname: 65 bytes, longer than the limit of 64");
}

// An option that would be parsed and then dropped is refused (docs/compat.md, mount options).
TEST(SpecHostile, RemountOptionRefused) {
  json j = base();
  j["mounts"] = {{{"destination", "/data"}, {"type", "bind"}, {"source", "/tmp"}, {"options", {"rbind", "ro"}}}};
  EXPECT_EQ(error_of(j), "");
  j["mounts"][0]["options"].push_back("remount");
  EXPECT_EQ(error_of(j),
            "invalid config.json: mounts[0].options: \"remount\" is not supported (each mount is a new mount; "
            "nothing already at the destination is remounted)");
}

json with_userns(json uid, json gid = json::array({{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}})) {
  json j = base();
  j["linux"]["namespaces"].push_back({{"type", "user"}});
  j["linux"]["uidMappings"] = std::move(uid);
  j["linux"]["gidMappings"] = std::move(gid);
  return j;
}

TEST(SpecHostile, IdMaps) {
  EXPECT_EQ(error_of(with_userns({{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}})), "");
  EXPECT_EQ(error_of(with_userns({{{"containerID", 0}, {"hostID", 100000}, {"size", 0}}})),
            "invalid config.json: linux.uidMappings[0].size: must be at least 1");
  EXPECT_EQ(error_of(with_userns({{{"containerID", 0}, {"hostID", 4294967295u}, {"size", 2}}})),
            "invalid config.json: linux.uidMappings[0]: the range goes past the largest id 4294967295");
  EXPECT_EQ(error_of(with_userns({{{"containerID", 4294967295u}, {"hostID", 0}, {"size", 1}}})), "");
  EXPECT_EQ(error_of(with_userns({{{"containerID", 0}, {"hostID", 1000}, {"size", 10}},
                                  {{"containerID", 9}, {"hostID", 2000}, {"size", 1}}})),
            "invalid config.json: linux.uidMappings[1]: containerID range overlaps linux.uidMappings[0]");
  EXPECT_EQ(error_of(with_userns({{{"containerID", 0}, {"hostID", 1000}, {"size", 10}},
                                  {{"containerID", 10}, {"hostID", 2000}, {"size", 1}}})),
            "");
  EXPECT_EQ(error_of(with_userns({{{"containerID", 0}, {"hostID", 1000}, {"size", 10}},
                                  {{"containerID", 100}, {"hostID", 1005}, {"size", 1}}})),
            "invalid config.json: linux.uidMappings[1]: hostID range overlaps linux.uidMappings[0]");
  json many = json::array();
  for (int i = 0; i < 341; ++i) many.push_back({{"containerID", i}, {"hostID", 100000 + i}, {"size", 1}});
  EXPECT_EQ(error_of(with_userns(many)),
            "invalid config.json: linux.uidMappings: 341 entries, more than the kernel's limit of 340");
  EXPECT_EQ(error_of(with_userns(json::array(), json::array({{{"containerID", 0}, {"hostID", 1}, {"size", 1}}}))),
            "invalid config.json: linux.uidMappings: a new user namespace needs uid mappings");
  // Joining an existing user namespace needs no maps.
  json join = base();
  join["linux"]["namespaces"].push_back({{"type", "user"}, {"path", "/proc/1/ns/user"}});
  EXPECT_EQ(error_of(join), "");
}

TEST(SpecHostile, NegativeLimits) {
  json j = base();
  j["linux"]["resources"] = {{"memory", {{"limit", -1}, {"swap", -1}}}, {"cpu", {{"quota", -1}}}};
  EXPECT_EQ(error_of(j), "");
  j["linux"]["resources"]["memory"]["limit"] = -5;
  EXPECT_EQ(error_of(j),
            "invalid config.json: linux.resources.memory.limit: -5 is negative (use -1 for no limit)");
  j = base();
  j["linux"]["resources"] = {{"cpu", {{"shares", -2}}}};
  EXPECT_NE(error_of(j).find("linux.resources.cpu.shares: -2 is out of range"), std::string::npos) << error_of(j);
}

TEST(SpecHostile, TooManyGroups) {
  json j = base();
  j["process"]["user"] = {{"uid", 0}, {"gid", 0}, {"additionalGids", json::array()}};
  for (int i = 0; i < 65537; ++i) j["process"]["user"]["additionalGids"].push_back(i);
  EXPECT_EQ(error_of(j), "invalid config.json: process.user.additionalGids: 65537 groups, more than the kernel's limit of 65536");
}

TEST(SpecHostile, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto c = parse_config(R"({"ociVersion":"1.2.0","root":{"path":"r"},"x":)" + deep + "}");
  EXPECT_TRUE(c) << c.error().message();  // unknown fields are ignored, however deep
  auto d = parse_config(R"({"ociVersion":"1.2.0","root":{"path":"r"},"process":{"args":)" + deep + "}}");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message(), "parse config.json: process.args[0]: expected a string, got an array");
}

}  // namespace
}  // namespace rampart::spec

namespace rampart::spec {
namespace {

TEST(SpecHostile, ArgAndEnvStringsWithinExecveLimit) {
  json j = base();
  j["process"]["env"] = {"A=" + std::string(131068, 'x')};  // 131070 bytes: the longest execve takes
  EXPECT_EQ(error_of(j), "");
  j["process"]["env"] = {"PATH=/bin", "A=" + std::string(131070, 'x')};
  EXPECT_EQ(error_of(j), "invalid config.json: process.env[1]: 131072 bytes, longer than execve's limit of 131071");
}

}  // namespace
}  // namespace rampart::spec
