#!/bin/sh
# Build a libFuzzer target of tests/fuzz with clang++ (libFuzzer + ASan + UBSan) and run it for a
# bounded time on a seed corpus from tests/unit/data. Fails on a crash, a leak, UB or a timeout;
# exits 0 with a note when clang++ or the libFuzzer runtime is missing.
#   tests/fuzz/run-short.sh [seconds] [build-dir] [target]
# (default 60s, a temp dir, fuzz_check: config.json + check; fuzz_manifest: the YAML reader +
# manifest check). yaml-cpp is Debian's library, linked as it is (not instrumented).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
secs=${1:-${FUZZ_SECONDS:-60}}
out=${2:-}
target=${3:-fuzz_check}
[ -f "$here/$target.cc" ] || { echo "fuzz: no target $target"; exit 1; }

# The newest clang++ wins: clang++ 14 cannot compile parts of the C++23 the sources use
# (lambda attributes, capturing structured bindings, libstdc++'s <expected>).
CXX=${CLANGXX:-}
if [ -z "$CXX" ]; then
  for v in 22 21 20 19 18 17 16 15; do
    if command -v "clang++-$v" >/dev/null 2>&1; then CXX="clang++-$v"; break; fi
  done
fi
CXX=${CXX:-clang++}
if ! command -v "$CXX" >/dev/null 2>&1; then
  echo "fuzz: SKIPPED: clang++ not found"
  exit 0
fi

# clang++ before 16 cannot compile the C++23 these sources use (libstdc++'s <expected>,
# lambdas capturing structured bindings).
major=$("$CXX" --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
if [ -n "$major" ] && [ "$major" -lt 16 ]; then
  echo "fuzz: SKIPPED: $CXX is clang $major; these sources need clang 16 or newer (e.g. apt-get install clang-19 libclang-rt-19-dev)"
  exit 0
fi

if [ -z "$out" ]; then
  out=$(mktemp -d "${TMPDIR:-/tmp}/rampart-fuzz.XXXXXX")
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"

# Is the libFuzzer runtime there? (Debian ships it in libclang-rt-N-dev / libfuzzer-N-dev.)
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long){return 0;}\n' >"$out/probe.cc"
if ! "$CXX" -fsanitize=fuzzer "$out/probe.cc" -o "$out/probe" >"$out/probe.log" 2>&1; then
  echo "fuzz: SKIPPED: $CXX cannot link -fsanitize=fuzzer (libFuzzer runtime missing):"
  sed 's/^/  /' "$out/probe.log" | head -5
  exit 0
fi

# The sources are compiled from a copy: clang rejects g++'s placement of a lambda attribute
# ("[&]() [[noreturn]] {", src/spec/parse.cc), which the copy rewrites to C++23's "[&] [[noreturn]] () {".
rm -rf "$out/src"
mkdir -p "$out/src"
cp -r "$src/src/spec" "$src/src/policy" "$src/src/manifest" "$src/src/util" "$out/src/"
find "$out/src/spec" "$out/src/policy" "$out/src/manifest" -name '*.cc' -exec \
  sed -i 's/\[&\]() \[\[noreturn\]\]/[\&] [[noreturn]] ()/g' {} +
# The default seccomp profile is data compiled into the spec layer; CMake generates its source
# (CMakeLists.txt, generated/default_seccomp.cc) and this build generates the same one.
{
  printf '#include "spec/defaults.h"\nnamespace rampart::spec {\nstd::string_view default_seccomp_profile_json() {\n  return R"json('
  cat "$src/src/spec/data/default_seccomp.json"
  printf ')json";\n}\n}  // namespace rampart::spec\n'
} >"$out/src/spec/default_seccomp_generated.cc"
flags="-std=gnu++2b -Ulinux -DFMT_HEADER_ONLY -I$out/src -g -O1 -fno-omit-frame-pointer -Wno-deprecated-declarations"
flags="$flags -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
srcs="$here/$target.cc $(find "$out/src/spec" "$out/src/policy" "$out/src/manifest" -name '*.cc' | sort) $out/src/util/error.cc"
echo "fuzz: building with $CXX into $out"
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
: >"$out/build.log"
rm -rf "$out/obj"
# One object per source, in parallel (ASan+UBSan builds of the nlohmann-heavy parser are slow).
# shellcheck disable=SC2086
if ! printf '%s\n' $srcs | xargs -P "$jobs" -I{} sh -c \
    'o="$1/obj/$(echo "$2" | tr / _ | sed "s/\.cc$//").o"; mkdir -p "$1/obj"; "$3" $4 -c "$2" -o "$o" 2>>"$1/build.log"' \
    _ "$out" {} "$CXX" "$flags" ||
   ! "$CXX" $flags "$out"/obj/*.o -lyaml-cpp -o "$out/$target" 2>>"$out/build.log"; then
  cat "$out/build.log"
  echo "fuzz: FAILED to build"
  exit 1
fi

mkdir -p "$out/corpus" "$out/seeds"
if [ "$target" = fuzz_manifest ]; then
  find "$src/tests/unit/data/manifests" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) |
    while read -r f; do cp "$f" "$out/seeds/$(echo "${f#"$src"/}" | tr / _)"; done
  # Inputs that once crashed a target stay in its seeds.
  for f in "$here"/regressions/manifest-*; do [ -f "$f" ] && cp "$f" "$out/seeds/"; done
else
  for f in "$src"/tests/unit/data/*.json "$src"/tests/unit/data/policy/*.json; do
    [ -f "$f" ] && cp "$f" "$out/seeds/"
  done
fi
echo "fuzz: running for ${secs}s"
set +e
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$out/$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$out/" -print_final_stats=1 "$out/corpus" "$out/seeds" >"$out/fuzz.log" 2>&1
rc=$?
set -e
tail -n 15 "$out/fuzz.log"
if [ $rc -ne 0 ]; then
  echo "fuzz: FAILED (exit $rc); crash input(s):"
  ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* 2>/dev/null || true
  for f in "$out"/crash-* "$out"/leak-* "$out"/timeout-*; do
    [ -f "$f" ] && { echo "--- $f"; head -c 2000 "$f"; echo; }
  done
  exit 1
fi
echo "fuzz: OK"
