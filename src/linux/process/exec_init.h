// A process `exec`'d into a running container: it joins the init's namespaces (user first) and
// then becomes the configured process exactly as the init does (finish.h).
#pragma once

#include <utility>
#include <vector>

#include "spec/config.h"

namespace rampart::process {

struct ExecRequest {
  const spec::Process* process = nullptr;
  const spec::Seccomp* seccomp = nullptr;
  std::vector<std::pair<int, int>> join_ns;  // (CLONE_NEW* type, fd), user first
  int sync_fd = -1;
  int console_socket_fd = -1;
  int preserve_fds = 0;
};

[[noreturn]] void exec_init(ExecRequest& req);

}  // namespace rampart::process
