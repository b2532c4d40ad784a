// What a running container should look like, from its config and what its runtime recorded.
// Pure: it says which paths and cgroup files the impure side must look at, and how to find a
// host path or a cgroup directory in a mount table.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spec/config.h"
#include "verify/facts.h"

namespace rampart::verify {

struct Expectation {
  std::string id;           // container id
  std::string runtime;      // "rampart", "runc", "crun", "bundle", "pid": where it was found
  std::string config_path;  // the config.json judged (messages, SARIF)
  spec::Config config;
  std::string rootfs;       // absolute host path of the rootfs ("" when unknown)
  // The container's cgroup as its runtime recorded it: controller ("" for cgroup2) -> path in
  // that hierarchy. Empty: the init's own cgroup is the reference.
  std::map<std::string, std::string> cgroup;
  // crun records one relative path for every hierarchy ("/c1"): used when `cgroup` is empty.
  std::string cgroup_everywhere;
  // rampart's NOTIFY_SOCKET directory for this container (absolute host path, in its state
  // directory), bound at /run/notify when the container was created with NOTIFY_SOCKET; "" for none.
  std::string notify_dir;
};

// The cgroup every process of the container must be in (or below), per controller: what the
// runtime recorded, else the init's own.
std::map<std::string, std::string> cgroup_reference(const Expectation& e, const ProcessFacts& init);

// The path in its hierarchy of a cgroup directory of the host ("/sys/fs/cgroup/memory/a/b" ->
// "/a/b" for "memory"), from the host's mount table; nullopt when no mount of that hierarchy
// holds it.
std::optional<std::string> cgroup_path_of(const std::vector<MountEntry>& host_mounts, std::string_view controller,
                                          std::string_view dir);

// The masked and read-only paths runc's default spec lists (rampart spec writes the same).
const std::vector<std::string>& default_masked_paths();
const std::vector<std::string>& default_readonly_paths();

// Container paths the impure side must look up inside the root: "/", every mount point in
// `mounts`, every config destination, masked and read-only path (the config's and the
// defaults), /dev/console and device paths. Sorted, unique, clean.
std::vector<std::string> paths_to_probe(const Expectation& e, const std::vector<MountEntry>& mounts);

// The mount `path` lies on in `mounts` (the deepest mount point that is a prefix of it; the
// topmost of a stack); nullptr when none.
const MountEntry* mount_of(const std::vector<MountEntry>& mounts, std::string_view path);

// Where on the host the filesystem tree mounted as `m` lives: the host mount of the same
// superblock whose root is the longest prefix of m.root, plus the rest. nullopt when no host
// mount shows that superblock (a filesystem made for the container: its procfs, tmpfs, devpts).
std::optional<std::string> host_path_of(const MountEntry& m, const std::vector<MountEntry>& host_mounts);

// One cgroup file to read: compared with what the config asks for when `expected` is set, read
// for the live policy (pids and memory limits in force, devices allowed) when it is not.
struct CgroupCheck {
  enum class Compare { Exact, Bytes, Cpus, CpuMax };
  std::string controller;               // v1 controller, or "" for the cgroup2 hierarchy
  std::string file;                     // "pids.max"
  std::optional<std::string> expected;  // as the kernel would show it ("max", "104857600", "0-1")
  Compare compare = Compare::Exact;
  std::string field;                    // the config field it comes from
  [[nodiscard]] std::string key() const { return (controller.empty() ? "unified" : controller) + "/" + file; }
};

// A v1 hierarchy with `controller` is mounted in `host_mounts`.
bool cgroup_v1_has(const std::vector<MountEntry>& host_mounts, std::string_view controller);

// The checks for the config's resources on this host's layout (v1 names where the controller is
// a v1 hierarchy, cgroup2 names otherwise).
std::vector<CgroupCheck> cgroup_checks(const spec::Config& config, const std::vector<MountEntry>& host_mounts);

// The host directory of cgroup `path` in the hierarchy of `controller` ("" = cgroup2), from the
// host's mount table; nullopt when that hierarchy is not mounted.
std::optional<std::string> cgroup_dir(const std::vector<MountEntry>& host_mounts, std::string_view controller,
                                      std::string_view path);

// Whether `observed` (a cgroup file's content) satisfies `check`.
bool cgroup_value_holds(const CgroupCheck& check, std::string_view observed);

// The proc(5) name of a namespace type ("network" -> "net", "mount" -> "mnt").
const char* proc_ns_name(spec::NamespaceType t);

}  // namespace rampart::verify
