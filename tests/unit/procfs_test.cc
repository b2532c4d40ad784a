// The private procfs handle. Needs root (fsopen/open_tree, mounts in a private namespace); the
// over-mount tests run in a forked child that first makes its own mount namespace, so nothing
// is ever mounted over the host's /proc. No test writes a host sysctl: the only write puts the
// current oom_score_adj value back.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "../helper/seccomp_enosys.h"
#include "in_child.h"
#include "linux/safepath/procfs.h"
#include "linux/safepath/root.h"
#include "linux/sys/syscalls.h"

namespace fs = std::filesystem;
using rampart::UniqueFd;
using rampart::safepath::Backend;
using rampart::safepath::Procfs;
using rampart::safepath::ProcfsKind;

namespace {

bool on_procfs(int fd) {
  struct statfs sfs {};
  return ::fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC;
}

const char* kind_name(ProcfsKind k) {
  switch (k) {
    case ProcfsKind::Private: return "private";
    case ProcfsKind::Clone: return "clone";
    case ProcfsKind::Host: return "host";
  }
  return "?";
}

class ProcfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "procfs handle tests need root (fsopen, mounts)";
  }
  void TearDown() override { rampart::safepath::set_backend_for_testing(std::nullopt); }
};

TEST_F(ProcfsTest, OpenPrivateIsADetachedProcfs) {
  auto p = Procfs::open_private();
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->kind(), ProcfsKind::Private);
  EXPECT_TRUE(on_procfs(p->fd()));
  EXPECT_NE(p->mount_id(), 0u);
}

TEST_F(ProcfsTest, EveryKindReadsSelfStatusUnderBothBackends) {
  for (Backend b : {Backend::Openat2, Backend::Walker}) {
    rampart::safepath::set_backend_for_testing(b);
    for (ProcfsKind k : {ProcfsKind::Private, ProcfsKind::Clone, ProcfsKind::Host}) {
      auto p = Procfs::open_kind(k);
      ASSERT_TRUE(p) << kind_name(k) << ": " << p.error().message();
      auto s = p->read_file("self/status");
      ASSERT_TRUE(s) << kind_name(k) << ": " << s.error().message();
      EXPECT_NE(s->find("\nPid:\t" + std::to_string(::getpid()) + "\n"), std::string::npos)
          << kind_name(k);
      auto t = p->read_file("thread-self/comm");
      EXPECT_TRUE(t) << kind_name(k) << ": " << t.error().message();
      auto sys = p->read_file("sys/kernel/ostype");
      ASSERT_TRUE(sys) << kind_name(k) << ": " << sys.error().message();
      EXPECT_EQ(*sys, "Linux\n");
      auto dir = p->open("self/", O_RDONLY | O_DIRECTORY);
      EXPECT_TRUE(dir) << kind_name(k) << ": " << dir.error().message();
    }
  }
}

TEST_F(ProcfsTest, WritesOomScoreAdjBack) {
  for (Backend b : {Backend::Openat2, Backend::Walker}) {
    rampart::safepath::set_backend_for_testing(b);
    auto p = Procfs::open_private();
    ASSERT_TRUE(p) << p.error().message();
    auto cur = p->read_file("self/oom_score_adj");
    ASSERT_TRUE(cur) << cur.error().message();
    auto w = p->write_file("self/oom_score_adj", *cur);  // the same value: changes nothing
    ASSERT_TRUE(w) << w.error().message();
    auto again = p->read_file("self/oom_score_adj");
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *cur);
  }
}

TEST_F(ProcfsTest, MagicLinksAndEscapesAreRefused) {
  for (Backend b : {Backend::Openat2, Backend::Walker}) {
    rampart::safepath::set_backend_for_testing(b);
    auto p = Procfs::open_private();
    ASSERT_TRUE(p) << p.error().message();
    for (const char* rel : {"self/root", "self/root/etc/passwd", "self/cwd/x", "self/exe",
                            "self/fd/0", "thread-self/root/etc", "../etc/passwd", "/etc/passwd",
                            "self/ns/mnt"}) {
      auto fd = p->open(rel, O_RDONLY);
      EXPECT_FALSE(fd) << rel << " opened (backend " << static_cast<int>(b) << ")";
    }
    EXPECT_FALSE(p->open("self/status", O_CREAT | O_RDWR));
  }
}

TEST_F(ProcfsTest, WithFdPathNamesTheFdAndRestoresCwd) {
  auto p = Procfs::open_private();
  ASSERT_TRUE(p) << p.error().message();
  int fd = ::open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  UniqueFd guard(fd);
  auto before = fs::current_path();
  auto r = p->with_fd_path(fd, [](std::string path) -> rampart::Result<std::string> {
    std::error_code ec;
    auto target = fs::read_symlink(path, ec);
    if (ec) return rampart::fail("readlink", ec.message(), path);
    return target.string();
  });
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, "/tmp");
  EXPECT_EQ(fs::current_path(), before);
}

