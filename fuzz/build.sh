#!/bin/sh
# Builds every libFuzzer target of fuzz/ (one .cc per target) with clang++ and ASan + UBSan.
#   fuzz/build.sh OUT-DIR [target...]        (default: every target)
# Binaries land in OUT-DIR/bin/<target>. Exits 77 with the reason on one line when no suitable
# clang++ (16 or newer) or no libFuzzer runtime is installed (scripts/setup-deps installs them:
# clang-19 libclang-rt-19-dev). Uses ccache when it is there, so a rebuild costs little.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
out=${1:?usage: fuzz/build.sh OUT-DIR [target...]}
shift
targets=${*:-$(cd "$here" && ls ./*.cc | sed 's|^\./||; s|\.cc$||')}

# The newest clang++ wins: clang before 16 cannot compile the C++23 the sources use
# (libstdc++'s <expected>, lambdas capturing structured bindings).
CXX=${CLANGXX:-}
if [ -z "$CXX" ]; then
  for v in 22 21 20 19 18 17 16; do
    if command -v "clang++-$v" >/dev/null 2>&1; then CXX="clang++-$v"; break; fi
  done
fi
CXX=${CXX:-clang++}
if ! command -v "$CXX" >/dev/null 2>&1; then
  echo "fuzz: SKIPPED: no clang++ (apt-get install clang-19 libclang-rt-19-dev)"
  exit 77
fi
major=$("$CXX" --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
if [ -n "$major" ] && [ "$major" -lt 16 ]; then
  echo "fuzz: SKIPPED: $CXX is clang $major; these sources need clang 16 or newer (apt-get install clang-19 libclang-rt-19-dev)"
  exit 77
fi
mkdir -p "$out/obj" "$out/bin"
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long){return 0;}\n' >"$out/probe.cc"
if ! "$CXX" -fsanitize=fuzzer "$out/probe.cc" -o "$out/probe" >"$out/probe.log" 2>&1; then
  echo "fuzz: SKIPPED: $CXX cannot link -fsanitize=fuzzer (libFuzzer runtime missing: apt-get install libclang-rt-${major:-19}-dev)"
  exit 77
fi
cc="$CXX"
command -v ccache >/dev/null 2>&1 && cc="ccache $CXX"

# The code under test, from a copy: clang rejects g++'s placement of a lambda attribute
# ("[&]() [[noreturn]] {"), which the copy rewrites to C++23's "[&] [[noreturn]] () {".
rm -rf "$out/src"
cp -r "$src/src" "$out/src"
find "$out/src" -name '*.cc' -exec sed -i 's/\[&\]() \[\[noreturn\]\]/[\&] [[noreturn]] ()/g' {} +
# The default seccomp profile is data compiled into the spec layer; CMake generates its source
# (CMakeLists.txt, generated/default_seccomp.cc) and this build generates the same one.
{
  printf '#include "spec/defaults.h"\nnamespace rampart::spec {\nstd::string_view default_seccomp_profile_json() {\n  return R"json('
  cat "$src/src/spec/data/default_seccomp.json"
  printf ')json";\n}\n}  // namespace rampart::spec\n'
} >"$out/src/spec/default_seccomp_generated.cc"
# Only pure code and the state-file codec: nothing here talks to the kernel. yaml-cpp is
# Debian's library, linked as it is (not instrumented).
lib="$(ls "$out"/src/spec/*.cc "$out"/src/policy/*.cc "$out"/src/policy/k8s/*.cc "$out"/src/manifest/*.cc) $out/src/util/error.cc $out/src/util/path.cc $out/src/container/state.cc $out/src/linux/cgroup/json.cc"

flags="-std=gnu++2b -Ulinux -DFMT_HEADER_ONLY -I$out/src -g -O1 -fno-omit-frame-pointer -Wno-deprecated-declarations"
flags="$flags -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
: >"$out/build.log"
objs=""
for f in $lib; do objs="$objs $out/obj/lib-$(echo "$f" | sed "s|^$out/src/||; s|/|-|g; s|\.cc$||").o"; done
# One object per source, in parallel (ASan+UBSan builds of the nlohmann-heavy parser are slow).
# shellcheck disable=SC2086
if ! printf '%s\n' $lib $(for t in $targets; do echo "$here/$t.cc"; done) | xargs -P "$jobs" -I{} sh -c '
    f="$1"; out="$2"
    case "$f" in
      "$out"/src/*) o="$out/obj/lib-$(echo "${f#"$out"/src/}" | sed "s|/|-|g; s|\.cc$||").o" ;;
      *) o="$out/obj/target-$(basename "$f" .cc).o" ;;
    esac
    $3 $4 -c "$f" -o "$o" 2>>"$out/build.log"' _ {} "$out" "$cc" "$flags"; then
  cat "$out/build.log"
  echo "fuzz: FAILED to build"
  exit 1
fi
for t in $targets; do
  # shellcheck disable=SC2086
  if ! $CXX -fsanitize=fuzzer,address,undefined "$out/obj/target-$t.o" $objs -lyaml-cpp -o "$out/bin/$t" 2>>"$out/build.log"; then
    cat "$out/build.log"
    echo "fuzz: FAILED to link $t"
    exit 1
  fi
done
echo "fuzz: built $(echo $targets) with $CXX into $out/bin"
