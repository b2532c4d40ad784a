// runc's mount option parsing (libcontainer/specconv parseMountOptions), on rampart's own flag bits.
#include "spec/mount_options.h"

#include <algorithm>
#include <string_view>

namespace rampart::spec {
namespace {

struct FlagOption {
  std::string_view name;
  bool clear;  // the option turns the flag off ("rw" clears kRdonly)
  unsigned flag;
};

// Per-mount flags (mount(2) MS_* in runc).
constexpr FlagOption kFlags[] = {
    {"ro", false, kRdonly},           {"rw", true, kRdonly},
    {"nosuid", false, kNosuid},       {"suid", true, kNosuid},
    {"nodev", false, kNodev},         {"dev", true, kNodev},
    {"noexec", false, kNoexec},       {"exec", true, kNoexec},
    {"sync", false, kSync},           {"async", true, kSync},
    {"dirsync", false, kDirsync},
    {"mand", false, kMand},           {"nomand", true, kMand},
    {"noatime", false, kNoatime},     {"atime", true, kNoatime},
    {"nodiratime", false, kNodiratime}, {"diratime", true, kNodiratime},
    {"relatime", false, kRelatime},   {"norelatime", true, kRelatime},
    {"strictatime", false, kStrictatime}, {"nostrictatime", true, kStrictatime},
    {"lazytime", false, kLazytime},   {"nolazytime", true, kLazytime},
    {"nosymfollow", false, kNosymfollow}, {"symfollow", true, kNosymfollow},
    {"silent", false, kSilent},       {"loud", true, kSilent},
    {"iversion", false, kIversion},   {"noiversion", true, kIversion},
    {"acl", false, kPosixacl},        {"noacl", true, kPosixacl},
    {"bind", false, kBind},           {"rbind", false, kBind | kRec},
    {"remount", false, kRemount},
};

// Attributes applied to the whole mount tree with mount_setattr(AT_RECURSIVE) (MOUNT_ATTR_* in runc).
constexpr FlagOption kRecursive[] = {
    {"rro", false, kRdonly},             {"rrw", true, kRdonly},
    {"rnosuid", false, kNosuid},         {"rsuid", true, kNosuid},
    {"rnodev", false, kNodev},           {"rdev", true, kNodev},
    {"rnoexec", false, kNoexec},         {"rexec", true, kNoexec},
    {"rnodiratime", false, kNodiratime}, {"rdiratime", true, kNodiratime},
    {"rrelatime", false, kRelatime},     {"rnorelatime", true, kRelatime},
    {"rnoatime", false, kNoatime},       {"ratime", true, kNoatime},
    {"rstrictatime", false, kStrictatime}, {"rnostrictatime", true, kStrictatime},
    {"rnosymfollow", false, kNosymfollow}, {"rsymfollow", true, kNosymfollow},
};

struct PropagationOption {
  std::string_view name;
  Propagation propagation;
  bool recursive;
};

constexpr PropagationOption kPropagations[] = {
    {"private", Propagation::Private, false},       {"rprivate", Propagation::Private, true},
    {"shared", Propagation::Shared, false},         {"rshared", Propagation::Shared, true},
    {"slave", Propagation::Slave, false},           {"rslave", Propagation::Slave, true},
    {"unbindable", Propagation::Unbindable, false}, {"runbindable", Propagation::Unbindable, true},
};

constexpr unsigned kAtimeModes = kNoatime | kRelatime | kStrictatime;

template <class Table>
const auto* find(const Table& table, std::string_view name) {
  for (const auto& entry : table)
    if (entry.name == name) return &entry;
  return static_cast<decltype(&table[0])>(nullptr);
}

}  // namespace

MountOptions parse_mount_options(const std::vector<std::string>& options) {
  MountOptions m;
  for (const std::string& o : options) {
    if (o == "defaults") {
      // runc lets "defaults" fall through into the filesystem data, where the kernel then refuses
      // it (tmpfs: "Unknown parameter 'defaults'"); it means "no flags", so rampart drops it.
      continue;
    }
    if (const auto* f = find(kFlags, o)) {
      // Later options win over earlier ones, as in runc: "ro,rw" ends read-write.
      if (f->clear) {
        m.set &= ~f->flag;
        m.clear |= f->flag;
      } else {
        m.set |= f->flag;
        m.clear &= ~f->flag;
      }
    } else if (const auto* p = find(kPropagations, o)) {
      // runc keeps every propagation option and applies them in order; the last one decides.
      m.propagation = p->propagation;
      m.propagation_recursive = p->recursive;
    } else if (const auto* r = find(kRecursive, o)) {
      if (r->clear) {
        m.recursive_clear |= r->flag;
        m.recursive_set &= ~r->flag;
      } else {
        // The access-time setting is one value, not three bits (mount_setattr(2)): choosing one
        // mode replaces any other chosen before.
        if (r->flag & kAtimeModes) m.recursive_set &= ~kAtimeModes;
        m.recursive_set |= r->flag;
        m.recursive_clear &= ~r->flag;
      }
    } else if (o == "idmap" || o == "ridmap") {
      m.idmap = true;
      m.idmap_recursive = o == "ridmap";
    } else if (o == "tmpcopyup") {
      m.tmpcopyup = true;
    } else {
      m.data.push_back(o);  // filesystem-specific: "mode=755", "size=65536k", "newinstance", ...
    }
  }
  m.recursive_readonly = (m.recursive_set & kRdonly) != 0;
  m.recursive_flags = ((m.recursive_set & ~unsigned{kRdonly}) | m.recursive_clear) != 0;
  return m;
}

std::string MountOptions::data_string() const {
  std::string out;
  for (const std::string& d : data) {
    if (!out.empty()) out += ',';
    out += d;
  }
  return out;
}

std::vector<std::string> known_mount_options() {
  std::vector<std::string> out{"defaults", "idmap", "ridmap", "tmpcopyup"};
  for (const auto& f : kFlags) out.emplace_back(f.name);
  for (const auto& f : kRecursive) out.emplace_back(f.name);
  for (const auto& p : kPropagations) out.emplace_back(p.name);
  std::sort(out.begin(), out.end());
  return out;
}

bool is_bind_mount(std::string_view type, const std::vector<std::string>& options) {
  if (type == "bind") return true;
  for (const std::string& o : options)
    if (o == "bind" || o == "rbind") return true;
  return false;
}

}  // namespace rampart::spec
