// util/file: the one reader for whole files named by a path (config.json, state.json,
// process.json, policy files). Non-regular files are refused without being opened for reading
// (so /dev/zero cannot exhaust memory and a FIFO cannot block), sizes are capped.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "util/file.h"

namespace fs = std::filesystem;

namespace rampart {
namespace {

class ReadFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rampart-read-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string put(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

TEST_F(ReadFile, ReadsRegularFileWhole) {
  const std::string text(100000, 'q');
  auto r = read_regular_file(put("f", text));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, text);
}

TEST_F(ReadFile, FollowsSymlinkToRegularFile) {
  put("real", "{}");
  fs::create_symlink(dir_ / "real", dir_ / "link");
  auto r = read_regular_file((dir_ / "link").string());
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(*r, "{}");
}

TEST_F(ReadFile, RefusesDevZeroWithoutReading) {
  fs::create_symlink("/dev/zero", dir_ / "config.json");
  const std::string path = (dir_ / "config.json").string();
  auto r = read_regular_file(path, kMaxInputFileBytes, "read config");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::BadInput);
  EXPECT_EQ(r.error().message(), "read config " + path + ": not a regular file (a character device)");
}

TEST_F(ReadFile, RefusesFifoWithoutBlocking) {
  const std::string path = (dir_ / "fifo").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  auto r = read_regular_file(path);  // a blocking open would never return: nobody writes
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("not a regular file (a FIFO)"), std::string::npos) << r.error().message();
}

TEST_F(ReadFile, RefusesDirectory) {
  auto r = read_regular_file(dir_.string());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("a directory"), std::string::npos) << r.error().message();
}

TEST_F(ReadFile, MissingFileNamesErrno) {
  auto r = read_regular_file((dir_ / "nope").string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().err, ENOENT);
}

TEST_F(ReadFile, CapsTheSize) {
  const std::string path = put("big", std::string(1001, 'x'));
  EXPECT_TRUE(read_regular_file(path, 1001));
  auto r = read_regular_file(path, 1000);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::BadInput);
  EXPECT_EQ(r.error().message(), "read " + path + ": larger than the limit of 1000 bytes");
}

TEST_F(ReadFile, AtNeverFollowsSymlink) {
  put("state.real", "{}");
  fs::create_symlink("state.real", dir_ / "state.json");
  int dirfd = ::open(dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dirfd, 0);
  auto r = read_regular_file_at(dirfd, "state.json", "/x/state.json");
  auto ok = read_regular_file_at(dirfd, "state.real", "/x/state.real");
  ::close(dirfd);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("/x/state.json: not a regular file (a symlink)"), std::string::npos)
      << r.error().message();
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(*ok, "{}");
}

TEST_F(ReadFile, BoundedPipe) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  ASSERT_EQ(::write(p[1], "0123456789", 10), 10);
  ::close(p[1]);
  auto r = read_bounded(p[0], "<stdin>", 9);
  ::close(p[0]);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "read <stdin>: larger than the limit of 9 bytes");
}

}  // namespace
}  // namespace rampart
