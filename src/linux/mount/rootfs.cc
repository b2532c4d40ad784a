#include "linux/mount/rootfs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/mount/attach.h"
#include "linux/mount/devices.h"
#include "linux/safepath/syscalls.h"

namespace rampart::mount {
namespace {

using plan::Step;
using plan::StepKind;

bool is_under(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

// Rule 10: a bind source is opened once on the host and that very fd is what gets mounted, so
// what was checked is what is mounted. A source inside the rootfs belongs to the image and is
// resolved inside the root like any other rootfs path (an image symlink cannot point it at the
// host).
Result<UniqueFd> open_bind_source(const safepath::Root& root, const RootfsContext& ctx, const Step& s) {
  std::string src = safepath::clean_path(s.source);
  if (s.source.empty() || s.source[0] != '/')
    return fail("bind mount", "source must be an absolute host path", s.source);
  if (src == ctx.rootfs || is_under(src, ctx.rootfs))
    return root.resolve(src.substr(ctx.rootfs.size()));
  int fd = ::open(s.source.c_str(), O_PATH | O_CLOEXEC);
  if (fd < 0) return sys_error("bind mount: open source", s.source);
  return UniqueFd(fd);
}

Result<void> bind_mount(const safepath::Root& root, const RootfsContext& ctx, const Step& s) {
  UniqueFd tree;
  if (ctx.bind_source_fds) {
    // Cloned by the runtime from the very fd policy judged, before this mount namespace existed.
    auto it = ctx.bind_source_fds->find(s.mount_index);
    if (it != ctx.bind_source_fds->end()) tree.reset(::fcntl(it->second, F_DUPFD_CLOEXEC, 0));
  }
  if (!tree) {
    UniqueFd src = TRY(open_bind_source(root, ctx, s));
    tree = TRY(clone_tree(src.get(), s.options, s.source));
  }
  struct stat st{};
  if (::fstat(tree.get(), &st) < 0) return sys_error("bind mount: stat source", s.source);
  // The destination takes the source's shape: a directory for a directory, a file otherwise.
  UniqueFd dest = S_ISDIR(st.st_mode) ? TRY(root.mkdir_all(s.destination)) : TRY(root.create_file(s.destination));
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

Result<void> fs_mount(const safepath::Root& root, const Step& s) {
  UniqueFd mnt = TRY(new_fs_instance(s.type, s.source, s.options));
  UniqueFd dest = TRY(root.mkdir_all(s.destination));
  return attach(mnt.get(), dest.get(), s.options, s.destination);
}

Result<void> mount_step(const safepath::Root& root, const RootfsContext& ctx, const Step& s) {
  if (s.options.idmap) return fail("mount", "idmapped mounts are not supported yet", s.destination);
  if (s.type == "bind") return bind_mount(root, ctx, s);
  if (s.type == "cgroup" || s.type == "cgroup2") return cgroup_mount(root, ctx, s);
  return fs_mount(root, s);
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

spec::Propagation propagation_of(const std::string& p, bool& recursive) {
  recursive = p.empty() || p[0] == 'r';
  std::string base = (!p.empty() && p[0] == 'r') ? p.substr(1) : p;
  if (base == "private") return spec::Propagation::Private;
  if (base == "shared") return spec::Propagation::Shared;
  if (base == "unbindable") return spec::Propagation::Unbindable;
  return spec::Propagation::Slave;  // "" and "slave": nothing we mount propagates to the host
}

}  // namespace

Result<safepath::Root> prepare_rootfs(const RootfsContext& ctx) {
  bool rec = true;
  spec::Propagation prop = propagation_of(ctx.rootfs_propagation, rec);
  // Shared is applied to the rootfs mount only at the end; the host tree stays slave so that
  // no mount made for the container appears on the host.
  spec::Propagation host_prop = prop == spec::Propagation::Shared ? spec::Propagation::Slave : prop;
  UniqueFd host_root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!host_root) return sys_error("open", "/");
  TRY_VOID(set_propagation(host_root.get(), host_prop, true, "/"));

  UniqueFd tree(sys_open_tree(AT_FDCWD, ctx.rootfs.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE));
  if (!tree) return sys_error("bind rootfs", ctx.rootfs);
  if (sys_move_mount(tree.get(), "", AT_FDCWD, ctx.rootfs.c_str(), MOVE_MOUNT_F_EMPTY_PATH) < 0)
    return sys_error("bind rootfs onto itself", ctx.rootfs);
  // pivot_root refuses a shared new root; private until the end unless asked otherwise.
  TRY_VOID(set_propagation(tree.get(), prop == spec::Propagation::Shared ? spec::Propagation::Private : prop,
                           false, ctx.rootfs));
  return safepath::Root::adopt(std::move(tree), ctx.rootfs);
}

Result<void> apply_mounts_and_devices(const safepath::Root& root, const plan::Plan& plan,
                                      const RootfsContext& ctx) {
  for (const Step& s : plan.steps) {
    switch (s.kind) {
      case StepKind::Mount: TRY_VOID(mount_step(root, ctx, s)); break;
      case StepKind::Device: TRY_VOID(create_device(root, s.device, ctx.in_user_ns)); break;
      case StepKind::Symlink: TRY_VOID(root.symlink(s.target, s.destination)); break;
      case StepKind::Mask:
      case StepKind::Readonly: break;  // after the hooks: apply_masks
    }
  }
  return {};
}

Result<void> apply_masks(const safepath::Root& root, const plan::Plan& plan, bool root_readonly) {
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

Result<void> enter_root(const safepath::Root& root, bool no_pivot) {
  if (::fchdir(root.fd()) < 0) return sys_error("chdir to rootfs", root.display());
  if (no_pivot) {
    if (sys_move_mount(root.fd(), "", AT_FDCWD, "/", MOVE_MOUNT_F_EMPTY_PATH) < 0)
      return sys_error("move rootfs to /", root.display());
    if (::chroot(".") < 0) return sys_error("chroot", root.display());
  } else {
    // pivot_root(".", ".") stacks the old root on top of the new one; detaching "." then
    // removes the host's tree from the container's mount namespace entirely.
    if (::syscall(SYS_pivot_root, ".", ".") < 0) return sys_error("pivot_root", root.display());
    if (::umount2(".", MNT_DETACH) < 0) return sys_error("detach old root", root.display());
  }
  if (::chdir("/") < 0) return sys_error("chdir", "/");
  return {};
}

}  // namespace rampart::mount
