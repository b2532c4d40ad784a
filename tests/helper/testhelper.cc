// rampart-testhelper: a static multi-call program placed at /bin/rampart-testhelper in the test
// rootfs. Each subcommand answers one question from inside a container on stdout (one line or a
// simple listing) and exits 0; a usage error or a failed system call prints a message on stderr
// and exits 1. Probes (write-probe, read-probe) report a denial as an answer and still exit 0.
//
//   readlink PATH        target of the symlink
//   mode PATH            lstat: "0755 d", "0666 c 1:3" (octal permission bits, type, major:minor)
//   stat PATH            stat (follows links): "<st_dev>:<st_ino> <type>"
//   caps                 "inh=.. prm=.. eff=.. bnd=.. amb=.." (hex, from /proc/self/status)
//   fds                  open fd numbers, space separated (without the one used to list them)
//   mountinfo            /proc/self/mountinfo verbatim
//   write-probe PATH     open(O_WRONLY|O_APPEND), never creating: "writable" | "denied: EACCES"
//   read-probe PATH      open+read: "readable: N bytes" | "readable: N entries" | "denied: ENOENT"
//   ids                  "uid=0 gid=0 groups=1,2" (real ids; groups = supplementary groups)
//   rlimit NAME          "SOFT HARD" (numbers or "unlimited"); NAME = NOFILE or RLIMIT_NOFILE
//   pid | cwd | hostname | umask
//   env NAME             the value; exit 1 if unset
//   sleep SECONDS | exit CODE
//   kill-self SIG        kill(getpid(), SIG); note that a pid-namespace init ignores it
//   nnp | seccomp        NoNewPrivs / Seccomp fields of /proc/self/status
//   mkdir PATH MODE      the mkdir(2) syscall itself (MODE octal): "created" | "denied: EPERM"
//   oom                  /proc/self/oom_score_adj
//   sched                "policy=3 nice=5 priority=0 flags=0x0" (sched_getattr of the process)
//   ioprio               "class=2 priority=4" (ioprio_get of the process)
//   personality          "0x0008" (personality(0xffffffff): the current persona, hex)
//   affinity             the CPUs it may run on as a list: "0-1", "0"
//   watch-root PATH SECS for SECS seconds, look for PATH under /proc/<pid>/root of every other
//                        process in sight: "ESCAPED <pid>" at the first hit (that process had
//                        a root where PATH exists, e.g. the host's), "clean" at the end if none
//
// Only libc and libstdc++: it is linked -static and must run in a rootfs with nothing else.

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sched.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

using Args = std::vector<std::string>;

int fail(const std::string& what) {
  std::cerr << "rampart-testhelper: " << what << "\n";
  return 1;
}

int fail_errno(const std::string& what) {
  int e = errno;
  return fail(what + ": " + std::strerror(e));
}

std::string errno_name(int e) {
  const char* n = strerrorname_np(e);
  return n ? n : "E" + std::to_string(e);
}

// A field of /proc/self/status ("CapEff", "NoNewPrivs", ...), without surrounding whitespace.
bool status_field(const std::string& key, std::string& value) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size() + 1, key + ":") != 0) continue;
    value = line.substr(key.size() + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    return true;
  }
  return false;
}

char type_letter(mode_t m) {
  switch (m & S_IFMT) {
    case S_IFREG: return 'f';
    case S_IFDIR: return 'd';
    case S_IFLNK: return 'l';
    case S_IFCHR: return 'c';
    case S_IFBLK: return 'b';
    case S_IFIFO: return 'p';
    case S_IFSOCK: return 's';
    default: return '?';
  }
}

bool parse_int(const std::string& s, long& out) {
  char* end = nullptr;
  errno = 0;
  out = std::strtol(s.c_str(), &end, 10);
  return !s.empty() && *end == '\0' && errno == 0;
}

int cmd_readlink(const Args& a) {
  char buf[4096];
  ssize_t n = readlink(a[0].c_str(), buf, sizeof buf - 1);
  if (n < 0) return fail_errno("readlink " + a[0]);
  std::cout << std::string(buf, n) << "\n";
  return 0;
}

