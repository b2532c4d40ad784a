#include "linux/process/seccomp_listener.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <cstring>

#include <nlohmann/json.hpp>

namespace rampart::process {

Result<UniqueFd> connect_seccomp_listener(const std::string& path) {
  const char* op = "connect to seccomp listener";
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path) return fail(op, "listenerPath must have 1 to 107 bytes", path);
  std::memcpy(addr.sun_path, path.data(), path.size());
  if (path[0] == '@') addr.sun_path[0] = '\0';
  auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + (path[0] == '@' ? 0 : 1));
  UniqueFd s(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!s) return sys_error(op, path);
  // A listener whose backlog is full would make connect wait forever: SO_SNDTIMEO bounds it
  // (unix sockets apply it to connect).
  timeval tv{5, 0};
  if (::setsockopt(s.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0) return sys_error(op, path);
  int r;
  do r = ::connect(s.get(), reinterpret_cast<sockaddr*>(&addr), len);
  while (r < 0 && errno == EINTR);
  if (r < 0) return sys_error(op, path);
  return s;
}

Result<std::string> container_process_state(const std::string& state_json, const std::string& metadata, int pid) {
  nlohmann::ordered_json state = nlohmann::ordered_json::parse(state_json, nullptr, false);
  if (state.is_discarded() || !state.is_object()) return fail("seccomp listener", "the container state is not JSON");
  nlohmann::ordered_json msg;
  msg["ociVersion"] = state.value("ociVersion", "");
  msg["fds"] = nlohmann::ordered_json::array({"seccompFd"});
  msg["pid"] = pid > 0 ? pid : state.value("pid", 0);
  msg["metadata"] = metadata;
  msg["state"] = state;
  return msg.dump();
}

}  // namespace rampart::process
