// The runtime-spec lifecycle over a state root: create, start, run, kill, delete, pause and the
// queries. Each function is one command of the command line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "container/state.h"
#include "util/error.h"

namespace rampart::container {

struct CreateOptions {
  std::string id;
  std::string bundle = ".";
  std::string pid_file;
  std::string console_socket;
  std::string pidfd_socket;  // accepted for runc compatibility; nothing is sent to it
  bool no_pivot = false;
  bool no_new_keyring = false;
  int preserve_fds = 0;
  std::string policy;  // --policy FILE (else /etc/rampart/policy.json when present)
  // Foreground run: with terminal true and no --console-socket, the runtime takes the pty
  // master itself and relays it (as runc does).
  bool own_console = false;
  bool keep = false;  // foreground run: leave the stopped container for `delete` (run --keep)
};

Result<void> create(const std::string& root, const CreateOptions& opts);
Result<void> start(const std::string& root, const std::string& id);
// Foreground: returns the container's exit status (128+N for signal N) after deleting it.
// Detached: returns 0 once it runs.
Result<int> run(const std::string& root, const CreateOptions& opts, bool detach);
struct ExecOptions {
  std::string id;
  std::string process_file;  // --process: a process.json; else the config's process with:
  std::vector<std::string> args;
  std::vector<std::string> env;  // appended (KEY=VALUE)
  std::string cwd;
  std::string user;  // "UID[:GID]"
  std::vector<uint32_t> additional_gids;
  std::vector<std::string> caps;  // added to every set
  bool tty = false;
  bool no_new_privs = false;
  std::string console_socket;
  std::string pid_file;
  bool detach = false;
  int preserve_fds = 0;
  // runc's --cgroup: "[<controller>:]<path>" sub-cgroups (of the container's) to run in.
  std::vector<std::string> cgroups;
  bool ignore_paused = false;  // exec into a paused container
  std::string apparmor;        // --apparmor profile
  std::string process_label;   // --process-label (SELinux)
};
// Foreground: the process's exit status. Detached: 0 once it runs. Errors mean exit 255.
Result<int> exec(const std::string& root, const ExecOptions& opts);

Result<void> kill(const std::string& root, const std::string& id, int sig, bool all);
Result<void> remove(const std::string& root, const std::string& id, bool force);
Result<void> pause(const std::string& root, const std::string& id);
Result<void> resume(const std::string& root, const std::string& id);
Result<std::string> state(const std::string& root, const std::string& id);

struct ListEntry {
  State state;
  Status status;
};
std::vector<ListEntry> list(const std::string& root);
Result<std::vector<int>> processes(const std::string& root, const std::string& id);

}  // namespace rampart::container
