// One error type for the whole runtime: what was being done, on which path, and the errno.
// Every fallible function returns Result<T>; the command boundary turns an Error into one line.
#pragma once

#include <cerrno>
#include <expected>
#include <string>
#include <utility>

namespace rampart {

// What kind of failure, so callers branch on it and never on message text (libpathrs's error
// kinds; runc's sentinel errors).
enum class ErrorKind {
  Failed,     // an operation failed (usually errno tells why)
  Usage,      // the command line is wrong: the command's help applies
  BadInput,   // a file or value the caller gave is malformed or out of range
  NotFound,   // the container (or another named object) does not exist
  Refused,    // a safety or policy check refused to go on
  Raced,      // something changed under us while we looked (a swapped path, a recycled pid)
  Retryable,  // transient: the same call may succeed later (EBUSY, EAGAIN, EINTR)
};

struct Error {
  std::string op;      // what was being done, e.g. "mount proc"
  std::string path;    // the path (or other subject) it concerned; may be empty
  int err = 0;         // errno, 0 when the failure is not a syscall's
  std::string detail;  // extra words when errno alone does not explain it
  ErrorKind kind = ErrorKind::Failed;

  // "op path: strerror(err): detail", leaving out the empty parts.
  [[nodiscard]] std::string message() const;

  // Prefix the operation with an outer context ("create c1: " + op) keeping path and errno.
  [[nodiscard]] Error within(const std::string& context) const;
};

template <class T = void>
using Result = std::expected<T, Error>;

// The errno-based error of the last failing syscall.
inline std::unexpected<Error> sys_error(std::string op, std::string path = {}, int err = errno) {
  return std::unexpected(Error{std::move(op), std::move(path), err, {}});
}

// An error that is not a syscall's (bad input, refused policy...).
inline std::unexpected<Error> fail(std::string op, std::string detail, std::string path = {}) {
  return std::unexpected(Error{std::move(op), std::move(path), 0, std::move(detail)});
}

// The same, with a kind the caller can branch on.
inline std::unexpected<Error> fail_as(ErrorKind kind, std::string op, std::string detail, std::string path = {}) {
  return std::unexpected(Error{std::move(op), std::move(path), 0, std::move(detail), kind});
}

// `r` with its error, if any, put within an outer context (g++ 12's std::expected has no
// transform_error).
template <class T>
Result<T> within(Result<T> r, const std::string& context) {
  if (!r) return std::unexpected(r.error().within(context));
  return r;
}

}  // namespace rampart

// Propagate an error from an expression returning Result<T>; yields the value on success.
// Uses a GNU statement expression, which g++ and clang both support.
#define TRY(expr)                                           \
  ({                                                        \
    auto&& try_result_ = (expr);                            \
    if (!try_result_) return std::unexpected(try_result_.error()); \
    std::move(*try_result_);                                \
  })

// Same for Result<void>.
#define TRY_VOID(expr)                                      \
  do {                                                      \
    auto&& try_result_ = (expr);                            \
    if (!try_result_) return std::unexpected(try_result_.error()); \
  } while (0)
