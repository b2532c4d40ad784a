#include "linux/cgroup/changes.h"

#include "linux/cgroup/files.h"
#include "util/log.h"

namespace rampart::cgroup {

std::unexpected<Error> unavailable(const std::string& resource, const std::string& why, const std::string& path) {
  return fail("apply cgroup resources", resource + ": " + why, path);
}

Result<void> ChangeSet::write(const std::string& resource, const std::string& dir, const std::string& file,
                              const std::string& value, const std::string& missing_why,
                              std::optional<std::string> restore) {
  if (!path_exists(join_path(dir, file))) {
    if (!path_exists(dir)) return fail("apply cgroup resources", resource + ": the cgroup is gone", dir);
    return unavailable(resource, missing_why, join_path(dir, file));
  }
  if (!restore) {
    if (auto now = read_file(dir, file)) restore = trim(*now);
  }
  Change c;
  c.resource = resource;
  c.make = [dir, file, value] { return write_file(dir, file, value); };
  if (restore && !restore->empty())
    c.undo = [dir, file, old = *restore] { (void)write_file(dir, file, old); };
  changes_.push_back(std::move(c));
  return {};
}

Result<void> ChangeSet::write_retrying(const std::string& resource, const std::string& dir, const std::string& first,
                                       const std::string& first_value, const std::string& second,
                                       const std::string& second_value, const std::string& missing_why) {
  for (const auto& f : {first, second})
    if (!path_exists(join_path(dir, f))) return unavailable(resource, missing_why, join_path(dir, f));
  std::string old_first, old_second;
  if (auto t = read_file(dir, first)) old_first = trim(*t);
  if (auto t = read_file(dir, second)) old_second = trim(*t);
  Change c;
  c.resource = resource;
  c.make = [=]() -> Result<void> {
    auto w = write_file(dir, first, first_value);
    if (!w && w.error().err != EINVAL) return w;
    TRY_VOID(write_file(dir, second, second_value));
    if (!w) TRY_VOID(write_file(dir, first, first_value));
    return {};
  };
  c.undo = [=] {
    // Either order can be refused depending on the values; try both ways.
    if (!old_first.empty() && !write_file(dir, first, old_first)) {
      if (!old_second.empty()) (void)write_file(dir, second, old_second);
      (void)write_file(dir, first, old_first);
    }
    if (!old_second.empty()) (void)write_file(dir, second, old_second);
  };
  changes_.push_back(std::move(c));
  return {};
}

Result<void> ChangeSet::commit() {
  for (const auto& w : warnings_) log::warn(w);
  warnings_.clear();
  for (size_t i = 0; i < changes_.size(); ++i) {
    auto made = changes_[i].make();
    if (made) continue;
    for (size_t j = i + 1; j-- > 0;)
      if (changes_[j].undo) changes_[j].undo();
    Error e = made.error();
    if (!changes_[i].resource.empty())
      e.detail = changes_[i].resource + (e.detail.empty() ? "" : ": " + e.detail);
    return std::unexpected(e);
  }
  return {};
}

}  // namespace rampart::cgroup
