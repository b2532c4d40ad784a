// probe: attack a runtime binary with known escape techniques and report what it resists.
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "cli/commands.h"
#include "probe/report.h"
#include "probe/runner.h"

namespace rampart::cli {

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

// rampart itself. /proc/self/exe may name a protected copy (a memfd or a read-only clone that
// is not visible at that path), so it is used only when it names an executable file that
// exists; otherwise argv[0] (from /proc/self/cmdline), resolved through PATH when it has no '/'.
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
    std::string cand = p.substr(start, end - start) + "/" + argv0;
    if (is_executable_file(realpath_of(cand))) return realpath_of(cand);
    start = end + 1;
  }
  return argv0;
}

}  // namespace

void add_probe(CLI::App& app, Globals&, Action& action) {
  auto* o = new probe::RunOptions;
  auto* list = new bool(false);
  auto* format = new std::string("text");
  auto* c = app.add_subcommand("probe", "attack a runtime with known escape techniques and report what it resists");
  c->add_option("--runtime", o->runtime, "runtime binary to probe (default: this rampart)");
  c->add_option("--case", o->cases, "run only this case (repeatable; the control always runs first)");
  c->add_flag("--list", *list, "list the cases and exit");
  c->add_option("--format", *format, "text, json or sarif")->check(CLI::IsMember({"text", "json", "sarif"}));
  c->add_option("--rootfs", o->rootfs, "busybox rootfs to copy into each bundle (default: built from /bin/busybox)");
  c->add_flag("--keep", o->keep, "keep each case's temp dir for inspection (containers are still deleted)");
  c->callback([&action, o, list, format] {
    action = [o, list, format] {
      if (*list) {
        for (const auto& k : probe::all_cases()) {
          std::string cves;
          for (const auto& v : k.cves) cves += (cves.empty() ? "" : ",") + v;
          printf("%-36s class %-2d %-30s %s\n", k.name.c_str(), k.attack_class, cves.empty() ? "-" : cves.c_str(),
                 k.summary.c_str());
        }
        return 0;
      }
      if (o->runtime.empty()) o->runtime = self_path();
      auto res = probe::run_probe(*o);
      std::string out = *format == "json"    ? probe::report_json(res)
                        : *format == "sarif" ? probe::report_sarif(res)
                                             : probe::report_text(res);
      fputs(out.c_str(), stdout);
      fflush(stdout);
      if (!res.error.empty() && *format != "text") fprintf(stderr, "rampart probe: %s\n", res.error.c_str());
      return res.exit_code;
    };
  });
}

}  // namespace rampart::cli
