// The error texts clients match: each is spelled once (src/container/contract_errors.h), the
// errors built from it read exactly as docs/compat.md documents them, and they carry the kind
// rampart's own code tests instead of the text.
#include "container/contract_errors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rampart::container {
namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// docs/compat.md with every run of white space (line breaks and indents included) one space.
std::string compat_text() {
  std::string raw = read_all(std::string(RAMPART_SOURCE_DIR) + "/docs/compat.md"), out;
  for (char c : raw) {
    bool space = c == ' ' || c == '\n' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

bool documented(const std::string& text) { return compat_text().find("\"" + text + "\"") != std::string::npos; }

TEST(ContractErrors, EachTextReadsAsDocsCompatSays) {
  EXPECT_TRUE(documented(std::string(kTextDoesNotExist)));
  EXPECT_TRUE(documented(std::string(kTextNotRunning)));
  EXPECT_TRUE(documented(std::string(kTextAlreadyRunning)));
  EXPECT_TRUE(documented(not_running().error().message()));
  EXPECT_TRUE(documented(already_running().error().message()));
  EXPECT_TRUE(documented(not_stopped("X", "running").error().message()));
  EXPECT_EQ(does_not_exist("c1").error().message(), std::string(kTextDoesNotExist) + ": c1");
  EXPECT_EQ(not_running("paused").error().message(), std::string(kTextNotRunning) + ": paused");
}

TEST(ContractErrors, KindsAreWhatCodeTests) {
  EXPECT_EQ(does_not_exist("c1").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(not_running().error().kind, ErrorKind::Refused);
  EXPECT_EQ(already_running().error().kind, ErrorKind::Refused);
  EXPECT_EQ(not_stopped("c1", "running").error().kind, ErrorKind::Refused);
}

// One home: no other source file spells a contract text in a string literal (comments aside).
TEST(ContractErrors, SpelledOnlyInTheirHome) {
  const std::string texts[] = {"\"container does not exist", "\"container not running",
                               "\"cannot start an already running container", "\" that is not stopped: "};
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(RAMPART_SOURCE_DIR) + "/src")) {
    if (!e.is_regular_file() || e.path().filename().string().starts_with("contract_errors.")) continue;
    std::istringstream in(read_all(e.path()));
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      if (auto c = line.find("//"); c != std::string::npos) line.erase(c);
      for (const auto& t : texts) EXPECT_EQ(line.find(t), std::string::npos) << e.path() << ":" << n << ": " << line;
    }
  }
}

}  // namespace
}  // namespace rampart::container
