#!/usr/bin/env bats
# podman (Debian's 4.3, through conmon) runs its containers on the runtime under test:
# `podman --runtime $RUNTIME`, an image imported from the project's busybox rootfs, private
# storage and configuration under $CLIENTS_TMP (see lib.bash). Run through tests/clients/run-suite.

bats_require_minimum_version 1.5.0
load lib

setup_file() {
  podman_setup
  podman_import_image
}

teardown_file() {
  podman_teardown
}

# A long-running container for the tests that need one; its name is printed.
start_sleeper() {  # NAME [RUN OPTIONS...]
  local name=$1
  shift
  pm_run -d --name "$name" "$@" "$IMAGE" sleep 1000 >/dev/null
}
inspect() { pm inspect --format "$2" "$1"; }

@test "podman import: the busybox rootfs is an image" {
  run pm images --format '{{.Repository}}:{{.Tag}}'
  assert_status 0
  assert_contains "$output" "$IMAGE"
}

@test "podman run --rm (foreground): output and exit 0" {
  run pm_run --rm "$IMAGE" echo hello from podman
  assert_status 0
  assert_eq "$output" "hello from podman"
}

@test "podman run -d: the runtime under test runs it (inspect OCIRuntime, runtime state)" {
  start_sleeper detached
  assert_eq "$(inspect detached '{{.State.Status}}')" running
  # OCIRuntime is the --runtime podman was given (a path here), or its name.
  assert_eq "$(basename "$(inspect detached '{{.OCIRuntime}}')")" "$(basename "$RUNTIME")" OCIRuntime
  local id
  id=$(inspect detached '{{.Id}}')
  # podman calls the runtime without --root: its default state root holds the container.
  assert_eq "$("$RUNTIME" state "$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" running
  pm rm -f -t 0 detached >/dev/null
}

@test "podman run: exit code 3 is passed through" {
  run pm_run --rm "$IMAGE" sh -c 'exit 3'
  assert_status 3
}

@test "podman run: a file that is not executable exits 126" {
  run pm_run --rm "$IMAGE" /etc/passwd
  assert_status 126
}

@test "podman run: a missing command exits 127" {
  run -127 pm_run --rm "$IMAGE" /no/such/command
  assert_status 127
}

@test "podman run: a process killed by SIGKILL exits 137" {
  # From outside: inside its pid namespace, PID 1 is immune even to SIGKILL.
  pm_run --rm --name sigkill1 "$IMAGE" sleep 1000 >/dev/null 2>&1 &
  local fg=$!
  wait_for 20 sh -c "podman --runtime '$RUNTIME' inspect --format '{{.State.Status}}' sigkill1 | grep -q running"
  pm kill --signal KILL sigkill1 >/dev/null
  local rc=0
  wait "$fg" || rc=$?
  assert_eq "$rc" 137 "exit status of the foreground podman run"
}

