// The state root (--root, default /run/rampart): one directory per container holding
// state.json (written atomically) and exec.fifo, and a per-container flock.
//
// Locking: the flock serializes the short check-then-act steps of commands that change a
// container (start, kill, delete, pause, resume, saving state.json) and is never held while
// waiting on anything the container or its config controls -- hooks, exec.fifo, the init -- so
// `kill` and `delete -f` work on a container whose create or start is stuck. Readers (state,
// list, ps, exec) take no lock at all: state.json is only ever replaced by rename, so they see
// the old file or the new one, never half of one, and never wait (a hook may call
// `rampart state` on its own container in any phase).
#pragma once

#include <string>
#include <vector>

#include "container/intent.h"
#include "container/state.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::container {

class ContainerDir {
 public:
  ContainerDir(std::string path, UniqueFd dirfd, bool locked)
      : path_(std::move(path)), fd_(std::move(dirfd)), locked_(locked) {}
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] int fd() const { return fd_.get(); }
  [[nodiscard]] std::string fifo_path() const { return path_ + "/exec.fifo"; }

  // state.json is absent while the container is being created.
  Result<State> load() const;
  // Temp file then rename, under the lock (taken for the rename when not already held). Fails
  // when the directory was removed meanwhile (a `delete -f` of a container being created).
  Result<void> save(const State& s) const;
  [[nodiscard]] bool has_fifo() const;
  // intent.json (intent.h): replaced atomically, by the creating runtime only.
  Result<void> save_intent(const Intent& in) const;
  Result<Intent> load_intent() const;
  // The bundle's config.json as it was at create (exec needs the container's defaults).
  Result<void> save_config(const std::string& text) const;
  Result<std::string> load_config() const;
  // Removes the directory and everything in it; the lock goes with it.
  Result<void> remove();
  // Whether the directory is still there under its id (not removed, or being removed).
  [[nodiscard]] bool exists() const;
  // Drops the lock, keeping the directory open: before waiting on the container.
  void unlock();

 private:
  std::string path_;
  UniqueFd fd_;  // the directory, flock'ed while locked_
  bool locked_ = false;
};

class Store {
 public:
  explicit Store(std::string root) : root_(std::move(root)) {}
  [[nodiscard]] const std::string& root() const { return root_; }

  // Makes <root>/<id> (the id must be valid) holding `intent` as intent.json from the instant
  // it exists: the directory is made and filled under a hidden name (".creating.<pid>.<start
  // time>") and renamed to the id without replacing anything -- the rename is the claim
  // on the id ("container with id exists" when it is taken). The directory is returned unlocked
  // (create waits on the init and on hooks, and holds no lock meanwhile).
  Result<ContainerDir> create(const std::string& id, const Intent& intent) const;
  // Removes the hidden directories of creates killed before that rename (their creator is
  // gone): they hold nothing but an intent, nothing having been made yet.
  void sweep_abandoned() const;
  // Opens and locks <root>/<id>, for a command that changes the container; "container does not
  // exist" when missing.
  Result<ContainerDir> open(const std::string& id) const;
  // Opens <root>/<id> without locking, for a command that only reads.
  Result<ContainerDir> read(const std::string& id) const;
  // Ids of all containers, sorted.
  [[nodiscard]] std::vector<std::string> list() const;

 private:
  std::string root_;
};

// What the kernel says about a container's init, and the status that follows from it. Pure.
struct Observed {
  bool init_alive = false;        // /proc/<pid>/stat exists and is not a zombie
  bool same_process = false;      // its start time is the one recorded at create
  bool frozen = false;            // its cgroup is frozen
  bool fifo_present = false;      // exec.fifo still exists
};
Status derive_status(const Observed& o);

// The status of a container right now (docs/compat.md, section 4): paused if its cgroup is frozen, stopped if
// its init is gone, a zombie, a different process with the same pid or one whose start time
// was not recorded; created while exec.fifo exists, else running.
Status current_status(const ContainerDir& dir, const State& s);

}  // namespace rampart::container
