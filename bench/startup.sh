#!/bin/bash
# Side-by-side start-up cost of `run` of /bin/true: rampart, runc and crun, one hyperfine run,
# plus the peak RSS of each runtime. A benchmark, never a pass/fail test. Run as root.
#
#   bench/startup.sh [RAMPART_BINARY]     (default: build/rampart, then build-it/rampart)
#
# Environment: RUNS (default 50), WARMUP (default 5), RAMPART, RUNC, CRUN (binaries).
# Writes bench/results.md and prints it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
runs=${RUNS:-50}
warmup=${WARMUP:-5}
rampart=${1:-${RAMPART:-}}
if [[ -z $rampart ]]; then
  for c in "$src/build/rampart" "$src/build-it/rampart"; do
    [[ -x $c ]] && { rampart=$c; break; }
  done
fi
runc=${RUNC:-$(command -v runc || true)}
crun=${CRUN:-$(command -v crun || true)}

for tool in hyperfine unshare; do
  command -v "$tool" >/dev/null || { echo "startup.sh: $tool missing (scripts/setup-deps)" >&2; exit 1; }
done
((EUID == 0)) || { echo "startup.sh: run as root" >&2; exit 1; }

names=() bins=()
[[ -n $rampart && -x $rampart ]] && { names+=(rampart); bins+=("$(realpath "$rampart")"); } \
  || echo "startup.sh: rampart binary not found; benchmarking without it" >&2
[[ -n $runc ]] && { names+=(runc); bins+=("$runc"); }
[[ -n $crun ]] && { names+=(crun); bins+=("$crun"); }
((${#names[@]} > 0)) || { echo "startup.sh: no runtime to benchmark" >&2; exit 1; }

work=$(mktemp -d /tmp/rampart-bench.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
"$src/scripts/mkrootfs" "$work/rootfs" >/dev/null
mkdir -p "$work/bundle" "$work/state"

# The same bundle for all three: `runc spec` defaults, terminal false, args ["/bin/true"].
python3 - "$work" <<'PY'
import json, subprocess, sys
work = sys.argv[1]
subprocess.run(["runc", "spec", "--bundle", work + "/bundle"], check=True)
path = work + "/bundle/config.json"
c = json.load(open(path))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/true"]
c["root"] = {"path": work + "/rootfs", "readonly": True}
json.dump(c, open(path, "w"), indent=2)
PY

# Everything below runs in a private mount namespace without the cgroup2 mount at
# /sys/fs/cgroup/unified: on this hybrid-cgroup machine crun 1.8.1 refuses to start while it is
# mounted. All three runtimes get the same environment.
cat > "$work/inner.sh" <<'INNER'
#!/bin/bash
set -euo pipefail
work=$1 runs=$2 warmup=$3 out=$4; shift 4
umount /sys/fs/cgroup/unified 2>/dev/null || true
names=() bins=()
while (($#)); do names+=("$1"); bins+=("$2"); shift 2; done

cmd() { echo "$2 --root $work/state/$1 run --bundle $work/bundle bench-$1-$$"; }

# Each must work once before it is timed.
for i in "${!names[@]}"; do
  if ! $(cmd "${names[$i]}" "${bins[$i]}") </dev/null >"$work/check.log" 2>&1; then
    echo "startup.sh: ${names[$i]} cannot run the bundle:" >&2; cat "$work/check.log" >&2; exit 1
  fi
done

args=()
for i in "${!names[@]}"; do args+=(-n "${names[$i]}" "$(cmd "${names[$i]}" "${bins[$i]}")"); done
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-markdown "$out.time" --export-json "$out.json" "${args[@]}" >&2
# Medians too: the issue's target is rampart's median at or below crun's.
python3 - "$out.json" > "$out.median" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("\n| Runtime | median [ms] | min [ms] |\n|:---|---:|---:|")
for r in d["results"]:
    print("| %s | %.1f | %.1f |" % (r["command"], r["median"] * 1000, r["min"] * 1000))
PY

# Peak RSS (max over 10 runs) of the runtime command and every process it waited for.
{
  echo
  echo "| Runtime | peak RSS (KiB), max of 10 runs | binary |"
  echo "|:---|---:|:---|"
  for i in "${!names[@]}"; do
    peak=0
    for _ in $(seq 10); do
      if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f '%M' -o "$work/rss" $(cmd "${names[$i]}" "${bins[$i]}") </dev/null >/dev/null 2>&1
        kb=$(tail -1 "$work/rss")
      else
        kb=$(python3 -c 'import resource,subprocess,sys
subprocess.run(sys.argv[1:],stdin=subprocess.DEVNULL,stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' $(cmd "${names[$i]}" "${bins[$i]}"))
      fi
      ((kb > peak)) && peak=$kb
    done
    echo "| ${names[$i]} | $peak | \`${bins[$i]#"$src"/}\` |"  # paths in the tree shown relative to it
  done
} > "$out.mem"
INNER
chmod +x "$work/inner.sh"

pairs=()
for i in "${!names[@]}"; do pairs+=("${names[$i]}" "${bins[$i]}"); done
unshare -m --propagation private "$work/inner.sh" "$work" "$runs" "$warmup" "$work/result" "${pairs[@]}"

{
  echo "# Start-up benchmark: \`run\` of /bin/true"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(uname -r), $(nproc) CPUs; $runs runs after $warmup warm-up runs (hyperfine -N)."
  echo "Bundle: busybox rootfs from scripts/mkrootfs, \`runc spec\` defaults, terminal false, read-only root."
  echo "All runtimes ran inside \`unshare -m\` with /sys/fs/cgroup/unified unmounted, because crun 1.8.1"
  echo "refuses to start on this hybrid-cgroup machine while cgroup2 is mounted there."
  echo "Versions: $(for i in "${!names[@]}"; do printf '%s ' "${names[$i]}=$("${bins[$i]}" --version 2>/dev/null | head -1 | awk '{print $NF}')"; done)"
  echo
  cat "$work/result.time"
  cat "$work/result.median"
  cat "$work/result.mem"
  echo
  echo "Peak RSS is GNU time's %M: the largest resident set of the runtime or any process it waited"
  echo "for (runc's \`runc init\` included), not the sum."
} > "$here/results.md"
cat "$here/results.md"
