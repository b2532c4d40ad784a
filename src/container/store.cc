#include "container/store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdio.h>

#include <algorithm>

#include "container/contract_errors.h"
#include "container/fault_point.h"
#include "container/id.h"
#include "util/host_file.h"
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

Result<UniqueFd> open_dir(const std::string& path, bool lock) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return sys_error("open state directory", path);
  if (lock && ::flock(fd.get(), LOCK_EX) < 0) return sys_error("lock state directory", path);
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

// A temp file then rename in the directory `dirfd`: readers see the old file or the new one.
Result<void> replace_file_at(int dirfd, const std::string& name, const std::string& text, const std::string& dir) {
  std::string tmp = name + ".tmp";
  UniqueFd fd(::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return sys_error("write state", dir + "/" + tmp);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    return sys_error("write state", dir + "/" + tmp);
  // No fsync: the state root is a runtime directory (tmpfs on most hosts) that does not
  // survive a reboot anyway, and rename alone is atomic for concurrent readers.
  if (::renameat(dirfd, tmp.c_str(), dirfd, name.c_str()) < 0) return sys_error("write state", dir + "/" + name);
  return {};
}

// Hidden (ids never start with '.') and short (an id may take all 255 bytes of a name).
constexpr std::string_view kCreatingPrefix = ".creating.";

}  // namespace

Result<void> ContainerDir::save_intent(const Intent& in) const {
  return replace_file_at(fd_.get(), "intent.json", intent_to_json(in), path_);
}

Result<Intent> ContainerDir::load_intent() const {
  std::string text = TRY(
      read_regular_file_at(fd_.get(), "intent.json", path_ + "/intent.json", kMaxInputFileBytes, "read intent"));
  return intent_from_json(text);
}

Result<State> ContainerDir::load() const {
  std::string text =
      TRY(read_regular_file_at(fd_.get(), "state.json", path_ + "/state.json", kMaxInputFileBytes, "read state"));
  return state_from_json(text);
}

Result<void> ContainerDir::save(const State& s) const {
  std::string text = to_json(s);
  bool take = !locked_;
  if (take && ::flock(fd_.get(), LOCK_EX) < 0) return sys_error("lock state directory", path_);
  struct Unlock {
    int fd;
    bool armed;
    ~Unlock() {
      if (armed) ::flock(fd, LOCK_UN);
    }
  } unlock{fd_.get(), take};
  // Removed while we were not holding the lock: the container was deleted under us.
  if (!exists()) return fail("write state", "the container was deleted while it was being set up", path_);
  return replace_file_at(fd_.get(), "state.json", text, path_);
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

void ContainerDir::unlock() {
  if (locked_) ::flock(fd_.get(), LOCK_UN);
  locked_ = false;
}

bool ContainerDir::exists() const {
  struct stat here{}, named{};
  return ::fstat(fd_.get(), &here) == 0 && here.st_nlink > 0 &&
         ::fstatat(AT_FDCWD, path_.c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 && named.st_dev == here.st_dev &&
         named.st_ino == here.st_ino;
}

Result<void> ContainerDir::remove() {
  // Renamed out of the way first (ids never start with '.'): from that instant the id does not
  // exist for anyone, lock or no lock, instead of looking half-made while it is emptied.
  auto slash = path_.rfind('/');
  std::string gone = path_.substr(0, slash + 1) + "." + path_.substr(slash + 1) + ".removing";
  bool renamed = ::rename(path_.c_str(), gone.c_str()) == 0;
  TRY_VOID(remove_tree_at(fd_.get()));
  const std::string& now = renamed ? gone : path_;
  if (::rmdir(now.c_str()) < 0 && errno != ENOENT) return sys_error("remove state directory", now);
  return {};
}

Result<ContainerDir> Store::create(const std::string& id, const Intent& intent) const {
  TRY_VOID(validate_container_id(id));
  TRY_VOID(mkdir_p(root_, 0700));
  std::string hidden = std::string(kCreatingPrefix) + std::to_string(intent.creator) + "." +
                       std::to_string(intent.creator_start_time);
  // Made and opened in the --root directory's fd (util/host_file.h): whatever is planted at the
  // name is never followed.
  HostFile at = TRY(within(HostFile::at(root_ + "/" + hidden), "create state directory"));
  UniqueFd fd = TRY(within(at.make_dir(0711), "create state directory"));
  fault_point("hidden state directory made");
  std::string path = root_ + "/" + id;
  auto undo_hidden = [&] {
    (void)remove_tree_at(fd.get());
    ::unlinkat(at.dir_fd(), hidden.c_str(), AT_REMOVEDIR);
  };
  if (auto w = replace_file_at(fd.get(), "intent.json", intent_to_json(intent), root_ + "/" + hidden); !w) {
    undo_hidden();
    return std::unexpected(w.error());
  }
  fault_point("intent written");
  if (::renameat2(at.dir_fd(), hidden.c_str(), at.dir_fd(), id.c_str(), RENAME_NOREPLACE) < 0) {
    int err = errno;
    undo_hidden();
    if (err == EEXIST || err == ENOTEMPTY) return fail("create", "container with id exists: " + id);
    errno = err;
    return sys_error("create state directory", path);
  }
  return ContainerDir(path, std::move(fd), false);
}

void Store::sweep_abandoned() const {
  UniqueFd root(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root) return;
  std::vector<std::string> stale;
  UniqueFd dup(::dup(root.get()));
  DIR* d = ::fdopendir(dup.release());
  if (!d) return;
  const std::string prefix(kCreatingPrefix);
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (!name.starts_with(prefix)) continue;
    unsigned long long pid = 0, start = 0;
    if (std::sscanf(name.c_str() + prefix.size(), "%llu.%llu", &pid, &start) != 2) continue;
    if (pid > 0 && process_start_time(static_cast<pid_t>(pid)) == start) continue;  // still creating
    stale.push_back(name);
  }
  ::closedir(d);
  for (const auto& name : stale) {
    UniqueFd sub(::openat(root.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (sub) (void)remove_tree_at(sub.get());
    ::unlinkat(root.get(), name.c_str(), AT_REMOVEDIR);
  }
}

namespace {
Result<ContainerDir> open_existing(const std::string& root, const std::string& id, bool lock) {
  if (!validate_container_id(id)) return does_not_exist(id);
  std::string path = root + "/" + id;
  auto fd = open_dir(path, lock);
  if (!fd) {
    if (fd.error().err == ENOENT) return does_not_exist(id);
    return std::unexpected(fd.error());
  }
  ContainerDir dir(path, std::move(*fd), lock);
  // Removed between our open and our lock (a delete that held it): gone.
  if (lock && !dir.exists()) return does_not_exist(id);
  return dir;
}
}  // namespace

Result<ContainerDir> Store::open(const std::string& id) const { return open_existing(root_, id, true); }

Result<ContainerDir> Store::read(const std::string& id) const { return open_existing(root_, id, false); }

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
  // A pid whose start time was not recorded cannot be told from a reused one: stopped, as runc
  // treats it (a recycled pid must never be reported running, nor signalled).
  o.same_process = s.pid_start_time != 0 && start == s.pid_start_time;
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
