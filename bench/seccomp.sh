#!/bin/bash
# The seccomp part of bench/startup.sh for rampart binaries alone (no peers): `run` of /bin/true
# with the default (Docker-like) profile, with the compiled-filter cache warm, with it emptied
# before every start, and without seccomp, for RAMPART and, when given, BASELINE (an older build,
# timed in the same run). A benchmark, never a pass/fail test. Run as root.
#
#   bench/seccomp.sh [RAMPART_BINARY] [BASELINE_BINARY]     (default: build/rampart)
#
# Environment: RUNS (default 30), WARMUP (default 3). Prints medians and hyperfine's mean user
# and system CPU times (on a loaded machine the CPU times say more than the wall clock).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
runs=${RUNS:-30}
warmup=${WARMUP:-3}
rampart=$(realpath "${1:-$src/build/rampart}")
baseline=${2:+$(realpath "$2")}
((EUID == 0)) || { echo "seccomp.sh: run as root" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "seccomp.sh: hyperfine missing (scripts/setup-deps)" >&2; exit 1; }

work=$(mktemp -d /tmp/rampart-bench-seccomp.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
"$src/scripts/mkrootfs" "$work/rootfs" >/dev/null
mkdir -p "$work/state"
# The bundles (bench/bundles.py): true, seccomp, sleep.
"$here/bundles.py" "$work" "$src/src/spec/data/default_seccomp.json"
# A start with the cache emptied first: the compile every time.
cat > "$work/uncached.sh" <<'UNC'
#!/bin/bash
rm -rf -- "$2/.seccomp-cache"
exec "$1" --root "$2" run --bundle "$3" "$4"
UNC
chmod +x "$work/uncached.sh"

# As bench/startup.sh: a private mount namespace, state roots on a tmpfs.
cat > "$work/inner.sh" <<'INNER'
#!/bin/bash
set -euo pipefail
work=$1 runs=$2 warmup=$3; shift 3
umount /sys/fs/cgroup/unified 2>/dev/null || true
mount -t tmpfs -o mode=0700 tmpfs "$work/state"
args=()
while (($#)); do
  name=$1 bin=$2; shift 2
  args+=(-n "$name cached" "$bin --root $work/state/$name run --bundle $work/seccomp c-$name"
         -n "$name uncached" "$work/uncached.sh $bin $work/state/$name-u $work/seccomp u-$name"
         -n "$name no seccomp" "$bin --root $work/state/$name run --bundle $work/true t-$name")
done
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/seccomp.json" "${args[@]}" >&2
INNER
chmod +x "$work/inner.sh"
pairs=(rampart "$rampart")
[[ -n $baseline ]] && pairs+=(baseline "$baseline")
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs after $warmup warm-up runs"
unshare -m --propagation private "$work/inner.sh" "$work" "$runs" "$warmup" "${pairs[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/seccomp.json" <<'PY'
import json, statistics, sys
print("| command | median ms | min ms | mean user ms | mean sys ms |")
print("|:---|---:|---:|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    t = r["times"]
    print(f"| {r['command']} | {statistics.median(t) * 1000:.1f} | {min(t) * 1000:.1f} | {r['user'] * 1000:.1f} | {r['system'] * 1000:.1f} |")
PY
