#!/bin/bash
# Performance regression guard that does not flake on a loaded machine: it counts system calls,
# not time. One `run` of /bin/true (busybox bundle, `runc spec` defaults, read-only root) under
# `strace -f -c`, runtime and container together; the total must stay within the checked-in
# budget (syscall_budget.txt) plus a generous margin. A change that adds work to every start
# (a probe per mount, a retry loop, a re-read) trips it; a change that saves some should lower
# the budget, which the test says when the count falls well below it.
#
#   tests/perf/syscall_budget.sh RAMPART_BINARY [SOURCE_DIR]
#
# Exit 0 pass, 1 over budget or broken run, 77 skipped (not root, no strace, no busybox).
set -euo pipefail

rampart=$(realpath "$1")
src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
budget_file=$src/tests/perf/syscall_budget.txt
margin_pct=${RAMPART_SYSCALL_MARGIN_PCT:-40}

((EUID == 0)) || { echo "syscall_budget: needs root (skipped)"; exit 77; }
command -v strace >/dev/null || { echo "syscall_budget: strace missing (skipped)"; exit 77; }
[[ -x ${BUSYBOX:-/bin/busybox} ]] || { echo "syscall_budget: busybox missing (skipped)"; exit 77; }

work=$(mktemp -d /tmp/rampart-syscalls.XXXXXX)
id=syscall-budget-$$
cleanup() {
  "$rampart" --root "$work/state" delete -f "$id" >/dev/null 2>&1 || true
  [[ -n ${KEEP:-} ]] && cp "$work/count" "$KEEP"; rm -rf -- "$work"
}
trap cleanup EXIT
"$src/scripts/mkrootfs" "$work/rootfs" >/dev/null
mkdir -p "$work/bundle" "$work/state"
"$rampart" spec --bundle "$work/bundle"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
path = work + "/bundle/config.json"
c = json.load(open(path))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/true"]
c["root"] = {"path": work + "/rootfs", "readonly": True}
json.dump(c, open(path, "w"), indent=2)
PY

# Once untraced: the bundle must work, and the first run warms caches the count does not need.
"$rampart" --root "$work/state" run --bundle "$work/bundle" "$id" </dev/null
strace -f -c -o "$work/count" "$rampart" --root "$work/state" run --bundle "$work/bundle" "$id" </dev/null
# strace -c's total line: "100.00 secs usecs/call calls [errors] total"; calls is the 4th field.
total=$(awk '$NF == "total" { print $4 }' "$work/count")
budget=$(grep -v '^#' "$budget_file" | head -1)
limit=$((budget * (100 + margin_pct) / 100))
echo "syscall_budget: one run made $total system calls (budget $budget, limit $limit)"
if [[ ! $total =~ ^[0-9]+$ ]] || ((total < 100)); then
  echo "syscall_budget: strace counted nothing sensible:" >&2; cat "$work/count" >&2; exit 1
fi
if ((total > limit)); then
  echo "syscall_budget: over budget; the busiest calls:" >&2
  sort -k4 -n -r "$work/count" | head -15 >&2
  exit 1
fi
((total * 2 < budget)) && echo "syscall_budget: well under budget: lower tests/perf/syscall_budget.txt to about $total"
exit 0
