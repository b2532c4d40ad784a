// Every rule of `rampart check`, positive and negative, table-driven over a clean config that
// triggers nothing (tests/unit/data/policy/clean.json) with one edit per case.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "policy/policy.h"
#include "spec/parse.h"

namespace rampart::policy {
namespace {

using json = nlohmann::json;

json clean_json() {
  std::ifstream in(std::string(RAMPART_SOURCE_DIR) + "/tests/unit/data/policy/clean.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

json bind(const std::string& src, const std::string& dst, std::vector<std::string> opts = {"rbind"}) {
  return {{"destination", dst}, {"type", "bind"}, {"source", src}, {"options", opts}};
}

void drop_ns(json& j, const std::string& type) {
  auto& a = j["linux"]["namespaces"];
  for (auto it = a.begin(); it != a.end(); ++it)
    if ((*it)["type"] == type) {
      a.erase(it);
      return;
    }
}

void drop_string(json& arr, const std::string& s) {
  for (auto it = arr.begin(); it != arr.end(); ++it)
    if (*it == s) {
      arr.erase(it);
      return;
    }
}

void set_caps(json& j, std::vector<std::string> caps) {
  for (const char* set : {"bounding", "effective", "permitted"}) j["process"]["capabilities"][set] = caps;
}

struct Case {
  const char* name;
  const char* rule;
  bool fires;
  std::function<void(json&)> edit;
  std::function<void(spec::Config&, HostFacts&)> post = {};
  std::optional<Severity> severity = {};
};

std::vector<Finding> findings_for(const Case& c) {
  json j = clean_json();
  if (c.edit) c.edit(j);
  auto cfg = spec::parse_config(j.dump());
  EXPECT_TRUE(cfg.has_value()) << c.name << ": " << (cfg ? "" : cfg.error().message());
  if (!cfg) return {};
  HostFacts facts;
  if (c.post) c.post(*cfg, facts);
  return run_rules(*cfg, facts);
}

const std::vector<Case>& cases() {
  static const std::vector<Case> k = {
      // RP-MNT-001 engine sockets
      {"docker socket", "RP-MNT-001", true, [](json& j) { j["mounts"].push_back(bind("/var/run/docker.sock", "/sock")); }},
      {"containerd socket via symlink", "RP-MNT-001", true,
       [](json& j) { j["mounts"].push_back(bind("/tmp/innocent", "/sock")); },
       [](spec::Config&, HostFacts& f) { f.bind_sources[7] = {"/run/containerd/containerd.sock", FileKind::Socket}; }},
      {"ordinary data dir", "RP-MNT-001", false, [](json& j) { j["mounts"].push_back(bind("/srv/data", "/data")); }},
      // RP-MNT-002 sensitive dirs
      {"writable /etc", "RP-MNT-002", true, [](json& j) { j["mounts"].push_back(bind("/etc", "/host-etc")); }, {},
       Severity::Critical},
      {"read-only /etc", "RP-MNT-002", true,
       [](json& j) { j["mounts"].push_back(bind("/etc", "/host-etc", {"rbind", "ro"})); }, {}, Severity::High},
      {"host root", "RP-MNT-002", true, [](json& j) { j["mounts"].push_back(bind("/", "/host")); }},
      {"/var/run itself", "RP-MNT-002", true, [](json& j) { j["mounts"].push_back(bind("/var/run", "/r")); }},
      {"/tmp/x -> /etc symlink trick", "RP-MNT-002", true,
       [](json& j) { j["mounts"].push_back(bind("/tmp/x", "/x")); },
       [](spec::Config&, HostFacts& f) { f.bind_sources[7] = {"/etc", FileKind::Directory}; }},
      {"lexical trailing slash and dots", "RP-MNT-002", true,
       [](json& j) { j["mounts"].push_back(bind("/srv/../etc/./", "/x")); }},
      {"a /srv/etc dir", "RP-MNT-002", false, [](json& j) { j["mounts"].push_back(bind("/srv/etc", "/x")); }},
      {"judged on the resolved path", "RP-MNT-002", false,
       [](json& j) { j["mounts"].push_back(bind("/etc", "/x")); },
       [](spec::Config&, HostFacts& f) { f.bind_sources[7] = {"/srv/snapshot", FileKind::Directory}; }},
      // RP-MNT-003 inside sensitive trees
      {"/etc/shadow", "RP-MNT-003", true, [](json& j) { j["mounts"].push_back(bind("/etc/shadow", "/s")); }, {},
       Severity::High},
      {"/etc/hosts read-only", "RP-MNT-003", true,
       [](json& j) { j["mounts"].push_back(bind("/etc/hosts", "/etc/hosts", {"rbind", "ro"})); }, {}, Severity::Medium},
      {"/dev/null is harmless", "RP-MNT-003", false, [](json& j) { j["mounts"].push_back(bind("/dev/null", "/n")); }},
      {"/home/user/project", "RP-MNT-003", false, [](json& j) { j["mounts"].push_back(bind("/home/u/p", "/p")); }},
      // RP-MNT-004 propagation
      {"rshared host bind", "RP-MNT-004", true,
       [](json& j) { j["mounts"].push_back(bind("/srv/data", "/data", {"rbind", "rshared"})); }},
      {"shared rootfs propagation", "RP-MNT-004", true, [](json& j) { j["linux"]["rootfsPropagation"] = "shared"; }},
      {"rslave host bind", "RP-MNT-012", true,
       [](json& j) { j["mounts"].push_back(bind("/srv/data", "/data", {"rbind", "rslave"})); }},
      {"rprivate host bind (not slave)", "RP-MNT-012", false,
       [](json& j) { j["mounts"].push_back(bind("/srv/data", "/data", {"rbind", "rprivate"})); }},
      {"rprivate host bind", "RP-MNT-004", false,
       [](json& j) { j["mounts"].push_back(bind("/srv/data", "/data", {"rbind", "rprivate"})); }},
      // RP-MNT-005 runtime state
      {"/run/runc", "RP-MNT-005", true, [](json& j) { j["mounts"].push_back(bind("/run/runc", "/state")); }},
      {"/var/run/rampart/c1", "RP-MNT-005", true,
       [](json& j) { j["mounts"].push_back(bind("/var/run/rampart/c1", "/state")); }},
      {"missing /var/run/runc judged lexically", "RP-MNT-005", true,
       [](json& j) { j["mounts"].push_back(bind("/var/run/runc", "/state")); },
       [](spec::Config&, HostFacts& f) { f.bind_sources[7] = {"/var/run/runc", FileKind::Missing}; }},
      {"/run/user/1000", "RP-MNT-005", false, [](json& j) { j["mounts"].push_back(bind("/run/user/1000", "/u")); }},
      // RP-MNT-006 relative destination (the parser refuses it; configs built in code can have it)
      {"relative destination", "RP-MNT-006", true, nullptr,
       [](spec::Config& c, HostFacts&) { c.mounts.push_back({"data", "tmpfs", "tmpfs", {}}); }},
      {"absolute destinations", "RP-MNT-006", false, nullptr},
      // RP-MNT-007 '..'
      {"dotdot destination", "RP-MNT-007", true,
       [](json& j) { j["mounts"].push_back({{"destination", "/a/../etc"}, {"type", "tmpfs"}, {"source", "tmpfs"}}); }},
      {"dots inside a name", "RP-MNT-007", false,
       [](json& j) { j["mounts"].push_back({{"destination", "/a..b/c"}, {"type", "tmpfs"}, {"source", "tmpfs"}}); }},
      // RP-MNT-008 duplicates
      {"duplicate destination", "RP-MNT-008", true,
       [](json& j) {
         j["mounts"].push_back(bind("/srv/a", "/data"));
         j["mounts"].push_back(bind("/srv/b", "/data/"));
       }},
      {"distinct destinations", "RP-MNT-008", false,
       [](json& j) {
         j["mounts"].push_back(bind("/srv/a", "/data"));
         j["mounts"].push_back(bind("/srv/b", "/data2"));
       }},
      // RP-PRC-001/002 default masks
      {"kcore not masked", "RP-PRC-001", true, [](json& j) { drop_string(j["linux"]["maskedPaths"], "/proc/kcore"); }},
      {"no proc, no masks", "RP-PRC-001", false,
       [](json& j) {
         j["mounts"].erase(0);
         j["linux"].erase("maskedPaths");
       }},
      {"/proc/sys writable", "RP-PRC-002", true, [](json& j) { drop_string(j["linux"]["readonlyPaths"], "/proc/sys"); }},
      {"/proc/sys masked instead", "RP-PRC-002", false,
       [](json& j) {
         drop_string(j["linux"]["readonlyPaths"], "/proc/sys");
         j["linux"]["maskedPaths"].push_back("/proc/sys");
       }},
      // RP-PRC-003 mounts over /proc/* and /sys/*
      {"bind over core_pattern", "RP-PRC-003", true,
       [](json& j) { j["mounts"].push_back(bind("/srv/x", "/proc/sys/kernel/core_pattern")); }},
      {"tmpfs over /sys/kernel", "RP-PRC-003", true,
       [](json& j) { j["mounts"].push_back({{"destination", "/sys/kernel"}, {"type", "tmpfs"}, {"source", "tmpfs"}}); }},
      {"cgroupfs at /sys/fs/cgroup", "RP-PRC-003", false, nullptr},
      // RP-SYS-001/002
      {"sysfs rw", "RP-SYS-001", true, [](json& j) { j["mounts"][5]["options"] = {"nosuid", "rw"}; }},
      {"sysfs ro", "RP-SYS-001", false, nullptr},
      {"cgroupfs rw", "RP-SYS-002", true, [](json& j) { j["mounts"][6]["options"] = {"nosuid"}; }},
      {"cgroupfs ro", "RP-SYS-002", false, nullptr},
      // RP-DEV-004 console / pts
      {"bind over /dev/console", "RP-DEV-004", true,
       [](json& j) { j["mounts"].push_back(bind("/srv/x", "/dev/console")); }},
      {"tmpfs over /dev/pts", "RP-DEV-004", true, [](json& j) { j["mounts"][2]["type"] = "tmpfs"; }},
      {"devpts at /dev/pts", "RP-DEV-004", false, nullptr},
      {"bind over /dev/pts/ptmx", "RP-DEV-004", true,
       [](json& j) { j["mounts"].push_back(bind("/srv/x", "/dev/pts/ptmx")); }},
      {"bind over /dev/pts/0", "RP-DEV-004", true, [](json& j) { j["mounts"].push_back(bind("/srv/x", "/dev/pts/0")); }},
      {"bind at /dev/ptsx", "RP-DEV-004", false, [](json& j) { j["mounts"].push_back(bind("/srv/x", "/dev/ptsx")); }},
      // Namespaces
      {"host pid", "RP-NS-001", true, [](json& j) { drop_ns(j, "pid"); }},
      {"own pid", "RP-NS-001", false, nullptr},
      {"host network", "RP-NS-002", true, [](json& j) { drop_ns(j, "network"); }},
      {"own network", "RP-NS-002", false, nullptr},
      {"host ipc", "RP-NS-003", true, [](json& j) { drop_ns(j, "ipc"); }},
      {"own ipc", "RP-NS-003", false, nullptr},
      {"host uts", "RP-NS-004", true,
       [](json& j) {
         drop_ns(j, "uts");
         j.erase("hostname");
       }},
      {"own uts", "RP-NS-004", false, nullptr},
      {"host mount ns", "RP-NS-005", true, [](json& j) { drop_ns(j, "mount"); }},
      {"own mount ns", "RP-NS-005", false, nullptr},
      {"joins a netns by path", "RP-NS-006", true,
       [](json& j) {
         drop_ns(j, "network");
         j["linux"]["namespaces"].push_back({{"type", "network"}, {"path", "/proc/1/ns/net"}});
       }},
      {"no joined namespaces", "RP-NS-006", false, nullptr},
      {"root without userns", "RP-NS-007", true,
       [](json& j) {
         j["process"]["user"]["uid"] = 0;
         drop_ns(j, "user");
         j["linux"].erase("uidMappings");
         j["linux"].erase("gidMappings");
       }},
      {"root with userns", "RP-NS-007", false, [](json& j) { j["process"]["user"]["uid"] = 0; }},
      {"non-root without userns", "RP-NS-007", false,
       [](json& j) {
         drop_ns(j, "user");
         j["linux"].erase("uidMappings");
         j["linux"].erase("gidMappings");
       }},
      {"host cgroup ns", "RP-NS-008", true, [](json& j) { drop_ns(j, "cgroup"); }},
      {"own cgroup ns", "RP-NS-008", false, nullptr},
      // Capabilities
      {"CAP_SYS_ADMIN", "RP-CAP-001", true, [](json& j) { set_caps(j, {"CAP_SYS_ADMIN"}); }, {}, Severity::Critical},
      {"CAP_NET_RAW", "RP-CAP-001", true, [](json& j) { set_caps(j, {"CAP_NET_RAW"}); }, {}, Severity::High},
      {"ambient CAP_BPF", "RP-CAP-001", true,
       [](json& j) { j["process"]["capabilities"]["ambient"] = {"CAP_BPF"}; }, {}, Severity::Critical},
      {"CAP_CHOWN is baseline", "RP-CAP-001", false, [](json& j) { set_caps(j, {"CAP_CHOWN"}); }},
      {"CAP_CHOWN beyond runc", "RP-CAP-002", true, [](json& j) { set_caps(j, {"CAP_CHOWN", "CAP_KILL"}); }},
      {"runc default caps", "RP-CAP-002", false,
       [](json& j) { set_caps(j, {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"}); }},
      {"CAP_KILL kept", "RP-CAP-003", true, [](json& j) { set_caps(j, {"CAP_KILL"}); }},
      {"only NET_BIND_SERVICE", "RP-CAP-003", false, nullptr},
      {"no capabilities", "RP-CAP-003", false, [](json& j) { j["process"].erase("capabilities"); }},
      // Privileges
      {"noNewPrivileges unset", "RP-PRV-001", true, [](json& j) { j["process"]["noNewPrivileges"] = false; }},
      {"noNewPrivileges set", "RP-PRV-001", false, nullptr},
      {"noNewPrivileges unset (restricted)", "RP-PRV-011", true, [](json& j) { j["process"]["noNewPrivileges"] = false; }},
      {"noNewPrivileges set (restricted)", "RP-PRV-011", false, nullptr},
      {"no seccomp", "RP-PRV-002", true, [](json& j) { j["linux"].erase("seccomp"); }},
      {"seccomp present", "RP-PRV-002", false, nullptr},
      {"no seccomp (restricted)", "RP-PRV-008", true, [](json& j) { j["linux"].erase("seccomp"); }},
      {"seccomp present (restricted)", "RP-PRV-008", false, nullptr},
      {"seccomp default allow", "RP-PRV-003", true,
       [](json& j) { j["linux"]["seccomp"]["defaultAction"] = "SCMP_ACT_ALLOW"; }},
      {"seccomp default log", "RP-PRV-003", true,
       [](json& j) { j["linux"]["seccomp"]["defaultAction"] = "SCMP_ACT_LOG"; }},
      {"seccomp default errno", "RP-PRV-003", false, nullptr},
      {"writable root", "RP-PRV-004", true, [](json& j) { j["root"]["readonly"] = false; }},
      {"read-only root", "RP-PRV-004", false, nullptr},
      {"runs as root", "RP-PRV-005", true, [](json& j) { j["process"]["user"]["uid"] = 0; }},
      {"runs as 1000", "RP-PRV-005", false, nullptr},
      {"apparmor unconfined", "RP-PRV-006", true, [](json& j) { j["process"]["apparmorProfile"] = "unconfined"; }},
      {"apparmor default", "RP-PRV-006", false, [](json& j) { j["process"]["apparmorProfile"] = "docker-default"; }},
      {"selinux spc_t", "RP-PRV-007", true,
       [](json& j) { j["process"]["selinuxLabel"] = "system_u:system_r:spc_t:s0"; }},
      {"selinux container_t", "RP-PRV-007", false,
       [](json& j) { j["process"]["selinuxLabel"] = "system_u:system_r:container_t:s0:c1,c2"; }},
      // Devices
      {"block device", "RP-DEV-001", true,
       [](json& j) { j["linux"]["devices"] = {{{"path", "/dev/sda"}, {"type", "b"}, {"major", 8}, {"minor", 0}}}; }},
      {"bind of a block device", "RP-DEV-001", true,
       [](json& j) { j["mounts"].push_back(bind("/srv/disk", "/disk")); },
       [](spec::Config&, HostFacts& f) { f.bind_sources[7] = {"/srv/disk", FileKind::BlockDevice}; }},
      {"fuse char device", "RP-DEV-001", false,
       [](json& j) { j["linux"]["devices"] = {{{"path", "/dev/fuse"}, {"type", "c"}, {"major", 10}, {"minor", 229}}}; }},
      {"/dev/mem", "RP-DEV-002", true,
       [](json& j) { j["linux"]["devices"] = {{{"path", "/dev/mem"}, {"type", "c"}, {"major", 1}, {"minor", 1}}}; }},
      {"/dev/port renamed", "RP-DEV-002", true,
       [](json& j) { j["linux"]["devices"] = {{{"path", "/dev/innocent"}, {"type", "c"}, {"major", 1}, {"minor", 4}}}; }},
      {"bind of /dev/kmem", "RP-DEV-002", true, [](json& j) { j["mounts"].push_back(bind("/dev/kmem", "/k")); }},
      {"/dev/null", "RP-DEV-002", false,
       [](json& j) { j["linux"]["devices"] = {{{"path", "/dev/null"}, {"type", "c"}, {"major", 1}, {"minor", 3}}}; }},
      {"allow all devices", "RP-DEV-003", true,
       [](json& j) { j["linux"]["resources"]["devices"] = {{{"allow", true}, {"access", "rwm"}}}; }},
      {"deny all devices", "RP-DEV-003", false, nullptr},
      {"allow one device", "RP-DEV-003", false,
       [](json& j) {
         j["linux"]["resources"]["devices"].push_back(
             {{"allow", true}, {"type", "c"}, {"major", 1}, {"minor", 3}, {"access", "rwm"}});
       }},
      // sysctl
      {"kernel.core_pattern", "RP-SCT-001", true,
       [](json& j) { j["linux"]["sysctl"] = {{"kernel.core_pattern", "|/bin/sh"}}; }},
      {"net key without netns", "RP-SCT-001", true,
       [](json& j) {
         drop_ns(j, "network");
         j["linux"]["sysctl"] = {{"net.ipv4.ip_forward", "1"}};
       }},
      {"net key with netns", "RP-SCT-001", false, [](json& j) { j["linux"]["sysctl"] = {{"net.ipv4.ip_forward", "1"}}; }},
      {"ipc key with ipcns", "RP-SCT-001", false, [](json& j) { j["linux"]["sysctl"] = {{"kernel.shmmax", "1000"}}; }},
      // hooks
      {"prestart hook", "RP-HOOK-001", true,
       [](json& j) { j["hooks"]["prestart"] = {{{"path", "/usr/bin/netns-setup"}}}; }},
      {"no hooks", "RP-HOOK-001", false, nullptr},
      // CVE shapes
      {"cwd in /proc/self/fd", "RP-CVE-001", true, [](json& j) { j["process"]["cwd"] = "/proc/self/fd/7"; }},
      {"cwd in /proc/1/fd", "RP-CVE-001", true, [](json& j) { j["process"]["cwd"] = "/proc/1/fd/../fd/8"; }},
      {"cwd /srv", "RP-CVE-001", false, [](json& j) { j["process"]["cwd"] = "/srv"; }},
      {"exec /proc/self/exe", "RP-CVE-002", true, [](json& j) { j["process"]["args"] = {"/proc/self/exe", "init"}; }},
      {"exec sh", "RP-CVE-002", false, nullptr},
      // resources
      {"no pids limit", "RP-RES-001", true, [](json& j) { j["linux"]["resources"].erase("pids"); }},
      {"pids limit", "RP-RES-001", false, nullptr},
      {"no memory limit", "RP-RES-002", true, [](json& j) { j["linux"]["resources"].erase("memory"); }},
      {"memory limit", "RP-RES-002", false, nullptr},
  };
  return k;
}

class PolicyRule : public ::testing::TestWithParam<size_t> {};

TEST_P(PolicyRule, FiresExactlyWhenItShould) {
  const Case& c = cases()[GetParam()];
  auto fs = findings_for(c);
  const Finding* hit = nullptr;
  for (const auto& f : fs)
    if (f.rule == c.rule) hit = &f;
  if (c.fires) {
    ASSERT_NE(hit, nullptr) << c.name << ": expected " << c.rule;
    EXPECT_FALSE(hit->message.empty());
    EXPECT_FALSE(hit->field.empty());
    EXPECT_EQ(hit->message.find('\n'), std::string::npos);
    if (c.severity) {
      EXPECT_EQ(hit->severity, *c.severity) << c.name << ": " << hit->message;
    }
  } else {
    EXPECT_EQ(hit, nullptr) << c.name << ": unexpected " << c.rule << ": " << (hit ? hit->message : "");
  }
}

std::string case_name(const ::testing::TestParamInfo<size_t>& info) {
  std::string n = std::string(cases()[info.param].rule) + "_" + (cases()[info.param].fires ? "fires_" : "quiet_") +
                  std::to_string(info.param);
  for (auto& ch : n)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Table, PolicyRule, ::testing::Range<size_t>(0, cases().size()), case_name);

TEST(PolicyRules, CleanConfigHasNoFindings) {
  auto cfg = spec::parse_config(clean_json().dump());
  ASSERT_TRUE(cfg) << cfg.error().message();
  auto fs = run_rules(*cfg, {});
  for (const auto& f : fs) ADD_FAILURE() << f.rule << ": " << f.message;
}

// The rules only a manifest can trigger are proven by the manifest corpus (policy_manifest_test.cc).
TEST(PolicyRules, EveryRuleHasAPositiveAndANegativeCase) {
  std::set<std::string> pos, neg;
  for (const auto& c : cases()) (c.fires ? pos : neg).insert(c.rule);
  for (const auto& r : all_rules()) {
    // Running-only rules (RP-RUN-*) are never in a config: their cases are verify's (verify_judge_test.cc).
    if (r.applies == Applies::Manifest || r.applies == Applies::Running) continue;
    EXPECT_TRUE(pos.count(std::string(r.id))) << r.id << " has no positive case";
    EXPECT_TRUE(neg.count(std::string(r.id))) << r.id << " has no negative case";
  }
}

TEST(PolicyRules, RuleTableIsWellFormed) {
  std::set<std::string_view> ids;
  for (const auto& r : all_rules()) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate " << r.id;
    EXPECT_TRUE(r.id.starts_with("RP-")) << r.id;
    EXPECT_FALSE(r.title.empty()) << r.id;
    EXPECT_FALSE(r.fix.empty()) << r.id;
    EXPECT_FALSE(reference_line(r).empty()) << r.id;
    EXPECT_FALSE(r.rationale.empty()) << r.id;
    EXPECT_FALSE(r.attack.empty()) << r.id;
    EXPECT_FALSE(r.refs.nist_csf.empty()) << r.id << ": every rule maps to a NIST CSF 2.0 subcategory";
    for (auto o : r.overrides) EXPECT_NE(find_rule(o), nullptr) << r.id << " overrides unknown " << o;
    for (auto c : r.refs.cves) EXPECT_TRUE(c.starts_with("CVE-")) << r.id;
    EXPECT_EQ(find_rule(r.id), &r);
  }
  EXPECT_EQ(find_rule("RP-NOPE-001"), nullptr);
}

TEST(PolicyRules, MessageNamesTheMount) {
  Case c{"docker socket", "RP-MNT-001", true,
         [](json& j) { j["mounts"].push_back(bind("/var/run/docker.sock", "/sock")); }};
  auto fs = findings_for(c);
  ASSERT_FALSE(fs.empty());
  EXPECT_EQ(fs[0].message, "mounts[7] (/var/run/docker.sock -> /sock): bind of the Docker engine socket");
  EXPECT_EQ(fs[0].field, "mounts[7]");
}

TEST(PolicyRules, ResolvedPathIsNamedInTheMessage) {
  Case c{"symlink", "RP-MNT-002", true, [](json& j) { j["mounts"].push_back(bind("/tmp/x", "/x")); },
         [](spec::Config&, HostFacts& f) { f.bind_sources[7] = {"/etc", FileKind::Directory}; }};
  auto fs = findings_for(c);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].message, "mounts[7] (/tmp/x -> /x) [resolves to /etc]: writable bind of the host's /etc");
  EXPECT_EQ(fs[0].paths, (std::vector<std::string>{"/tmp/x", "/etc"}));
}

TEST(PolicyRules, MissingMasksAreListed) {
  Case c{"masks", "RP-PRC-001", true, [](json& j) {
           drop_string(j["linux"]["maskedPaths"], "/proc/kcore");
           drop_string(j["linux"]["maskedPaths"], "/sys/firmware");
         }};
  auto fs = findings_for(c);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].message, "linux.maskedPaths: proc is mounted but not masked: /proc/kcore, /sys/firmware");
}

TEST(PolicyRules, CapabilitiesAreListed) {
  Case c{"caps", "RP-CAP-001", true, [](json& j) { set_caps(j, {"CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_CHOWN"}); }};
  auto fs = findings_for(c);
  bool seen = false;
  for (const auto& f : fs)
    if (f.rule == "RP-CAP-001") {
      seen = true;
      EXPECT_EQ(f.message, "process.capabilities: grants CAP_NET_ADMIN, CAP_SYS_ADMIN");
    }
  EXPECT_TRUE(seen);
}

TEST(PolicyGlob, Matches) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("web-*", "web-1"));
  EXPECT_FALSE(glob_match("web-*", "db-1"));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("a?c", "ac"));
  EXPECT_TRUE(glob_match("*.sock", "/var/run/docker.sock"));
  EXPECT_TRUE(glob_match("a*b*c", "axxbyyc"));
  EXPECT_FALSE(glob_match("a*b*c", "axxbyy"));
  EXPECT_TRUE(glob_match("exact", "exact"));
  EXPECT_FALSE(glob_match("exact", "exact2"));
}

}  // namespace
}  // namespace rampart::policy
