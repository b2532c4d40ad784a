#include "container/store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "container/id.h"
#include "util/file.h"

namespace rampart::container {
namespace {

Result<void> mkdir_p(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) == 0 || errno == EEXIST) return {};
  if (errno != ENOENT) return sys_error("create state directory", path);
  auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return sys_error("create state directory", path);
  TRY_VOID(mkdir_p(path.substr(0, slash), mode));
  if (::mkdir(path.c_str(), mode) < 0 && errno != EEXIST) return sys_error("create state directory", path);
  return {};
}

Result<UniqueFd> lock_dir(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return sys_error("open state directory", path);
  if (::flock(fd.get(), LOCK_EX) < 0) return sys_error("lock state directory", path);
  return fd;
}

Result<void> remove_tree_at(int dirfd) {
  UniqueFd dup(::dup(dirfd));
  DIR* d = ::fdopendir(dup.release());
  if (!d) return sys_error("read state directory");
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    if (::unlinkat(dirfd, name.c_str(), 0) < 0 && errno == EISDIR) {
      UniqueFd sub(::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (sub) (void)remove_tree_at(sub.get());
      ::unlinkat(dirfd, name.c_str(), AT_REMOVEDIR);
    }
  }
  ::closedir(d);
  return {};
}

}  // namespace

Result<State> ContainerDir::load() const {
  std::string text =
      TRY(read_regular_file_at(fd_.get(), "state.json", path_ + "/state.json", kMaxInputFileBytes, "read state"));
  return state_from_json(text);
}

Result<void> ContainerDir::save(const State& s) const {
  std::string text = to_json(s);
  UniqueFd fd(::openat(fd_.get(), "state.json.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return sys_error("write state", path_ + "/state.json.tmp");
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    return sys_error("write state", path_ + "/state.json.tmp");
  // No fsync: the state root is a runtime directory (tmpfs on most hosts) that does not
  // survive a reboot anyway, and rename alone is atomic for concurrent readers.
  if (::renameat(fd_.get(), "state.json.tmp", fd_.get(), "state.json") < 0)
    return sys_error("write state", path_ + "/state.json");
  return {};
}

Result<void> ContainerDir::save_config(const std::string& text) const {
  UniqueFd fd(::openat(fd_.get(), "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return sys_error("save config", path_ + "/config.json");
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    return sys_error("save config", path_ + "/config.json");
  return {};
}

Result<std::string> ContainerDir::load_config() const {
  return read_regular_file_at(fd_.get(), "config.json", path_ + "/config.json", kMaxInputFileBytes, "read config");
}

bool ContainerDir::has_fifo() const {
  struct stat st{};
  return ::fstatat(fd_.get(), "exec.fifo", &st, AT_SYMLINK_NOFOLLOW) == 0;
}

Result<void> ContainerDir::remove() {
  TRY_VOID(remove_tree_at(fd_.get()));
  if (::rmdir(path_.c_str()) < 0 && errno != ENOENT) return sys_error("remove state directory", path_);
  return {};
}

Result<ContainerDir> Store::create(const std::string& id) const {
  TRY_VOID(validate_container_id(id));
  TRY_VOID(mkdir_p(root_, 0700));
  std::string path = root_ + "/" + id;
  if (::mkdir(path.c_str(), 0711) < 0) {
    if (errno == EEXIST) return fail("create", "container with id exists: " + id);
    return sys_error("create state directory", path);
  }
  auto fd = lock_dir(path);
  if (!fd) {
    ::rmdir(path.c_str());
    return std::unexpected(fd.error());
  }
  return ContainerDir(path, std::move(*fd));
}

Result<ContainerDir> Store::open(const std::string& id) const {
  if (!validate_container_id(id)) return fail("", "container does not exist: " + id);
  std::string path = root_ + "/" + id;
  auto fd = lock_dir(path);
  if (!fd) {
    if (fd.error().err == ENOENT) return fail("", "container does not exist: " + id);
    return std::unexpected(fd.error());
  }
  return ContainerDir(path, std::move(*fd));
}

std::vector<std::string> Store::list() const {
  std::vector<std::string> ids;
  DIR* d = ::opendir(root_.c_str());
  if (!d) return ids;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (validate_container_id(name) && e->d_type == DT_DIR) ids.push_back(name);
  }
  ::closedir(d);
  std::sort(ids.begin(), ids.end());
  return ids;
}

Status derive_status(const Observed& o) {
  if (!o.init_alive || !o.same_process) return Status::Stopped;
  if (o.frozen) return Status::Paused;
  return o.fifo_present ? Status::Created : Status::Running;
}

Status current_status(const ContainerDir& dir, const State& s) {
  Observed o;
  uint64_t start = s.pid > 0 ? process_start_time(s.pid) : 0;
  o.init_alive = start != 0;
  o.same_process = s.pid_start_time == 0 || start == s.pid_start_time;
  if (o.init_alive && o.same_process) {
    if (auto cg = cgroup::manager_from_paths(s.cgroup_paths)) {
      auto frozen = cg->frozen();
      o.frozen = frozen && *frozen;
    }
    o.fifo_present = dir.has_fifo();
  }
  return derive_status(o);
}

}  // namespace rampart::container
