// util/path: the one lexical clean-up, "is under", and the mountinfo unescaper every layer uses.
#include "util/path.h"

#include <gtest/gtest.h>

using rampart::clean_absolute;
using rampart::lexically_clean;
using rampart::path_within;
using rampart::unescape_mountinfo;

TEST(PathClean, Absolute) {
  EXPECT_EQ(clean_absolute(""), "/");
  EXPECT_EQ(clean_absolute("/"), "/");
  EXPECT_EQ(clean_absolute("a/b"), "/a/b");
  EXPECT_EQ(clean_absolute("//a//./b/"), "/a/b");
  EXPECT_EQ(clean_absolute("../../a"), "/a");
  EXPECT_EQ(clean_absolute("/a/b/../../../c/."), "/c");
  EXPECT_EQ(clean_absolute("a/.../b"), "/a/.../b");
  EXPECT_EQ(clean_absolute("/dev/"), "/dev");
  EXPECT_EQ(clean_absolute("//dev"), "/dev");
  EXPECT_EQ(clean_absolute("/dev/."), "/dev");
}

TEST(PathClean, RelativeKeepsLeadingDotDot) {
  EXPECT_EQ(lexically_clean(""), ".");
  EXPECT_EQ(lexically_clean("."), ".");
  EXPECT_EQ(lexically_clean("a/../../b"), "../b");
  EXPECT_EQ(lexically_clean("../../a/"), "../../a");
  EXPECT_EQ(lexically_clean("a/b/.."), "a");
  EXPECT_EQ(lexically_clean("/../a"), "/a");
  EXPECT_EQ(lexically_clean("//var/./run/"), "/var/run");
}

TEST(PathWithin, ComponentWise) {
  EXPECT_TRUE(path_within("/a/b", "/a/b"));
  EXPECT_TRUE(path_within("/a/b/c", "/a/b"));
  EXPECT_FALSE(path_within("/a/bc", "/a/b"));
  EXPECT_FALSE(path_within("/a", "/a/b"));
  EXPECT_TRUE(path_within("/anything", "/"));
  EXPECT_TRUE(path_within("/", "/"));
  EXPECT_FALSE(path_within("relative", "/"));
  // Not cleaned: a directory spelled with a trailing slash matches only itself.
  EXPECT_FALSE(path_within("/dev/pts/0", "/dev/pts/"));
}

TEST(PathMountinfo, Unescape) {
  EXPECT_EQ(unescape_mountinfo("/a\\040b"), "/a b");
  EXPECT_EQ(unescape_mountinfo("\\011tab\\012nl\\134"), "\ttab\nnl\\");
  EXPECT_EQ(unescape_mountinfo("/plain"), "/plain");
  EXPECT_EQ(unescape_mountinfo("/x\\04"), "/x\\04");   // too short: kept
  EXPECT_EQ(unescape_mountinfo("/x\\089"), "/x\\089");  // not octal: kept
}
