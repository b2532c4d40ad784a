// spec/mount_options: runc's parseMountOptions semantics on rampart's flag bits.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "spec/mount_options.h"

namespace rampart::spec {
namespace {

struct OptionCase {
  const char* name;
  std::vector<std::string> options;
  unsigned set;
  unsigned clear;
  std::vector<std::string> data;
};

class MountOptionsTable : public ::testing::TestWithParam<OptionCase> {};

TEST_P(MountOptionsTable, Flags) {
  const OptionCase& tc = GetParam();
  MountOptions m = parse_mount_options(tc.options);
  EXPECT_EQ(m.set, tc.set);
  EXPECT_EQ(m.clear, tc.clear);
  EXPECT_EQ(m.data, tc.data);
  EXPECT_EQ(m.propagation, Propagation::None);
  EXPECT_EQ(m.recursive_set, 0u);
  EXPECT_EQ(m.recursive_clear, 0u);
}

const OptionCase kFlagCases[] = {
    {"Empty", {}, 0, 0, {}},
    {"Ro", {"ro"}, kRdonly, 0, {}},
    {"Rw", {"rw"}, 0, kRdonly, {}},
    {"RoThenRw", {"ro", "rw"}, 0, kRdonly, {}},
    {"RwThenRo", {"rw", "ro"}, kRdonly, 0, {}},
    {"Nosuid", {"nosuid"}, kNosuid, 0, {}},
    {"Suid", {"suid"}, 0, kNosuid, {}},
    {"Nodev", {"nodev"}, kNodev, 0, {}},
    {"Dev", {"dev"}, 0, kNodev, {}},
    {"Noexec", {"noexec"}, kNoexec, 0, {}},
    {"Exec", {"exec"}, 0, kNoexec, {}},
    {"Sync", {"sync"}, kSync, 0, {}},
    {"Async", {"async"}, 0, kSync, {}},
    {"Dirsync", {"dirsync"}, kDirsync, 0, {}},
    {"Mand", {"mand"}, kMand, 0, {}},
    {"Nomand", {"nomand"}, 0, kMand, {}},
    {"Noatime", {"noatime"}, kNoatime, 0, {}},
    {"Atime", {"atime"}, 0, kNoatime, {}},
    {"Nodiratime", {"nodiratime"}, kNodiratime, 0, {}},
    {"Diratime", {"diratime"}, 0, kNodiratime, {}},
    {"Relatime", {"relatime"}, kRelatime, 0, {}},
    {"Norelatime", {"norelatime"}, 0, kRelatime, {}},
    {"Strictatime", {"strictatime"}, kStrictatime, 0, {}},
    {"Nostrictatime", {"nostrictatime"}, 0, kStrictatime, {}},
    {"Lazytime", {"lazytime"}, kLazytime, 0, {}},
    {"Nolazytime", {"nolazytime"}, 0, kLazytime, {}},
    {"Nosymfollow", {"nosymfollow"}, kNosymfollow, 0, {}},
    {"Symfollow", {"symfollow"}, 0, kNosymfollow, {}},
    {"Silent", {"silent"}, kSilent, 0, {}},
    {"Loud", {"loud"}, 0, kSilent, {}},
    {"Iversion", {"iversion"}, kIversion, 0, {}},
    {"Acl", {"acl"}, kPosixacl, 0, {}},
    {"Noacl", {"noacl"}, 0, kPosixacl, {}},
    {"Bind", {"bind"}, kBind, 0, {}},
    {"Rbind", {"rbind"}, kBind | kRec, 0, {}},
    {"Remount", {"remount"}, kRemount, 0, {}},
    {"Defaults", {"defaults"}, 0, 0, {}},
    {"RuncDevTmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}, kNosuid | kStrictatime, 0,
     {"mode=755", "size=65536k"}},
    {"RuncDevpts", {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}, kNosuid | kNoexec, 0,
     {"newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}},
    {"RuncSysfs", {"nosuid", "noexec", "nodev", "ro"}, kNosuid | kNoexec | kNodev | kRdonly, 0, {}},
    {"RuncCgroup", {"nosuid", "noexec", "nodev", "relatime", "ro"},
     kNosuid | kNoexec | kNodev | kRelatime | kRdonly, 0, {}},
    {"MixedSetClear", {"nosuid", "dev", "ro", "exec"}, kNosuid | kRdonly, kNodev | kNoexec, {}},
    {"UnknownIsData", {"uid=1000", "gid=1000", "lowerdir=/a:/b", "context=\"x\""}, 0, 0,
     {"uid=1000", "gid=1000", "lowerdir=/a:/b", "context=\"x\""}},
    {"CaseSensitive", {"RO", "NoExec"}, 0, 0, {"RO", "NoExec"}},
    {"DataOrderKept", {"size=1k", "ro", "mode=700", "nr_inodes=5"}, kRdonly, 0, {"size=1k", "mode=700", "nr_inodes=5"}},
};

INSTANTIATE_TEST_SUITE_P(Cases, MountOptionsTable, ::testing::ValuesIn(kFlagCases),
                         [](const ::testing::TestParamInfo<OptionCase>& i) { return std::string(i.param.name); });

struct PropagationCase {
  const char* option;
  Propagation propagation;
  bool recursive;
};

class MountOptionsPropagation : public ::testing::TestWithParam<PropagationCase> {};

TEST_P(MountOptionsPropagation, Parsed) {
  const PropagationCase& tc = GetParam();
  MountOptions m = parse_mount_options({"bind", tc.option});
  EXPECT_EQ(m.propagation, tc.propagation);
  EXPECT_EQ(m.propagation_recursive, tc.recursive);
  EXPECT_EQ(m.set, unsigned{kBind});
  EXPECT_TRUE(m.data.empty());
}

INSTANTIATE_TEST_SUITE_P(Cases, MountOptionsPropagation,
                         ::testing::Values(PropagationCase{"private", Propagation::Private, false},
                                           PropagationCase{"rprivate", Propagation::Private, true},
                                           PropagationCase{"shared", Propagation::Shared, false},
                                           PropagationCase{"rshared", Propagation::Shared, true},
                                           PropagationCase{"slave", Propagation::Slave, false},
                                           PropagationCase{"rslave", Propagation::Slave, true},
                                           PropagationCase{"unbindable", Propagation::Unbindable, false},
                                           PropagationCase{"runbindable", Propagation::Unbindable, true}),
                         [](const ::testing::TestParamInfo<PropagationCase>& i) { return std::string(i.param.option); });

TEST(MountOptions, LastPropagationWins) {
  MountOptions m = parse_mount_options({"rshared", "private"});
  EXPECT_EQ(m.propagation, Propagation::Private);
  EXPECT_FALSE(m.propagation_recursive);
  m = parse_mount_options({"slave", "runbindable"});
  EXPECT_EQ(m.propagation, Propagation::Unbindable);
  EXPECT_TRUE(m.propagation_recursive);
}

struct RecursiveCase {
  const char* name;
  std::vector<std::string> options;
  unsigned recursive_set;
  unsigned recursive_clear;
  bool recursive_readonly;
  bool recursive_flags;
};

class MountOptionsRecursive : public ::testing::TestWithParam<RecursiveCase> {};

TEST_P(MountOptionsRecursive, Attrs) {
  const RecursiveCase& tc = GetParam();
  MountOptions m = parse_mount_options(tc.options);
  EXPECT_EQ(m.recursive_set, tc.recursive_set);
  EXPECT_EQ(m.recursive_clear, tc.recursive_clear);
  EXPECT_EQ(m.recursive_readonly, tc.recursive_readonly);
  EXPECT_EQ(m.recursive_flags, tc.recursive_flags);
  EXPECT_EQ(m.set & ~unsigned{kBind | kRec}, 0u) << "recursive attrs must not leak into per-mount flags";
  EXPECT_TRUE(m.data.empty());
}

const RecursiveCase kRecursiveCases[] = {
    {"Rro", {"rbind", "rro"}, kRdonly, 0, true, false},
    {"Rrw", {"rrw"}, 0, kRdonly, false, true},
    {"RroThenRrw", {"rro", "rrw"}, 0, kRdonly, false, true},
    {"Rnosuid", {"rnosuid"}, kNosuid, 0, false, true},
    {"Rsuid", {"rsuid"}, 0, kNosuid, false, true},
    {"Rnodev", {"rnodev"}, kNodev, 0, false, true},
    {"Rdev", {"rdev"}, 0, kNodev, false, true},
    {"Rnoexec", {"rnoexec"}, kNoexec, 0, false, true},
    {"Rexec", {"rexec"}, 0, kNoexec, false, true},
    {"Rnoatime", {"rnoatime"}, kNoatime, 0, false, true},
    {"Ratime", {"ratime"}, 0, kNoatime, false, true},
    {"Rrelatime", {"rrelatime"}, kRelatime, 0, false, true},
    {"Rnorelatime", {"rnorelatime"}, 0, kRelatime, false, true},
    {"Rstrictatime", {"rstrictatime"}, kStrictatime, 0, false, true},
    {"Rnostrictatime", {"rnostrictatime"}, 0, kStrictatime, false, true},
    {"Rnodiratime", {"rnodiratime"}, kNodiratime, 0, false, true},
    {"Rdiratime", {"rdiratime"}, 0, kNodiratime, false, true},
    {"Rnosymfollow", {"rnosymfollow"}, kNosymfollow, 0, false, true},
    {"Rsymfollow", {"rsymfollow"}, 0, kNosymfollow, false, true},
    {"AtimeModeReplaced", {"rnoatime", "rstrictatime"}, kStrictatime, 0, false, true},
    {"Combined", {"rro", "rnosuid", "rnodev", "rnoexec"}, kRdonly | kNosuid | kNodev | kNoexec, 0, true, true},
};

INSTANTIATE_TEST_SUITE_P(Cases, MountOptionsRecursive, ::testing::ValuesIn(kRecursiveCases),
                         [](const ::testing::TestParamInfo<RecursiveCase>& i) { return std::string(i.param.name); });

TEST(MountOptions, RecursiveAndPerMountAreSeparate) {
  MountOptions m = parse_mount_options({"rbind", "ro", "rnoexec", "nosuid"});
  EXPECT_EQ(m.set, unsigned{kBind | kRec | kRdonly | kNosuid});
  EXPECT_EQ(m.recursive_set, unsigned{kNoexec});
  EXPECT_FALSE(m.recursive_readonly);
}

TEST(MountOptions, Idmap) {
  MountOptions m = parse_mount_options({"bind", "idmap"});
  EXPECT_TRUE(m.idmap);
  EXPECT_FALSE(m.idmap_recursive);
  EXPECT_TRUE(m.data.empty());
  m = parse_mount_options({"rbind", "ridmap"});
  EXPECT_TRUE(m.idmap);
  EXPECT_TRUE(m.idmap_recursive);
  EXPECT_FALSE(parse_mount_options({"bind"}).idmap);
}

TEST(MountOptions, Tmpcopyup) {
  MountOptions m = parse_mount_options({"tmpcopyup", "mode=755"});
  EXPECT_TRUE(m.tmpcopyup);
  EXPECT_EQ(m.data, (std::vector<std::string>{"mode=755"}));
}

TEST(MountOptions, BindHelpers) {
  EXPECT_TRUE(parse_mount_options({"bind"}).is_bind());
  EXPECT_FALSE(parse_mount_options({"bind"}).is_recursive_bind());
  EXPECT_TRUE(parse_mount_options({"rbind"}).is_bind());
  EXPECT_TRUE(parse_mount_options({"rbind"}).is_recursive_bind());
  EXPECT_FALSE(parse_mount_options({"ro"}).is_bind());
}

TEST(MountOptions, DataString) {
  EXPECT_EQ(parse_mount_options({}).data_string(), "");
  EXPECT_EQ(parse_mount_options({"ro", "mode=755"}).data_string(), "mode=755");
  EXPECT_EQ(parse_mount_options({"newinstance", "nosuid", "ptmxmode=0666", "mode=0620"}).data_string(),
            "newinstance,ptmxmode=0666,mode=0620");
}

TEST(MountOptions, IsBindMount) {
  EXPECT_TRUE(is_bind_mount("bind", {}));
  EXPECT_TRUE(is_bind_mount("none", {"rbind", "ro"}));
  EXPECT_TRUE(is_bind_mount("", {"nosuid", "bind"}));
  EXPECT_FALSE(is_bind_mount("tmpfs", {"nosuid", "mode=755"}));
  EXPECT_FALSE(is_bind_mount("proc", {}));
  EXPECT_FALSE(is_bind_mount("tmpfs", {"rbindx", "binding"}));
  EXPECT_FALSE(is_bind_mount("Bind", {}));
}

TEST(MountOptions, FlagBitsAreDistinct) {
  const unsigned all[] = {kRdonly, kNosuid,   kNodev,   kNoexec,   kSync,        kDirsync, kMand,
                          kNoatime, kNodiratime, kRelatime, kStrictatime, kBind, kRec, kLazytime,
                          kRemount, kNosymfollow, kSilent, kIversion, kPosixacl};
  unsigned seen = 0;
  for (unsigned f : all) {
    EXPECT_EQ(seen & f, 0u) << f;
    EXPECT_EQ(__builtin_popcount(f), 1) << f;
    seen |= f;
  }
}

}  // namespace
}  // namespace rampart::spec
