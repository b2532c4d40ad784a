// A cgroup update as a list of changes, planned in full (and checked against what the host's
// cgroup offers) before the first is made; when one fails, those already made are undone newest
// first. So `create` fails before anything runs in the cgroup, and a failed `update` leaves the
// container with its old limits.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "util/error.h"

namespace rampart::cgroup {

class ChangeSet {
 public:
  struct Change {
    std::string resource;  // the config field it comes from ("memory.limit"), for errors
    std::function<Result<void>()> make;
    std::function<void()> undo;  // may be empty
  };

  // Writes `value` to dir/file. The file must exist now (cgroupfs makes every file a controller
  // offers), else planning fails naming `resource` and `missing_why`. Undo writes back what the
  // file holds now, or `restore` when the file's read form is not its write form.
  Result<void> write(const std::string& resource, const std::string& dir, const std::string& file,
                     const std::string& value, const std::string& missing_why,
                     std::optional<std::string> restore = std::nullopt);

  // Writes `first`; when the kernel refuses it with EINVAL, writes `second` and retries `first`
  // (a cpu period or burst that only fits once the new quota is in place, as runc retries them).
  Result<void> write_retrying(const std::string& resource, const std::string& dir, const std::string& first,
                              const std::string& first_value, const std::string& second,
                              const std::string& second_value, const std::string& missing_why);

  void add(Change c) { changes_.push_back(std::move(c)); }

  // Logs `message` as a warning once per apply (for settings runc silently skips on this layout).
  void warn(const std::string& message) { warnings_.insert(message); }

  [[nodiscard]] bool empty() const { return changes_.empty(); }
  [[nodiscard]] const std::vector<Change>& changes() const { return changes_; }

  // Makes every change in order; on the first failure undoes the ones made (newest first, best
  // effort) and returns that failure with the resource it concerned.
  Result<void> commit();

 private:
  std::vector<Change> changes_;
  std::set<std::string> warnings_;
};

// The error for a resource this host's cgroup cannot provide.
std::unexpected<Error> unavailable(const std::string& resource, const std::string& why, const std::string& path);

}  // namespace rampart::cgroup
