#include "util/self_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>

namespace rampart {
namespace {

bool is_executable_file(const std::string& p) {
  struct stat st {};
  return !p.empty() && p[0] == '/' && ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
         ::access(p.c_str(), X_OK) == 0;
}

std::string realpath_of(const std::string& p) {
  char* r = ::realpath(p.c_str(), nullptr);
  if (!r) return "";
  std::string s = r;
  std::free(r);
  return s;
}

}  // namespace

std::string self_path() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    std::string exe(buf, static_cast<size_t>(n));
    if (exe.find(" (deleted)") == std::string::npos && exe.rfind("/memfd:", 0) != 0 && is_executable_file(exe))
      return exe;
  }
  std::ifstream in("/proc/self/cmdline");
  std::string argv0;
  std::getline(in, argv0, '\0');
  if (argv0.find('/') != std::string::npos) {
    std::string r = realpath_of(argv0);
    return is_executable_file(r) ? r : argv0;
  }
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string cand = realpath_of(p.substr(start, end - start) + "/" + argv0);
    if (is_executable_file(cand)) return cand;
    start = end + 1;
  }
  return argv0;
}

}  // namespace rampart
