#!/usr/bin/env bats
# containerd (Debian's 1.6, with its io.containerd.runc.v2 shim) runs its tasks on the runtime
# under test. The daemon is private: its own root, state dir, sockets and config under
# $CLIENTS_TMP/containerd, started here and stopped by the pid recorded when it started. Its config
# carries docs/kubernetes.md's containerd snippet verbatim (the doc cannot drift from what is
# tested). Images come from `podman save` | `ctr images import`. Run through tests/clients/run-suite.

bats_require_minimum_version 1.5.0
load lib

C=$T/containerd
NS=$RUN_NAME   # containerd namespace; also names the tasks' cgroups (/NS/ID), swept by name

# The containerd snippet of docs/kubernetes.md: the ```toml block after the marker line.
doc_snippet() {
  awk '/tested-snippet: containerd/ {found=1; next}
       found && /^```toml/ {inblock=1; next}
       inblock && /^```/ {exit}
       inblock {print}' "$RAMPART_SOURCE_DIR/docs/kubernetes.md"
}

containerd_config() {
  mkdir -p "$C/cni/net.d" "$C/cni/bin" "$C/fifo" "$C/runc"
  {
    cat <<EOF
version = 2
root = "$C/root"
state = "$C/state"

[grpc]
  address = "$C/containerd.sock"
[ttrpc]
  address = "$C/containerd.sock.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "$C/opt"
# The CRI plugin loads (it parses the runtime the snippet declares) but has no network to set up.
[plugins."io.containerd.grpc.v1.cri".cni]
  bin_dir = "$C/cni/bin"
  conf_dir = "$C/cni/net.d"
# A node's runtimes as \`containerd config default\` writes them: a config that declares any
# runtime replaces the built-in table, so the default one must be declared too.
[plugins."io.containerd.grpc.v1.cri".containerd]
  default_runtime_name = "runc"
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

# --- docs/kubernetes.md's snippet, BinaryName pointed at the runtime under test ---
EOF
    doc_snippet | sed "s#^\(\s*BinaryName = \).*#\1\"$RUNTIME\"#"
  } >"$C/config.toml"
}

containerd_start() {
  containerd --config "$C/config.toml" >>"$C/containerd.log" 2>&1 3>&- &
  local pid=$!
  echo "$pid" >"$C/containerd.pid"
  record_pid "$pid"
  wait_for 30 ctrc version || { cat "$C/containerd.log" >&2; return 1; }
}

containerd_stop() {
  local pid
  pid=$(cat "$C/containerd.pid")
  kill -TERM "$pid"
  wait_for 20 pid_gone "$pid" || kill -KILL "$pid"
}

ctrc() { ctr --address "$C/containerd.sock" --namespace "$NS" "$@"; }
# Every task runs on the runtime under test (--runc-binary), with its state under this run
# (--runc-root) and its I/O fifos too (--fifo-dir). `ctr run` forwards stdin: give it /dev/null.
ctr_run() { ctrc run --runc-binary "$RUNTIME" --runc-root "$C/runc" --fifo-dir "$C/fifo" "$@" </dev/null; }
ctr_exec() { ctrc task exec --fifo-dir "$C/fifo" "$@" </dev/null; }

# The shim calls the runtime with --root <runc-root>/<namespace>.
task_runtime_status() { runtime_status "$C/runc/$NS" "$1"; }
task_status() { ctrc task ls | awk -v id="$1" '$1 == id {print $3}'; }
task_pid() { ctrc task ls | awk -v id="$1" '$1 == id {print $2}'; }

start_task() {  # ID [RUN OPTIONS...]
  local id=$1
  shift
  ctr_run -d "$@" "$IMAGE" "$id" sleep 1000 >/dev/null
  wait_for 10 sh -c "ctr --address '$C/containerd.sock' --namespace '$NS' task ls | grep -q '^$id .*RUNNING'"
}
remove_task() {  # ID
  ctrc task kill --signal SIGKILL "$1" >/dev/null 2>&1 || true
  wait_for 10 sh -c "ctr --address '$C/containerd.sock' --namespace '$NS' task ls | grep -q '^$1 .*STOPPED'" || true
  ctrc task rm "$1" >/dev/null 2>&1 || true
  ctrc container rm "$1" >/dev/null 2>&1 || true
}

setup_file() {
  podman_setup
  podman_import_image
  containerd_config
  containerd_start
  pm save --format oci-archive -o "$T/image.tar" "$IMAGE" >/dev/null
  ctrc images import --base-name localhost/rampart-busybox "$T/image.tar" >/dev/null
}

teardown_file() {
  local id
  for id in $(ctrc task ls -q 2>/dev/null); do remove_task "$id"; done
  for id in $(ctrc container ls -q 2>/dev/null); do ctrc container rm "$id" >/dev/null 2>&1; done
  ctrc images rm $(ctrc images ls -q 2>/dev/null) >/dev/null 2>&1 || true
  [[ -f $C/containerd.pid ]] && containerd_stop
  podman_teardown
}

