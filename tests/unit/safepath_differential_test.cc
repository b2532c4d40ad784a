// Differential fuzzing of the safe-path layer with the kernel as the oracle. Random trees of
// directories, files and symlinks (absolute, relative, ".." chains, loops, dangling, escapes)
// are built in a temp dir; random paths are resolved by a raw openat2(RESOLVE_IN_ROOT |
// RESOLVE_NO_MAGICLINKS) and by safepath::Root with each backend. The walker must agree with the
// kernel (the same inode, or the same errno), and no result may ever be an inode outside the
// root. Then the same resolutions run while a thread renames and exchanges entries
// (renameat2(RENAME_EXCHANGE)) inside the root: results may differ from run to run, but none
// may be outside the root, ever (CVE-2021-30465, CVE-2024-45310).
//
// Sizes: RAMPART_SAFEPATH_FUZZ_SCALE (default 1) multiplies the trees and paths; the `stress`
// ctest entry runs it at a large scale. The seed is printed on failure and can be fixed with
// RAMPART_SAFEPATH_FUZZ_SEED.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "linux/safepath/root.h"

namespace fs = std::filesystem;
using rampart::UniqueFd;
using rampart::safepath::Backend;
using rampart::safepath::Root;

namespace {

using Inode = std::pair<dev_t, ino_t>;

unsigned long env_number(const char* name, unsigned long fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoul(v, nullptr, 10) : fallback;
}

// The oracle: the kernel's own in-root resolution, called directly (not through safepath).
// Returns an fd or -errno.
int kernel_resolve(int rootfd, const std::string& path, bool nofollow_last) {
  open_how how{};
  how.flags = O_PATH | O_CLOEXEC | (nofollow_last ? O_NOFOLLOW : 0);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  long fd = ::syscall(SYS_openat2, rootfd, path.c_str(), &how, sizeof how);
  return fd < 0 ? -errno : static_cast<int>(fd);
}

Inode inode_of(int fd) {
  struct stat st{};
  if (::fstat(fd, &st) != 0) return {0, 0};
  return {st.st_dev, st.st_ino};
}

// A random hostile tree under <base>/root, with <base>/outside holding a canary that any escape
// would reach. Every inode created under the root is remembered: renames inside the root never
// change that set, so "is this fd inside?" stays answerable during a race.
class Tree {
 public:
  explicit Tree(std::mt19937_64& rng) : rng_(rng) {
    char tmpl[] = "/tmp/rampart-spdiff-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) std::abort();
    base_ = tmpl;
    fs::create_directory(base_ / "root");
    fs::create_directory(base_ / "outside");
    fs::create_directory(base_ / "outside" / "a");
    std::ofstream(base_ / "outside" / "canary") << "host";
    build(base_ / "root", "", 0);
  }
  ~Tree() {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  fs::path root() const { return base_ / "root"; }
  const std::vector<std::string>& entries() const { return entries_; }
  std::set<Inode> inside_inodes() const {
    std::set<Inode> out;
    struct stat st{};
    if (::lstat(root().c_str(), &st) == 0) out.insert({st.st_dev, st.st_ino});
    for (auto it = fs::recursive_directory_iterator(root(), fs::directory_options::none);
         it != fs::recursive_directory_iterator(); ++it)
      if (::lstat(it->path().c_str(), &st) == 0) out.insert({st.st_dev, st.st_ino});
    return out;
  }
  std::set<Inode> outside_inodes() const {
    std::set<Inode> out;
    struct stat st{};
    for (const char* p : {"", "/outside", "/outside/a", "/outside/canary"})
      if (::lstat((base_.string() + p).c_str(), &st) == 0) out.insert({st.st_dev, st.st_ino});
    return out;
  }
  std::string canary() const {
    std::ifstream in(base_ / "outside" / "canary");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // A random symlink target: what an image can plant.
  std::string random_target() {
    static const char* kFixed[] = {"/", ".", "..", "../..", "../../..", "/..", "/../..", "../outside",
                                   "../../outside/canary", "/outside", "a", "a/b", "/a/b/c", "../a",
                                   "./a/../b", "//a//b/", "a/", "c/../../d", "/proc/self/root",
                                   "/proc/self/fd/3", "loop", "x/loop", "nonexistent", "/d/e/f"};
    std::string t;
    if (pick(3) == 0) {
      t = kFixed[pick(std::size(kFixed))];
    } else {
      if (pick(2)) t = "/";
      const int n = 1 + static_cast<int>(pick(4));
      for (int i = 0; i < n; ++i) {
        if (i) t += '/';
        t += component();
      }
    }
    if (t.find("outside") != std::string::npos && pick(2)) t = (base_ / "outside").string();  // a host path
    return t;
  }
  std::string component() {
    static const char* kNames[] = {"a", "b", "c", "d", "..", ".", "loop", "x", "f", ""};
    return kNames[pick(std::size(kNames))];
  }
  // A random path to resolve.
  std::string random_path() {
    std::string p = pick(3) == 0 ? "/" : "";
    const int n = static_cast<int>(pick(7));
    for (int i = 0; i < n; ++i) {
      if (i) p += '/';
      if (pick(3) == 0 && !entries_.empty()) p += entries_[pick(entries_.size())];
      else p += component();
    }
    if (pick(6) == 0) p += '/';
    if (pick(10) == 0) p += "/..";
    return p;
  }
  size_t pick(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }

 private:
  void build(const fs::path& dir, const std::string& rel, int depth) {
    static const char* kNames[] = {"a", "b", "c", "d", "loop", "x", "f"};
    for (const char* name : kNames) {
      if (pick(3) == 0) continue;
      const fs::path p = dir / name;
      const std::string r = rel.empty() ? name : rel + "/" + name;
      const size_t kind = depth >= 3 ? 1 + pick(2) : pick(3);
      if (kind == 0) {
        fs::create_directory(p);
        entries_.push_back(r);
        build(p, r, depth + 1);
      } else if (kind == 1) {
        std::ofstream(p) << r;
        entries_.push_back(r);
      } else {
        std::string target = std::string(name) == "loop" && pick(2) ? "loop" : random_target();
        if (target.empty()) target = ".";
        if (::symlink(target.c_str(), p.c_str()) == 0) entries_.push_back(r);
      }
    }
  }

  std::mt19937_64& rng_;
  fs::path base_;
  std::vector<std::string> entries_;
};

struct Outcome {
  int err = 0;  // 0: resolved
  Inode inode{0, 0};
  std::string where;  // the fd's path as /proc shows it, for messages
  bool operator==(const Outcome& o) const { return err == o.err && inode == o.inode; }
};

std::string where_is(int fd) {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/fd/" + std::to_string(fd), ec);
  return ec ? std::string("?") : p.string();
}

std::string show(const Outcome& o) {
  if (o.err) return std::string("errno ") + std::to_string(o.err) + " (" + std::strerror(o.err) + ")";
  return "inode " + std::to_string(o.inode.second) + " (" + o.where + ")";
}

Outcome via_safepath(const Root& root, const std::string& path, bool nofollow_last) {
  auto fd = root.resolve(path, 0, nofollow_last);
  if (!fd) return {fd.error().err != 0 ? fd.error().err : -1, {0, 0}, {}};
  return {0, inode_of(fd->get()), where_is(fd->get())};
}

Outcome via_kernel(int rootfd, const std::string& path, bool nofollow_last) {
  // Root::resolve("") is the root itself (documented); openat2 needs "." for that.
  // The kernel answers EAGAIN under RESOLVE_IN_ROOT when any rename or mount happened anywhere
  // meanwhile (other tests run in parallel); retried, as the openat2 backend retries it.
  int fd = -EAGAIN;
  for (int i = 0; i < 32 && fd == -EAGAIN; ++i) fd = kernel_resolve(rootfd, path.empty() ? "." : path, nofollow_last);
  if (fd < 0) return {-fd, {0, 0}, {}};
  UniqueFd owned(fd);
  return {0, inode_of(fd), where_is(fd)};
}

class SafePathDifferential : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_ = env_number("RAMPART_SAFEPATH_FUZZ_SEED", static_cast<unsigned long>(
                                                         std::chrono::steady_clock::now().time_since_epoch().count()));
    scale_ = std::max(1ul, env_number("RAMPART_SAFEPATH_FUZZ_SCALE", 1));
    rng_.seed(seed_);
    RecordProperty("seed", std::to_string(seed_));
  }
  void TearDown() override { rampart::safepath::set_backend_for_testing(std::nullopt); }
  bool kernel_has_openat2() {
    int fd = kernel_resolve(AT_FDCWD, "/", false);
    if (fd >= 0) ::close(fd);
    return fd != -ENOSYS;  // the no-openat2 ctest variant blocks it with seccomp
  }