int cmd_mode(const Args& a) {
  struct stat st{};
  if (lstat(a[0].c_str(), &st) != 0) return fail_errno("lstat " + a[0]);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04o %c", st.st_mode & 07777, type_letter(st.st_mode));
  std::cout << buf;
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
    std::cout << " " << major(st.st_rdev) << ":" << minor(st.st_rdev);
  std::cout << "\n";
  return 0;
}

int cmd_stat(const Args& a) {
  struct stat st{};
  if (stat(a[0].c_str(), &st) != 0) return fail_errno("stat " + a[0]);
  std::cout << st.st_dev << ":" << st.st_ino << " " << type_letter(st.st_mode) << "\n";
  return 0;
}

int cmd_caps(const Args&) {
  const char* keys[][2] = {{"CapInh", "inh"}, {"CapPrm", "prm"}, {"CapEff", "eff"},
                           {"CapBnd", "bnd"}, {"CapAmb", "amb"}};
  std::string out;
  for (auto& [key, label] : keys) {
    std::string v;
    if (!status_field(key, v)) return fail(std::string("no ") + key + " in /proc/self/status");
    out += (out.empty() ? "" : " ") + std::string(label) + "=" + v;
  }
  std::cout << out << "\n";
  return 0;
}

int cmd_fds(const Args&) {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return fail_errno("opendir /proc/self/fd");
  int own = dirfd(d);
  std::vector<long> fds;
  while (dirent* e = readdir(d)) {
    long fd;
    if (parse_int(e->d_name, fd) && fd != own) fds.push_back(fd);
  }
  closedir(d);
  std::string out;
  for (long fd : fds) out += (out.empty() ? "" : " ") + std::to_string(fd);
  std::cout << out << "\n";
  return 0;
}

int cmd_mountinfo(const Args&) {
  std::ifstream in("/proc/self/mountinfo");
  if (!in) return fail_errno("open /proc/self/mountinfo");
  std::cout << in.rdbuf();
  return 0;
}

int cmd_write_probe(const Args& a) {
  int fd = open(a[0].c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    std::cout << "denied: " << errno_name(errno) << "\n";
    return 0;
  }
  close(fd);
  std::cout << "writable\n";
  return 0;
}

int cmd_read_probe(const Args& a) {
  int fd = open(a[0].c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    std::cout << "denied: " << errno_name(errno) << "\n";
    return 0;
  }
  struct stat st{};
  fstat(fd, &st);
  if (S_ISDIR(st.st_mode)) {
    DIR* d = fdopendir(fd);
    if (!d) return fail_errno("fdopendir " + a[0]);
    int n = 0;
    errno = 0;
    while (dirent* e = readdir(d))
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) ++n;
    int e = errno;
    closedir(d);
    if (e) std::cout << "denied: " << errno_name(e) << "\n";
    else std::cout << "readable: " << n << " entries\n";
    return 0;
  }
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  int e = errno;
  close(fd);
  if (n < 0) std::cout << "denied: " << errno_name(e) << "\n";
  else std::cout << "readable: " << n << " bytes\n";
  return 0;
}

int cmd_ids(const Args&) {
  std::vector<gid_t> groups(getgroups(0, nullptr));
  int n = getgroups(groups.size(), groups.data());
  if (n < 0) return fail_errno("getgroups");
  std::string g;
  for (int i = 0; i < n; ++i) g += (i ? "," : "") + std::to_string(groups[i]);
  std::cout << "uid=" << getuid() << " gid=" << getgid() << " groups=" << g << "\n";
  return 0;
}

int cmd_rlimit(const Args& a) {
  static const std::map<std::string, int> names = {
      {"AS", RLIMIT_AS},           {"CORE", RLIMIT_CORE},     {"CPU", RLIMIT_CPU},
      {"DATA", RLIMIT_DATA},       {"FSIZE", RLIMIT_FSIZE},   {"LOCKS", RLIMIT_LOCKS},
      {"MEMLOCK", RLIMIT_MEMLOCK}, {"MSGQUEUE", RLIMIT_MSGQUEUE}, {"NICE", RLIMIT_NICE},
      {"NOFILE", RLIMIT_NOFILE},   {"NPROC", RLIMIT_NPROC},   {"RSS", RLIMIT_RSS},
      {"RTPRIO", RLIMIT_RTPRIO},   {"RTTIME", RLIMIT_RTTIME}, {"SIGPENDING", RLIMIT_SIGPENDING},
      {"STACK", RLIMIT_STACK}};
  std::string name = a[0];
  if (name.starts_with("RLIMIT_")) name = name.substr(7);
  auto it = names.find(name);
  if (it == names.end()) return fail("unknown rlimit " + a[0]);
  struct rlimit rl{};
  if (getrlimit(it->second, &rl) != 0) return fail_errno("getrlimit " + a[0]);
  auto show = [](rlim_t v) { return v == RLIM_INFINITY ? std::string("unlimited") : std::to_string(v); };
  std::cout << show(rl.rlim_cur) << " " << show(rl.rlim_max) << "\n";
  return 0;
}