@test "ctr images import: an image from podman save" {
  run ctrc images ls -q
  assert_status 0
  assert_contains "$output" "$IMAGE"
}

@test "ctr run --rm (foreground): output and exit status" {
  run ctr_run --rm "$IMAGE" fg1 echo hello from containerd
  assert_status 0
  assert_eq "$output" "hello from containerd"
  run ctr_run --rm "$IMAGE" fg2 sh -c 'exit 3'
  assert_status 3
}

@test "ctr run -d: the runtime under test runs the task" {
  start_task bg1
  assert_eq "$(task_status bg1)" RUNNING
  assert_eq "$(task_runtime_status bg1)" running "runtime state"
  local pid
  pid=$(task_pid bg1)
  assert_eq "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 1000 " "cmdline of the task pid"
  remove_task bg1
}

@test "ctr run -t: a terminal (under a pty from script)" {
  run script -qec "ctr --address '$C/containerd.sock' --namespace '$NS' run --rm -t --runc-binary '$RUNTIME' --runc-root '$C/runc' --fifo-dir '$C/fifo' $IMAGE tty1 sh -c 'tty; exit 4' </dev/null" /dev/null
  assert_status 4
  assert_contains "$output" /dev/pts/
}

@test "ctr task exec: plain, and exit codes" {
  start_task exec1
  run ctr_exec --exec-id e1 exec1 echo hi
  assert_status 0
  assert_eq "$output" hi
  run ctr_exec --exec-id e2 exec1 sh -c 'exit 5'
  assert_status 5
  run ctr_exec --exec-id e3 exec1 /no/such/command
  [[ $status != 0 ]] || fail "exec of a missing command succeeded"
  assert_contains "${output,,}" "no such file or directory"
  remove_task exec1
}

@test "ctr task exec -t: a terminal" {
  start_task exec2
  run script -qec "ctr --address '$C/containerd.sock' --namespace '$NS' task exec -t --fifo-dir '$C/fifo' --exec-id t1 exec2 sh -c 'test -t 0 && tty; exit 6' </dev/null" /dev/null
  assert_status 6
  assert_contains "$output" /dev/pts/
  remove_task exec2
}

@test "ctr task exec --user 1000" {
  start_task exec3
  run ctr_exec --exec-id u1 --user 1000 exec3 id -u
  assert_status 0
  assert_eq "$output" 1000
  remove_task exec3
}

@test "ctr task exec: eight in parallel" {
  start_task exec4
  local i pids=()
  for i in 1 2 3 4 5 6 7 8; do
    ctr_exec --exec-id "p$i" exec4 sh -c "echo par-$i; exit $i" >"$C/par-$i.out" 2>&1 &
    pids+=($!)
  done
  for i in 1 2 3 4 5 6 7 8; do
    local rc=0
    wait "${pids[$((i - 1))]}" || rc=$?
    assert_eq "$rc" "$i" "exit status of exec p$i"
    assert_eq "$(cat "$C/par-$i.out")" "par-$i" "output of exec p$i"
  done
  remove_task exec4
}

@test "ctr task ps: the task's processes" {
  start_task ps1
  ctr_exec -d --exec-id s1 ps1 sleep 999 >/dev/null
  local pid
  pid=$(task_pid ps1)
  run ctrc task ps ps1
  assert_status 0
  assert_contains "$output" "$pid"
  (($(echo "$output" | tail -n +2 | wc -l) == 2)) || fail "expected 2 processes, got: $output"
  remove_task ps1
}

@test "ctr task pause / resume" {
  start_task pause1
  local freezer
  freezer=$(cgroup_dir_of freezer "$(task_pid pause1)")
  run ctrc task pause pause1
  assert_status 0
  assert_eq "$(task_status pause1)" PAUSED
  assert_eq "$(cat "$freezer/freezer.state")" FROZEN freezer.state
  run ctrc task resume pause1
  assert_status 0
  assert_eq "$(task_status pause1)" RUNNING
  assert_eq "$(cat "$freezer/freezer.state")" THAWED freezer.state
  remove_task pause1
}

@test "ctr task metrics: cgroup statistics of the task" {
  start_task metrics1 --memory-limit 67108864
  run ctrc task metrics --format json metrics1
  assert_status 0
  assert_eq "$(echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["memory"]["usage"]["limit"], d["pids"]["current"])')" "67108864 1" "memory limit, pids"
  remove_task metrics1
}

