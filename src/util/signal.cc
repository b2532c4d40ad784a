#include "util/signal.h"

#include <array>
#include <charconv>
#include <csignal>
#include <string>

namespace rampart {
namespace {

constexpr int kRtMin = 34;  // glibc's SIGRTMIN (the kernel's is 32; glibc keeps 32 and 33)
constexpr int kRtMax = 64;
constexpr int kMaxSignal = 64;

struct Named {
  std::string_view name;  // without "SIG"
  int number;
};

// Canonical names first: signal_name() takes the first entry for a number.
constexpr Named kSignals[] = {
    {"HUP", SIGHUP},       {"INT", SIGINT},       {"QUIT", SIGQUIT},     {"ILL", SIGILL},
    {"TRAP", SIGTRAP},     {"ABRT", SIGABRT},     {"BUS", SIGBUS},       {"FPE", SIGFPE},
    {"KILL", SIGKILL},     {"USR1", SIGUSR1},     {"SEGV", SIGSEGV},     {"USR2", SIGUSR2},
    {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},     {"TERM", SIGTERM},
#ifdef SIGSTKFLT
    {"STKFLT", SIGSTKFLT},
#endif
    {"CHLD", SIGCHLD},     {"CONT", SIGCONT},     {"STOP", SIGSTOP},     {"TSTP", SIGTSTP},
    {"TTIN", SIGTTIN},     {"TTOU", SIGTTOU},     {"URG", SIGURG},       {"XCPU", SIGXCPU},
    {"XFSZ", SIGXFSZ},     {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},     {"WINCH", SIGWINCH},
    {"IO", SIGIO},
#ifdef SIGPWR
    {"PWR", SIGPWR},
#endif
    {"SYS", SIGSYS},
    // Aliases.
    {"IOT", SIGABRT},      {"POLL", SIGIO},       {"CLD", SIGCHLD},
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// Digits only, no sign, no spaces; nullopt otherwise.
std::optional<int> number(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<int> parse_signal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() >= '0' && text.front() <= '9') {
    auto n = number(text);
    if (!n || *n < 1 || *n > kMaxSignal) return std::nullopt;
    return n;
  }
  std::string name = upper(text);
  std::string_view n = name;
  if (n.starts_with("SIG")) n.remove_prefix(3);
  if (n.starts_with("RTMIN") || n.starts_with("RTMAX")) {
    const bool from_min = n.starts_with("RTMIN");
    std::string_view rest = n.substr(5);
    int sig = from_min ? kRtMin : kRtMax;
    if (!rest.empty()) {
      if (rest.front() != (from_min ? '+' : '-')) return std::nullopt;
      auto off = number(rest.substr(1));
      if (!off) return std::nullopt;
      sig = from_min ? sig + *off : sig - *off;
    }
    if (sig < kRtMin || sig > kRtMax) return std::nullopt;
    return sig;
  }
  for (const Named& s : kSignals)
    if (s.name == n) return s.number;
  return std::nullopt;
}

const char* signal_name(int sig) {
  static const std::array<std::string, kMaxSignal + 1> names = [] {
    std::array<std::string, kMaxSignal + 1> out;
    for (int i = 1; i <= kMaxSignal; ++i) {
      if (i == kRtMin) out[i] = "SIGRTMIN";
      else if (i == kRtMax) out[i] = "SIGRTMAX";
      else if (i > kRtMin && i <= kRtMin + 15) out[i] = "SIGRTMIN+" + std::to_string(i - kRtMin);
      else if (i > kRtMin && i < kRtMax) out[i] = "SIGRTMAX-" + std::to_string(kRtMax - i);
      else out[i] = "SIG" + std::to_string(i);  // 32, 33: glibc-internal, nameless
    }
    for (auto it = std::rbegin(kSignals); it != std::rend(kSignals); ++it)  // canonical name wins
      if (it->number >= 1 && it->number <= kMaxSignal) out[it->number] = "SIG" + std::string(it->name);
    return out;
  }();
  if (sig < 1 || sig > kMaxSignal) return nullptr;
  return names[sig].c_str();
}

}  // namespace rampart
