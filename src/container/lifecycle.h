// The runtime-spec lifecycle over a state root: create, start, run, kill, delete, pause and the
// queries. Each function is one command of the command line.
#pragma once

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
  bool no_pivot = false;
  bool no_new_keyring = false;
  int preserve_fds = 0;
  // Foreground run: with terminal true and no --console-socket, the runtime takes the pty
  // master itself and relays it (as runc does).
  bool own_console = false;
};

Result<void> create(const std::string& root, const CreateOptions& opts);
Result<void> start(const std::string& root, const std::string& id);
// Foreground: returns the container's exit status (128+N for signal N) after deleting it.
// Detached: returns 0 once it runs.
Result<int> run(const std::string& root, const CreateOptions& opts, bool detach);
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
