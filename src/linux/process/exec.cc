#include "linux/process/exec.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstring>

namespace rampart::process {

namespace {

// Go's exec.Error text, which runc prints and clients match: `exec: "NAME": WHY`. podman reads
// "permission denied" as "cannot invoke" (exit 126) and "executable file not found in" or "no
// such file or directory" as "no such command" (exit 127); the lower-case words are Go's.
std::unexpected<Error> exec_error(const std::string& name, const std::string& why) {
  std::string quoted = "\"";
  for (char c : name) quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return std::unexpected(Error{"exec: " + quoted + "\"", {}, 0, why});
}

}  // namespace

Result<std::string> find_executable(const std::string& name, const std::vector<std::string>& env) {
  auto runnable = [](const std::string& p) {
    struct stat st{};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (name.find('/') != std::string::npos) {
    if (runnable(name)) return name;
    struct stat st{};
    if (::stat(name.c_str(), &st) != 0) {
      const int err = errno;
      std::string why = std::strerror(err);
      if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
      return exec_error(name, "stat " + name + ": " + why);  // `exec: "/x": stat /x: no such file or directory`
    }
    // It exists but cannot be run: the text must not say "not found", which clients read as
    // "no such command" (podman: exit 127) instead of "cannot invoke" (exit 126).
    if (S_ISDIR(st.st_mode)) return exec_error(name, "is a directory");
    return exec_error(name, "permission denied");
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
  return exec_error(name, "executable file not found in $PATH");
}

void reset_signal_dispositions() {
  // An ignored signal stays ignored across execve: conmon starts the runtime with SIGPIPE
  // ignored, and without this every process of a podman or CRI-O container would ignore it
  // (runc's Go runtime catches SIGPIPE, so its execve resets it). Caught ones reset anyway.
  struct sigaction dfl{};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  for (int sig = 1; sig < NSIG; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) (void)::sigaction(sig, &dfl, nullptr);
}

Result<void> execute(const std::string& path, const std::vector<std::string>& args,
                     const std::vector<std::string>& env, const std::function<Result<void>()>& last_step) {
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  reset_signal_dispositions();
  if (last_step) TRY_VOID(last_step());
  ::execve(path.c_str(), argv.data(), envp.data());
  return sys_error("exec", path);
}

}  // namespace rampart::process
