// Host files named on the command line: the pid file (create, exec) and the log file live in
// directories a container may be able to write (a volume, an exposed bundle dir), so whatever is
// planted there, a symlink to a host file or a FIFO, must neither redirect the runtime's write nor
// block it. The probe plants a symlink to a host canary file, or a FIFO, at the path named and at
// the temporary name runtimes write first (".<name>", then renamed over it).
#include <thread>

#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

enum class Plant { Symlink, Fifo };

// Plants `what` at dir/name; the symlink points at the canary's CANARY file.
void plant(Plant what, const std::string& dir, const std::string& name, const Canary& c) {
  if (what == Plant::Symlink) make_symlink(c.dir + "/CANARY", dir + "/" + name);
  else make_fifo(dir + "/" + name);
}

const char* plant_name(Plant p) { return p == Plant::Symlink ? "a symlink to a host file" : "a FIFO"; }

// Judges one command that was given a path where `what` was planted.
Outcome judge_planted(const Canary& c, const CommandResult& r, Plant what, const std::string& command) {
  if (auto ch = c.changed(); !ch.empty()) return escaped(command + " wrote through the planted symlink: " + ch);
  if (r.exit_code == -1)
    return escaped(command + " blocked on " + std::string(plant_name(what)) + " and was killed after 15 s");
  if (r.exit_code != 0) return refused(r);
  return resisted(command + " wrote its file without following or opening what was planted");
}

Outcome pid_file(Context& ctx) {
  Canary c = make_canary(ctx, "pid-file-canary");
  std::vector<Variant> vs;
  int n = 0;
  for (Plant what : {Plant::Symlink, Plant::Fifo})
    for (bool temp : {false, true}) {
      std::string label = std::string("create --pid-file P, ") + plant_name(what) + " at " + (temp ? ".P" : "P");
      std::string tag = "pid-file-" + std::to_string(++n);
      vs.push_back({label, [&ctx, &c, what, temp, tag] {
                      std::string dir = ctx.workdir() + "/" + tag + "-dir";
                      make_dir(dir);
                      plant(what, dir, temp ? ".init.pid" : "init.pid", c);
                      Bundle b = ctx.make_bundle(tag);
                      b.write();
                      ctx.track(tag);
                      auto r = ctx.runtime_cmd({"create", "--pid-file", dir + "/init.pid", "--bundle", b.dir, tag},
                                               std::chrono::seconds(15));
                      ctx.runtime_cmd({"delete", "-f", tag});
                      return judge_planted(c, r, what, "create");
                    }});
    }
  for (bool temp : {false, true}) {
    std::string label = std::string("exec --pid-file P, a symlink to a host file at ") + (temp ? ".P" : "P");
    std::string tag = "exec-pid-file-" + std::to_string(++n);
    vs.push_back({label, [&ctx, &c, temp, tag] {
                    std::string dir = ctx.workdir() + "/" + tag + "-dir";
                    make_dir(dir);
                    plant(Plant::Symlink, dir, temp ? ".exec.pid" : "exec.pid", c);
                    Bundle b = ctx.make_bundle(tag);
                    b.config["process"]["args"] = nlohmann::json::array({"/bin/sleep", "30"});
                    b.write();
                    ctx.track(tag);
                    auto r = ctx.runtime_cmd({"run", "-d", "--bundle", b.dir, tag});
                    if (r.exit_code != 0) return broken("the container to exec into did not start: " + squash(r.err));
                    r = ctx.runtime_cmd({"exec", "-d", "--pid-file", dir + "/exec.pid", tag, "/bin/true"},
                                        std::chrono::seconds(15));
                    ctx.runtime_cmd({"delete", "-f", tag});
                    return judge_planted(c, r, Plant::Symlink, "exec");
                  }});
  }
  return run_variants("the pid file was written without following or opening what was planted", vs);
}

Outcome log_file(Context& ctx) {
  Canary c = make_canary(ctx, "log-file-canary");
  std::vector<Variant> vs;
  int n = 0;
  for (Plant what : {Plant::Symlink, Plant::Fifo}) {
    std::string tag = "log-file-" + std::to_string(++n);
    vs.push_back({std::string("--log L, ") + plant_name(what) + " at L", [&ctx, &c, what, tag] {
                    std::string dir = ctx.workdir() + "/" + tag + "-dir";
                    make_dir(dir);
                    plant(what, dir, "log.json", c);
                    // A bundle without config.json: the runtime has an error to log.
                    std::string bundle = ctx.workdir() + "/" + tag + "-bundle";
                    make_dir(bundle);
                    auto argv = ctx.runtime_argv();
                    for (const auto& a : {std::string("--log"), dir + "/log.json", std::string("--log-format"),
                                          std::string("json"), std::string("create"), std::string("--bundle"), bundle, tag})
                      argv.push_back(a);
                    auto r = ctx.host_cmd(argv, std::chrono::seconds(15));
                    if (auto ch = c.changed(); !ch.empty()) return escaped("the runtime logged through the planted symlink: " + ch);
                    if (r.exit_code == -1)
                      return escaped("the runtime blocked on " + std::string(plant_name(what)) + " at its --log path");
                    return resisted("exit " + std::to_string(r.exit_code) + ", nothing written through what was planted");
                  }});
  }
  return run_variants("the log was written without following or opening what was planted", vs);
}

}  // namespace

std::vector<Case> host_file_cases() {
  return {
      {"pid-file-planted", HostFiles, {},
       "--pid-file of create and exec where a symlink to a host canary file or a FIFO was planted at the path or at "
       "its temporary name: no host file may change and nothing may block",
       pid_file},
      {"log-file-planted", HostFiles, {},
       "--log where a symlink to a host canary file or a FIFO was planted: no host file may change and nothing may "
       "block",
       log_file},
  };
}

}  // namespace rampart::probe
