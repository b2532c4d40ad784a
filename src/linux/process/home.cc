#include "linux/process/home.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "linux/safepath/root.h"
#include "spec/passwd.h"
#include "util/file.h"

namespace rampart::process {
namespace {

Result<std::string> read_passwd() {
  safepath::Root root = TRY(safepath::Root::open("/"));
  UniqueFd probe = TRY(root.resolve("/etc/passwd"));  // O_PATH: nothing of the file is opened
  struct stat st{};
  if (::fstat(probe.get(), &st) < 0) return sys_error("stat", "/etc/passwd");
  if (!S_ISREG(st.st_mode)) return fail("read", "not a regular file", "/etc/passwd");
  if (static_cast<uint64_t>(st.st_size) > spec::kMaxPasswdBytes) return fail("read", "too large", "/etc/passwd");
  // O_NONBLOCK: swapped for a FIFO since the look, the open still cannot block, and the inode
  // check refuses it.
  UniqueFd fd = TRY(root.open_file("/etc/passwd", O_RDONLY | O_NONBLOCK | O_NOCTTY));
  struct stat again{};
  if (::fstat(fd.get(), &again) < 0) return sys_error("stat", "/etc/passwd");
  if (again.st_dev != st.st_dev || again.st_ino != st.st_ino) return fail("read", "replaced while opened", "/etc/passwd");
  return read_bounded(fd.get(), "/etc/passwd", spec::kMaxPasswdBytes);
}

}  // namespace

std::vector<std::string> env_with_home(const std::vector<std::string>& env, uint32_t uid) {
  if (spec::has_home(env)) return env;
  std::string home = "/";
  if (auto passwd = read_passwd())
    if (auto h = spec::home_of_uid(*passwd, uid)) home = *h;
  return spec::with_home(env, home);
}

}  // namespace rampart::process