// CVE-2019-16884 / CVE-2025-52881: something mounted over a procfs file (a tmpfs file, or
// another procfs file) must never take the runtime's write. Mounted in a child's private mount
// namespace only.
TEST_F(ProcfsTest, OverMountsInsideProcAreNeverFollowed) {
  std::string errs = in_child([]() -> std::string {
    std::string out;
    auto bad = [&](const std::string& s) { out += s + "\n"; };
    if (::unshare(CLONE_NEWNS) != 0) return "unshare: " + std::string(std::strerror(errno));
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      return "make / rprivate failed";
    std::vector<std::pair<ProcfsKind, Procfs>> handles;
    for (ProcfsKind k : {ProcfsKind::Private, ProcfsKind::Clone, ProcfsKind::Host}) {
      auto p = Procfs::open_kind(k);
      if (!p) return std::string("open before: ") + p.error().message();
      handles.emplace_back(k, std::move(*p));
    }
    char tmpl[] = "/tmp/rampart-procfs-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return "mkdtemp";
    std::string dir = tmpl;
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k") != 0) return "mount tmpfs";
    std::string fake = dir + "/fake";
    { UniqueFd f(::open(fake.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644)); }
    std::string self = "/proc/" + std::to_string(::getpid());
    // 1. a tmpfs file over oom_score_adj, 2. another procfs file over comm,
    // 3. a tmpfs over the whole sys/kernel directory.
    if (::mount(fake.c_str(), (self + "/oom_score_adj").c_str(), nullptr, MS_BIND, nullptr) != 0)
      return "bind over oom_score_adj: " + std::string(std::strerror(errno));
    std::string status = self + "/status", comm = self + "/comm";
    if (::mount(status.c_str(), comm.c_str(), nullptr, MS_BIND, nullptr) != 0)
      return "bind over comm: " + std::string(std::strerror(errno));
    if (::mount("tmpfs", "/proc/sys/kernel", "tmpfs", 0, "size=64k") != 0)
      return "tmpfs over /proc/sys/kernel: " + std::string(std::strerror(errno));
    { UniqueFd f(::open("/proc/sys/kernel/ostype", O_CREAT | O_WRONLY | O_CLOEXEC, 0644)); }
    for (ProcfsKind k : {ProcfsKind::Private, ProcfsKind::Clone, ProcfsKind::Host}) {
      auto p = Procfs::open_kind(k);
      if (!p) return std::string("open after: ") + p.error().message();
      handles.emplace_back(k, std::move(*p));
    }
    for (Backend b : {Backend::Openat2, Backend::Walker}) {
      rampart::safepath::set_backend_for_testing(b);
      std::string tag = b == Backend::Openat2 ? "openat2" : "walker";
      for (auto& [k, p] : handles) {
        std::string who = tag + "/" + kind_name(k) + ": ";
        for (const char* rel : {"self/oom_score_adj", "self/comm", "sys/kernel/ostype"}) {
          auto fd = p.open(rel, O_RDONLY);
          if (fd) {
            // Reached: must be the real procfs file on the handle's own mount.
            if (!on_procfs(fd->get())) bad(who + rel + " reached a non-procfs file");
            std::uint64_t id = 0;
            if (rampart::sys_mount_id(fd->get(), "", AT_EMPTY_PATH, &id) != 0 || id != p.mount_id())
              bad(who + rel + " reached another mount");
            if (k == ProcfsKind::Host) bad(who + rel + " over-mount not detected");
          } else if (fd.error().err != EXDEV) {
            bad(who + rel + " failed with something else than EXDEV: " + fd.error().message());
          } else if (k != ProcfsKind::Host) {
            bad(who + rel + " refused on a handle without over-mounts");
          }
        }
        // The real value is readable through the isolated handles.
        if (k != ProcfsKind::Host) {
          auto ostype = p.read_file("sys/kernel/ostype");
          if (!ostype || *ostype != "Linux\n") bad(who + "sys/kernel/ostype not the real one");
        }
      }
    }
    return out;
  });
  EXPECT_EQ(errs, "");
}

// Without the new mount API the handle falls back to open_tree, then to the checked host /proc.
TEST_F(ProcfsTest, FallsBackWhenFsopenOrOpenTreeIsMissing) {
  std::string errs = in_child([]() -> std::string {
    if (rampart::testing::install_enosys_filter({SCMP_SYS(fsopen)}) != 0) return "seccomp";
    auto p = Procfs::open_private();
    if (!p) return "clone fallback: " + p.error().message();
    if (p->kind() != ProcfsKind::Clone) return "expected the open_tree fallback";
    if (!p->read_file("self/status")) return "clone read failed";
    if (rampart::testing::install_enosys_filter({SCMP_SYS(open_tree)}) != 0) return "seccomp 2";
    auto h = Procfs::open_private();
    if (!h) return "host fallback: " + h.error().message();
    if (h->kind() != ProcfsKind::Host) return "expected the host /proc fallback";
    if (!h->read_file("self/status")) return "host read failed";
    return "";
  });
  EXPECT_EQ(errs, "");
}

}  // namespace
