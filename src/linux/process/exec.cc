#include "linux/process/exec.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "linux/process/sync.h"

namespace rampart::process {

Result<std::string> find_executable(const std::string& name, const std::vector<std::string>& env) {
  auto runnable = [](const std::string& p) {
    struct stat st{};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (name.find('/') != std::string::npos) {
    if (runnable(name)) return name;
    struct stat st{};
    if (::stat(name.c_str(), &st) != 0) return sys_error("exec: executable file not found", name, errno);
    // It exists but cannot be run: the text must not say "not found", which clients read as
    // "no such command" (podman: exit 127) instead of "cannot invoke" (exit 126). runc: "exec:
    // \"/etc/passwd\": permission denied".
    return sys_error("exec", name, EACCES);
  }
  std::string path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (const auto& e : env)
    if (e.starts_with("PATH=")) path = e.substr(5);
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    std::string cand = (dir.empty() ? "." : dir) + "/" + name;
    if (runnable(cand)) return cand;
    start = end + 1;
  }
  return fail("exec", "executable file not found in $PATH", name);
}

Result<void> seal_fds(int preserve_fds) {
  unsigned first = 3u + static_cast<unsigned>(preserve_fds);
  if (::syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    return sys_error("close_range");
  for (int fd = 3; fd < static_cast<int>(first); ++fd) {
    int fl = ::fcntl(fd, F_GETFD);
    if (fl >= 0) ::fcntl(fd, F_SETFD, fl & ~FD_CLOEXEC);
  }
  return {};
}

void exec_process(const std::string& path, const std::vector<std::string>& args,
                  const std::vector<std::string>& env, int error_fd) {
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  ::execve(path.c_str(), argv.data(), envp.data());
  int err = errno;
  if (error_fd >= 0) (void)send_msg(error_fd, Msg::Failed, err, "exec " + path + ": " + strerror(err));
  std::string line = "rampart: exec " + path + ": " + strerror(err) + "\n";
  (void)!::write(2, line.data(), line.size());
  _exit(255);
}

}  // namespace rampart::process