  unsigned long seed_ = 0, scale_ = 1;
  std::mt19937_64 rng_;
};

TEST_F(SafePathDifferential, WalkerAgreesWithKernelAndNeverLeavesRoot) {
  const bool oracle = kernel_has_openat2();
  long compared = 0, resolved = 0, disagreements = 0;
  const unsigned long trees = 40 * scale_;
  for (unsigned long t = 0; t < trees; ++t) {
    Tree tree(rng_);
    auto root = Root::open(tree.root().string());
    ASSERT_TRUE(root) << root.error().message();
    const auto inside = tree.inside_inodes();
    const auto outside = tree.outside_inodes();
    for (int i = 0; i < 150; ++i) {
      const std::string path = tree.random_path();
      const bool nofollow = tree.pick(4) == 0;
      rampart::safepath::set_backend_for_testing(Backend::Walker);
      const Outcome walker = via_safepath(*root, path, nofollow);
      rampart::safepath::set_backend_for_testing(Backend::Openat2);
      const Outcome backend = via_safepath(*root, path, nofollow);
      for (const Outcome* o : {&walker, &backend}) {
        if (o->err) continue;
        ++resolved;
        ASSERT_FALSE(outside.contains(o->inode)) << "ESCAPE: \"" << path << "\" resolved outside the root (seed " << seed_ << ")";
        ASSERT_TRUE(inside.contains(o->inode)) << "\"" << path << "\" resolved to an inode not in the root (seed " << seed_ << ")";
      }
      if (!oracle) continue;
      const Outcome kernel = via_kernel(root->fd(), path, nofollow);
      // EAGAIN is no answer: under RESOLVE_IN_ROOT the kernel gives it while renames happen
      // anywhere (parallel tests), and a loaded machine can outlast every retry on either side.
      if (backend.err == EAGAIN || kernel.err == EAGAIN) continue;
      ++compared;
      EXPECT_EQ(backend, kernel) << "openat2 backend vs kernel on \"" << path << "\"";
      if (!(walker == kernel)) {
        ++disagreements;
        ADD_FAILURE() << "walker vs kernel on \"" << path << "\"" << (nofollow ? " (nofollow_last)" : "")
                      << ": walker " << show(walker) << ", kernel " << show(kernel) << " (seed " << seed_
                      << ", tree " << t << ")";
        if (disagreements > 20) return;
      }
    }
    ASSERT_EQ(tree.canary(), "host");
  }
  RecordProperty("compared", std::to_string(compared));
  RecordProperty("resolved", std::to_string(resolved));
  std::printf("safepath differential: seed %lu, %lu trees, %ld paths compared with the kernel, %ld resolved inside\n",
              seed_, trees, compared, resolved);
  EXPECT_GT(resolved, 0);
}

// Resolutions racing a thread that swaps entries around inside the root. Agreement is not
// expected (the tree changes between two lookups), containment is.
TEST_F(SafePathDifferential, RacingRenamesNeverLeaveRoot) {
  const bool oracle = kernel_has_openat2();
  long resolved = 0, swaps = 0, attempts = 0;
  const unsigned long trees = 6 * scale_;
  for (unsigned long t = 0; t < trees; ++t) {
    Tree tree(rng_);
    auto root = Root::open(tree.root().string());
    ASSERT_TRUE(root) << root.error().message();
    const auto inside = tree.inside_inodes();
    const auto outside = tree.outside_inodes();
    std::vector<std::string> entries = tree.entries();
    if (entries.size() < 2) continue;
    const int rootfd = root->fd();
    std::atomic<bool> stop{false};
    std::atomic<long> done_swaps{0};
    // The racer is the container: it can only reach entries through the root, never through a
    // symlink that points at the host. So each entry's parent is opened in-root (openat2
    // RESOLVE_IN_ROOT, or only top-level entries when openat2 is blocked) and renamed from there:
    // a plain renameat(rootfd, "d/x") would follow a planted "d -> /host/path" on the host and
    // drag host files into the root, which no container can do.
    auto parent_of = [&](const std::string& entry, std::string& name) -> int {
      const auto slash = entry.rfind('/');
      name = slash == std::string::npos ? entry : entry.substr(slash + 1);
      if (slash == std::string::npos) return ::fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
      if (!oracle) return -1;
      return kernel_resolve(rootfd, entry.substr(0, slash), false);
    };
    std::thread racer([&, seed = rng_()] {
      std::mt19937_64 r(seed);
      while (!stop.load(std::memory_order_relaxed)) {
        std::string na, nb;
        UniqueFd da(parent_of(entries[r() % entries.size()], na));
        UniqueFd db(parent_of(entries[r() % entries.size()], nb));
        if (!da || !db) continue;
        // Exchange two entries, or move one onto another name and back: a directory swapped
        // for a symlink to "../../.." is the classic mid-walk attack.
        if (r() % 4 == 0) {
          if (::renameat(da.get(), na.c_str(), rootfd, "moved") == 0) {
            ::renameat(rootfd, "moved", da.get(), na.c_str());
            done_swaps.fetch_add(1, std::memory_order_relaxed);
          }
        } else if (::renameat2(da.get(), na.c_str(), db.get(), nb.c_str(), RENAME_EXCHANGE) == 0) {
          done_swaps.fetch_add(1, std::memory_order_relaxed);
        }
      }
    });
    for (int i = 0; i < 3000; ++i) {
      const std::string path = tree.random_path();
      const bool nofollow = tree.pick(4) == 0;
      std::vector<Outcome> outcomes;
      static const char* kWho[] = {"walker", "openat2 backend", "kernel"};
      rampart::safepath::set_backend_for_testing(Backend::Walker);
      outcomes.push_back(via_safepath(*root, path, nofollow));
      rampart::safepath::set_backend_for_testing(Backend::Openat2);
      outcomes.push_back(via_safepath(*root, path, nofollow));
      if (oracle) outcomes.push_back(via_kernel(rootfd, path, nofollow));
      attempts += static_cast<long>(outcomes.size());
      for (size_t k = 0; k < outcomes.size(); ++k) {
        const Outcome& o = outcomes[k];
        if (o.err) continue;
        ++resolved;
        if (outside.contains(o.inode) || !inside.contains(o.inode)) {
          stop = true;
          racer.join();
          FAIL() << "ESCAPE during a rename race: " << kWho[k] << " resolved \"" << path << "\"" << (nofollow ? " (nofollow_last)" : "")
                 << " to " << show(o) << (outside.contains(o.inode) ? ", outside the root" : ", not an inode of the root")
                 << " (seed " << seed_ << ", tree " << t << ")";
        }
      }
    }
    stop = true;
    racer.join();
    swaps += done_swaps.load();
    ASSERT_EQ(tree.canary(), "host");
  }
  std::printf("safepath race: seed %lu, %lu trees, %ld resolutions (%ld inside), %ld swaps\n", seed_, trees,
              attempts, resolved, swaps);
  EXPECT_GT(swaps, 0);
  EXPECT_GT(resolved, 0);
}

}  // namespace