@test "podman run: signals conmon ignores are default again in the container (SIGPIPE)" {
  # conmon runs the runtime with SIGPIPE ignored; an ignored disposition survives execve, so a
  # runtime must reset it or every process in the container ignores SIGPIPE (runc's does not:
  # the Go runtime catches SIGPIPE, and a caught signal is reset by execve).
  run pm_run --rm "$IMAGE" awk '/^SigIgn:/ {print $2}' /proc/self/status
  assert_status 0
  ((((16#$output >> 12) & 1) == 0)) || fail "SIGPIPE is ignored in the container (SigIgn $output)"
}

@test "podman exec: plain, exit codes 5/126/127" {
  start_sleeper exec1
  run pm exec exec1 echo hi
  assert_status 0
  assert_eq "$output" hi
  run pm exec exec1 sh -c 'exit 5'
  assert_status 5
  run pm exec exec1 /etc/passwd
  assert_status 126
  run -127 pm exec exec1 /no/such/command
  assert_status 127
  pm rm -f -t 0 exec1 >/dev/null
}

@test "podman exec -t: the process has a terminal" {
  start_sleeper exec2
  run pm exec -t exec2 sh -c 'test -t 0 && test -t 1 && tty'
  assert_status 0
  assert_contains "$output" /dev/pts/
  pm rm -f -t 0 exec2 >/dev/null
}

@test "podman exec --user 1000" {
  start_sleeper exec3
  run pm exec --user 1000:1000 exec3 id
  assert_status 0
  assert_contains "$output" "uid=1000"
  assert_contains "$output" "gid=1000"
  pm rm -f -t 0 exec3 >/dev/null
}

@test "podman logs: stdout and stderr of the container" {
  pm_run -d --name logs1 "$IMAGE" sh -c 'echo to-stdout; echo to-stderr >&2; sleep 1000' >/dev/null
  wait_for 10 sh -c "podman --runtime '$RUNTIME' logs logs1 2>&1 | grep -q to-stderr"
  run pm logs logs1
  assert_contains "$output" to-stdout
  assert_contains "$output" to-stderr
  pm rm -f -t 0 logs1 >/dev/null
}

@test "podman ps: a running container is listed as Up" {
  start_sleeper ps1
  run pm ps --format '{{.Names}} {{.Status}}'
  assert_status 0
  assert_contains "$output" "ps1 Up"
  pm rm -f -t 0 ps1 >/dev/null
}

@test "podman top: the container's processes" {
  start_sleeper top1
  run pm top top1 pid args
  assert_status 0
  assert_contains "$output" "sleep 1000"
  pm rm -f -t 0 top1 >/dev/null
}

@test "podman stats --no-stream: memory and pids from the container's cgroup" {
  start_sleeper stats1
  run pm stats --no-stream --format '{{.Name}} {{.MemUsage}} {{.PIDs}}' stats1
  assert_status 0
  assert_contains "$output" "stats1 "
  assert_not_contains "$output" "0B / 0B"
  [[ $output =~ \ 1$ ]] || fail "expected 1 pid in the cgroup, got: $output"
  pm rm -f -t 0 stats1 >/dev/null
}

@test "podman pause / unpause: the cgroup is frozen, then thawed" {
  start_sleeper pause1
  local pid freezer
  pid=$(inspect pause1 '{{.State.Pid}}')
  freezer=$(cgroup_dir_of freezer "$pid")
  run pm pause pause1
  assert_status 0
  assert_eq "$(inspect pause1 '{{.State.Status}}')" paused
  assert_eq "$(cat "$freezer/freezer.state")" FROZEN "freezer.state"
  run pm unpause pause1
  assert_status 0
  assert_eq "$(inspect pause1 '{{.State.Status}}')" running
  assert_eq "$(cat "$freezer/freezer.state")" THAWED "freezer.state"
  pm rm -f -t 0 pause1 >/dev/null
}

@test "podman stop: SIGTERM reaches the process" {
  pm_run -d --name stop1 "$IMAGE" sh -c 'trap "exit 42" TERM; while :; do sleep 0.1; done' >/dev/null
  wait_for 10 catches_signal "$(inspect stop1 '{{.State.Pid}}')" 15
  local start=$SECONDS
  run pm stop -t 20 stop1
  assert_status 0
  ((SECONDS - start < 15)) || fail "stop waited for the timeout: SIGTERM was not delivered"
  assert_eq "$(inspect stop1 '{{.State.ExitCode}}')" 42
  pm rm -f stop1 >/dev/null
}

@test "podman stop: SIGKILL after the timeout when SIGTERM is ignored" {
  # PID 1 of a pid namespace ignores signals it has no handler for: sleep never sees SIGTERM.
  start_sleeper stop2
  local start=$SECONDS
  run pm stop -t 2 stop2
  assert_status 0
  ((SECONDS - start >= 2)) || fail "stop returned before its timeout"
  assert_eq "$(inspect stop2 '{{.State.ExitCode}}')" 137
  pm rm -f stop2 >/dev/null
}

@test "podman kill: default SIGKILL, and --signal" {
  start_sleeper kill1
  run pm kill kill1
  assert_status 0
  pm wait kill1 >/dev/null
  assert_eq "$(inspect kill1 '{{.State.ExitCode}}')" 137
  pm_run -d --name kill2 "$IMAGE" sh -c 'trap "exit 7" USR1; while :; do sleep 0.1; done' >/dev/null
  wait_for 10 catches_signal "$(inspect kill2 '{{.State.Pid}}')" 10
  run pm kill --signal USR1 kill2
  assert_status 0
  assert_eq "$(pm wait kill2)" 7
  pm rm -f kill1 kill2 >/dev/null
}

@test "podman restart: a new init process, running again" {
  start_sleeper restart1
  local before after
  before=$(inspect restart1 '{{.State.Pid}}')
  run pm restart -t 0 restart1
  assert_status 0
  after=$(inspect restart1 '{{.State.Pid}}')
  assert_eq "$(inspect restart1 '{{.State.Status}}')" running
  [[ $after != "$before" && $after != 0 ]] || fail "pid before $before, after $after"
  pid_alive "$after" || fail "new init $after is not alive"
  pm rm -f -t 0 restart1 >/dev/null
}

@test "podman inspect: State.Pid is the host pid of the init, ExitCode of a stopped container" {
  start_sleeper inspect1
  local pid
  pid=$(inspect inspect1 '{{.State.Pid}}')
  assert_eq "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 1000 " "cmdline of State.Pid"
  pm rm -f -t 0 inspect1 >/dev/null
  pm_run --name inspect2 "$IMAGE" sh -c 'exit 9' || true
  assert_eq "$(inspect inspect2 '{{.State.ExitCode}} {{.State.Pid}} {{.State.Status}}')" "9 0 exited"
  pm rm inspect2 >/dev/null
}

@test "podman run -it: a terminal under a pty (script), input and exit code" {
  # script(1) gives podman a pty as its stdin/stdout, as a person's terminal would.
  run script -qec "podman --runtime '$RUNTIME' run --rm -it --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 --cgroup-parent /$RUN_NAME $IMAGE sh -c 'tty; read line; echo got:\$line; exit 4'" /dev/null <<<"typed-input"
  assert_status 4
  assert_contains "$output" /dev/pts/
  assert_contains "$output" got:typed-input
}

@test "podman run --read-only: the root is read-only, /tmp a tmpfs" {
  run pm_run --rm --read-only "$IMAGE" sh -c 'touch /x'
  assert_contains "$output" "Read-only file system"
  [[ $status != 0 ]] || fail "writing / succeeded"
  run pm_run --rm --read-only "$IMAGE" sh -c 'touch /tmp/x && echo ok'
  assert_status 0
  assert_eq "$output" ok
}

@test "podman run --cap-drop ALL: no capabilities" {
  run pm_run --rm --cap-drop ALL "$IMAGE" grep -E '^Cap(Prm|Eff|Bnd)' /proc/self/status
  assert_status 0
  assert_eq "$(echo "$output" | awk '{print $2}' | sort -u)" 0000000000000000
}

@test "podman run --security-opt seccomp=FILE: the profile is enforced" {
  # Allow everything but mkdir/mkdirat, which fail with EPERM (errno 1).
  cat >"$T/seccomp.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
EOF
  run pm_run --rm --security-opt seccomp="$T/seccomp.json" "$IMAGE" sh -c 'mkdir /tmp/d'
  [[ $status != 0 ]] || fail "mkdir succeeded under a profile that denies it"
  assert_contains "$output" "Operation not permitted"
  run pm_run --rm --security-opt seccomp="$T/seccomp.json" "$IMAGE" sh -c 'grep ^Seccomp: /proc/self/status'
  assert_status 0
  assert_contains "$output" "2"
}

@test "podman run -d: once it returns, PID 1 is the container's program (3000-rule seccomp profile)" {
  # A profile that takes a while to compile widens the window between the runtime's `start`
  # returning and the init's execve: a runtime that compiles the filter after `start` released
  # the init shows its own command line as the container's PID 1 to whoever looks first.
  python3 -c '
import json, sys
rules = [{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
          "args": [{"index": 0, "value": 1000 + n, "op": "SCMP_CMP_EQ"}]} for n in range(3000)]
json.dump({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": rules}, open(sys.argv[1], "w"))' "$T/seccomp-big.json"
  start_sleeper bigseccomp --security-opt seccomp="$T/seccomp-big.json"
  local pid
  pid=$(inspect bigseccomp '{{.State.Pid}}')
  assert_eq "$(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-200)" "sleep 1000 " "cmdline of PID 1 right after run -d"
  pm rm -f -t 0 bigseccomp >/dev/null
}

@test "podman run -v HOSTDIR:DIR (and :ro)" {
  mkdir -p "$T/volume"
  echo from-host >"$T/volume/in"
  run pm_run --rm -v "$T/volume:/data" "$IMAGE" sh -c 'cat /data/in && echo from-container >/data/out'
  assert_status 0
  assert_eq "$output" from-host
  assert_eq "$(cat "$T/volume/out")" from-container
  run pm_run --rm -v "$T/volume:/data:ro" "$IMAGE" sh -c 'echo x >/data/out2'
  [[ $status != 0 ]] || fail "wrote to a :ro volume"
  [[ ! -e $T/volume/out2 ]] || fail "a :ro volume was written"
}

@test "podman run --memory: the cgroup limit is set and enforced (OOM kill)" {
  start_sleeper mem1 --memory 64m --memory-swap 64m
  local pid
  pid=$(inspect mem1 '{{.State.Pid}}')
  assert_eq "$(cat "$(cgroup_dir_of memory "$pid")/memory.limit_in_bytes")" 67108864 "memory.limit_in_bytes"
  pm rm -f -t 0 mem1 >/dev/null
  # dd's 64 MiB buffer, filled from /dev/zero, cannot fit in 32 MiB: the kernel's OOM killer
  # kills dd, as the container's own view of its memory cgroup counts. (podman's
  # State.OOMKilled is not asserted: conmon 2.1.6 does not report it on this hybrid-cgroup host,
  # for runc and crun either.)
  run pm_run --name oom1 --memory 32m --memory-swap 32m "$IMAGE" sh -c \
    'dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo "dd=$?"; grep ^oom_kill /sys/fs/cgroup/memory/memory.oom_control'
  assert_status 0
  assert_contains "$output" "dd=137"
  assert_contains "$output" "oom_kill 1"
  pm rm oom1 >/dev/null
}

@test "podman update --memory: a running container's limit changes (runtime update)" {
  start_sleeper update1 --memory 64m --memory-swap 64m
  local cg
  cg=$(cgroup_dir_of memory "$(inspect update1 '{{.State.Pid}}')")
  run pm update --memory 96m --memory-swap 96m update1
  assert_status 0
  assert_eq "$(cat "$cg/memory.limit_in_bytes")" 100663296 "memory.limit_in_bytes"
  pm rm -f -t 0 update1 >/dev/null
}

@test "podman run --pids-limit: pids.max is set and enforced" {
  start_sleeper pids1 --pids-limit 5
  local pid
  pid=$(inspect pids1 '{{.State.Pid}}')
  assert_eq "$(cat "$(cgroup_dir_of pids "$pid")/pids.max")" 5 "pids.max"
  run pm exec pids1 sh -c 'for i in 1 2 3 4 5 6; do sleep 100 & done; wait'
  [[ $status != 0 ]] || fail "6 more processes started under pids.max 5"
  pm rm -f -t 0 pids1 >/dev/null
}

@test "podman run --user 1000" {
  run pm_run --rm --user 1000 "$IMAGE" id -u
  assert_status 0
  assert_eq "$output" 1000
}

@test "podman run --uidmap/--gidmap: a user namespace" {
  # An explicit map rather than --userns=auto, which needs a "containers" range in /etc/subuid.
  start_sleeper userns1 --uidmap 0:200000:65536 --gidmap 0:200000:65536
  local pid
  pid=$(inspect userns1 '{{.State.Pid}}')
  assert_eq "$(awk '{print $1, $2, $3}' "/proc/$pid/uid_map")" "0 200000 65536" uid_map
  assert_eq "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" 200000 "host uid of the init"
  run pm exec userns1 sh -c 'touch /root-can-write && id -u'
  assert_status 0
  assert_eq "$output" 0
  pm rm -f -t 0 userns1 >/dev/null
}

@test "podman run --sysctl net.ipv4.ip_forward=1 (network namespace)" {
  run pm_run --rm --sysctl net.ipv4.ip_forward=1 "$IMAGE" cat /proc/sys/net/ipv4/ip_forward
  assert_status 0
  assert_eq "$output" 1
}

@test "podman run --sysctl kernel.shm_rmid_forced=1 (ipc namespace)" {
  run pm_run --rm --sysctl kernel.shm_rmid_forced=1 "$IMAGE" cat /proc/sys/kernel/shm_rmid_forced
  assert_status 0
  assert_eq "$output" 1
}

@test "podman rm -f: a running container is gone, with its process, runtime state and cgroup" {
  start_sleeper rm1
  local id pid cg
  id=$(inspect rm1 '{{.Id}}')
  pid=$(inspect rm1 '{{.State.Pid}}')
  cg=$(cgroup_dir_of pids "$pid")
  run pm rm -f -t 0 rm1
  assert_status 0
  run pm ps -a --format '{{.Names}}'
  assert_not_contains "$output" rm1
  ! pid_alive "$pid" || fail "init $pid still alive"
  ! "$RUNTIME" state "$id" >/dev/null 2>&1 || fail "the runtime still has state for $id"
  [[ ! -d $cg ]] || fail "cgroup $cg left behind"
}