@test "ctr task kill + rm: the task, its runtime state and its cgroup are gone" {
  start_task kill1
  local pid cg
  pid=$(task_pid kill1)
  cg=$(cgroup_dir_of pids "$pid")
  run ctrc task kill --signal SIGTERM kill1
  assert_status 0
  run ctrc task kill --signal SIGKILL kill1
  assert_status 0
  wait_for 10 sh -c "ctr --address '$C/containerd.sock' --namespace '$NS' task ls | grep -q '^kill1 .*STOPPED'" || fail "task not STOPPED"
  run ctrc task rm kill1
  assert_status 0
  ctrc container rm kill1
  ! pid_alive "$pid" || fail "init $pid alive"
  ! task_runtime_status kill1 >/dev/null 2>&1 || fail "the runtime still has state for kill1"
  [[ ! -d $cg ]] || fail "cgroup $cg left behind"
}

@test "a task survives a restart of containerd" {
  start_task survive1
  local pid
  pid=$(task_pid survive1)
  containerd_stop
  pid_alive "$pid" || fail "the task died with containerd"
  containerd_start
  assert_eq "$(task_pid survive1)" "$pid" "pid after the restart"
  assert_eq "$(task_status survive1)" RUNNING
  run ctr_exec --exec-id after-restart survive1 echo still here
  assert_status 0
  assert_eq "$output" "still here"
  remove_task survive1
  ! pid_alive "$pid" || fail "init $pid alive after kill + rm"
}

@test "an OOM kill is reported as a /tasks/oom event" {
  ctrc events >"$C/events.log" 2>&1 3>&- &
  local events=$!
  record_pid "$events"
  sleep 0.5
  ctr_run -d --memory-limit 33554432 "$IMAGE" oom1 dd if=/dev/zero of=/dev/null bs=64M count=1 >/dev/null
  wait_for 20 grep -q '/tasks/exit' "$C/events.log"
  wait_for 5 grep -q '/tasks/oom' "$C/events.log"
  kill "$events"
  run cat "$C/events.log"
  assert_contains "$output" /tasks/oom
  remove_task oom1
}

@test "the runtime named by BinaryName in containerd's config (the CRI runtime handler)" {
  # containerd parsed docs/kubernetes.md's snippet: the CRI plugin is up and holds the handler.
  run ctrc plugins ls
  assert_contains "$(echo "$output" | grep -E '^io.containerd.grpc.v1 +cri ')" ok "CRI plugin status"
  local handler
  handler=$(containerd --config "$C/config.toml" config dump | python3 -c '
import sys, tomllib
r = tomllib.load(sys.stdin.buffer)["plugins"]["io.containerd.grpc.v1.cri"]["containerd"]["runtimes"]["rampart"]
print(r["runtime_type"], r["options"]["BinaryName"], r["options"].get("SystemdCgroup", False))')
  assert_eq "$handler" "io.containerd.runc.v2 $RUNTIME False" "runtime_type, BinaryName, SystemdCgroup"
  # ctr cannot name a CRI runtime handler (no crictl here): the same task request, with the
  # handler's runtime_type and BinaryName, is made through ctr. The runtime state proves which
  # binary the shim called.
  local type binary
  read -r type binary _ <<<"$handler"
  ctrc run -d --runtime "$type" --runc-binary "$binary" --runc-root "$C/runc" --fifo-dir "$C/fifo" \
    "$IMAGE" handler1 sleep 1000 </dev/null >/dev/null
  wait_for 10 sh -c "ctr --address '$C/containerd.sock' --namespace '$NS' task ls | grep -q '^handler1 .*RUNNING'"
  assert_eq "$(task_runtime_status handler1)" running "runtime state"
  remove_task handler1
}

@test "a user namespace through an OCI config (ctr run --config)" {
  # ctr 1.6 silently falls back to its default runc when --uidmap is given, so the user namespace
  # comes from a full config.json: containerd's default spec plus user namespace and maps.
  ctrc oci spec | python3 -c '
import json, sys
s = json.load(sys.stdin)
s["root"] = {"path": sys.argv[1], "readonly": True}
s["process"]["args"] = ["sleep", "1000"]
s["process"]["env"] = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
s["process"]["terminal"] = False
s["linux"]["namespaces"].append({"type": "user"})
s["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 300000, "size": 65536}]
s["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 300000, "size": 65536}]
s["linux"]["cgroupsPath"] = "/" + sys.argv[2] + "/userns1"
json.dump(s, open(sys.argv[3], "w"))' "$T/rootfs" "$NS" "$C/userns.json"
  ctrc run -d --config "$C/userns.json" --runc-binary "$RUNTIME" --runc-root "$C/runc" --fifo-dir "$C/fifo" \
    userns1 </dev/null >/dev/null
  wait_for 10 sh -c "ctr --address '$C/containerd.sock' --namespace '$NS' task ls | grep -q '^userns1 .*RUNNING'" ||
    fail "task not running: $(ctrc task ls)"
  local pid
  pid=$(task_pid userns1)
  assert_eq "$(awk '{print $1, $2, $3}' "/proc/$pid/uid_map")" "0 300000 65536" uid_map
  assert_eq "$(task_runtime_status userns1)" running "runtime state"
  run ctr_exec --exec-id id1 userns1 id -u
  assert_status 0
  assert_eq "$output" 0
  remove_task userns1
}