int cmd_pid(const Args&) {
  std::cout << getpid() << "\n";
  return 0;
}

int cmd_cwd(const Args&) {
  char buf[4096];
  if (!getcwd(buf, sizeof buf)) return fail_errno("getcwd");
  std::cout << buf << "\n";
  return 0;
}

int cmd_env(const Args& a) {
  const char* v = std::getenv(a[0].c_str());
  if (!v) return fail(a[0] + " is not set");
  std::cout << v << "\n";
  return 0;
}

int cmd_sleep(const Args& a) {
  long s;
  if (!parse_int(a[0], s) || s < 0) return fail("bad seconds " + a[0]);
  while (s > 0) s = sleep(s);
  return 0;
}

int cmd_exit(const Args& a) {
  long c;
  if (!parse_int(a[0], c)) return fail("bad exit code " + a[0]);
  std::cout.flush();
  _exit(static_cast<int>(c));
}

int cmd_kill_self(const Args& a) {
  long sig;
  if (!parse_int(a[0], sig)) return fail("bad signal " + a[0]);
  std::cout.flush();
  signal(static_cast<int>(sig), SIG_DFL);
  if (kill(getpid(), static_cast<int>(sig)) != 0) return fail_errno("kill");
  // Still alive: the signal was ignored or caught; the init of a pid namespace ignores signals
  // with the default action that come from inside its own namespace, including from itself.
  sleep(1);
  return fail("still alive after signal " + a[0] + (getpid() == 1 ? " (pid 1 of a pid namespace)" : ""));
}

int cmd_hostname(const Args&) {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return fail_errno("gethostname");
  std::cout << buf << "\n";
  return 0;
}

// sd-notify MESSAGE: sends MESSAGE to $NOTIFY_SOCKET as sd_notify(3) does (one datagram).
int cmd_sd_notify(const Args& a) {
  const char* path = getenv("NOTIFY_SOCKET");
  if (!path || strlen(path) >= sizeof(sockaddr_un{}.sun_path)) return fail_errno("NOTIFY_SOCKET");
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  strcpy(addr.sun_path, path);
  if (fd < 0 || sendto(fd, a[0].data(), a[0].size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
    return fail_errno("sendto NOTIFY_SOCKET");
  std::cout << "sent to " << path << "\n";
  return 0;
}

int cmd_umask(const Args&) {
  mode_t m = umask(0);
  umask(m);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", m);
  std::cout << buf << "\n";
  return 0;
}

int print_status_field(const std::string& key) {
  std::string v;
  if (!status_field(key, v)) return fail("no " + key + " in /proc/self/status");
  std::cout << v << "\n";
  return 0;
}

int cmd_nnp(const Args&) { return print_status_field("NoNewPrivs"); }
int cmd_seccomp(const Args&) { return print_status_field("Seccomp"); }

// The raw syscall, not libc's mkdir (which may use mkdirat): seccomp tests match on its args.
int cmd_mkdir(const Args& a) {
  char* end = nullptr;
  unsigned long mode = std::strtoul(a[1].c_str(), &end, 8);
  if (a[1].empty() || *end != '\0') return fail("mkdir: bad MODE " + a[1]);
  if (syscall(SYS_mkdir, a[0].c_str(), mode) == 0) std::cout << "created\n";
  else std::cout << "denied: " << errno_name(errno) << "\n";
  return 0;
}

int cmd_oom(const Args&) {
  std::ifstream in("/proc/self/oom_score_adj");
  std::string v;
  if (!(in >> v)) return fail_errno("read /proc/self/oom_score_adj");
  std::cout << v << "\n";
  return 0;
}

int cmd_watch_root(const Args& a) {
  long secs;
  if (!parse_int(a[1], secs)) return fail("watch-root: bad SECONDS " + a[1]);
  std::string self = std::to_string(getpid());
  time_t end = time(nullptr) + secs;
  bool hit = false;
  while (time(nullptr) < end) {
    DIR* d = opendir("/proc");
    if (!d) return fail_errno("opendir /proc");
    while (dirent* e = readdir(d)) {
      long pid;
      if (hit || !parse_int(e->d_name, pid) || e->d_name == self) continue;
      std::string p = std::string("/proc/") + e->d_name + "/root" + a[0];
      if (access(p.c_str(), F_OK) == 0) {
        std::cout << "ESCAPED " << pid << std::endl;  // and keep running: the test goes on
        hit = true;
      }
    }
    closedir(d);
  }
  if (!hit) std::cout << "clean" << std::endl;
  return 0;
}

int cmd_sched(const Args&) {
  // struct sched_attr (linux/sched/types.h), spelled out: the helper needs only libc headers.
  struct {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
    uint32_t util_min, util_max;
  } attr{};
  if (syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) != 0) return fail_errno("sched_getattr");
  char buf[128];
  std::snprintf(buf, sizeof buf, "policy=%u nice=%d priority=%u flags=0x%llx", attr.policy, attr.nice, attr.priority,
                static_cast<unsigned long long>(attr.flags));
  std::cout << buf << "\n";
  return 0;
}

int cmd_ioprio(const Args&) {
  long v = syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0);
  if (v < 0) return fail_errno("ioprio_get");
  std::cout << "class=" << (v >> 13) << " priority=" << (v & 0x1fff) << "\n";
  return 0;
}

