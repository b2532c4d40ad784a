// Mounts: which mount of the container is there for what, and what differs from the config.
#include <algorithm>
#include <map>

#include "verify/judge.h"
#include "util/path.h"
#include "verify/mountinfo.h"

namespace rampart::verify {
namespace {

bool config_readonly(const spec::Mount& m) {
  bool ro = false;
  for (const auto& o : m.options) {
    if (o == "ro" || o == "rro") ro = true;
    if (o == "rw" || o == "rrw") ro = false;
  }
  return ro;
}

bool is_null_device(const Inode& i) { return i.kind == Kind::CharDevice && i.rdev_major == 1 && i.rdev_minor == 3; }

struct Device {
  const char* path;
  uint32_t major, minor;
};
constexpr Device kDefaultDevices[] = {{"/dev/null", 1, 3},    {"/dev/zero", 1, 5},    {"/dev/full", 1, 7},
                                      {"/dev/random", 1, 8},  {"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0}};

std::string describe_config_mount(const spec::Mount& m, int i) {
  return "mounts[" + std::to_string(i) + "] (" + (m.source.empty() ? m.type : m.source) + " -> " + m.destination + ")";
}

std::string describe_mount(const ClassifiedMount& c) {
  const MountEntry& m = *c.mount;
  std::string from = c.host_path ? "the host's " + *c.host_path : (m.source.empty() ? m.fstype : m.source);
  return "mount " + m.mount_point + " (" + m.fstype + " from " + from + ", mount id " + std::to_string(m.id) + ")";
}

}  // namespace

const char* mount_role_name(MountRole r) {
  switch (r) {
    case MountRole::Root: return "root";
    case MountRole::Config: return "config";
    case MountRole::ConfigPart: return "config-part";
    case MountRole::Mask: return "mask";
    case MountRole::Readonly: return "readonly";
    case MountRole::Console: return "console";
    case MountRole::Device: return "device";
    case MountRole::Notify: return "notify-socket";
    case MountRole::Unrequested: return "unrequested";
  }
  return "?";
}

MountView classify_mounts(const Expectation& e, const ContainerFacts& c, const HostFacts& h) {
  MountView v;
  const auto& ms = c.mounts;
  std::vector<bool> taken(ms.size(), false);
  std::vector<std::string> mp(ms.size());
  std::map<uint64_t, size_t> by_id;
  v.mounts.resize(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) {
    mp[i] = clean_absolute(ms[i].mount_point);
    by_id[ms[i].id] = i;
    v.mounts[i].mount = &ms[i];
    auto hp = host_path_of(ms[i], h.mounts);
    // The container's own rootfs is image content, not a host path it was given.
    if (hp && !(e.rootfs.empty() ? false : path_within(*hp, clean_absolute(e.rootfs)))) v.mounts[i].host_path = hp;
  }
  auto take = [&](size_t i, MountRole role, int ci = -1) {
    taken[i] = true;
    v.mounts[i].role = role;
    v.mounts[i].config_index = ci;
  };
  // How many mounts at the same point lie under mount i (0: the bottom of its stack).
  auto depth = [&](size_t i) {
    int d = 0;
    for (auto it = by_id.find(ms[i].parent); it != by_id.end() && mp[it->second] == mp[i];
         it = by_id.find(ms[it->second].parent))
      if (++d > 64) break;
    return d;
  };
  auto is_top = [&](size_t i) {
    for (size_t j = 0; j < ms.size(); ++j)
      if (j != i && mp[j] == mp[i] && ms[j].parent == ms[i].id) return false;
    return true;
  };
  auto fact = [&](const std::string& p) -> const PathFact* {
    auto it = c.paths.find(p);
    return it == c.paths.end() ? nullptr : &it->second;
  };

  for (size_t i = 0; i < ms.size(); ++i)
    if (mp[i] == "/") {
      take(i, MountRole::Root);
      if (is_top(i)) v.root = &ms[i];
    }

  for (size_t ci = 0; ci < e.config.mounts.size(); ++ci) {
    std::string d = clean_absolute(e.config.mounts[ci].destination);
    std::optional<size_t> pick;
    for (size_t i = 0; i < ms.size(); ++i)
      if (!taken[i] && mp[i] == d && (!pick || depth(i) < depth(*pick))) pick = i;
    if (!pick) {  // the destination went through a symlink inside the root: find it by identity
      const PathFact* f = fact(d);
      if (f && f->exists && f->inode.mount_root)
        if (auto it = by_id.find(f->inode.mnt_id); it != by_id.end() && !taken[it->second]) pick = it->second;
    }
    if (pick)
      take(*pick, MountRole::Config, static_cast<int>(ci));
    else
      v.missing.push_back(static_cast<int>(ci));
  }

  if (e.config.linux) {
    for (const auto& raw : e.config.linux->masked_paths) {
      std::string p = clean_absolute(raw);
      const PathFact* f = fact(p);
      for (size_t i = 0; i < ms.size(); ++i) {
        if (taken[i] || mp[i] != p) continue;
        bool tmpfs_ro = ms[i].fstype == "tmpfs" && ms[i].readonly();
        bool null_bind = is_top(i) ? (f && is_null_device(f->inode))
                                   : (ms[i].root == "/null" && (ms[i].fstype == "tmpfs" || ms[i].fstype == "devtmpfs"));
        if (tmpfs_ro || null_bind) take(i, MountRole::Mask);
      }
    }
    for (const auto& raw : e.config.linux->readonly_paths) {
      std::string p = clean_absolute(raw);
      for (size_t i = 0; i < ms.size(); ++i) {
        if (taken[i] || mp[i] != p) continue;
        // A read-only path is the path bound onto itself: the same filesystem as the mount under it.
        auto parent = by_id.find(ms[i].parent);
        if (parent != by_id.end() && ms[parent->second].same_superblock(ms[i])) take(i, MountRole::Readonly);
      }
    }
  }

  for (size_t i = 0; i < ms.size(); ++i)
    if (!taken[i] && mp[i] == "/dev/console" && ms[i].fstype == "devpts" && !v.mounts[i].host_path)
      take(i, MountRole::Console);

  // rampart's NOTIFY_SOCKET directory (container/notify_socket.h): made by the runtime, not in
  // the config it keeps; recognised only as that very host directory at that one place.
  if (!e.notify_dir.empty())
    for (size_t i = 0; i < ms.size(); ++i)
      if (!taken[i] && mp[i] == "/run/notify" && v.mounts[i].host_path &&
          *v.mounts[i].host_path == clean_absolute(e.notify_dir))
        take(i, MountRole::Notify);

  struct Wanted {
    std::string path;
    uint32_t major, minor;
  };
  std::vector<Wanted> devices;
  for (const auto& d : kDefaultDevices) devices.push_back({d.path, d.major, d.minor});
  if (e.config.linux)
    for (const auto& d : e.config.linux->devices)
      devices.push_back({clean_absolute(d.path), static_cast<uint32_t>(d.major), static_cast<uint32_t>(d.minor)});
  for (const auto& d : devices)
    for (size_t i = 0; i < ms.size(); ++i) {
      if (taken[i] || mp[i] != d.path || !is_top(i)) continue;
      const PathFact* f = fact(d.path);
      if (f && (f->inode.kind == Kind::CharDevice || f->inode.kind == Kind::BlockDevice) &&
          f->inode.rdev_major == d.major && f->inode.rdev_minor == d.minor)
        take(i, MountRole::Device);
    }

  // What a config mount brings along: the hierarchies under a cgroup mount, and the host
  // submounts an rbind copies (each must be the host mount at the same place below the source).
  std::vector<size_t> order(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return mp[a].size() < mp[b].size(); });
  for (size_t j = 0; j < ms.size(); ++j) {
    if (v.mounts[j].role != MountRole::Config) continue;
    int ci = v.mounts[j].config_index;
    const spec::Mount& cm = e.config.mounts[static_cast<size_t>(ci)];
    const std::string& d = mp[j];
    bool cgroupfs = cm.type == "cgroup" || cm.type == "cgroup2";
    for (size_t i : order) {
      if (taken[i] || mp[i] == d || !path_within(mp[i], d)) continue;
      if (cgroupfs && (ms[i].fstype == "cgroup" || ms[i].fstype == "cgroup2")) {
        take(i, MountRole::ConfigPart, ci);
        continue;
      }
      if (!v.mounts[j].host_path || !v.mounts[i].host_path) continue;
      std::string expected = clean_absolute(*v.mounts[j].host_path + "/" + mp[i].substr(d == "/" ? 0 : d.size()));
      if (*v.mounts[i].host_path != expected) continue;
      for (const auto& hm : h.mounts)
        if (clean_absolute(hm.mount_point) == expected && hm.same_superblock(ms[i]) && hm.root == ms[i].root) {
          take(i, MountRole::ConfigPart, ci);
          break;
        }
    }
  }
  return v;
}

std::vector<policy::Finding> mount_drift(const Expectation& e, const ContainerFacts& c, const HostFacts& h,
                                         const MountView& v) {
  std::vector<policy::Finding> out;
  std::map<uint64_t, const MountEntry*> by_id;
  for (const auto& m : c.mounts) by_id[m.id] = &m;

  for (const auto& cm : v.mounts) {
    const MountEntry& m = *cm.mount;
    std::vector<std::string> paths = {m.mount_point};
    if (cm.host_path) paths.push_back(*cm.host_path);
    if (cm.role == MountRole::Unrequested) {
      out.push_back(finding("RP-RUN-001", "mount:" + m.mount_point, describe_mount(cm) + ": not in the config", paths));
    } else if (cm.role == MountRole::Config || cm.role == MountRole::ConfigPart) {
      const spec::Mount& want = e.config.mounts[static_cast<size_t>(cm.config_index)];
      bool cgroup_tmpfs = (want.type == "cgroup" || want.type == "cgroup2") && m.fstype == "tmpfs";
      if (config_readonly(want) && !m.readonly() && !cgroup_tmpfs)
        out.push_back(finding("RP-RUN-004", "mounts[" + std::to_string(cm.config_index) + "]",
                              describe_config_mount(want, cm.config_index) + ": read-only in the config, but " +
                                  m.mount_point + " is mounted read-write (mount id " + std::to_string(m.id) + ")",
                              paths));
    }
    // Propagation back to the host: a peer group the host's own mounts are in.
    if (auto g = m.shared_group())
      for (const auto& hm : h.mounts)
        if (hm.shared_group() == g) {
          out.push_back(finding("RP-MNT-004", "mount:" + m.mount_point,
                                describe_mount(cm) + ": shares peer group " + std::to_string(*g) +
                                    " with the host's mount at " + hm.mount_point +
                                    ": mounts propagate between the container and the host",
                                paths));
          break;
        }
  }
  if (e.config.root.readonly && v.root && !v.root->readonly())
    out.push_back(finding("RP-RUN-004", "root.readonly",
                          "root.readonly: true in the config, but the root filesystem is mounted read-write", {"/"}));
  for (int ci : v.missing) {
    const spec::Mount& want = e.config.mounts[static_cast<size_t>(ci)];
    out.push_back(finding("RP-RUN-002", "mounts[" + std::to_string(ci) + "]",
                          describe_config_mount(want, ci) + ": nothing is mounted at " + want.destination,
                          {want.destination}));
  }
  if (!e.config.linux) return out;
  auto fact = [&](const std::string& p) -> const PathFact* {
    auto it = c.paths.find(p);
    return it == c.paths.end() ? nullptr : &it->second;
  };
  for (const auto& raw : e.config.linux->masked_paths) {
    std::string p = clean_absolute(raw);
    const PathFact* f = fact(p);
    if (!f || !f->exists || f->skipped) continue;  // nothing there: nothing to hide
    if (is_null_device(f->inode)) continue;
    auto m = by_id.find(f->inode.mnt_id);
    if (f->inode.kind == Kind::Directory && m != by_id.end() && m->second->fstype == "tmpfs" &&
        m->second->readonly() && f->inode.mount_root)
      continue;
    std::string on = m != by_id.end() ? " on " + m->second->fstype + " (mount id " + std::to_string(m->first) + ")" : "";
    out.push_back(finding("RP-RUN-003", "linux.maskedPaths",
                          "linux.maskedPaths: " + p + " is not masked: it is a " + kind_name(f->inode.kind) + on, {p}));
  }
  for (const auto& raw : e.config.linux->readonly_paths) {
    std::string p = clean_absolute(raw);
    const PathFact* f = fact(p);
    if (!f || !f->exists || f->skipped) continue;
    auto m = by_id.find(f->inode.mnt_id);
    if (m != by_id.end() && m->second->readonly()) continue;
    std::string on = m != by_id.end() ? " (" + m->second->fstype + " mount id " + std::to_string(m->first) + " at " +
                                            m->second->mount_point + ")"
                                      : "";
    out.push_back(finding("RP-RUN-004", "linux.readonlyPaths", "linux.readonlyPaths: " + p + " is writable" + on, {p}));
  }
  return out;
}

}  // namespace rampart::verify
