// The command line as data: each command declares its flags in a table of Option<T> (names, the
// placeholder of its value, help text, and a setter into the command's own struct T), and one
// generic parser turns argv into that struct. Pure: no syscalls, so every runc-compatible
// spelling is unit-tested (tests/unit/cli_*_test.cc).
//
// Spellings accepted, as Go's flag package (which runc and its clients use) accepts them:
// "--name value", "--name=value", "-name value", "-name=value"; one-letter aliases "-b value",
// "-b=value"; boolean flags "--detach", "--detach=true|false". "--" ends the flags.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "util/error.h"

namespace rampart::cli {

// What help shows about one flag, and how the parser recognises it.
struct FlagInfo {
  std::string_view names;          // "bundle,b": the long name first, then aliases
  std::string_view value;          // placeholder for a flag that takes a value; "" for a boolean
  std::string_view help;
  std::string_view default_value;  // shown as "(default: X)" when not empty
};

template <class T>
struct Option {
  FlagInfo info{};
  // Stores `value` into the command's struct; false when the value is not valid for the flag.
  // Boolean flags receive "true" or "false".
  bool (*set)(T&, std::string_view value) = nullptr;
};

// Setters for the common shapes, used as `text<&T::member>` in a table.
template <auto Member>
bool text(auto& t, std::string_view v) {
  t.*Member = std::string(v);
  return true;
}
template <auto Member>
bool append(auto& t, std::string_view v) {
  (t.*Member).emplace_back(v);
  return true;
}
template <auto Member>
bool flag(auto& t, std::string_view v) {
  t.*Member = v == "true";
  return true;
}
bool parse_int(std::string_view v, int64_t& out);  // decimal, optional sign, no overflow
template <auto Member>
bool integer(auto& t, std::string_view v) {
  int64_t n = 0;
  if (!parse_int(v, n)) return false;
  using M = std::remove_reference_t<decltype(t.*Member)>;
  if (n < static_cast<int64_t>(std::numeric_limits<M>::min()) ||
      (n > 0 && static_cast<uint64_t>(n) > static_cast<uint64_t>(std::numeric_limits<M>::max())))
    return false;
  t.*Member = static_cast<M>(n);
  return true;
}

// Two tables as one (a command that takes another's flags and adds its own).
template <class T, size_t A, size_t B>
constexpr std::array<Option<T>, A + B> join(const std::array<Option<T>, A>& a, const std::array<Option<T>, B>& b) {
  std::array<Option<T>, A + B> out{};
  for (size_t i = 0; i < A; ++i) out[i] = a[i];
  for (size_t i = 0; i < B; ++i) out[A + i] = b[i];
  return out;
}

// True when `names` ("bundle,b") contains `name`.
bool names_contain(std::string_view names, std::string_view name);

struct ParsedArgs {
  std::vector<std::string> positionals;
  bool help = false;  // -h / --help was given
};

// How a command takes its positional arguments.
enum class Positionals {
  Anywhere,       // flags may follow positionals (urfave/cli's reordering, as runc)
  StopAtFirst,    // everything from the first positional on is positional (exec, ps)
};

namespace detail {
struct Token {
  std::string_view name;   // without dashes
  std::string_view value;  // after '=', when has_value
  bool has_value = false;
};
// Splits "-x", "--x", "-x=v", "--x=v"; returns false for something that is not a flag.
bool split_flag(std::string_view arg, Token& out);
Error usage(std::string detail);
}  // namespace detail

// Parses `args` (the words after the command name) into `out`.
template <class T>
Result<ParsedArgs> parse_options(std::span<const Option<T>> table, std::span<const std::string> args, T& out,
                                 Positionals mode = Positionals::Anywhere) {
  ParsedArgs r;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    detail::Token tok;
    if (a == "--") {
      r.positionals.insert(r.positionals.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (!detail::split_flag(a, tok)) {
      if (mode == Positionals::StopAtFirst) {
        r.positionals.insert(r.positionals.end(), args.begin() + static_cast<long>(i), args.end());
        break;
      }
      r.positionals.push_back(a);
      continue;
    }
    if (tok.name == "help" || tok.name == "h") {
      r.help = true;
      continue;
    }
    const Option<T>* opt = nullptr;
    for (const auto& o : table)
      if (names_contain(o.info.names, tok.name)) opt = &o;
    if (!opt) return std::unexpected(detail::usage("flag provided but not defined: -" + std::string(tok.name)));
    std::string_view value;
    if (opt->info.value.empty()) {  // boolean
      value = tok.has_value ? tok.value : "true";
      if (value != "true" && value != "false")
        return std::unexpected(detail::usage("invalid boolean value \"" + std::string(value) + "\" for -" +
                                             std::string(tok.name)));
    } else if (tok.has_value) {
      value = tok.value;
    } else if (i + 1 < args.size()) {
      value = args[++i];  // the next word, even when it starts with '-' ("--memory-swap -1")
    } else {
      return std::unexpected(detail::usage("flag needs an argument: -" + std::string(tok.name)));
    }
    if (!opt->set(out, value))
      return std::unexpected(detail::usage("invalid value \"" + std::string(value) + "\" for flag -" +
                                           std::string(tok.name)));
  }
  return r;
}

}  // namespace rampart::cli
