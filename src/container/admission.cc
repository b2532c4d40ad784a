#include "container/admission.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container/bundle.h"
#include "linux/safepath/root.h"
#include "util/unique_fd.h"

namespace rampart::container {

namespace {

policy::FileKind kind_of(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFDIR: return policy::FileKind::Directory;
    case S_IFREG: return policy::FileKind::Regular;
    case S_IFSOCK: return policy::FileKind::Socket;
    case S_IFCHR: return policy::FileKind::CharDevice;
    case S_IFBLK: return policy::FileKind::BlockDevice;
    case S_IFIFO: return policy::FileKind::Fifo;
    default: return policy::FileKind::Other;
  }
}

std::string absolute_source(const spec::Mount& m, const std::string& bundle_dir) {
  if (m.source.front() == '/') return m.source;
  return (bundle_dir.empty() ? std::string(".") : bundle_dir) + "/" + m.source;
}

Result<safepath::Located> locate_one(const std::string& src, const safepath::RootfsBoundary* boundary) {
  if (boundary) return boundary->locate(src);
  UniqueFd fd(::open(src.c_str(), O_PATH | O_CLOEXEC));  // no rootfs: nothing to be inside of
  if (!fd) return sys_error("open", src);
  return safepath::Located{false, {}, std::move(fd)};
}

// What `loc` names, as an fd: the host file, or the file its path resolves to inside the root.
Result<UniqueFd> open_located(const safepath::Located& loc, int rootfs_fd) {
  if (!loc.in_rootfs) {
    UniqueFd fd(::fcntl(loc.host.get(), F_DUPFD_CLOEXEC, 0));
    if (!fd) return sys_error("dup");
    return fd;
  }
  UniqueFd dup(::fcntl(rootfs_fd, F_DUPFD_CLOEXEC, 0));
  if (!dup) return sys_error("dup");
  return safepath::Root::adopt(std::move(dup), "rootfs").resolve(loc.in_root);
}

UniqueFd open_rootfs_of(const spec::Config& config, const std::string& bundle_dir) {
  std::string root = config.root.path;
  if (root.empty()) return {};
  if (root.front() != '/') root = (bundle_dir.empty() ? std::string(".") : bundle_dir) + "/" + root;
  return UniqueFd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
}

}  // namespace

Result<LocatedSources> locate_bind_sources(const spec::Config& config, const std::string& bundle_dir,
                                           int rootfs_fd) {
  LocatedSources out;
  std::optional<safepath::RootfsBoundary> boundary;
  if (rootfs_fd >= 0) boundary = TRY(safepath::RootfsBoundary::of(rootfs_fd));
  for (size_t i = 0; i < config.mounts.size(); ++i) {
    const spec::Mount& m = config.mounts[i];
    if (!spec::is_bind_mount(m.type, m.options) || m.source.empty()) continue;
    std::string src = absolute_source(m, bundle_dir);
    auto loc = locate_one(src, boundary ? &*boundary : nullptr);
    if (loc)
      out.found.emplace(i, std::move(*loc));
    else
      out.missing.emplace(i, loc.error().within("bind mount source"));
  }
  return out;
}

Result<policy::HostFacts> gather_host_facts(const spec::Config& config, const std::string& bundle_dir,
                                            const std::map<size_t, safepath::Located>* located, int rootfs_fd) {
  policy::HostFacts facts;
  UniqueFd own_rootfs;
  std::optional<safepath::RootfsBoundary> boundary;
  if (!located) {
    own_rootfs = open_rootfs_of(config, bundle_dir);
    rootfs_fd = own_rootfs.get();
    if (own_rootfs) {
      if (auto b = safepath::RootfsBoundary::of(own_rootfs.get())) boundary = std::move(*b);
    }
  }
  for (size_t i = 0; i < config.mounts.size(); ++i) {
    const spec::Mount& m = config.mounts[i];
    if (!spec::is_bind_mount(m.type, m.options) || m.source.empty()) continue;
    policy::HostPath hp{m.source, policy::FileKind::Missing};
    UniqueFd fd;
    if (located) {
      if (auto it = located->find(i); it != located->end())
        if (auto f = open_located(it->second, rootfs_fd)) fd = std::move(*f);
    } else if (auto loc = locate_one(absolute_source(m, bundle_dir), boundary ? &*boundary : nullptr)) {
      if (auto f = open_located(*loc, rootfs_fd)) fd = std::move(*f);
    }
    if (fd) {
      char buf[PATH_MAX];
      std::string link = "/proc/self/fd/" + std::to_string(fd.get());
      ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
      if (n > 0 && buf[0] == '/') hp.real_path.assign(buf, static_cast<size_t>(n));
      struct stat st {};
      if (::fstat(fd.get(), &st) == 0) hp.kind = kind_of(st.st_mode);
    }
    facts.bind_sources.emplace(i, std::move(hp));
  }
  return facts;
}

Result<policy::Policy> load_policy(const std::string& path) {
  std::string text = TRY(read_file(path));
  auto p = policy::parse_policy(text);
  if (!p) return std::unexpected(Error{"policy", path, 0, p.error().detail});
  return p;
}

std::optional<std::string> policy_file_in_force(const std::string& given) {
  if (!given.empty()) return given;
  struct stat st {};
  if (::stat(kDefaultPolicyFile, &st) == 0) return kDefaultPolicyFile;
  return std::nullopt;
}

Result<policy::Policy> policy_for_judging(const std::string& policy_file, const std::string& profile) {
  policy::Policy pol;
  if (auto file = policy_file_in_force(policy_file)) pol = TRY(load_policy(*file));
  if (!profile.empty()) {
    auto p = policy::profile_from_name(profile);
    if (!p)
      return fail_as(ErrorKind::BadInput, {}, "unknown profile \"" + profile + "\" (privileged, baseline, restricted)");
    pol.profile = *p;
  }
  return pol;
}

Result<void> enforce_policy(const spec::Config& config, const std::string& id, const std::string& policy_file,
                            const std::string& bundle_dir, const std::map<size_t, safepath::Located>* located,
                            int rootfs_fd) {
  auto in_force = policy_file_in_force(policy_file);
  if (!in_force) return {};  // nothing to enforce
  const std::string& file = *in_force;
  policy::Policy pol = TRY(load_policy(file));
  policy::HostFacts facts = TRY(gather_host_facts(config, bundle_dir, located, rootfs_fd));
  policy::Report rep = policy::evaluate(config, facts, pol, id);
  if (!rep.failed) return {};
  return fail("policy " + file, "refused (profile " + std::string(policy::profile_name(rep.profile)) + "): " +
                                    policy::one_line(rep));
}

}  // namespace rampart::container
