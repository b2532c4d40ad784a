// Host files named on the command line (util/host_file.h): a symlink or fifo planted at the name
// (or at the temp name runc-style writers use) is replaced or refused, never written through and
// never waited on. Each test uses its own scratch directory and canary files.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/host_file.h"

namespace fs = std::filesystem;
using rampart::HostFile;
using rampart::UniqueFd;

namespace {

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class HostFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/rampart-hf-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    canary_ = dir_ + "/canary";
    std::ofstream(canary_) << "host";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string dir_, canary_;
};

TEST_F(HostFileTest, ReplaceWritesANewRegularFile) {
  auto f = HostFile::at(dir_ + "/pid");
  ASSERT_TRUE(f) << f.error().message();
  ASSERT_TRUE(f->replace("1234", 0644));
  EXPECT_EQ(slurp(dir_ + "/pid"), "1234");
  ASSERT_TRUE(f->replace("99", 0644));  // a pre-created file (CRI-O) is replaced
  EXPECT_EQ(slurp(dir_ + "/pid"), "99");
  // Nothing but the file itself is left in the directory.
  size_t n = 0;
  for (auto& e : fs::directory_iterator(dir_)) n += e.path().filename() != "canary";
  EXPECT_EQ(n, 1u);
}

TEST_F(HostFileTest, ReplaceNeverWritesThroughPlantedSymlinks) {
  // At the name and at runc's and rampart's old temp name.
  fs::create_symlink(canary_, dir_ + "/pid");
  fs::create_symlink(canary_, dir_ + "/.pid");
  auto f = HostFile::at(dir_ + "/pid");
  ASSERT_TRUE(f);
  ASSERT_TRUE(f->replace("1234", 0644));
  EXPECT_EQ(slurp(canary_), "host");
  EXPECT_FALSE(fs::is_symlink(dir_ + "/pid"));
  EXPECT_EQ(slurp(dir_ + "/pid"), "1234");
}

TEST_F(HostFileTest, ReplaceNeverOpensAPlantedFifo) {
  ASSERT_EQ(::mkfifo((dir_ + "/pid").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((dir_ + "/.pid").c_str(), 0600), 0);
  auto f = HostFile::at(dir_ + "/pid");
  ASSERT_TRUE(f);
  ASSERT_TRUE(f->replace("1234", 0644));  // would block forever if it opened either fifo
  EXPECT_TRUE(fs::is_regular_file(dir_ + "/pid"));
}

TEST_F(HostFileTest, ReplaceRefusesADirectoryName) {
  fs::create_directory(dir_ + "/pid");
  auto f = HostFile::at(dir_ + "/pid");
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->replace("1", 0644));
  EXPECT_TRUE(fs::is_directory(dir_ + "/pid"));
  EXPECT_FALSE(HostFile::at(dir_ + "/pid/"));
  EXPECT_FALSE(HostFile::at(dir_ + "/.."));
}

TEST_F(HostFileTest, AppendCreatesAndAppends) {
  auto f = HostFile::at(dir_ + "/log");
  ASSERT_TRUE(f);
  for (const char* line : {"a\n", "b\n"}) {
    auto fd = f->open_append(0644);
    ASSERT_TRUE(fd) << fd.error().message();
    ASSERT_EQ(::write(fd->get(), line, 2), 2);
  }
  EXPECT_EQ(slurp(dir_ + "/log"), "a\nb\n");
}

TEST_F(HostFileTest, AppendRefusesSymlinkAndFifo) {
  fs::create_symlink(canary_, dir_ + "/log");
  auto f = HostFile::at(dir_ + "/log");
  ASSERT_TRUE(f);
  auto fd = f->open_append(0644);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().err, ELOOP);
  EXPECT_EQ(slurp(canary_), "host");

  ASSERT_EQ(::mkfifo((dir_ + "/fifo").c_str(), 0600), 0);
  auto g = HostFile::at(dir_ + "/fifo");
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->open_append(0644));  // ENXIO at once, never a blocked open
  // With a reader the open succeeds, and fstat refuses the fifo.
  UniqueFd reader(::open((dir_ + "/fifo").c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  ASSERT_TRUE(reader);
  auto w = g->open_append(0644);
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().err, EINVAL);
}

TEST_F(HostFileTest, SocketMustBeASocketAndNotASymlink) {
  std::string path = dir_ + "/sock";
  UniqueFd s(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  ASSERT_EQ(::bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  auto ok = HostFile::at(path);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->open_socket());
  fs::create_symlink(path, dir_ + "/link");
  auto link = HostFile::at(dir_ + "/link");
  ASSERT_TRUE(link);
  auto r = link->open_socket();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().err, ELOOP);
  auto file = HostFile::at(canary_);
  ASSERT_TRUE(file);
  auto f = file->open_socket();
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().err, ENOTSOCK);
}

TEST_F(HostFileTest, MakeDirRefusesAnythingAlreadyThere) {
  auto f = HostFile::at(dir_ + "/c1");
  ASSERT_TRUE(f);
  ASSERT_TRUE(f->make_dir(0711));
  EXPECT_TRUE(fs::is_directory(dir_ + "/c1"));
  EXPECT_EQ(f->make_dir(0711).error().err, EEXIST);
  fs::create_symlink(dir_, dir_ + "/c2");
  auto g = HostFile::at(dir_ + "/c2");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->make_dir(0711).error().err, EEXIST);
  EXPECT_FALSE(g->remove_dir());  // a symlink is not removed as a directory, nor followed
  EXPECT_TRUE(fs::is_symlink(dir_ + "/c2"));
  ASSERT_TRUE(f->remove_dir());
  EXPECT_FALSE(fs::exists(dir_ + "/c1"));
}

}  // namespace
