// What rampart remembers about a container (<root>/<id>/state.json) and how its status is
// derived: never stored, always read off the kernel (docs/compat.md, section 4).
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

#include "linux/cgroup/cgroup.h"
#include "spec/config.h"
#include "util/error.h"

namespace rampart::container {

// Unknown: state.json is damaged (truncated, garbage, wrongly typed); `list` still shows the
// container, `state` reports the damage, `delete -f` removes what the intent names.
enum class Status { Creating, Created, Running, Paused, Stopped, Unknown };
const char* status_name(Status s);

struct State {
  std::string id;
  pid_t pid = 0;
  uint64_t pid_start_time = 0;  // /proc/<pid>/stat field 22: guards against pid reuse
  std::string bundle;
  std::string rootfs;
  std::string created;  // RFC 3339 with nanoseconds
  std::string owner;
  std::map<std::string, std::string> annotations;
  cgroup::Paths cgroup_paths;
  // No mount namespace of its own (mount/host_namespace.h): the id of the mount the rootfs was
  // on before the runtime bound it onto itself; 0 when the container has its own namespace.
  uint64_t host_mounts_base = 0;
  spec::Hooks hooks;  // poststart and poststop are needed after create
};

std::string to_json(const State& s);
Result<State> state_from_json(std::string_view text);

// The runtime-spec state object: {ociVersion,id,pid,status,bundle,rootfs,created,annotations,
// owner}, pid 0 when stopped. `indent` -1 for the compact form hooks get on stdin.
std::string oci_state_json(const State& s, Status status, int indent);

// Start time of a process (clock ticks since boot), 0 when it is gone.
uint64_t process_start_time(pid_t pid);

}  // namespace rampart::container