int cmd_personality(const Args&) {
  int v = personality(0xffffffff);
  if (v < 0) return fail_errno("personality");
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04x", static_cast<unsigned>(v));
  std::cout << buf << "\n";
  return 0;
}

int cmd_affinity(const Args&) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return fail_errno("sched_getaffinity");
  std::string out;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (!CPU_ISSET(c, &set)) continue;
    int last = c;
    while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &set)) ++last;
    out += (out.empty() ? "" : ",") + std::to_string(c) + (last > c ? "-" + std::to_string(last) : "");
    c = last;
  }
  std::cout << out << "\n";
  return 0;
}

struct Command {
  size_t nargs;
  int (*fn)(const Args&);
};

const std::map<std::string, Command> commands = {
    {"readlink", {1, cmd_readlink}},
    {"mode", {1, cmd_mode}},
    {"stat", {1, cmd_stat}},
    {"caps", {0, cmd_caps}},
    {"fds", {0, cmd_fds}},
    {"mountinfo", {0, cmd_mountinfo}},
    {"write-probe", {1, cmd_write_probe}},
    {"read-probe", {1, cmd_read_probe}},
    {"ids", {0, cmd_ids}},
    {"rlimit", {1, cmd_rlimit}},
    {"pid", {0, cmd_pid}},
    {"cwd", {0, cmd_cwd}},
    {"env", {1, cmd_env}},
    {"sleep", {1, cmd_sleep}},
    {"exit", {1, cmd_exit}},
    {"kill-self", {1, cmd_kill_self}},
    {"hostname", {0, cmd_hostname}},
    {"umask", {0, cmd_umask}},
    {"sd-notify", {1, cmd_sd_notify}},
    {"nnp", {0, cmd_nnp}},
    {"seccomp", {0, cmd_seccomp}},
    {"oom", {0, cmd_oom}},
    {"sched", {0, cmd_sched}},
    {"ioprio", {0, cmd_ioprio}},
    {"personality", {0, cmd_personality}},
    {"affinity", {0, cmd_affinity}},
    {"mkdir", {2, cmd_mkdir}},
    {"watch-root", {2, cmd_watch_root}},
};

int usage() {
  std::string names;
  for (auto& [name, c] : commands) names += " " + name;
  std::cerr << "usage: rampart-testhelper COMMAND [ARG]\ncommands:" << names << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  auto it = commands.find(argv[1]);
  if (it == commands.end()) return usage();
  Args args(argv + 2, argv + argc);
  if (args.size() != it->second.nargs) return usage();
  return it->second.fn(args);
}
