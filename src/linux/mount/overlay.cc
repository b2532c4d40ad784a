#include "linux/mount/overlay.h"

#include <atomic>

#include "linux/mount/attach.h"
#include "linux/safepath/procfs.h"
#include "linux/sys/syscalls.h"

namespace rampart::mount {
namespace {

std::atomic<bool> g_by_name{false};

Result<void> set_fd(int fs, const char* key, int fd) {
  if (sys_fsconfig(fs, FSCONFIG_SET_FD, key, nullptr, fd) < 0) return sys_error(std::string("mount overlay: ") + key);
  return {};
}

// Linux >= 6.13: every layer is an fd.
Result<UniqueFd> by_fd(const OverlayLayers& l, const std::string& source, const spec::MountOptions& o) {
  UniqueFd fs = TRY(open_fs("overlay", source));
  for (const auto& fd : l.lower) TRY_VOID(set_fd(fs.get(), "lowerdir+", fd.get()));
  for (const auto& fd : l.data) TRY_VOID(set_fd(fs.get(), "datadir+", fd.get()));
  if (l.upper) TRY_VOID(set_fd(fs.get(), "upperdir", l.upper.get()));
  if (l.work) TRY_VOID(set_fd(fs.get(), "workdir", l.work.get()));
  TRY_VOID(set_fs_options(fs.get(), o, "overlay"));
  return mount_fs(fs.get(), o, "overlay");
}

// Older kernels: the same fds named "thread-self/fd/N", looked up by the kernel relative to the
// cwd, which is the private procfs until the filesystem is created (kernels before 6.5 parse
// overlay's options only then). The names are magic links to exactly the verified fds; nothing
// the container controls is on that lookup.
Result<UniqueFd> by_name(const OverlayLayers& l, const std::string& source, const spec::MountOptions& o) {
  auto proc = TRY(safepath::Procfs::open_private());
  auto name = [](const UniqueFd& fd) { return "thread-self/fd/" + std::to_string(fd.get()); };
  std::string lower;
  for (const auto& fd : l.lower) lower += (lower.empty() ? "" : ":") + name(fd);
  for (const auto& fd : l.data) lower += "::" + name(fd);
  UniqueFd fs = TRY(open_fs("overlay", source));
  return proc.with_cwd([&]() -> Result<UniqueFd> {
    auto set = [&](const char* key, const std::string& value) -> Result<void> {
      if (sys_fsconfig(fs.get(), FSCONFIG_SET_STRING, key, value.c_str(), 0) < 0)
        return sys_error(std::string("mount overlay: ") + key);
      return {};
    };
    TRY_VOID(set("lowerdir", lower));
    if (l.upper) TRY_VOID(set("upperdir", name(l.upper)));
    if (l.work) TRY_VOID(set("workdir", name(l.work)));
    TRY_VOID(set_fs_options(fs.get(), o, "overlay"));
    return mount_fs(fs.get(), o, "overlay");
  });
}

}  // namespace

Result<UniqueFd> new_overlay(const OverlayLayers& layers, const std::string& source, const spec::MountOptions& o) {
  if (layers.lower.empty()) return fail("mount overlay", "no lower layer (lowerdir)");
  if (!g_by_name.load()) {
    auto r = by_fd(layers, source, o);
    // EINVAL from the first "lowerdir+" fd: a kernel that takes layers only as strings.
    if (r || r.error().err != EINVAL || r.error().op != "mount overlay: lowerdir+") return r;
  }
  return by_name(layers, source, o);
}

void set_overlay_by_name_for_testing(bool on) { g_by_name.store(on); }

}  // namespace rampart::mount
