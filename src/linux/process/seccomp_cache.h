// Compiled seccomp programs kept between starts. libseccomp needs tens of milliseconds to turn a
// Docker-like profile into BPF; reading a ready program back takes a fraction of one.
//
// Where: <--root>/.seccomp-cache, a directory owned by the runtime's user (root) with mode 0700,
// on the host, outside every rootfs: no container process can name it (container ids never start
// with '.', so it is never taken for a container either).
//
// What an entry is for (its key): this build's identity -- the ELF build id of the running
// binary, the libseccomp version, the native architecture, the kernel release -- then the exact
// input the compiler hands libseccomp (seccomp.cc: default action, architectures, every rule with
// its resolved syscall number and conditions). The program is a function of these and nothing
// else; the flags are not part of it (they are worked out at every start).
//
// One file per key, named by the key's SHA-256 (hex), laid out as
//   "RMPSCMP1" | key length (u32) | instruction count (u32) | SHA-256 of the key and program
//   (32 bytes) | key | program (8 bytes per instruction)
// in the host's byte order (the file never leaves the host: the native architecture is in the
// key). Loading trusts nothing (attack: a poisoned or damaged entry would weaken every container
// started with that profile): an entry is used only when it is a regular file owned by the
// runtime's user and writable by no one else, of exactly the size its header gives, with the
// magic, the same key byte for byte (not just the same hash) and a matching checksum, and its
// program is 1..BPF_MAXINSNS instructions. Anything else is a miss: the caller compiles and the
// entry is written again.
//
// Written to a fresh temp name (O_EXCL, never following a symlink) and renamed over the entry, so
// a reader sees a whole old entry or a whole new one. Never fsync'ed: an entry torn by a crash
// fails its checks and is compiled again. At most kSeccompCacheMaxEntries: adding to a full cache
// removes the oldest entries first (stale builds' entries age out this way).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::process {

inline constexpr const char* kSeccompCacheDir = ".seccomp-cache";
inline constexpr size_t kSeccompCacheMaxEntries = 64;

// The bytes of an entry holding `program` for `key`.
std::string encode_seccomp_cache_entry(std::string_view key, const std::vector<uint64_t>& program);

// The program in `entry` when it is a well-formed entry for exactly `key`; otherwise an error
// saying what is wrong (bad magic, wrong size, another key, bad checksum...).
Result<std::vector<uint64_t>> decode_seccomp_cache_entry(std::string_view entry, std::string_view key);

// This build's part of every key (see above).
std::string seccomp_cache_identity();

// One entry of the cache under a state root.
class SeccompCacheEntry {
 public:
  // Opens (making it when missing, and the state root too) <state_root>/.seccomp-cache and
  // names the entry for `input` (the compiler's input; the identity is put in front of it).
  // Refused when the directory is not owned by the runtime's user or is open to anyone else, or
  // when this binary has no build id (nothing would tell two builds apart).
  static Result<SeccompCacheEntry> open(const std::string& state_root, std::string_view input);

  [[nodiscard]] const std::string& path() const { return path_; }  // for messages

  // The cached program; an ENOENT error when there is no entry, another error when the entry
  // is there but not usable (it is then to be replaced).
  [[nodiscard]] Result<std::vector<uint64_t>> load() const;

  // Writes the entry (replacing whatever was there), making room first when the cache is full.
  [[nodiscard]] Result<void> store(const std::vector<uint64_t>& program) const;

 private:
  SeccompCacheEntry(UniqueFd dir, std::string key, std::string name, std::string path)
      : dir_(std::move(dir)), key_(std::move(key)), name_(std::move(name)), path_(std::move(path)) {}
  void make_room() const;
  UniqueFd dir_;
  std::string key_;   // identity + input
  std::string name_;  // hex SHA-256 of key_
  std::string path_;
};

}  // namespace rampart::process
