#!/bin/bash
# Side-by-side start-up cost of rampart, crun and runc, one invocation, every figure of the
# performance goal: `run` of /bin/true warm, cold (idle before each start, as real containers
# start) and with a Docker-like seccomp profile; create + start + delete; and the peak RSS of
# run, create, start, exec, state and delete. The floor is the kernel's namespace work alone
# (`unshare -mpuin -f --mount-proc true`). A benchmark, never a pass/fail test. Run as root.
#
#   bench/startup.sh [RAMPART_BINARY]     (default: build/rampart, then build-it/rampart)
#
# Environment: RUNS (default 30), WARMUP (default 3), IDLE (seconds before each cold start,
# default 0.15), RSS_ROUNDS (default 5), RAMPART, RUNC, CRUN (binaries), BASELINE (a second
# rampart binary, e.g. an older build, timed in the same run as `baseline`).
# Writes bench/results.md (tables with ratios) and bench/startup.png (gnuplot), prints the tables.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
runs=${RUNS:-30}
warmup=${WARMUP:-3}
idle=${IDLE:-0.15}
rss_rounds=${RSS_ROUNDS:-5}
rampart=${1:-${RAMPART:-}}
if [[ -z $rampart ]]; then
  for c in "$src/build/rampart" "$src/build-it/rampart"; do
    [[ -x $c ]] && { rampart=$c; break; }
  done
fi
runc=${RUNC:-$(command -v runc || true)}
crun=${CRUN:-$(command -v crun || true)}

for tool in hyperfine unshare python3; do
  command -v "$tool" >/dev/null || { echo "startup.sh: $tool missing (scripts/setup-deps)" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "startup.sh: GNU time missing (scripts/setup-deps)" >&2; exit 1; }
((EUID == 0)) || { echo "startup.sh: run as root" >&2; exit 1; }

names=() bins=()
[[ -n $rampart && -x $rampart ]] && { names+=(rampart); bins+=("$(realpath "$rampart")"); } \
  || echo "startup.sh: rampart binary not found; benchmarking without it" >&2
