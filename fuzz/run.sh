#!/bin/sh
# Runs one fuzz target (built by fuzz/build.sh into OUT-DIR) on its seed corpus, bounded by time
# or by a number of runs. Fails on a crash, leak, UB report, timeout or out-of-memory, printing
# the input that did it; prints the executions done.
#   fuzz/run.sh OUT-DIR TARGET SECONDS [RUNS]     (RUNS: stop after that many executions instead)
# Seeds: fuzz/corpus/TARGET/ and TARGET.seeds (never written to); new inputs go to OUT-DIR/corpus/TARGET/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: fuzz/run.sh OUT-DIR TARGET SECONDS [RUNS]}
target=${2:?target}
secs=${3:-20}
runs=${4:-}
bin="$out/bin/$target"
if [ ! -x "$bin" ]; then
  set +e
  "$here/build.sh" "$out" "$target"
  rc=$?
  set -e
  [ $rc -eq 0 ] || exit $rc
fi
mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
limit="-max_total_time=$secs"
[ -n "$runs" ] && limit="-runs=$runs"
dict=""
[ -f "$here/$target.dict" ] && dict="-dict=$here/$target.dict"
log="$out/$target.log"
# Seeds: fuzz/corpus/TARGET, and the directories (repository-relative) listed in TARGET.seeds.
seeds=""
[ -d "$here/corpus/$target" ] && seeds="$here/corpus/$target"
if [ -f "$here/$target.seeds" ]; then
  while read -r d; do [ -n "$d" ] && seeds="$seeds $here/../$d"; done <"$here/$target.seeds"
fi
echo "fuzz $target: ${runs:+$runs runs}${runs:-${secs}s}"
set +e
# shellcheck disable=SC2086
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$bin" $limit $dict -timeout=10 -rss_limit_mb=2048 -max_len=${FUZZ_MAX_LEN:-65536} \
  -artifact_prefix="$out/artifacts/$target/" -print_final_stats=1 \
  "$out/corpus/$target" $seeds >"$log" 2>&1
rc=$?
set -e
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
secs_done=$(sed -n 's/^stat::\(average_exec_per_sec\): *//p' "$log" | tail -1)
cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
echo "fuzz $target: ${execs:-?} executions (${secs_done:-?}/s), ${cov:-cov: ?}, exit $rc"
if [ $rc -ne 0 ]; then
  tail -n 40 "$log"
  for f in "$out/artifacts/$target"/*; do
    [ -f "$f" ] || continue
    echo "--- input $f (first 2000 bytes):"
    head -c 2000 "$f"
    echo
  done
  echo "fuzz $target: FAILED"
  exit 1
fi
