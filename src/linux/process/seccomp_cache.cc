#include "linux/process/seccomp_cache.h"

#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <linux/filter.h>
#include <nettle/sha2.h>
#include <seccomp.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace rampart::process {
namespace {

constexpr char kMagic[8] = {'R', 'M', 'P', 'S', 'C', 'M', 'P', '1'};
constexpr size_t kDigest = SHA256_DIGEST_SIZE;
constexpr size_t kHeader = sizeof kMagic + 4 + 4 + kDigest;

void put_u32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

uint32_t get_u32(std::string_view in, size_t at) {
  uint32_t v;
  std::memcpy(&v, in.data() + at, sizeof v);
  return v;
}

// SHA-256 over the key's length, the key and the program (the header's checksum).
std::string checksum(std::string_view key, std::string_view program) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  uint32_t sizes[2] = {static_cast<uint32_t>(key.size()), static_cast<uint32_t>(program.size())};
  sha256_update(&ctx, sizeof sizes, reinterpret_cast<const uint8_t*>(sizes));
  sha256_update(&ctx, key.size(), reinterpret_cast<const uint8_t*>(key.data()));
  sha256_update(&ctx, program.size(), reinterpret_cast<const uint8_t*>(program.data()));
  std::string d(kDigest, '\0');
  sha256_digest(&ctx, kDigest, reinterpret_cast<uint8_t*>(d.data()));
  return d;
}

std::string hex_sha256(std::string_view data) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  uint8_t d[kDigest];
  sha256_digest(&ctx, kDigest, d);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : d) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// The NT_GNU_BUILD_ID note of the running executable (the first object dl_iterate_phdr
// reports), as hex; empty when it has none.
std::string read_build_id() {
  std::string id;
  ::dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) -> int {
        auto* hex = static_cast<std::string*>(out);
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const auto& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
          const char* end = p + ph.p_memsz;
          while (p + sizeof(ElfW(Nhdr)) <= end) {
            ElfW(Nhdr) nh;
            std::memcpy(&nh, p, sizeof nh);
            const char* name = p + sizeof nh;
            const char* desc = name + ((nh.n_namesz + 3) & ~3u);
            const char* next = desc + ((nh.n_descsz + 3) & ~3u);
            if (next > end) break;
            if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
              static constexpr char kHex[] = "0123456789abcdef";
              for (uint32_t k = 0; k < nh.n_descsz; ++k) {
                auto b = static_cast<uint8_t>(desc[k]);
                *hex += kHex[b >> 4];
                *hex += kHex[b & 15];
              }
              return 1;
            }
            p = next;
          }
        }
        return 1;  // the executable only
      },
      &id);
  return id;
}

const std::string& build_id() {
  static const std::string id = read_build_id();
  return id;
}

// Attack: a cache another user can write (or one planted as a symlink) lets them choose the
// filter of the next container started with a cached profile.
Result<void> check_private(int fd, const std::string& display) {
  struct stat st{};
  if (::fstat(fd, &st) < 0) return sys_error("seccomp cache: stat", display);
  if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0)
    return fail("seccomp cache", "not a private directory of this user (owner " + std::to_string(st.st_uid) +
                                     ", mode " + std::to_string(st.st_mode & 07777) + ")",
                display);
  return {};
}

UniqueFd open_dir_at(int at, const char* name) {
  return UniqueFd(::openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

}  // namespace

std::string encode_seccomp_cache_entry(std::string_view key, const std::vector<uint64_t>& program) {
  std::string_view prog(reinterpret_cast<const char*>(program.data()), program.size() * sizeof(uint64_t));
  std::string out(kMagic, sizeof kMagic);
  put_u32(out, static_cast<uint32_t>(key.size()));
  put_u32(out, static_cast<uint32_t>(program.size()));
  out += checksum(key, prog);
  out += key;
  out += prog;
  return out;
}

Result<std::vector<uint64_t>> decode_seccomp_cache_entry(std::string_view entry, std::string_view key) {
  const char* op = "seccomp cache entry";
  if (entry.size() < kHeader) return fail(op, "shorter than its header");
  if (std::memcmp(entry.data(), kMagic, sizeof kMagic) != 0) return fail(op, "bad magic");
  const uint32_t key_size = get_u32(entry, sizeof kMagic);
  const uint32_t count = get_u32(entry, sizeof kMagic + 4);
  if (key_size != key.size()) return fail(op, "for another key (its length differs)");
  if (count == 0 || count > BPF_MAXINSNS) return fail(op, "a program of " + std::to_string(count) + " instructions");
  if (entry.size() != kHeader + key_size + size_t{count} * sizeof(uint64_t))
    return fail(op, "of " + std::to_string(entry.size()) + " bytes, not the size its header gives");
  std::string_view stored_key = entry.substr(kHeader, key_size);
  std::string_view prog = entry.substr(kHeader + key_size);
  if (stored_key != key) return fail(op, "for another key");
  if (entry.substr(sizeof kMagic + 8, kDigest) != checksum(stored_key, prog)) return fail(op, "bad checksum");
  std::vector<uint64_t> program(count);
  std::memcpy(program.data(), prog.data(), prog.size());
  return program;
}

std::string seccomp_cache_identity() {
  std::string id = "rampart seccomp cache 1\nbuild " + build_id() + "\n";
  const scmp_version* v = seccomp_version();
  id += "libseccomp " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->micro) +
        "\nnative " + std::to_string(seccomp_arch_native()) + "\n";
  struct utsname u{};
  if (::uname(&u) == 0) id += std::string("kernel ") + u.release + " " + u.version + "\n";
  return id;
}