# BASELINE: another rampart binary (an older build) measured in the same run, for before/after.
[[ -n ${BASELINE:-} ]] && { names+=(baseline); bins+=("$(realpath "$BASELINE")"); }
[[ -n $crun ]] && { names+=(crun); bins+=("$crun"); }
[[ -n $runc ]] && { names+=(runc); bins+=("$runc"); }
((${#names[@]} > 0)) || { echo "startup.sh: no runtime to benchmark" >&2; exit 1; }

work=$(mktemp -d /tmp/rampart-bench.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
"$src/scripts/mkrootfs" "$work/rootfs" >/dev/null
mkdir -p "$work/state"

# The bundles (bench/bundles.py): true, seccomp, sleep.
"$here/bundles.py" "$work" "$src/src/spec/data/default_seccomp.json"

# create + start + delete, one timed command.
cat > "$work/lifecycle.sh" <<'LIFE'
#!/bin/bash
set -e
"$1" --root "$2" create --bundle "$3" "$4" </dev/null >/dev/null
"$1" --root "$2" start "$4"
"$1" --root "$2" delete -f "$4"
LIFE
chmod +x "$work/lifecycle.sh"

# Everything below runs in a private mount namespace, state roots on a tmpfs (as /run is in
# production), without the cgroup2 mount at /sys/fs/cgroup/unified: on this hybrid-cgroup
# machine crun 1.8.1 refuses to start while it is mounted. All runtimes get the same.
cat > "$work/inner.sh" <<'INNER'
#!/bin/bash
set -euo pipefail
work=$1 runs=$2 warmup=$3 idle=$4 rss_rounds=$5; shift 5
umount /sys/fs/cgroup/unified 2>/dev/null || true
mount -t tmpfs -o mode=0700 tmpfs "$work/state"
names=() bins=()
while (($#)); do names+=("$1"); bins+=("$2"); shift 2; done
floor="unshare -mpuin -f --mount-proc true"

run_cmd() { echo "$2 --root $work/state/$1 run --bundle $work/$3 bench-$1"; }

for i in "${!names[@]}"; do  # each must work once before it is timed
  if ! $(run_cmd "${names[$i]}" "${bins[$i]}" seccomp) </dev/null >"$work/check.log" 2>&1; then
    echo "startup.sh: ${names[$i]} cannot run the bundle:" >&2; cat "$work/check.log" >&2; exit 1
  fi
done

bench() {  # scenario, extra hyperfine options..., then -- and name/command pairs
  local scenario=$1; shift
  local opts=()
  while [[ $1 != -- ]]; do opts+=("$1"); shift; done; shift
  echo "== $scenario" >&2
  hyperfine -N --style basic --warmup "$warmup" --runs "$runs" "${opts[@]}" \
    --export-json "$work/$scenario.json" "$@" >&2
}
args() {  # name/command pairs for one bundle, the floor first
  local out=(-n floor "$floor")
  for i in "${!names[@]}"; do out+=(-n "${names[$i]}" "$(run_cmd "${names[$i]}" "${bins[$i]}" "$1")"); done
  printf '%s\n' "${out[@]}"
}
mapfile -t a < <(args true); bench warm -- "${a[@]}"
mapfile -t a < <(args true); bench cold --prepare "sleep $idle" -- "${a[@]}"
mapfile -t a < <(args seccomp); bench seccomp -- "${a[@]}"
a=()
for i in "${!names[@]}"; do
  a+=(-n "${names[$i]}" "$work/lifecycle.sh ${bins[$i]} $work/state/${names[$i]} $work/true life-${names[$i]}")
done
bench lifecycle -- "${a[@]}"
bench lifecycle_cold --prepare "sleep $idle" -- "${a[@]}"

# Peak RSS (GNU time's %M, max over the rounds) of each command of a container's life.
measure() {  # name, command, args...
  local name=$1; shift
  /usr/bin/time -f '%M' -o "$work/rss" "$@" </dev/null >/dev/null 2>&1 || true
  echo "$name $(tail -1 "$work/rss")" >> "$work/rss.$runtime"
}
for i in "${!names[@]}"; do
  runtime=${names[$i]} bin=${bins[$i]} root=$work/state/${names[$i]}
  for _ in $(seq "$rss_rounds"); do
    measure run $(run_cmd "$runtime" "$bin" true)
    measure create "$bin" --root "$root" create --bundle "$work/sleep" rss
    measure start "$bin" --root "$root" start rss
    measure state "$bin" --root "$root" state rss
    measure exec "$bin" --root "$root" exec rss /bin/true
    measure delete "$bin" --root "$root" delete -f rss
  done
done
INNER
chmod +x "$work/inner.sh"

pairs=()
for i in "${!names[@]}"; do pairs+=("${names[$i]}" "${bins[$i]}"); done
unshare -m --propagation private "$work/inner.sh" "$work" "$runs" "$warmup" "$idle" "$rss_rounds" "${pairs[@]}"

versions=$(for i in "${!names[@]}"; do printf '%s ' "${names[$i]}=$("${bins[$i]}" --version 2>/dev/null | head -1 | awk '{print $NF}')"; done)
header="$(date -u +%Y-%m-%dT%H:%MZ), $(uname -r), $(nproc) CPUs; $runs runs after $warmup warm-up runs each (hyperfine -N); versions: $versions"
python3 - "$work" "$here" "$header" "${names[@]}" <<'PY'
import json, os, statistics, subprocess, sys
work, here, header, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
scenarios = [("warm", "`run` of /bin/true, warm"),
             ("cold", "`run`, cold (idle before each start)"),
             ("seccomp", "`run` with a Docker-like seccomp profile"),
             ("lifecycle", "create + start + delete, warm"),
             ("lifecycle_cold", "create + start + delete, cold")]
med = {}
for s, _ in scenarios:
    for r in json.load(open(f"{work}/{s}.json"))["results"]:
        med[(s, r["command"])] = statistics.median(r["times"]) * 1000
cols = ["floor"] + names
out = ["# Start-up benchmark: rampart, crun, runc", "", header, "",
       "Bundle: busybox rootfs from scripts/mkrootfs, `runc spec` defaults, terminal false, read-only root;",
       "state roots on a tmpfs; every runtime inside `unshare -m` with /sys/fs/cgroup/unified unmounted",
       "(crun 1.8.1 refuses to start on this hybrid-cgroup host while cgroup2 is mounted there).",
       "The floor is `unshare -mpuin -f --mount-proc true`. Medians in ms.", ""]
ratio = "rampart" in names and "crun" in names
out.append("| scenario | " + " | ".join(cols) + (" | rampart / crun | rampart / floor |" if ratio else " |"))
out.append("|:---|" + "---:|" * (len(cols) + (2 if ratio else 0)))
for s, title in scenarios:
    row = [f"{med[(s, c)]:.1f}" if (s, c) in med else "" for c in cols]
    line = f"| {title} | " + " | ".join(row) + " |"
    if ratio:
        r = med[(s, "rampart")] / med[(s, "crun")]
        f = f"{med[(s, 'rampart')] / med[(s, 'floor')]:.2f}" if (s, "floor") in med else ""
        line += f" {r:.2f} | {f} |"
    out.append(line)
out += ["", "Peak RSS (KiB, GNU time's %M, the largest of the runtime and what it waited for; max of the rounds):", ""]
cmds = ["run", "create", "start", "exec", "state", "delete"]
out.append("| command | " + " | ".join(names) + " |")
out.append("|:---|" + "---:|" * len(names))
rss = {}
for n in names:
    for line in open(f"{work}/rss.{n}"):
        c, _, kb = line.strip().partition(" ")
        if kb.isdigit():
            rss[(n, c)] = max(rss.get((n, c), 0), int(kb))
for c in cmds:
    out.append(f"| {c} | " + " | ".join(str(rss.get((n, c), "")) for n in names) + " |")
text = "\n".join(out) + "\n\n![chart](startup.png)\n"
open(f"{here}/results.md", "w").write(text)
print(text)
with open(f"{work}/chart.dat", "w") as f:
    f.write("scenario " + " ".join(cols) + "\n")
    for s, _ in scenarios:
        f.write(s + " " + " ".join(f"{med[(s, c)]:.2f}" if (s, c) in med else "NaN" for c in cols) + "\n")
PY

if command -v gnuplot >/dev/null; then
  gnuplot <<GP
set terminal png size 900,480 noenhanced
set output "$here/startup.png"
set title "Start-up, median ms (lower is better): $(date -u +%Y-%m-%d), $(nproc) CPUs"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left
set ylabel "ms"
set yrange [0:*]
set grid ytics
plot for [i=2:$((${#names[@]} + 2))] "$work/chart.dat" using i:xtic(1) title columnheader(i)
GP
  echo "chart: $here/startup.png"
else
  echo "startup.sh: gnuplot missing (scripts/setup-deps): no chart" >&2
fi
