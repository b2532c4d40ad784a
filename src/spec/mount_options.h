// runc's parsing of a mount's "options" list into flags, propagation and filesystem data.
// Pure: the flag values are rampart's own enum bits; linux/mount maps them to MS_*/MOUNT_ATTR_*.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rampart::spec {

enum MountFlag : unsigned {
  kRdonly = 1u << 0,
  kNosuid = 1u << 1,
  kNodev = 1u << 2,
  kNoexec = 1u << 3,
  kSync = 1u << 4,
  kDirsync = 1u << 5,
  kMand = 1u << 6,
  kNoatime = 1u << 7,
  kNodiratime = 1u << 8,
  kRelatime = 1u << 9,
  kStrictatime = 1u << 10,
  kBind = 1u << 11,
  kRec = 1u << 12,
  kLazytime = 1u << 13,
  kRemount = 1u << 14,
  kNosymfollow = 1u << 15,
  // Added with the parser: runc's table also knows these (MS_SILENT, MS_I_VERSION, MS_POSIXACL).
  kSilent = 1u << 16,    // "silent" / "loud"
  kIversion = 1u << 17,  // "iversion" / "noiversion"
  kPosixacl = 1u << 18,  // "acl" / "noacl"
};

enum class Propagation { None, Private, Shared, Slave, Unbindable };

struct MountOptions {
  unsigned set = 0;        // flags to set
  unsigned clear = 0;      // flags explicitly turned off ("rw", "suid", "dev", ...)
  Propagation propagation = Propagation::None;
  bool propagation_recursive = false;
  bool recursive_readonly = false;  // "rro"
  bool recursive_flags = false;     // any other "r*" attr: rnosuid, rnodev, rnoexec, ...
  unsigned recursive_set = 0;       // flags from "rro", "rnosuid"... applied to the whole tree
  unsigned recursive_clear = 0;     // "rrw", "rsuid"...
  bool idmap = false;               // "idmap"/"ridmap": an idmapped bind (launch.cc)
  std::vector<std::string> data;    // filesystem options passed through: "mode=755", "size=65536k"
  bool idmap_recursive = false;     // "ridmap" (as opposed to "idmap")
  bool tmpcopyup = false;           // runc's "tmpcopyup" extension: copy the destination's files into the new tmpfs

  [[nodiscard]] bool is_bind() const { return (set & kBind) != 0; }
  [[nodiscard]] bool is_recursive_bind() const { return (set & (kBind | kRec)) == (kBind | kRec); }
  [[nodiscard]] std::string data_string() const;  // data joined with ','
};

// Parses the option list the way runc does: unknown options become filesystem data.
MountOptions parse_mount_options(const std::vector<std::string>& options);

// Every option name the parser gives a meaning to (features' mountOptions), sorted.
std::vector<std::string> known_mount_options();

// True when the mount is a bind mount: type "bind", or "bind"/"rbind" among the options.
bool is_bind_mount(std::string_view type, const std::vector<std::string>& options);

}  // namespace rampart::spec
