// linux/process seccomp: the compiled program (only the architectures this host can execute,
// still filtering native and compat calls) and the compiled-filter cache (its file format: a
// damaged, truncated or foreign entry is a miss, never a filter; the directory; a cache that
// cannot be written leaves the filter compiled in memory).
#include <dirent.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "in_child.h"
#include "linux/process/seccomp.h"
#include "linux/process/seccomp_cache.h"
#include "spec/defaults.h"
#include "spec/parse.h"

namespace rampart::process {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

spec::Seccomp parsed(const json& seccomp) {
  json c = {{"ociVersion", "1.0.2"},
            {"root", {{"path", "rootfs"}}},
            {"process", {{"args", {"sh"}}, {"cwd", "/"}, {"user", {{"uid", 0}, {"gid", 0}}}}},
            {"linux", {{"seccomp", seccomp}}}};
  auto config = spec::parse_config(c.dump());
  EXPECT_TRUE(config) << config.error().message();
  return *config->linux->seccomp;
}

json docker_like() { return json::parse(spec::default_seccomp_profile_json()); }

// Allow all but mkdir (EPERM), for the five architectures of Docker's profile.
json deny_mkdir_five_arches() {
  return {{"defaultAction", "SCMP_ACT_ALLOW"},
          {"architectures",
           {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"}},
          {"syscalls", {{{"names", {"mkdir", "mkdirat"}}, {"action", "SCMP_ACT_ERRNO"}}}}};
}

// Whether the program compares anything with `value` (AUDIT_ARCH_AARCH64 and AUDIT_ARCH_X86_64
// are no syscall number of x86_64, x86 or x32, whose largest is x32's 0x40000223).
bool compares_with(const std::vector<uint64_t>& program, uint32_t value) {
  for (uint64_t raw : program) {
    sock_filter insn;
    std::memcpy(&insn, &raw, sizeof insn);
    if (BPF_CLASS(insn.code) == BPF_JMP && BPF_SRC(insn.code) == BPF_K && insn.k == value) return true;
  }
  return false;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/rampart-seccomp-cache.XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<fs::path> entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
  return out;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_all(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

const std::vector<uint64_t> kProgram = {0x0000000400000020ull, 0x7fff000000000006ull, 0x0000000000000006ull};

// --- the entry format ---

TEST(SeccompCacheFormat, RoundTrip) {
  auto got = decode_seccomp_cache_entry(encode_seccomp_cache_entry("key", kProgram), "key");
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(*got, kProgram);
}

TEST(SeccompCacheFormat, AnotherKeyIsAMiss) {
  std::string entry = encode_seccomp_cache_entry("key-a", kProgram);
  auto got = decode_seccomp_cache_entry(entry, "key-b");  // same length, one byte differs
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message().find("another key"), std::string::npos) << got.error().message();
  EXPECT_FALSE(decode_seccomp_cache_entry(entry, "key-aa"));
  EXPECT_FALSE(decode_seccomp_cache_entry(entry, ""));
}

TEST(SeccompCacheFormat, TruncatedIsAMiss) {
  std::string entry = encode_seccomp_cache_entry("key", kProgram);
  for (size_t n : {size_t{0}, size_t{7}, size_t{20}, entry.size() - 8, entry.size() - 1}) {
    auto got = decode_seccomp_cache_entry(std::string_view(entry).substr(0, n), "key");
    EXPECT_FALSE(got) << "truncated to " << n << " bytes";
  }
  EXPECT_FALSE(decode_seccomp_cache_entry(entry + '\0', "key"));  // longer than its header says
}

TEST(SeccompCacheFormat, EveryFlippedByteIsAMiss) {
  std::string entry = encode_seccomp_cache_entry("key", kProgram);
  for (size_t i = 0; i < entry.size(); ++i) {
    std::string bad = entry;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_FALSE(decode_seccomp_cache_entry(bad, "key")) << "byte " << i << " flipped";
  }
}

TEST(SeccompCacheFormat, AHeaderRewrittenToFitIsStillRefused) {
  // The instruction count lowered and the file cut to match: the checksum covers the program.
  std::string entry = encode_seccomp_cache_entry("key", kProgram);
  uint32_t two = 2;
  std::memcpy(entry.data() + 12, &two, sizeof two);
  entry.resize(entry.size() - 8);
  auto got = decode_seccomp_cache_entry(entry, "key");
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message().find("checksum"), std::string::npos) << got.error().message();
}

TEST(SeccompCacheFormat, EmptyProgramIsRefused) {
  EXPECT_FALSE(decode_seccomp_cache_entry(encode_seccomp_cache_entry("key", {}), "key"));
}

// --- the cache directory and its entries ---

TEST(SeccompCache, MissThenStoreThenHit) {
  TempDir t;
  auto e = SeccompCacheEntry::open(t.path() / "root", "input");
  ASSERT_TRUE(e) << e.error().message();
  auto miss = e->load();
  ASSERT_FALSE(miss);
  EXPECT_EQ(miss.error().err, ENOENT);
  ASSERT_TRUE(e->store(kProgram));
  auto hit = SeccompCacheEntry::open(t.path() / "root", "input")->load();
  ASSERT_TRUE(hit) << hit.error().message();
  EXPECT_EQ(*hit, kProgram);
  // Another input names another entry.
  EXPECT_EQ(SeccompCacheEntry::open(t.path() / "root", "input2")->load().error().err, ENOENT);

  struct stat st{};
  ASSERT_EQ(::stat((t.path() / "root" / kSeccompCacheDir).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  auto files = entries(t.path() / "root" / kSeccompCacheDir);
  ASSERT_EQ(files.size(), 1u);  // no temp file left
  ASSERT_EQ(::stat(files[0].c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(files[0].filename().string(), fs::path(e->path()).filename().string());
}

TEST(SeccompCache, DamagedEntryIsRejectedThenReplaced) {
  TempDir t;
  auto e = SeccompCacheEntry::open(t.path(), "input");
  ASSERT_TRUE(e && e->store(kProgram));
  fs::path file = e->path();
  std::string good = read_all(file);
  for (std::string bad : {std::string(), good.substr(0, good.size() / 2), std::string(good.size(), 'x')}) {
    write_all(file, bad);
    auto got = e->load();
    ASSERT_FALSE(got);
    EXPECT_NE(got.error().err, ENOENT) << got.error().message();
  }
  ASSERT_TRUE(e->store(kProgram));
  EXPECT_EQ(*e->load(), kProgram);
}

TEST(SeccompCache, EntryWritableByOthersIsRejected) {
  TempDir t;
  auto e = SeccompCacheEntry::open(t.path(), "input");
  ASSERT_TRUE(e && e->store(kProgram));
  ASSERT_EQ(::chmod(e->path().c_str(), 0666), 0);
  EXPECT_FALSE(e->load());
}

TEST(SeccompCache, EntryThatIsASymlinkIsNotFollowed) {
  TempDir t;
  auto e = SeccompCacheEntry::open(t.path(), "input");
  ASSERT_TRUE(e && e->store(kProgram));
  fs::path real = t.path() / "elsewhere";
  fs::rename(e->path(), real);
  fs::create_symlink(real, e->path());
  auto got = e->load();
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().err, ELOOP);
}

TEST(SeccompCache, DirectoryOpenToOthersIsRefused) {
  TempDir t;
  ASSERT_EQ(::mkdir((t.path() / kSeccompCacheDir).c_str(), 0755), 0);
  ASSERT_EQ(::chmod((t.path() / kSeccompCacheDir).c_str(), 0755), 0);
  auto e = SeccompCacheEntry::open(t.path(), "input");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message().find("not a private directory"), std::string::npos) << e.error().message();
}

TEST(SeccompCache, DirectoryThatIsASymlinkIsRefused) {
  TempDir t;
  ASSERT_EQ(::mkdir((t.path() / "other").c_str(), 0700), 0);
  fs::create_symlink(t.path() / "other", t.path() / kSeccompCacheDir);
  EXPECT_FALSE(SeccompCacheEntry::open(t.path(), "input"));
}

TEST(SeccompCache, AFullCacheDropsItsOldestEntries) {
  TempDir t;
  for (size_t i = 0; i < kSeccompCacheMaxEntries + 5; ++i) {
    auto e = SeccompCacheEntry::open(t.path(), "input " + std::to_string(i));
    ASSERT_TRUE(e && e->store(kProgram));
  }
  EXPECT_LE(entries(t.path() / kSeccompCacheDir).size(), kSeccompCacheMaxEntries);
  EXPECT_TRUE(SeccompCacheEntry::open(t.path(), "input " + std::to_string(kSeccompCacheMaxEntries + 4))->load());
}

// --- the compiled program ---

TEST(SeccompCompile, ForeignArchitecturesAreLeftOut) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "the architecture sets are checked on x86_64";
#endif
  json five = docker_like();
  ASSERT_EQ(five["architectures"].size(), 5u);
  json native = five;
  native["architectures"] = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
  auto a = compile_seccomp(parsed(five));
  auto b = compile_seccomp(parsed(native));
  ASSERT_TRUE(a && b);
  // aarch64 and arm cost nothing: the program is the one of x86_64, x86 and x32 alone.
  EXPECT_EQ(a->program, b->program);
  EXPECT_FALSE(compares_with(a->program, AUDIT_ARCH_AARCH64));
  EXPECT_TRUE(compares_with(a->program, AUDIT_ARCH_X86_64));
  // The compat ABIs stay: without them the program is shorter.
  json x86_64_only = five;
  x86_64_only["architectures"] = {"SCMP_ARCH_X86_64"};
  auto c = compile_seccomp(parsed(x86_64_only));
  ASSERT_TRUE(c);
  EXPECT_LT(c->program.size(), a->program.size());
  // Compiled for all five the same profile made 1597 instructions with libseccomp 2.5.4.
  EXPECT_LT(a->program.size(), 1200u) << a->program.size();
}

TEST(SeccompCompile, AProfileListingOnlyForeignArchitecturesGetsTheNativeOne) {
  json p = deny_mkdir_five_arches();
  p["architectures"] = {"SCMP_ARCH_AARCH64"};
  auto f = compile_seccomp(parsed(p));
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_FALSE(compares_with(f->program, AUDIT_ARCH_AARCH64));
}

// Native and compat (int 0x80) calls still meet the profile's rules.
TEST(SeccompCompile, NativeAndCompatCallsAreFiltered) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "the compat ABI checked is x86's int 0x80";
#else
  // The no-openat2 run's own filter (no_openat2_env.cc) is for x86_64 alone: int 0x80 dies there.
  if (::prctl(PR_GET_SECCOMP) != 0) GTEST_SKIP() << "this process is under a seccomp filter already";
  auto f = compile_seccomp(parsed(deny_mkdir_five_arches()));
  ASSERT_TRUE(f) << f.error().message();
  TempDir t;
  std::string out = in_child([&]() -> std::string {
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return "no_new_privs failed";
    if (auto r = install_seccomp(*f, false, nullptr); !r) return r.error().message();
    std::string native = (t.path() / "native").string();
    std::string compat = (t.path() / "compat").string();
    std::string report;
    if (::syscall(SYS_mkdir, native.c_str(), 0755) != -1 || errno != EPERM) report += "native mkdir not denied; ";
    // i386 getpid is 20, mkdir 39. mkdir(NULL) answers EFAULT unfiltered: EPERM is the filter's
    // (no 64-bit pointer fits a 32-bit call's argument, so NULL is the path).
    long pid;
    asm volatile("int $0x80" : "=a"(pid) : "a"(20) : "memory");
    if (pid != ::getpid()) report += "compat getpid: " + std::to_string(pid) + "; ";
    long r;
    asm volatile("int $0x80" : "=a"(r) : "a"(39), "b"(0), "c"(0755) : "memory");  // mkdir(NULL)
    if (r != -EPERM) report += "compat mkdir answered " + std::to_string(r) + ", not -EPERM; ";
    return report;
  });
  EXPECT_EQ(out, "");
  EXPECT_FALSE(fs::exists(t.path() / "native"));
#endif
}

TEST(SeccompCompile, SecondCompileReadsTheCacheAndGetsTheSameProgram) {
  TempDir t;
  spec::Seccomp p = parsed(docker_like());
  auto plain = compile_seccomp(p);
  auto first = compile_seccomp(p, t.path());
  ASSERT_TRUE(plain && first);
  auto files = entries(t.path() / kSeccompCacheDir);
  ASSERT_EQ(files.size(), 1u);
  std::string written = read_all(files[0]);
  auto second = compile_seccomp(p, t.path());
  ASSERT_TRUE(second);
  EXPECT_EQ(first->program, plain->program);
  EXPECT_EQ(second->program, plain->program);
  EXPECT_EQ(second->flags, plain->flags);
  EXPECT_EQ(read_all(files[0]), written);
  // Another profile, another entry.
  json other = docker_like();
  other["defaultErrnoRet"] = 38;
  ASSERT_TRUE(compile_seccomp(parsed(other), t.path()));
  EXPECT_EQ(entries(t.path() / kSeccompCacheDir).size(), 2u);
}

TEST(SeccompCompile, CorruptCacheEntryIsCompiledAgain) {
  TempDir t;
  spec::Seccomp p = parsed(deny_mkdir_five_arches());
  auto plain = compile_seccomp(p);
  ASSERT_TRUE(plain && compile_seccomp(p, t.path()));
  auto files = entries(t.path() / kSeccompCacheDir);
  ASSERT_EQ(files.size(), 1u);
  std::string good = read_all(files[0]);
  // A program that allows everything, under the entry's own header: the checksum refuses it.
  std::string bad = good;
  std::memset(bad.data() + bad.size() - 8 * plain->program.size(), 0, 8 * plain->program.size());
  write_all(files[0], bad);
  auto again = compile_seccomp(p, t.path());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->program, plain->program);
  EXPECT_EQ(read_all(files[0]), good);  // written again
}

TEST(SeccompCompile, UnwritableCacheStillCompiles) {
  spec::Seccomp p = parsed(deny_mkdir_five_arches());
  auto plain = compile_seccomp(p);
  ASSERT_TRUE(plain);
  auto f = compile_seccomp(p, "/dev/null/no-root");  // ENOTDIR at every step
  ASSERT_TRUE(f) << f.error().message();
  EXPECT_EQ(f->program, plain->program);
  // A read-only state root (a full one fails the same write).
  TempDir t;
  std::string out = in_child([&]() -> std::string {
    if (::unshare(CLONE_NEWNS) < 0) return "unshare failed";
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0) return "private failed";
    if (::mount("tmpfs", t.path().c_str(), "tmpfs", MS_RDONLY, "mode=0700") < 0) return "ro tmpfs failed";
    auto g = compile_seccomp(p, t.path());
    if (!g) return g.error().message();
    return g->program == plain->program ? "" : "another program";
  });
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace rampart::process
