#include "container/admission.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container/bundle.h"
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

}  // namespace

Result<policy::HostFacts> gather_host_facts(const spec::Config& config, const std::string& bundle_dir,
                                            const std::map<size_t, int>* opened) {
  policy::HostFacts facts;
  for (size_t i = 0; i < config.mounts.size(); ++i) {
    const spec::Mount& m = config.mounts[i];
    if (!policy::is_bind(m) || m.source.empty()) continue;
    std::string src = m.source;
    if (src.front() != '/' && !bundle_dir.empty()) src = bundle_dir + "/" + src;
    policy::HostPath hp{m.source, policy::FileKind::Missing};
    // O_PATH follows symlinks like the bind mount itself will: a /tmp/x -> /etc source is judged
    // as /etc, not as /tmp/x.
    auto pre = opened ? opened->find(i) : std::map<size_t, int>::const_iterator{};
    UniqueFd fd(opened && pre != opened->end() ? ::fcntl(pre->second, F_DUPFD_CLOEXEC, 0)
                                               : ::open(src.c_str(), O_PATH | O_CLOEXEC));
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

Result<void> enforce_policy(const spec::Config& config, const std::string& id, const std::string& policy_file,
                            const std::string& bundle_dir, const std::map<size_t, int>* opened) {
  std::string file = policy_file;
  if (file.empty()) {
    struct stat st {};
    if (::stat(kDefaultPolicyFile, &st) != 0) return {};  // nothing to enforce
    file = kDefaultPolicyFile;
  }
  policy::Policy pol = TRY(load_policy(file));
  policy::HostFacts facts = TRY(gather_host_facts(config, bundle_dir, opened));
  policy::Report rep = policy::evaluate(config, facts, pol, id);
  if (!rep.failed) return {};
  return fail("policy " + file, "refused (profile " + std::string(policy::profile_name(rep.profile)) + "): " +
                                    policy::one_line(rep));
}

}  // namespace rampart::container
