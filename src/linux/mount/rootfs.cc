#include "linux/mount/rootfs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "linux/mount/attach.h"
#include "linux/mount/copy_up.h"
#include "linux/mount/devices.h"
#include "util/mountinfo.h"
#include "linux/mount/overlay.h"
#include "linux/safepath/boundary.h"
#include "linux/safepath/procfs.h"
#include "linux/sys/syscalls.h"
#include "util/log.h"

namespace rampart::mount {
namespace {

using plan::Step;
using plan::StepKind;

// Rule 10: a bind source is opened once and that very fd is what gets mounted, so what was
// checked is what is mounted. The runtime located every source before the container existed
// (by identity, safepath::RootfsBoundary): a host source arrives as the detached tree it
// cloned; a source inside the rootfs belongs to the image and is resolved inside the root like
// any other rootfs path (an image symlink cannot point it at the host).
Result<void> bind_mount(const safepath::Root& root, const RootfsContext& ctx, const Step& s) {
  const BindSource* src = nullptr;
  if (ctx.bind_sources) {
    auto it = ctx.bind_sources->find(s.mount_index);
    if (it != ctx.bind_sources->end()) src = &it->second;
  }
  if (!src) return fail("bind mount", "source was not located by the runtime", s.source);
  UniqueFd tree;
  if (src->tree >= 0) {
    tree.reset(::fcntl(src->tree, F_DUPFD_CLOEXEC, 0));
    if (!tree) return sys_error("bind mount: source", s.source);
  } else {
    UniqueFd in_root = TRY(root.resolve(src->in_root));
    tree = TRY(clone_tree(in_root.get(), s.options, s.source, s.clone_propagation));
  }
  struct stat st{};
  if (::fstat(tree.get(), &st) < 0) return sys_error("bind mount: stat source", s.source);
  // The destination takes the source's shape: a directory for a directory, a file otherwise.
  UniqueFd dest = S_ISDIR(st.st_mode) ? TRY(root.mkdir_all(s.destination)) : TRY(root.create_file(s.destination));
  if (src->tree >= 0) {
    const auto slash = s.destination.find_last_of('/');
    UniqueFd parent;
    std::string name;
    if (!S_ISDIR(st.st_mode) && slash != std::string::npos) {
      name = s.destination.substr(slash + 1);
      parent = TRY(root.resolve(slash == 0 ? "/" : s.destination.substr(0, slash), O_PATH | O_DIRECTORY));
    }
    return attach_prepared(tree.get(), dest.get(), parent.get(), name, s.options, s.destination);
  }
  return attach(tree.get(), dest.get(), s.options, s.destination);
}

// cgroup v2: a cgroup2 instance (in a cgroup namespace its root is the container's cgroup).
// v1/hybrid: a tmpfs with the container's own cgroup directory of each controller bound into
// it, as runc does, so the container never sees its siblings.
Result<void> cgroup_mount(const safepath::Root& root, const RootfsContext& ctx, const Step& s) {
  UniqueFd dest = TRY(root.mkdir_all(s.destination));
  if (ctx.cgroup_paths.layout == cgroup::Layout::V2) {
    UniqueFd mnt = TRY(new_fs_instance("cgroup2", "cgroup", s.options));
    // A new instance is rooted at the mounter's cgroup-namespace root. Without a cgroup
    // namespace that is the host's whole hierarchy -- every other container's cgroup, writable
    // when the config says rw -- so then the container's own directory is bound instead
    // (decided by identity: is the instance's root the container's cgroup directory?).
    struct stat got {}, own {};
    UniqueFd own_dir(::open(ctx.cgroup_paths.unified.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (own_dir && ::fstat(mnt.get(), &got) == 0 && ::fstat(own_dir.get(), &own) == 0 &&
        (got.st_dev != own.st_dev || got.st_ino != own.st_ino)) {
      spec::MountOptions bind_opts = s.options;
      bind_opts.set |= spec::kBind;
      bind_opts.propagation = spec::Propagation::None;
      mnt = TRY(clone_tree(own_dir.get(), bind_opts, ctx.cgroup_paths.unified));
    }
    return attach(mnt.get(), dest.get(), s.options, s.destination);
  }
  spec::MountOptions tmpfs_opts = s.options;
  tmpfs_opts.set &= ~spec::kRdonly;  // filled below, then made read-only as asked
  tmpfs_opts.data = {"mode=755"};
  UniqueFd tmp = TRY(new_fs_instance("tmpfs", "tmpfs", tmpfs_opts));
  TRY_VOID(attach(tmp.get(), dest.get(), {}, s.destination));
  safepath::Root cgroot = safepath::Root::adopt(UniqueFd(::dup(tmp.get())), s.destination);
  spec::MountOptions bind_opts = s.options;
  bind_opts.set |= spec::kBind;
  bind_opts.propagation = spec::Propagation::None;
  for (const auto& [controller, host_dir] : ctx.cgroup_paths.controllers) {
    std::string name = controller.starts_with("name=") ? controller.substr(5) : controller;
    UniqueFd src(::open(host_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!src) continue;  // controller not in use for this container
    UniqueFd tree = TRY(clone_tree(src.get(), bind_opts, host_dir));
    UniqueFd sub = TRY(cgroot.mkdir_all(name));
    TRY_VOID(attach(tree.get(), sub.get(), {}, s.destination + "/" + name));
  }
  if (!ctx.cgroup_paths.unified.empty() && ctx.cgroup_paths.layout == cgroup::Layout::Hybrid) {
    UniqueFd src(::open(ctx.cgroup_paths.unified.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (src) {
      UniqueFd tree = TRY(clone_tree(src.get(), bind_opts, ctx.cgroup_paths.unified));
      UniqueFd sub = TRY(cgroot.mkdir_all("unified"));
      TRY_VOID(attach(tree.get(), sub.get(), {}, s.destination + "/unified"));
    }
  }
  if (s.options.set & spec::kRdonly) TRY_VOID(make_readonly(tmp.get(), false, s.destination));
  return {};
}

// One overlay layer, located once: inside the rootfs it is resolved in the root; on the host it
// is the directory the boundary walk reached. Opened for reading (the kernel takes no O_PATH fd).
Result<UniqueFd> open_layer(const safepath::Root& root, const safepath::RootfsBoundary& boundary,
                            const std::string& path, const char* role) {
  std::string what = std::string("overlay ") + role;
  if (path.empty() || path[0] != '/') return fail(what, "must be an absolute path", path);
  safepath::Located loc = TRY(within(boundary.locate(path), what));
  if (loc.in_rootfs) return root.resolve(loc.in_root, O_RDONLY | O_DIRECTORY);
  UniqueFd dir(::openat(loc.host.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return sys_error(what, path);
  return dir;
}

// The image's symlinks must not steer overlay's layers out of the rootfs: each layer is an fd
// (overlay.h), never the config's string.
Result<void> overlay_mount(const safepath::Root& root, const Step& s) {
  auto boundary = TRY(safepath::RootfsBoundary::of(root.fd()));
  OverlayLayers layers;
  for (const auto& p : s.lower_dirs) layers.lower.push_back(TRY(open_layer(root, boundary, p, "lowerdir")));
  for (const auto& p : s.data_dirs) layers.data.push_back(TRY(open_layer(root, boundary, p, "datadir")));
  if (!s.upper_dir.empty()) layers.upper = TRY(open_layer(root, boundary, s.upper_dir, "upperdir"));
  if (!s.work_dir.empty()) layers.work = TRY(open_layer(root, boundary, s.work_dir, "workdir"));
  UniqueFd mnt = TRY(new_overlay(layers, s.source, s.options));
  UniqueFd dest = TRY(root.mkdir_all(s.destination));
  return attach(mnt.get(), dest.get(), s.options, s.destination);
}

// Filesystems with nothing of the host behind them: the runtime may put its own entries
// (devices, /dev links) into one it mounted.
bool is_memory_fs(const std::string& type) { return type == "tmpfs" || type == "ramfs"; }

// A procfs or sysfs goes only onto an ordinary directory (or where nothing is yet): an image
// whose /proc or /sys is a symlink would otherwise have the kernel's view of the host's
// processes or devices mounted wherever the link leads inside the root. runc and crun refuse
// it with this message.
Result<void> refuse_kernel_fs_on_non_directory(const safepath::Root& root, const Step& s) {
  if (s.type != "proc" && s.type != "sysfs") return {};
  const std::string& d = s.destination;
  const auto slash = d.find_last_of('/');
  const std::string parent = slash == 0 || slash == std::string::npos ? "/" : d.substr(0, slash);
  const std::string name = slash == std::string::npos ? d : d.substr(slash + 1);
  if (name.empty()) return {};
  auto dir = root.resolve(parent, O_DIRECTORY);
  if (!dir) return dir.error().err == ENOENT ? Result<void>{} : std::unexpected(dir.error().within("mount"));
  struct stat st{};
  if (::fstatat(dir->get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0) return {};
  if (!S_ISDIR(st.st_mode))
    return fail("mount", "filesystem \"" + s.type + "\" must be mounted on ordinary directory", d);
  return {};
}

// tmpcopyup: the new tmpfs is filled with a copy of what the image has at the destination
// (copy_up.h: fd to fd, no symlink of the image followed) while it is still detached and
// writable, then attached, and made read-only if asked.
Result<void> tmpfs_copy_up_mount(safepath::Root& root, const Step& s) {
  spec::MountOptions writable = s.options;
  writable.set &= ~spec::kRdonly;
  UniqueFd mnt = TRY(new_fs_instance(s.type, s.source, writable));
  UniqueFd dest = TRY(root.mkdir_all(s.destination));
  TRY_VOID(copy_up(dest.get(), mnt.get(), s.destination));
  TRY_VOID(attach(mnt.get(), dest.get(), s.options, s.destination));
  if (s.options.set & spec::kRdonly) TRY_VOID(make_readonly(mnt.get(), false, s.destination));
  root.own_mount(mnt.get());
  return {};
}

Result<void> fs_mount(safepath::Root& root, const Step& s) {
  if (s.type == "overlay") return overlay_mount(root, s);
  TRY_VOID(refuse_kernel_fs_on_non_directory(root, s));
  if (s.type == "tmpfs" && s.options.tmpcopyup) return tmpfs_copy_up_mount(root, s);
  UniqueFd mnt = TRY(new_fs_instance(s.type, s.source, s.options));
  UniqueFd dest = TRY(root.mkdir_all(s.destination));
  TRY_VOID(attach(mnt.get(), dest.get(), s.options, s.destination));
  if (is_memory_fs(s.type)) root.own_mount(mnt.get());
  return {};
}

Result<void> mount_step(safepath::Root& root, const RootfsContext& ctx, const Step& s) {
  // An idmapped bind arrives idmapped (the runtime did it on the detached copy); nothing else may.
  if (s.options.idmap && s.type != "bind")
    return fail("mount", "idmapped mounts are supported for bind mounts only", s.destination);
  if (s.type == "bind") return bind_mount(root, ctx, s);
  if (s.type == "cgroup" || s.type == "cgroup2") return cgroup_mount(root, ctx, s);
  return fs_mount(root, s);
}

// A device or link the runtime adds is skipped, not forced, where the Root leaves entries alone
// (a directory bound in by the config, or a mount point the config made at that path).
Result<void> unless_left_alone(Result<void> r, const Step& s) {
  if (!r && safepath::Root::left_alone(r.error())) {
    log::debug("left as is (not the runtime's to rewrite): " + s.destination);
    return {};
  }
  return r;
}

// CVE-2025-31133: masking must never bind whatever the image put at /dev/null (a symlink to
// /proc/sys/kernel/core_pattern turns "mask" into "make writable"). The source is the host's
// /dev/null, opened before pivot_root and accepted only if fstat says char device 1:3.
Result<UniqueFd> verified_dev_null() {
  UniqueFd fd(::open("/dev/null", O_PATH | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return sys_error("mask: open host", "/dev/null");
  struct stat st{};
  if (::fstat(fd.get(), &st) < 0) return sys_error("mask: stat", "/dev/null");
  if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != 1 || minor(st.st_rdev) != 3)
    return fail("mask", "host /dev/null is not the null device (char 1:3)", "/dev/null");
  return fd;
}

Result<void> mask(const safepath::Root& root, const Step& s, int dev_null) {
  auto target = root.resolve(s.destination);
  if (!target && target.error().err == ENOENT) return {};  // nothing to hide
  if (!target) return std::unexpected(target.error().within("mask"));
  struct stat st{};
  if (::fstat(target->get(), &st) < 0) return sys_error("mask: stat", s.destination);
  spec::MountOptions ro;
  ro.set = spec::kRdonly | spec::kNosuid | spec::kNodev | spec::kNoexec;
  if (S_ISDIR(st.st_mode)) {
    ro.data = {"size=0", "mode=0555"};  // an empty, read-only directory
    UniqueFd tmp = TRY(new_fs_instance("tmpfs", "tmpfs", ro));
    return attach(tmp.get(), target->get(), {}, s.destination);
  }
  spec::MountOptions bind;
  bind.set = spec::kBind;
  UniqueFd tree = TRY(clone_tree(dev_null, bind, "/dev/null"));
  return attach(tree.get(), target->get(), {}, s.destination);
}

Result<void> readonly(const safepath::Root& root, const Step& s) {
  auto target = root.resolve(s.destination);
  if (!target && target.error().err == ENOENT) return {};
  if (!target) return std::unexpected(target.error().within("readonly path"));
  spec::MountOptions rbind;
  rbind.set = spec::kBind | spec::kRec;
  UniqueFd tree = TRY(clone_tree(target->get(), rbind, s.destination));
  TRY_VOID(make_readonly(tree.get(), true, s.destination));
  return attach(tree.get(), target->get(), {}, s.destination);
}

bool same_dir(int a, int b) {
  struct stat sa{}, sb{};
  return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// The rootfs directory in this mount namespace, proven to be the one the runtime checked.
// unshare(CLONE_NEWNS) moved the cwd the runtime gave the init (that directory) into the new
// namespace; a joined mount namespace resets the cwd, and there the bundle's path is the only
// name, accepted only when it is the same directory (device and inode).
Result<UniqueFd> checked_rootfs_dir(const RootfsContext& ctx) {
  UniqueFd cwd(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (ctx.rootfs_fd < 0) return fail("rootfs", "the runtime passed no checked rootfs directory", ctx.rootfs);
  if (cwd && same_dir(cwd.get(), ctx.rootfs_fd)) return cwd;
  UniqueFd named(::open(ctx.rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (named && same_dir(named.get(), ctx.rootfs_fd)) return named;
  return fail("rootfs", "in the container's mount namespace this is not the directory that was checked",
              ctx.rootfs);
}

}  // namespace

Result<safepath::Root> prepare_rootfs(const RootfsContext& ctx) {
  plan::RootPropagation rp = plan::parse_root_propagation(ctx.rootfs_propagation);
  // Nothing mounted in this namespace may reach the host's: its copy of the host's tree is made
  // slave (private for a private rootfsPropagation) before anything is mounted. Shared and
  // unbindable are applied to the container's own "/" only, after pivot_root (enter_root).
  // In the host's own mount namespace (no mount namespace in the config) its "/" is not ours to
  // change: the rootfs copy below is private instead, so nothing under it reaches the host's.
  if (!ctx.shares_host_mounts) {
    UniqueFd host_root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!host_root) return sys_error("open", "/");
    TRY_VOID(set_propagation(host_root.get(), rp.before_pivot(), true, "/"));
  }

  // The rootfs opened and checked once by the runtime is what is mounted: a detached copy of
  // that directory's tree, made non-propagating before it is attached onto that directory.
  UniqueFd dir = TRY(checked_rootfs_dir(ctx));
  spec::MountOptions rbind;
  rbind.set = spec::kBind | spec::kRec;
  UniqueFd tree = TRY(clone_tree(dir.get(), rbind, ctx.rootfs,
                                 ctx.shares_host_mounts ? spec::Propagation::Private : rp.before_pivot()));
  if (sys_move_mount(tree.get(), "", dir.get(), "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return sys_error("bind rootfs onto itself", ctx.rootfs);
  // runc runs createContainer hooks (and everything up to pivot_root) in the rootfs.
  if (::fchdir(tree.get()) < 0) return sys_error("chdir to rootfs", ctx.rootfs);
  return safepath::Root::adopt(std::move(tree), ctx.rootfs);
}

Result<void> apply_mounts_and_devices(safepath::Root& root, const plan::Plan& plan,
                                      const RootfsContext& ctx) {
  for (const Step& s : plan.steps) {
    switch (s.kind) {
      case StepKind::Mount: TRY_VOID(mount_step(root, ctx, s)); break;
      case StepKind::Device: TRY_VOID(unless_left_alone(create_device(root, s.device, ctx.in_user_ns), s)); break;
      case StepKind::Symlink: TRY_VOID(unless_left_alone(root.symlink(s.target, s.destination), s)); break;
      case StepKind::Mask:
      case StepKind::Readonly: break;  // after the hooks: apply_masks
    }
  }
  return {};
}

Result<void> apply_masks(const safepath::Root& root, const plan::Plan& plan, bool root_readonly) {
  if (plan.dev_readonly) {
    UniqueFd dev = TRY(root.resolve("/dev", O_PATH | O_DIRECTORY));
    TRY_VOID(make_readonly(dev.get(), false, "/dev"));
  }
  UniqueFd dev_null;
  for (const Step& s : plan.steps) {
    if (s.kind == StepKind::Mask) {
      if (!dev_null) dev_null = TRY(verified_dev_null());
      TRY_VOID(mask(root, s, dev_null.get()));
    } else if (s.kind == StepKind::Readonly) {
      TRY_VOID(readonly(root, s));
    }
  }
  if (root_readonly) TRY_VOID(make_readonly(root.fd(), false, "/"));
  return {};
}

namespace {

// --no-pivot: chroot alone would leave the host's whole tree in the container's mount
// namespace, unreachable by path but counted by the kernel: a fully visible host procfs or
// sysfs there lets a nested user namespace mount a fresh, unmasked one (runc answers
// "permission denied"). With the root moved onto "/", every other mount of the old tree is
// detached, so the mount table holds only the container's own tree above the old root. In a
// user namespace the kernel keeps the host's mounts locked (they cannot be detached); they stay
// unreachable, and each full procfs or sysfs among them is covered by an empty read-only tmpfs,
// as runc does. Mount points come from mountinfo: the host's own paths, in this private
// namespace, before any container process exists; the result is checked again by mount id.
bool revealing(const MountEntry& m) { return m.root == "/" && (m.fstype == "proc" || m.fstype == "sysfs"); }

Result<void> cover(const std::string& mount_point) {
  UniqueFd at(::open(mount_point.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
  if (!at) return sys_error("no-pivot: cover host mount", mount_point);
  spec::MountOptions ro;
  ro.set = spec::kRdonly | spec::kNosuid | spec::kNodev | spec::kNoexec;
  ro.data = {"size=0", "mode=000"};
  UniqueFd tmp = TRY(new_fs_instance("tmpfs", "tmpfs", ro));
  return attach(tmp.get(), at.get(), {}, mount_point);
}

struct OldTree {
  std::vector<MountEntry> mounts;
  std::uint64_t old_root = 0;
  std::vector<std::uint64_t> ours;  // the rootfs and everything below it
  [[nodiscard]] bool is_ours(std::uint64_t id) const { return std::find(ours.begin(), ours.end(), id) != ours.end(); }
};

Result<OldTree> read_tree(const safepath::Procfs& proc, std::uint64_t rootfs_id) {
  OldTree t;
  t.mounts = parse_mountinfo_lenient(TRY(proc.read_file("thread-self/mountinfo")));
  for (const auto& m : t.mounts)
    if (m.id == rootfs_id) t.old_root = m.parent;
  if (t.old_root == 0) return fail("no-pivot", "the rootfs is not in mountinfo");
  t.ours.push_back(rootfs_id);
  for (size_t i = 0; i < t.ours.size(); ++i)
    for (const auto& m : t.mounts)
      if (m.parent == t.ours[i] && m.id != t.ours[i] && !t.is_ours(m.id)) t.ours.push_back(m.id);
  return t;
}

bool is_covered(const OldTree& t, const MountEntry& m) {
  return std::any_of(t.mounts.begin(), t.mounts.end(),
                     [&](const MountEntry& c) { return c.parent == m.id && c.mount_point == m.mount_point; });
}

Result<void> detach_old_tree(std::uint64_t rootfs_id) {
  auto proc = TRY(safepath::Procfs::open_private());
  OldTree t = TRY(read_tree(proc, rootfs_id));
  for (const auto& m : t.mounts) {
    if (m.parent != t.old_root || m.id == t.old_root || t.is_ours(m.id) || m.mount_point == "/") continue;
    if (::umount2(m.mount_point.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0) continue;
    // EINVAL/EPERM: locked by the kernel (user namespace); ENOENT: gone with an earlier one.
    if (errno != EINVAL && errno != EPERM && errno != ENOENT) return sys_error("no-pivot: detach host mount", m.mount_point);
  }
  t = TRY(read_tree(proc, rootfs_id));
  for (const auto& m : t.mounts)
    if (m.id != t.old_root && !t.is_ours(m.id) && revealing(m) && !is_covered(t, m)) TRY_VOID(cover(m.mount_point));
  t = TRY(read_tree(proc, rootfs_id));
  for (const auto& m : t.mounts)
    if (m.id != t.old_root && !t.is_ours(m.id) && revealing(m) && !is_covered(t, m))
      return fail("no-pivot", "a host " + m.fstype + " is still visible in the container's mount namespace",
                  m.mount_point);
  return {};
}

Result<void> apply_root_propagation(const plan::RootPropagation& rp) {
  if (rp.kind == spec::Propagation::None) return {};
  UniqueFd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root) return sys_error("open", "/");
  return set_propagation(root.get(), rp.kind, rp.recursive, "/ (rootfsPropagation)");
}

}  // namespace

Result<void> enter_root(const safepath::Root& root, const plan::Plan& plan, bool no_pivot,
                        bool shares_host_mounts) {
  if (::fchdir(root.fd()) < 0) return sys_error("chdir to rootfs", root.display());
  if (shares_host_mounts) {
    // The host's mount namespace: pivot_root would change the host's root and detaching the
    // old tree would unmount the host's, so the container's root is a chroot into the rootfs
    // bind. Attack: a chroot alone can be left by a process holding CAP_SYS_CHROOT (chroot
    // into a subdirectory, then ".." past it); a config without a mount namespace asks for
    // the host's mounts, and `rampart check` reports it (docs/security.md).
    if (::chroot(".") < 0) return sys_error("chroot", root.display());
  } else if (no_pivot) {
    std::uint64_t rootfs_id = 0;
    if (sys_mount_id(root.fd(), "", AT_EMPTY_PATH, &rootfs_id) < 0) return sys_error("mount id", root.display());
    if (sys_move_mount(root.fd(), "", AT_FDCWD, "/", MOVE_MOUNT_F_EMPTY_PATH) < 0)
      return sys_error("move rootfs to /", root.display());
    TRY_VOID(detach_old_tree(rootfs_id));
    if (::chroot(".") < 0) return sys_error("chroot", root.display());
  } else {
    // pivot_root(".", ".") stacks the old root on top of the new one; detaching "." then
    // removes the host's tree from the container's mount namespace entirely.
    if (::syscall(SYS_pivot_root, ".", ".") < 0) return sys_error("pivot_root", root.display());
    if (::umount2(".", MNT_DETACH) < 0) return sys_error("detach old root", root.display());
  }
  if (::chdir("/") < 0) return sys_error("chdir", "/");
  // runc: rootfsPropagation is applied to the container's "/" once it is the root, so a
  // shared root is shared with the container's own mounts only, never with the host's.
  return apply_root_propagation(plan.root_propagation);
}

}  // namespace rampart::mount
