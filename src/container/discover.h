// Finding running containers for `rampart verify`: every container under a state root, whatever
// runtime keeps it -- rampart's own and youki's state.json, runc's state.json, crun's status, or
// a bundle directory holding config.json and the init's pid file (containerd's task directories
// keep init.pid, CRI-O's userdata directories keep pidfile). Read-only: no lock is taken, so a
// runtime creating or deleting containers never waits for verify.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace rampart::container {

struct Discovered {
  std::string id;
  std::string runtime;      // "rampart", "runc", "crun", "youki", "bundle"
  std::string root;         // the state root (or bundle root) it was found under
  pid_t pid = 0;
  uint64_t start_time = 0;  // the init's start time as recorded (0: not recorded)
  int64_t pid_file_mtime = 0;  // bundles: when the pid file was written (0: not a pid file)
  std::string bundle;
  std::string config_path;  // the config.json to judge against
  std::string rootfs;       // as recorded ("" : from the config's root.path)
  std::map<std::string, std::string> cgroup_dirs;  // controller ("" cgroup2) -> absolute host dir
  std::string cgroup_everywhere;                   // crun: one path in every hierarchy
  bool created = false;     // exec.fifo still there: created, not started
  std::string error;        // the state could not be read (the entry is still reported)
};

// The state file formats, parsed. Pure.
Result<Discovered> parse_runc_state(std::string_view text);     // runc's state.json
Result<Discovered> parse_rampart_state(std::string_view text);  // rampart's (and youki's) state.json
Result<Discovered> parse_crun_status(std::string_view text);    // crun's status
// A pid file: decimal, optional trailing newline.
Result<pid_t> parse_pid_file(std::string_view text);

// Every container under `root` (a missing root holds none). Entries that are not containers
// (no state file, no config.json with a pid file) are skipped; broken ones carry `error`.
std::vector<Discovered> discover(const std::string& root);

}  // namespace rampart::container
