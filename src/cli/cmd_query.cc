// state, list, ps: read-only views, in the formats containerd and podman parse.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "container/lifecycle.h"

namespace rampart::cli {

void add_state(CLI::App& app, Globals& g, Action& action) {
  auto* id = new std::string;
  auto* c = app.add_subcommand("state", "print the runtime-spec state of a container");
  c->add_option("id", *id, "container id")->required();
  c->callback([&g, &action, id] {
    action = [&g, id] {
      auto r = container::state(g.root, *id);
      if (!r) return report("state " + *id, r.error().message());
      fputs(r->c_str(), stdout);  // no trailing newline, like runc
      return 0;
    };
  });
}

void add_list(CLI::App& app, Globals& g, Action& action) {
  auto* quiet = new bool(false);
  auto* format = new std::string("table");
  auto* c = app.add_subcommand("list", "list containers");
  c->alias("ls");
  c->add_flag("-q,--quiet", *quiet, "print only ids");
  c->add_option("-f,--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  c->callback([&g, &action, quiet, format] {
    action = [&g, quiet, format] {
      auto entries = container::list(g.root);
      if (*quiet) {
        for (const auto& e : entries) printf("%s\n", e.state.id.c_str());
        return 0;
      }
      if (*format == "json") {
        if (entries.empty()) {
          fputs("null\n", stdout);
          return 0;
        }
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (const auto& e : entries) {
          nlohmann::ordered_json o;
          o["ociVersion"] = "1.2.0";
          o["id"] = e.state.id;
          o["pid"] = e.status == container::Status::Stopped ? 0 : e.state.pid;
          o["status"] = container::status_name(e.status);
          o["bundle"] = e.state.bundle;
          o["rootfs"] = e.state.rootfs;
          o["created"] = e.state.created;
          o["annotations"] = e.state.annotations;
          o["owner"] = e.state.owner;
          a.push_back(o);
        }
        printf("%s\n", a.dump().c_str());
        return 0;
      }
      printf("%-12s %-8s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
      for (const auto& e : entries)
        printf("%-12s %-8d %-10s %-40s %-30s %s\n", e.state.id.c_str(),
               e.status == container::Status::Stopped ? 0 : e.state.pid, container::status_name(e.status),
               e.state.bundle.c_str(), e.state.created.c_str(), e.state.owner.empty() ? "root" : e.state.owner.c_str());
      return 0;
    };
  });
}

void add_ps(CLI::App& app, Globals& g, Action& action) {
  auto* id = new std::string;
  auto* format = new std::string("table");
  auto* c = app.add_subcommand("ps", "list the processes of a container");
  c->add_option("-f,--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  c->add_option("id", *id, "container id")->required();
  c->allow_extras();  // runc passes ps(1) options through
  c->callback([&g, &action, id, format] {
    action = [&g, id, format] {
      auto r = container::processes(g.root, *id);
      if (!r) return report("ps " + *id, r.error().message());
      if (*format == "json") {
        printf("%s\n", nlohmann::json(*r).dump().c_str());
        return 0;
      }
      printf("PID\n");
      for (int pid : *r) printf("%d\n", pid);
      return 0;
    };
  });
}

}  // namespace rampart::cli
