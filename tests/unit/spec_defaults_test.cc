// spec/defaults: `rampart spec` output parses, validates and matches `runc spec` where it matters.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "spec/defaults.h"
#include "spec/parse.h"
#include "spec_fixture.h"

namespace rampart::spec {
namespace {

using fixture::parse_ok;
using fixture::read_data;

void expect_same_mounts(const Config& ours, const Config& runc) {
  ASSERT_EQ(ours.mounts.size(), runc.mounts.size());
  for (size_t i = 0; i < ours.mounts.size(); ++i) {
    SCOPED_TRACE("mount " + runc.mounts[i].destination);
    EXPECT_EQ(ours.mounts[i].destination, runc.mounts[i].destination);
    EXPECT_EQ(ours.mounts[i].type, runc.mounts[i].type);
    EXPECT_EQ(ours.mounts[i].source, runc.mounts[i].source);
    EXPECT_EQ(ours.mounts[i].options, runc.mounts[i].options);
  }
}

void expect_same_shape(const Config& ours, const Config& runc) {
  expect_same_mounts(ours, runc);
  EXPECT_EQ(ours.root.path, runc.root.path);
  EXPECT_EQ(ours.root.readonly, runc.root.readonly);
  EXPECT_EQ(ours.hostname, runc.hostname);
  ASSERT_TRUE(ours.process && runc.process);
  EXPECT_EQ(ours.process->terminal, runc.process->terminal);
  EXPECT_EQ(ours.process->args, runc.process->args);
  EXPECT_EQ(ours.process->env, runc.process->env);
  EXPECT_EQ(ours.process->cwd, runc.process->cwd);
  EXPECT_EQ(ours.process->no_new_privileges, runc.process->no_new_privileges);
  ASSERT_TRUE(ours.process->capabilities && runc.process->capabilities);
  EXPECT_EQ(ours.process->capabilities->bounding, runc.process->capabilities->bounding);
  EXPECT_EQ(ours.process->capabilities->effective, runc.process->capabilities->effective);
  EXPECT_EQ(ours.process->capabilities->permitted, runc.process->capabilities->permitted);
  EXPECT_EQ(ours.process->capabilities->ambient, runc.process->capabilities->ambient);
  EXPECT_EQ(ours.process->capabilities->inheritable, runc.process->capabilities->inheritable);
  ASSERT_EQ(ours.process->rlimits.size(), runc.process->rlimits.size());
  for (size_t i = 0; i < ours.process->rlimits.size(); ++i) {
    EXPECT_EQ(ours.process->rlimits[i].type, runc.process->rlimits[i].type);
    EXPECT_EQ(ours.process->rlimits[i].hard, runc.process->rlimits[i].hard);
    EXPECT_EQ(ours.process->rlimits[i].soft, runc.process->rlimits[i].soft);
  }
  ASSERT_TRUE(ours.linux && runc.linux);
  EXPECT_EQ(ours.linux->masked_paths, runc.linux->masked_paths);
  EXPECT_EQ(ours.linux->readonly_paths, runc.linux->readonly_paths);
  ASSERT_EQ(ours.linux->namespaces.size(), runc.linux->namespaces.size());
  for (size_t i = 0; i < ours.linux->namespaces.size(); ++i) {
    EXPECT_EQ(ours.linux->namespaces[i].type, runc.linux->namespaces[i].type);
    EXPECT_EQ(ours.linux->namespaces[i].path, runc.linux->namespaces[i].path);
  }
  EXPECT_EQ(ours.linux->resources.has_value(), runc.linux->resources.has_value());
  if (ours.linux->resources && runc.linux->resources) {
    ASSERT_EQ(ours.linux->resources->devices.size(), runc.linux->resources->devices.size());
    for (size_t i = 0; i < ours.linux->resources->devices.size(); ++i) {
      EXPECT_EQ(ours.linux->resources->devices[i].allow, runc.linux->resources->devices[i].allow);
      EXPECT_EQ(ours.linux->resources->devices[i].type, runc.linux->resources->devices[i].type);
      EXPECT_EQ(ours.linux->resources->devices[i].access, runc.linux->resources->devices[i].access);
    }
  }
}

TEST(SpecDefaults, DefaultParsesAndValidates) {
  const std::string text = default_config_json(false);
  Config c = parse_ok(text);
  EXPECT_TRUE(validate(c).has_value());
  EXPECT_FALSE(c.oci_version.empty());
  EXPECT_TRUE(text.ends_with("}\n"));
  EXPECT_TRUE(text.starts_with("{\n  \"ociVersion\"")) << "2-space indent, ociVersion first like runc";
}

TEST(SpecDefaults, DefaultMatchesRuncSpec) {
  Config ours = parse_ok(default_config_json(false));
  Config runc = parse_ok(read_data("runc-spec.json"));
  expect_same_shape(ours, runc);
  EXPECT_TRUE(ours.linux->uid_mappings.empty());
  EXPECT_NE(ours.linux->find_namespace(NamespaceType::Network), nullptr);
}

TEST(SpecDefaults, RootlessMatchesRuncSpecRootless) {
  Config ours = parse_ok(default_config_json(true, 0, 0));
  Config runc = parse_ok(read_data("runc-spec-rootless.json"));
  expect_same_shape(ours, runc);
  ASSERT_EQ(ours.linux->uid_mappings.size(), runc.linux->uid_mappings.size());
  EXPECT_EQ(ours.linux->uid_mappings[0].host_id, runc.linux->uid_mappings[0].host_id);  // runc ran as uid 0
}

TEST(SpecDefaults, RootlessMapsTheCaller) {
  Config c = parse_ok(default_config_json(true, 1000, 1001));
  ASSERT_TRUE(c.linux.has_value());
  ASSERT_EQ(c.linux->uid_mappings.size(), 1u);
  EXPECT_EQ(c.linux->uid_mappings[0].container_id, 0u);
  EXPECT_EQ(c.linux->uid_mappings[0].host_id, 1000u);
  EXPECT_EQ(c.linux->uid_mappings[0].size, 1u);
  ASSERT_EQ(c.linux->gid_mappings.size(), 1u);
  EXPECT_EQ(c.linux->gid_mappings[0].host_id, 1001u);
  EXPECT_NE(c.linux->find_namespace(NamespaceType::User), nullptr);
  EXPECT_EQ(c.linux->find_namespace(NamespaceType::Network), nullptr);
  EXPECT_FALSE(c.linux->resources.has_value());
  for (const Mount& m : c.mounts) {
    for (const std::string& o : m.options) EXPECT_NE(o, "gid=5") << m.destination;
    if (m.destination == "/sys") {
      EXPECT_EQ(m.source, "/sys");
      EXPECT_EQ(m.options.front(), "rbind");
    }
  }
}

TEST(SpecDefaults, NonRootlessIgnoresIds) {
  EXPECT_EQ(default_config_json(false, 1000, 1000), default_config_json(false));
  EXPECT_NE(default_config_json(true, 1000, 1000), default_config_json(true, 0, 0));
}

}  // namespace
}  // namespace rampart::spec
