// update, events.
#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "container/events.h"
#include "container/update.h"

namespace rampart::cli {

int update_main(const Globals& g, Words w) {
  UpdateArgs a;
  if (auto done = parse_or_exit(*find_command("update"), parse_update(w), a)) return *done;
  if (a.resources_file == "-") {
    // containerd's shim: `update --resources - ID` with the JSON on stdin.
    char buf[8192];
    for (ssize_t n; (n = ::read(STDIN_FILENO, buf, sizeof buf)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return report("update", a.id, Error{"read resources", "stdin", errno, {}});
      a.resources_json.append(buf, static_cast<size_t>(n));
    }
  }
  auto r = container::update(g.root, a);
  return r ? 0 : report("update", a.id, r.error());
}

int events_main(const Globals& g, Words w) {
  EventsArgs a;
  if (auto done = parse_or_exit(*find_command("events"), parse_events(w), a)) return *done;
  auto interval = container::parse_interval(a.interval);
  if (!interval) return report("events", a.id, interval.error());
  container::EventsOptions o{a.id, a.stats, *interval};
  auto r = container::events(g.root, o, [](const std::string& line) {
    std::fputs(line.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);  // a stream: each event as it happens
  });
  return r ? 0 : report("events", a.id, r.error());
}

}  // namespace rampart::cli