Result<SeccompCacheEntry> SeccompCacheEntry::open(const std::string& state_root, std::string_view input) {
  if (build_id().empty()) return fail("seccomp cache", "this binary has no build id to key entries with");
  const std::string display = state_root + "/" + kSeccompCacheDir;
  UniqueFd dir = open_dir_at(AT_FDCWD, display.c_str());  // the common case: one open
  if (!dir) {
    if (errno != ENOENT) return sys_error("seccomp cache: open", display);
    // The state root as the store makes it (0700), when this is its first container.
    if (::mkdir(state_root.c_str(), 0700) < 0 && errno != EEXIST) return sys_error("seccomp cache: create", state_root);
    UniqueFd root(::open(state_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root) return sys_error("seccomp cache: open", state_root);
    if (::mkdirat(root.get(), kSeccompCacheDir, 0700) < 0 && errno != EEXIST)
      return sys_error("seccomp cache: create", display);
    dir = open_dir_at(root.get(), kSeccompCacheDir);
    if (!dir) return sys_error("seccomp cache: open", display);
  }
  TRY_VOID(check_private(dir.get(), display));
  std::string key = seccomp_cache_identity();
  key += input;
  std::string name = hex_sha256(key);
  std::string path = display + "/" + name;
  return SeccompCacheEntry(std::move(dir), std::move(key), std::move(name), std::move(path));
}

Result<std::vector<uint64_t>> SeccompCacheEntry::load() const {
  UniqueFd fd(::openat(dir_.get(), name_.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd) return sys_error("seccomp cache: open", path_);
  struct stat st{};
  if (::fstat(fd.get(), &st) < 0) return sys_error("seccomp cache: stat", path_);
  if (!S_ISREG(st.st_mode)) return fail("seccomp cache entry", "not a regular file", path_);
  if (st.st_uid != ::geteuid() || (st.st_mode & 022) != 0)
    return fail("seccomp cache entry", "not owned by this user alone", path_);
  const size_t most = kHeader + key_.size() + size_t{BPF_MAXINSNS} * sizeof(uint64_t);
  if (st.st_size < 0 || static_cast<size_t>(st.st_size) > most)
    return fail("seccomp cache entry", "of " + std::to_string(st.st_size) + " bytes, too large", path_);
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys_error("seccomp cache: read", path_);
    if (n == 0) break;  // shrank under us: the size check below refuses it
    done += static_cast<size_t>(n);
  }
  bytes.resize(done);
  auto program = decode_seccomp_cache_entry(bytes, key_);
  if (!program) return std::unexpected(Error{program.error().op, path_, 0, program.error().detail});
  return program;
}

void SeccompCacheEntry::make_room() const {
  UniqueFd dup(::dup(dir_.get()));
  if (!dup) return;
  DIR* d = ::fdopendir(dup.release());
  if (!d) return;
  std::vector<std::pair<timespec, std::string>> entries;
  while (dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0'))) continue;
    struct stat st{};
    if (::fstatat(dir_.get(), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) entries.emplace_back(st.st_mtim, e->d_name);
  }
  ::closedir(d);
  if (entries.size() < kSeccompCacheMaxEntries) return;
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.first.tv_sec != b.first.tv_sec ? a.first.tv_sec < b.first.tv_sec : a.first.tv_nsec < b.first.tv_nsec;
  });
  for (size_t i = 0; i + kSeccompCacheMaxEntries <= entries.size(); ++i)
    ::unlinkat(dir_.get(), entries[i].second.c_str(), 0);
}

Result<void> SeccompCacheEntry::store(const std::vector<uint64_t>& program) const {
  make_room();
  const std::string bytes = encode_seccomp_cache_entry(key_, program);
  static std::atomic<unsigned> serial{0};
  const std::string tmp = ".tmp." + std::to_string(::getpid()) + "." + std::to_string(serial++);
  UniqueFd fd(::openat(dir_.get(), tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) return sys_error("seccomp cache: write", path_);
  size_t done = 0;
  int err = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : ENOSPC;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (err == 0 && ::close(fd.release()) < 0) err = errno;
  if (err == 0 && ::renameat(dir_.get(), tmp.c_str(), dir_.get(), name_.c_str()) < 0) err = errno;
  if (err != 0) {
    ::unlinkat(dir_.get(), tmp.c_str(), 0);
    return sys_error("seccomp cache: write", path_, err);
  }
  return {};
}

}  // namespace rampart::process
