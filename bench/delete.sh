#!/bin/bash
# Time of `delete --force` of a running container holding 20 exec'd processes, for rampart,
# runc and crun. A benchmark, never a pass/fail test. Run as root.
#
#   bench/delete.sh [RAMPART_BINARY]     (default: build/rampart)
#
# Environment: ROUNDS (default 10), EXECS (default 20), RAMPART, RUNC, CRUN (binaries).
# Writes bench/delete-results.md and prints it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
rounds=${ROUNDS:-10}
execs=${EXECS:-20}
rampart=${1:-${RAMPART:-$src/build/rampart}}
runc=${RUNC:-$(command -v runc || true)}
crun=${CRUN:-$(command -v crun || true)}
((EUID == 0)) || { echo "delete.sh: run as root" >&2; exit 1; }

work=$(mktemp -d /tmp/rampart-bench-delete.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
"$src/scripts/mkrootfs" "$work/rootfs" >/dev/null
mkdir -p "$work/bundle"
python3 - "$work" <<'PY'
import json, subprocess, sys
work = sys.argv[1]
subprocess.run(["runc", "spec", "--bundle", work + "/bundle"], check=True)
path = work + "/bundle/config.json"
c = json.load(open(path))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/sleep", "600"]
c["root"] = {"path": work + "/rootfs", "readonly": True}
json.dump(c, open(path, "w"), indent=2)
PY

# One round: run -d, exec -d $execs sleeps, then time delete --force alone (ns since epoch).
cat > "$work/round.sh" <<'ROUND'
#!/bin/bash
set -euo pipefail
bin=$1 root=$2 bundle=$3 id=$4 execs=$5
$bin --root "$root" run -d --bundle "$bundle" "$id" </dev/null >/dev/null 2>&1
for _ in $(seq "$execs"); do $bin --root "$root" exec -d "$id" /bin/sleep 600 </dev/null >/dev/null 2>&1; done
n=$($bin --root "$root" ps --format json "$id" | tr -cd ',' | wc -c)
((n + 1 == execs + 1)) || { echo "round.sh: $((n + 1)) processes, wanted $((execs + 1))" >&2; exit 1; }
t0=$(date +%s%N)
$bin --root "$root" delete --force "$id" >/dev/null
t1=$(date +%s%N)
echo $(((t1 - t0) / 1000))
ROUND
chmod +x "$work/round.sh"

measure() {  # name binary [wrapper...]: prints "name median min max" in ms
  local name=$1 bin=$2; shift 2
  local times=()
  for r in $(seq "$rounds"); do
    times+=("$("$@" "$work/round.sh" "$bin" "$work/state-$name" "$work/bundle" "bench-$name-$r" "$execs")")
  done
  printf '%s\n' "${times[@]}" | sort -n | python3 -c '
import sys, statistics
v = [int(x) / 1000 for x in sys.stdin]
print("| %s | %.1f | %.1f | %.1f |" % (sys.argv[1], statistics.median(v), min(v), max(v)))' "$name"
}

rows=()
[[ -x $rampart ]] && rows+=("$(measure rampart "$(realpath "$rampart")")")
[[ -n $runc ]] && rows+=("$(measure runc "$runc")")
# crun 1.8.1 refuses this hybrid host while cgroup2 is mounted at /sys/fs/cgroup/unified.
[[ -n $crun ]] && rows+=("$(measure crun "$crun" unshare -m --propagation private sh -c 'umount /sys/fs/cgroup/unified; exec "$@"' sh)")

{
  echo "# \`delete --force\` of a container with $execs exec'd processes"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(uname -r), $(nproc) CPUs; $rounds rounds each (bench/delete.sh)."
  echo "Each round: \`run -d\` of \`sleep 600\`, $execs \`exec -d sleep 600\`, then only \`delete --force\` is timed."
  echo
  echo "| Runtime | median [ms] | min [ms] | max [ms] |"
  echo "|:---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} > "$here/delete-results.md"
cat "$here/delete-results.md"
