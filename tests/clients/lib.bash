# Shared by the client suites (podman.bats, containerd.bats); sourced by bats, never run.
#
# The driver (tests/clients/run-suite) exports:
#   RAMPART_SOURCE_DIR  the repository
#   RAMPART_BUILD_DIR   the build tree (rampart, tests/rampart-testhelper)
#   CLIENTS_TMP         an empty private directory for this run; everything the suite makes
#                       (storage, daemon state, sockets, logs) lives under it
#   CLIENTS_RUNTIME     the runtime under test (default: this build's rampart; runc or crun as
#                       peers: CLIENTS_RUNTIME=/usr/sbin/runc)
# and, after bats returns, sweeps CLIENTS_TMP (tests/clients/sweep) so that a suite killed half-way
# still leaves no daemon, mount or cgroup behind.

: "${RAMPART_SOURCE_DIR:?}" "${RAMPART_BUILD_DIR:?}" "${CLIENTS_TMP:?}" "${CLIENTS_RUNTIME:?}"
T=$CLIENTS_TMP
RUNTIME=$CLIENTS_RUNTIME
IMAGE=localhost/rampart-busybox:clients
# One name for this run's cgroups (podman's --cgroup-parent, containerd's namespace), so the sweep
# removes exactly what this run made.
RUN_NAME=$(basename "$T")

# Records something the sweep must undo: a pid to kill, a cgroup name to remove.
record_pid() { echo "$1" >>"$T/pids"; }

# --- assertions (bats shows the failing command and these messages) ------------------------------

fail() {
  echo "FAIL: $*" >&2
  return 1
}
assert_eq() {  # ACTUAL EXPECTED [WHAT]
  [[ $1 == "$2" ]] || fail "${3:-value}: expected '$2', got '$1'"
}
assert_contains() {  # HAYSTACK NEEDLE [WHAT]
  [[ $1 == *"$2"* ]] || fail "${3:-output}: expected to contain '$2', got: $1"
}
assert_not_contains() {
  [[ $1 != *"$2"* ]] || fail "${3:-output}: expected not to contain '$2', got: $1"
}
# `run` (bats) then this: the exit status must be $1.
assert_status() {
  [[ $status == "$1" ]] || fail "exit status: expected $1, got $status; output: $output"
}
# Poll CMD every 0.1 s for up to SECONDS; succeed as soon as it does.
wait_for() {  # SECONDS CMD...
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}
# PID is a live process (a zombie, exited but not yet reaped, is not).
pid_alive() {
  [[ -n $1 && $1 != 0 && -r /proc/$1/stat ]] || return 1
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}
pid_gone() { ! pid_alive "$1"; }
# PID has a handler for signal SIGNUM (a shell's trap is installed): a signal sent before that
# would be dropped, as PID 1 of a pid namespace ignores signals it does not catch.
catches_signal() {  # PID SIGNUM
  local mask
  mask=$(awk '/^SigCgt:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  (((16#$mask >> ($2 - 1)) & 1))
}

# The runtime under test knows container ID (in its state root ROOT) and reports STATUS.
# This is how a suite proves that the binary under test is the one that ran, not a client's
# default runc.
runtime_status() {  # ROOT ID
  "$RUNTIME" --root "$1" state "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'
}

# The host cgroup v1 directory of controller CTRL for process PID.
cgroup_dir_of() {  # CTRL PID
  local line
  line=$(grep -E "^[0-9]+:([^:]*,)?$1(,[^:]*)?:" "/proc/$2/cgroup") || return 1
  echo "/sys/fs/cgroup/$1${line#*:*:}"
}

# --- the image -----------------------------------------------------------------------------------

# The project's busybox rootfs (scripts/mkrootfs, with the test helper) as a tarball.
rootfs_tarball() {
  if [[ ! -f $T/rootfs.tar ]]; then
    "$RAMPART_SOURCE_DIR/scripts/mkrootfs" "$T/rootfs" "$RAMPART_BUILD_DIR/tests/rampart-testhelper" >/dev/null
    tar -C "$T/rootfs" -cf "$T/rootfs.tar" .
  fi
  echo "$T/rootfs.tar"
}

# --- podman, on private storage ------------------------------------------------------------------

# podman with this run's own storage, state and configuration: nothing of the host's
# /var/lib/containers or /run/containers is read or written.
#   CONTAINERS_CONF          replaces every containers.conf podman would read
#   CONTAINERS_STORAGE_CONF  replaces storage.conf
podman_setup() {
  mkdir -p "$T/podman"
  cat >"$T/podman/containers.conf" <<EOF
[containers]
# No network: the host's bridges, firewall and CNI configuration stay untouched. Each container
# still gets a network namespace of its own (with only lo).
netns = "none"
log_driver = "k8s-file"

[network]
# podman's network configs (and `system reset`'s removal of them) stay in this run.
network_config_dir = "$T/podman/net.d"

[engine]
# No systemd on this host, and rampart has no systemd cgroup driver (--systemd-cgroup is refused).
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$T/podman/events.log"
tmp_dir = "$T/podman/tmp"
static_dir = "$T/podman/storage/libpod"
volume_path = "$T/podman/storage/volumes"
# conmon passes --log-format=json to the runtimes named here; rampart writes runc's JSON log.
runtime_supports_json = ["crun", "runc", "rampart"]
EOF
  cat >"$T/podman/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$T/podman/storage"
runroot = "$T/podman/run"
EOF
}
export CONTAINERS_CONF=$T/podman/containers.conf
export CONTAINERS_STORAGE_CONF=$T/podman/storage.conf

pm() { podman --runtime "$RUNTIME" "$@"; }

# `podman run` as every test calls it.
# --ulimit: podman raises RLIMIT_NOFILE and RLIMIT_NPROC of a root container to 1048576 and more,
# above this host's hard limits (nofile 20000); raising a hard limit needs CAP_SYS_RESOURCE, which
# is not in this host's bounding set, so every runtime (runc and crun too) would fail setrlimit
# with EPERM. Limits at or below the host's are what a container can be given here.
# --cgroup-parent: this run's own cgroup subtree, removed by the sweep.
pm_run() {
  pm run --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 --cgroup-parent "/$RUN_NAME" "$@"
}

podman_import_image() {
  pm import --quiet --change 'CMD ["/bin/sh"]' "$(rootfs_tarball)" "$IMAGE" >/dev/null
}

# Remove every container and image of the private storage, then the storage itself (podman
# unmounts its overlay layers).
podman_teardown() {
  [[ -f $CONTAINERS_CONF ]] || return 0
  pm rm --all --force --time 0 >/dev/null 2>&1 || true
  pm rmi --all --force >/dev/null 2>&1 || true
  pm system reset --force >/dev/null 2>&1 || true
}
