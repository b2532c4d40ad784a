#include "container/notify_socket.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "linux/mount/attach.h"
#include "spec/mount_options.h"

namespace rampart::container {
namespace {

constexpr const char* kDir = "notify";
constexpr const char* kSocket = "notify.sock";
constexpr const char* kInContainer = "/run/notify";

// The caller's address: a path, or "@name" for an abstract socket (systemd's convention).
Result<std::pair<sockaddr_un, socklen_t>> caller_address(const std::string& name) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (name.size() >= sizeof addr.sun_path) return fail("NOTIFY_SOCKET", "longer than a socket address", name);
  std::memcpy(addr.sun_path, name.data(), name.size());
  if (name[0] == '@') addr.sun_path[0] = '\0';
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size() + (name[0] == '@' ? 0 : 1));
  return std::pair{addr, len};
}

}  // namespace

std::optional<std::string> caller_notify_socket() {
  const char* v = std::getenv("NOTIFY_SOCKET");
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

Result<void> add_notify_socket(int state_dir, spec::Config& c, plan::Plan& plan, mount::BindSources& sources,
                               std::vector<UniqueFd>& trees) {
  // 0755 whatever the umask: the container's root (a host uid in a user namespace) must reach
  // the socket through it.
  if (::mkdirat(state_dir, kDir, 0755) < 0 && errno != EEXIST) return sys_error("notify socket: mkdir", kDir);
  if (::fchmodat(state_dir, kDir, 0755, 0) < 0) return sys_error("notify socket: chmod", kDir);
  UniqueFd dir(::openat(state_dir, kDir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir) return sys_error("notify socket: open", kDir);
  spec::Mount m{kInContainer, "bind", kDir, {"bind", "nosuid", "nodev", "noexec", "ro"}, {}, {}};
  plan::Step step;
  step.kind = plan::StepKind::Mount;
  step.destination = m.destination;
  step.type = "bind";
  step.source = m.source;
  step.options = spec::parse_mount_options(m.options);
  step.mount_index = c.mounts.size();
  step.implicit = true;
  step.clone_propagation = spec::Propagation::Private;
  UniqueFd tree = TRY(mount::clone_tree(dir.get(), step.options, "notify socket directory", step.clone_propagation));
  sources[step.mount_index].tree = tree.get();
  trees.push_back(std::move(tree));
  c.mounts.push_back(std::move(m));
  plan.steps.push_back(std::move(step));
  std::erase_if(c.process->env, [](const std::string& e) { return e.starts_with("NOTIFY_SOCKET="); });
  c.process->env.push_back(std::string("NOTIFY_SOCKET=") + kInContainer + "/" + kSocket);
  return {};
}

Result<NotifyProxy> NotifyProxy::listen(int state_dir, std::string caller_socket) {
  NotifyProxy p;
  UniqueFd dir(::openat(state_dir, kDir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir) return p;  // created without NOTIFY_SOCKET: nothing in the container to listen to
  UniqueFd sock(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!sock) return sys_error("notify socket: socket");
  ::unlinkat(dir.get(), kSocket, 0);  // a previous start's
  // Bound by a name relative to the directory's fd (the runtime is single-threaded here): the
  // state directory's path is never resolved again, and any length of --root fits.
  UniqueFd cwd(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!cwd || ::fchdir(dir.get()) < 0) return sys_error("notify socket: enter", kDir);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strcpy(addr.sun_path, kSocket);
  int rc = ::bind(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int err = errno;
  (void)::fchdir(cwd.get());
  if (rc < 0) return sys_error("notify socket: bind", kSocket, err);
  // The container's process may be any uid (a user namespace's): it must be able to send.
  if (::fchmodat(dir.get(), kSocket, 0777, 0) < 0) return sys_error("notify socket: chmod", kSocket);
  p.sock_ = std::move(sock);
  p.caller_ = std::move(caller_socket);
  return p;
}

Result<void> NotifyProxy::forward_ready(int pidfd, pid_t pid) {
  if (!sock_) return {};
  char buf[4096];
  for (;;) {
    pollfd fds[2] = {{sock_.get(), POLLIN, 0}, {pidfd, POLLIN, 0}};
    int r = ::poll(fds, 2, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return sys_error("notify socket: wait");
    if (fds[0].revents & POLLIN) {
      ssize_t n = ::recv(sock_.get(), buf, sizeof buf, 0);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n < 0) return sys_error("notify socket: receive");
      std::string_view got(buf, static_cast<size_t>(n));
      for (size_t at = 0; at <= got.size();) {
        size_t end = got.find('\n', at);
        if (end == std::string_view::npos) end = got.size();
        std::string_view line = got.substr(at, end - at);
        if (line.starts_with("READY=")) {
          std::string msg = std::string(line) + "\nMAINPID=" + std::to_string(pid) + "\n";
          auto [addr, len] = TRY(caller_address(caller_));
          UniqueFd out(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
          if (!out) return sys_error("notify socket: socket");
          if (::sendto(out.get(), msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&addr), len) < 0)
            return sys_error("notify socket: send to NOTIFY_SOCKET", caller_);
          return {};
        }
        at = end + 1;
      }
      continue;
    }
    if (fds[1].revents & POLLIN) return {};  // the container exited without READY
  }
}

}  // namespace rampart::container
