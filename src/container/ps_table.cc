#include "container/ps_table.h"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "util/subprocess.h"

namespace rampart::container {
namespace {

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

Result<std::string> filter_ps_output(const std::string& ps_output, const std::vector<int>& pids) {
  std::istringstream in(ps_output);
  std::string header;
  if (!std::getline(in, header)) return fail("ps", "ps printed nothing");
  auto cols = fields(header);
  auto pid_col = std::find(cols.begin(), cols.end(), "PID");
  if (pid_col == cols.end()) return fail("ps", "no PID column in ps output (options must keep it)");
  size_t index = static_cast<size_t>(pid_col - cols.begin());
  std::string out = header + "\n";
  std::string line;
  while (std::getline(in, line)) {
    auto f = fields(line);
    if (f.size() <= index) continue;
    int pid = 0;
    auto [end, ec] = std::from_chars(f[index].data(), f[index].data() + f[index].size(), pid);
    if (ec == std::errc{} && std::find(pids.begin(), pids.end(), pid) != pids.end()) out += line + "\n";
  }
  return out;
}

Result<std::string> ps_table(const std::vector<int>& pids, const std::vector<std::string>& ps_args) {
  std::vector<std::string> argv{"ps"};
  if (ps_args.empty()) argv.push_back("-ef");
  argv.insert(argv.end(), ps_args.begin(), ps_args.end());
  Captured c = TRY(run_captured(argv, std::chrono::seconds(10)));
  if (c.exit_code != 0) {
    std::string why = c.err.substr(0, c.err.find('\n'));
    return fail("ps", "ps exited with status " + std::to_string(c.exit_code) + (why.empty() ? "" : ": " + why));
  }
  return filter_ps_output(c.out, pids);
}

}  // namespace rampart::container
