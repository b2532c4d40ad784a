#include "linux/mount/attach.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/sys/syscalls.h"

namespace rampart::mount {
namespace {

using spec::MountOptions;

// Our option bits -> MOUNT_ATTR_* (per-mount flags; sync/dirsync/mand/lazytime are superblock
// flags and go through fsconfig instead).
uint64_t attr_bits(unsigned flags) {
  uint64_t a = 0;
  if (flags & spec::kRdonly) a |= MOUNT_ATTR_RDONLY;
  if (flags & spec::kNosuid) a |= MOUNT_ATTR_NOSUID;
  if (flags & spec::kNodev) a |= MOUNT_ATTR_NODEV;
  if (flags & spec::kNoexec) a |= MOUNT_ATTR_NOEXEC;
  if (flags & spec::kNodiratime) a |= MOUNT_ATTR_NODIRATIME;
  if (flags & spec::kNosymfollow) a |= MOUNT_ATTR_NOSYMFOLLOW;
  return a;
}

// The atime mode is one field, not a set of bits: the last of relatime/noatime/strictatime wins.
void atime_into(unsigned flags, mount_attr& attr) {
  if (flags & spec::kStrictatime) {
    attr.attr_clr |= MOUNT_ATTR__ATIME;
    attr.attr_set |= MOUNT_ATTR_STRICTATIME;
  } else if (flags & spec::kNoatime) {
    attr.attr_clr |= MOUNT_ATTR__ATIME;
    attr.attr_set |= MOUNT_ATTR_NOATIME;
  } else if (flags & spec::kRelatime) {
    attr.attr_clr |= MOUNT_ATTR__ATIME;
    attr.attr_set |= MOUNT_ATTR_RELATIME;
  }
}

Result<void> setattr(int fd, unsigned at_flags, mount_attr& attr, const std::string& what) {
  if (attr.attr_set == 0 && attr.attr_clr == 0 && attr.propagation == 0) return {};
  if (sys_mount_setattr(fd, "", AT_EMPTY_PATH | at_flags, &attr) < 0)
    return sys_error("set mount attributes", what);
  return {};
}

mount_attr top_attr(const MountOptions& o) {
  mount_attr top{};
  top.attr_set = attr_bits(o.set);
  top.attr_clr = attr_bits(o.clear);
  atime_into(o.set, top);
  return top;
}

// The recursive flags (rro, rnosuid...), for the whole tree.
mount_attr tree_attr(const MountOptions& o) {
  mount_attr rec{};
  rec.attr_set = attr_bits(o.recursive_set);
  rec.attr_clr = attr_bits(o.recursive_clear);
  atime_into(o.recursive_set, rec);
  return rec;
}

Result<void> apply_flags(int mnt, const MountOptions& o, const std::string& what) {
  mount_attr top = top_attr(o), rec = tree_attr(o);
  TRY_VOID(setattr(mnt, 0, top, what));
  return setattr(mnt, AT_RECURSIVE, rec, what);
}

Result<void> config_flag_or_string(int fs, const std::string& opt, const std::string& type) {
  auto eq = opt.find('=');
  int r = eq == std::string::npos
              ? sys_fsconfig(fs, FSCONFIG_SET_FLAG, opt.c_str(), nullptr, 0)
              : sys_fsconfig(fs, FSCONFIG_SET_STRING, opt.substr(0, eq).c_str(), opt.c_str() + eq + 1, 0);
  if (r < 0) return sys_error("mount " + type + ": option", opt);
  return {};
}

}  // namespace

Result<UniqueFd> open_fs(const std::string& type, const std::string& source) {
  UniqueFd fs(sys_fsopen(type.c_str(), FSOPEN_CLOEXEC));
  if (!fs) return sys_error("mount: open filesystem", type);
  if (!source.empty() && sys_fsconfig(fs.get(), FSCONFIG_SET_STRING, "source", source.c_str(), 0) < 0)
    return sys_error("mount " + type + ": source", source);
  return fs;
}

Result<void> set_fs_options(int fs, const MountOptions& o, const std::string& type) {
  for (const auto& opt : o.data) TRY_VOID(config_flag_or_string(fs, opt, type));
  // Superblock flags are filesystem options in the new API.
  if (o.set & spec::kSync) TRY_VOID(config_flag_or_string(fs, "sync", type));
  if (o.set & spec::kDirsync) TRY_VOID(config_flag_or_string(fs, "dirsync", type));
  if (o.set & spec::kLazytime) TRY_VOID(config_flag_or_string(fs, "lazytime", type));
  if (o.set & spec::kMand) TRY_VOID(config_flag_or_string(fs, "mand", type));
  return {};
}

Result<UniqueFd> mount_fs(int fs, const MountOptions& o, const std::string& type) {
  if (sys_fsconfig(fs, FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) < 0)
    return sys_error("mount: create filesystem", type);
  UniqueFd mnt(sys_fsmount(fs, FSMOUNT_CLOEXEC, 0));
  if (!mnt) return sys_error("mount: fsmount", type);
  TRY_VOID(apply_flags(mnt.get(), o, type));
  return mnt;
}

Result<UniqueFd> new_fs_instance(const std::string& type, const std::string& source,
                                 const MountOptions& o) {
  UniqueFd fs = TRY(open_fs(type, source));
  TRY_VOID(set_fs_options(fs.get(), o, type));
  return mount_fs(fs.get(), o, type);
}

Result<UniqueFd> clone_tree(int src_fd, const MountOptions& o, const std::string& what,
                            spec::Propagation baseline) {
  unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH;
  if (o.is_recursive_bind()) flags |= AT_RECURSIVE;
  // Never a peer of the source (see the header): private or slave, the whole copy, before it
  // can be attached -- in the very call that makes it where open_tree_attr exists (>= 6.15).
  mount_attr prop{};
  prop.propagation = baseline == spec::Propagation::Private ? MS_PRIVATE : MS_SLAVE;
  UniqueFd mnt(sys_open_tree_attr(src_fd, "", flags, &prop));
  if (!mnt && errno == ENOSYS) {
    mnt.reset(sys_open_tree(src_fd, "", flags));
    if (mnt) TRY_VOID(setattr(mnt.get(), AT_RECURSIVE, prop, what));
  }
  if (!mnt) return sys_error("bind mount: clone source", what);
  TRY_VOID(apply_flags(mnt.get(), o, what));
  return mnt;
}

Result<void> idmap_tree(int mnt_fd, int userns_fd, bool recursive, const std::string& what) {
  mount_attr attr{};
  attr.attr_set = MOUNT_ATTR_IDMAP;
  attr.userns_fd = static_cast<uint64_t>(userns_fd);
  if (sys_mount_setattr(mnt_fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr) < 0)
    return sys_error("idmapped mount (mount_setattr MOUNT_ATTR_IDMAP)", what);
  return {};
}

Result<void> attach(int mnt_fd, int dest_fd, const MountOptions& o, const std::string& dest) {
  if (sys_move_mount(mnt_fd, "", dest_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
    return sys_error("mount onto", dest);
  if (o.propagation != spec::Propagation::None)
    TRY_VOID(set_propagation(mnt_fd, o.propagation, o.propagation_recursive, dest));
  return {};
}

Result<void> attach_prepared(int tree_fd, int dest_fd, int parent_fd, const std::string& name,
                             const MountOptions& o, const std::string& dest) {
  TRY_VOID(attach(tree_fd, dest_fd, {}, dest));
  unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (o.is_recursive_bind() ? AT_RECURSIVE : 0);
  UniqueFd copy(sys_open_tree(tree_fd, "", flags));
  struct stat st{};
  if (copy && ::fstat(tree_fd, &st) == 0 && (S_ISDIR(st.st_mode) || parent_fd >= 0)) {
    // umount2 takes a path only: "." with the cwd on the tree's root, or the name in its directory.
    UniqueFd cwd(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!cwd) return sys_error("open", ".");
    const bool is_dir = S_ISDIR(st.st_mode);
    if (::fchdir(is_dir ? tree_fd : parent_fd) < 0) return sys_error("chdir to mount", dest);
    const bool detached = ::umount2(is_dir ? "." : name.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0;
    const int saved = errno;
    if (::fchdir(cwd.get()) < 0) return sys_error("chdir back", dest);
    if (detached) return attach(copy.get(), dest_fd, o, dest);
    if (saved != EINVAL) return sys_error("detach the prepared tree", dest, saved);
    // EINVAL: the name is not that mount (an image symlink led the destination elsewhere);
    // the tree stays as attached.
  }
  if (o.propagation != spec::Propagation::None)
    TRY_VOID(set_propagation(tree_fd, o.propagation, o.propagation_recursive, dest));
  return {};
}

Result<void> set_propagation(int fd, spec::Propagation p, bool recursive, const std::string& what) {
  mount_attr attr{};
  switch (p) {
    case spec::Propagation::None: return {};
    case spec::Propagation::Private: attr.propagation = MS_PRIVATE; break;
    case spec::Propagation::Shared: attr.propagation = MS_SHARED; break;
    case spec::Propagation::Slave: attr.propagation = MS_SLAVE; break;
    case spec::Propagation::Unbindable: attr.propagation = MS_UNBINDABLE; break;
  }
  return setattr(fd, recursive ? AT_RECURSIVE : 0, attr, what);
}

Result<void> make_readonly(int fd, bool recursive, const std::string& what) {
  mount_attr attr{};
  attr.attr_set = MOUNT_ATTR_RDONLY;
  return setattr(fd, recursive ? AT_RECURSIVE : 0, attr, what);
}

}  // namespace rampart::mount
