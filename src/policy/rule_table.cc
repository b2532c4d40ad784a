// The rule table: every rule's id, default severity, profile, what it stops and how to fix it,
// and where it maps in CVEs, the CIS Docker (v1.6.0) and Kubernetes (v1.12.0) Benchmarks, the
// Pod Security Standards, NIST CSF 2.0 and the OWASP Non-Human Identities Top 10 (2025).
// docs/rules.md is generated from this table (a unit test keeps them equal).
#include "policy/policy.h"

namespace rampart::policy {

namespace {

constexpr Profile B = Profile::Baseline;
constexpr Profile R = Profile::Restricted;
constexpr Applies Both = Applies::Both;
constexpr Applies Bundle = Applies::Bundle;
constexpr Applies Manifest = Applies::Manifest;
constexpr Applies Running = Applies::Running;
using enum Severity;

// Built on first use, not at start-up: most commands (run, start, state...) never read it, and
// constructing it at start-up touched its code and data in every process.
const std::vector<Rule>& rules() {
  static const std::vector<Rule> table = {
    // ---- host paths ----------------------------------------------------------------------------
    {"RP-MNT-001", Critical, B, Both, "bind of a container engine API socket",
     "the docker, containerd, CRI-O, podman and BuildKit sockets accept requests to start containers",
     "a process that can write to the socket starts a privileged container with the host's / mounted and is "
     "root on the node",
     "do not mount engine sockets; give a build or monitoring agent a narrow API (rootless builder, read-only "
     "event feed) instead",
     {{}, "5.32", "5.2.11", "baseline: HostPath Volumes", "PR.AA-05", "NHI5:2025 Overprivileged NHI", {}}},
    {"RP-MNT-002", High, B, Both, "bind of a sensitive host directory (critical when writable)",
     "/, /etc, /proc, /sys, /dev, /var/lib/kubelet and the like hold the node's configuration, credentials and "
     "kernel interfaces",
     "reading /etc or /var/lib/kubelet steals node and service-account credentials; writing them (a cron job, "
     "an SSH key, a kubelet config) is code execution on the host",
     "bind only the specific files the workload needs, read-only, from a dedicated directory",
     {{}, "5.6", "5.2.11", "baseline: HostPath Volumes", "PR.AA-05", "NHI2:2025 Secret Leakage", {}}},
    {"RP-MNT-003", Medium, B, Both, "bind of a path inside a sensitive host directory (high when writable)",
     "a file or directory under /etc, /proc, /sys, /dev, /var/lib/kubelet, /usr ... is part of the host",
     "the container reads or rewrites one piece of the host's configuration or credentials",
     "copy the needed file into the image or a ConfigMap, or bind it read-only from a dedicated directory",
     {{}, "5.6", "5.2.11", "baseline: HostPath Volumes", "PR.AA-05", "NHI2:2025 Secret Leakage", {}}},
    {"RP-MNT-004", High, B, Both, "shared or rshared propagation on a host bind (mountPropagation: Bidirectional)",
     "with shared propagation a mount made inside the container appears on the host",
     "the container mounts a filesystem (or a bind of its own choosing) over a host path that host processes "
     "then use",
     "use private (rprivate) propagation, or rslave/HostToContainer when host mounts must be seen",
     {{}, "5.20", {}, {}, "PR.IR-01", {}, {}}},
    {"RP-MNT-005", Critical, B, Both, "bind of a container runtime's state directory",
     "/run/runc, /run/containerd, /run/rampart ... hold other containers' state, fifos and sockets",
     "the container reaches the runtime's internals and other containers (the CVE-2019-5736 class of attack on "
     "the runtime itself)",
     "never mount /run/rampart, /run/runc, /run/containerd, /run/crun, /run/youki or /var/lib/docker into a "
     "container",
     {{"CVE-2019-5736"}, "5.6", "5.2.11", "baseline: HostPath Volumes", "PR.AA-05", "NHI5:2025 Overprivileged NHI", {}}},
    {"RP-MNT-006", High, B, Both, "relative mount destination",
     "the OCI runtime-spec requires absolute destinations; a relative one is resolved against a directory the "
     "runtime chose",
     "a destination that is not where the author meant hides a mask or lands on a path the image controls",
     "write every mount destination as an absolute path inside the container",
     {{}, {}, {}, {}, "PR.PS-01", {}, "OCI runtime-spec config.md (mounts.destination MUST be absolute)"}},
    {"RP-MNT-007", High, B, Both, "mount destination with a '..' component",
     "'..' in a destination can be steered outside the intended directory by symlinks in the image",
     "a mount redirected by a symlink swap lands outside the rootfs (CVE-2021-30465)",
     "write the destination without '..'",
     {{"CVE-2021-30465"}, {}, {}, {}, "PR.PS-01", {}, {}}},
    {"RP-MNT-008", Medium, B, Both, "duplicate mount destination",
     "a later mount on the same destination hides the earlier one, and any mask on it",
     "repeated destinations were used to race runc into mounting outside the rootfs (CVE-2021-30465)",
     "mount each destination once",
     {{"CVE-2021-30465"}, {}, {}, {}, "PR.PS-01", {}, {}}},
    {"RP-MNT-009", High, B, Manifest, "subPath or subPathExpr into a hostPath volume",
     "the kubelet resolves a subPath inside a host directory the container can write to",
     "a symlink planted (or swapped in a race) at the subPath makes the kubelet bind a host path of the "
     "attacker's choosing (CVE-2017-1002101, CVE-2021-25741)",
     "mount the hostPath volume itself read-only, or use a volume type the container cannot plant symlinks in",
     {{"CVE-2017-1002101", "CVE-2021-25741"}, {}, "5.2.11", "baseline: HostPath Volumes", "PR.AA-05", {}, {}}},
    {"RP-MNT-010", High, B, Manifest, "hostPath volume",
     "a hostPath volume gives the pod a directory of the node; the Pod Security Standards forbid them from "
     "baseline up",
     "the pod reads or writes node files, and a writable one lets it plant files the node or other pods use",
     "use emptyDir, a ConfigMap/Secret, a persistent volume claim or a CSI driver instead",
     {{}, {}, "5.2.11", "baseline: HostPath Volumes", "PR.IR-01", "NHI8:2025 Environment Isolation", {}}},
    {"RP-MNT-011", High, R, Manifest, "volume type outside the restricted set",
     "restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, "
     "projected and secret volumes",
     "in-tree volume types run node-side code on the pod's behalf: a gitRepo volume ran the repository's git "
     "hooks on the node (CVE-2024-10220) and read other pods' repositories (CVE-2025-1767)",
     "use a persistentVolumeClaim (or a CSI driver) for network storage, and an init container instead of "
     "gitRepo",
     {{"CVE-2024-10220", "CVE-2025-1767"}, {}, {}, "restricted: Volume Types", "PR.PS-01", {}, {}}},
    {"RP-MNT-012", Low, B, Both, "slave propagation on a host bind (mountPropagation: HostToContainer)",
     "with slave propagation, mounts the host makes later under the bind appear in the container",
     "a host mount (a volume of another pod, a secret tmpfs) that appears under the bind later is readable "
     "by the container",
     "use private propagation unless the workload must see host mounts (CSI node plugins do)",
     {{}, "5.20", {}, {}, "PR.IR-01", {}, {}}},
    // ---- procfs, sysfs, cgroupfs, /dev ---------------------------------------------------------
    {"RP-PRC-001", High, B, Both,
     "proc mounted without the default maskedPaths (procMount: Unmasked; medium in a user namespace)",
     "the masked paths hide kernel interfaces (/proc/kcore, /proc/keys, /proc/sysrq-trigger, /sys/firmware "
     "...) that leak host memory or act on the whole machine",
     "the container reads kernel memory or keys, or triggers host-wide actions through an unmasked file",
     "keep the default masks: leave procMount unset (or Default); in config.json list runc's maskedPaths",
     {{"CVE-2025-31133"}, {}, {}, "baseline: /proc Mount Type", "PR.PS-01", {}, "runc default spec"}},
    {"RP-PRC-002", High, B, Both,
     "proc mounted without the default readonlyPaths (medium in a user namespace)",
     "the read-only paths (/proc/sys, /proc/irq, /proc/bus ...) are host-wide kernel settings",
     "the container writes a host-wide kernel setting through /proc/sys",
     "keep the default read-only paths: leave procMount unset; in config.json list runc's readonlyPaths",
     {{}, {}, {}, "baseline: /proc Mount Type", "PR.PS-01", {}, "runc default spec"}},
    {"RP-PRC-003", Critical, B, Both, "mount placed over a path under /proc or /sys",
     "the runtime writes to procfs files (sysctls, LSM labels) after mounts are in place",
     "a mount over /proc/sys/... or /proc/self/attr redirects the runtime's own writes (CVE-2019-19921, "
     "CVE-2025-52881)",
     "do not mount anything over procfs or sysfs files",
     {{"CVE-2019-19921", "CVE-2025-52881"}, {}, {}, {}, "PR.PS-01", {}, {}}},
    {"RP-PRC-004", High, R, Manifest, "procMount: Unmasked (restricted forbids it even with hostUsers: false)",
     "baseline (Kubernetes 1.35+) allows an unmasked /proc in a user namespace; restricted never does",
     "the container reads kernel interfaces the masks hide",
     "leave procMount unset (or Default)",
     {{}, {}, {}, "restricted: /proc Mount Type", "PR.PS-01", {}, {}},
     {"RP-PRC-001", "RP-PRC-002"}},
    {"RP-SYS-001", High, B, Both, "sysfs mounted writable (privileged: true)",
     "a writable /sys reaches kernel and device settings of the whole host",
     "the container rebinds drivers, changes device settings or loads firmware on the host",
     "mount sysfs read-only (runc's default) and do not run privileged containers",
     {{}, {}, {}, {}, "PR.PS-01", {}, "runc default spec (sysfs ro,nosuid,noexec,nodev)"}},
    {"RP-SYS-002", High, B, Both, "cgroup filesystem mounted writable (low with a user namespace)",
     "a writable cgroup v1 hierarchy has release_agent, which the kernel runs as root on the host",
     "the container sets release_agent and escapes (CVE-2022-0492)",
     "mount cgroupfs read-only and do not run privileged containers",
     {{"CVE-2022-0492"}, {}, {}, {}, "PR.PS-01", {}, {}}},
    {"RP-DEV-004", High, B, Both, "mount over /dev/console or /dev/pts",
     "the runtime sets up the console and devpts itself",
     "a bind over /dev/console races the runtime into mounting a host path (CVE-2025-52565)",
     "let the runtime set up the console and devpts; do not mount over them",
     {{"CVE-2025-52565"}, {}, {}, {}, "PR.PS-01", {}, {}}},
    // ---- namespaces ----------------------------------------------------------------------------
    {"RP-NS-001", High, B, Both, "no PID namespace: the host's processes are visible (hostPID: true)",
     "sharing the host's PID namespace shows every host process to the container",
     "the container reads other processes' environment and /proc/PID/root, and signals or ptraces them",
     "remove hostPID (in config.json add {\"type\":\"pid\"} to linux.namespaces)",
     {{}, "5.16", "5.2.3", "baseline: Host Namespaces", "PR.IR-01", "NHI8:2025 Environment Isolation", {}}},
    {"RP-NS-002", High, B, Both, "no network namespace: the host's network stack is shared (hostNetwork: true)",
     "sharing the host's network namespace gives the container the node's interfaces and localhost services",
     "the container reaches node-local services (the kubelet's, cloud metadata), sniffs traffic and binds "
     "host ports",
     "remove hostNetwork (in config.json add {\"type\":\"network\"} to linux.namespaces)",
     {{}, "5.10", "5.2.5", "baseline: Host Namespaces", "PR.IR-01", "NHI8:2025 Environment Isolation", {}}},
    {"RP-NS-003", High, B, Both, "no IPC namespace: host shared memory and semaphores are shared (hostIPC: true)",
     "sharing the host's IPC namespace exposes host System V and POSIX shared memory",
     "the container reads or corrupts shared memory of host processes",
     "remove hostIPC (in config.json add {\"type\":\"ipc\"} to linux.namespaces)",
     {{}, "5.17", "5.2.4", "baseline: Host Namespaces", "PR.IR-01", "NHI8:2025 Environment Isolation", {}}},
    {"RP-NS-004", Medium, B, Both, "no UTS namespace: the container can change the host's hostname",
     "without its own UTS namespace the container shares the host's hostname (hostNetwork implies it)",
     "the container renames the host, confusing logs, certificates and cluster membership",
     "add {\"type\":\"uts\"} to linux.namespaces; in Kubernetes remove hostNetwork",
     {{}, "5.21", {}, {}, "PR.IR-01", {}, {}}},
    {"RP-NS-005", Critical, B, Bundle, "no mount namespace: the container's mounts are the host's",
     "without a mount namespace every mount the runtime makes is made on the host",
     "the container's rootfs set-up rewrites the host's mount table",
     "add {\"type\":\"mount\"} to linux.namespaces",
     {{}, {}, {}, {}, "PR.IR-01", {}, "OCI runtime-spec config-linux.md (namespaces)"}},
    {"RP-NS-006", High, B, Bundle, "namespace joined by path",
     "a namespace joined by path may be the host's or another container's",
     "a config that joins /proc/1/ns/* runs the container in the host's namespaces",
     "create a new namespace instead of joining one by path, or make sure the path is a sandbox's",
     {{}, {}, {}, "baseline: Host Namespaces", "PR.IR-01", {}, {}}},
    {"RP-NS-007", Medium, B, Both, "no user namespace while the process runs (or may run) as uid 0",
     "without a user namespace uid 0 in the container is uid 0 on the host",
     "any escape (a kernel bug, a writable host path) is an escape as root",
     "run in a user namespace (hostUsers: false; uid/gid mappings in config.json) or as a non-root uid",
     {{}, "5.31", "5.2.7", {}, "PR.AA-05", "NHI5:2025 Overprivileged NHI", {}}},
    {"RP-NS-008", Low, B, Bundle, "no cgroup namespace: the host's cgroup tree is visible",
     "without a cgroup namespace /proc/self/cgroup shows host paths",
     "the container learns the host's cgroup layout, which helps target other escapes",
     "add {\"type\":\"cgroup\"} to linux.namespaces",
     {{}, {}, {}, {}, "PR.IR-01", {}, "runc default spec"}},
    {"RP-NS-009", High, B, Manifest, "hostPort",
     "a hostPort binds a port on the node's address for the pod",
     "the pod takes a node port other services expect, or exposes itself beyond the cluster network",
     "remove hostPort; expose the pod through a Service",
     {{}, {}, "5.2.12", "baseline: Host Ports", "PR.IR-01", {}, {}}},
    {"RP-NS-010", High, B, Manifest, "probe or lifecycle handler with a host",
     "the kubelet sends probe and lifecycle requests from the node to the host named",
     "a pod makes the kubelet issue requests to node-local or other hosts' services (a server-side request "
     "forgery through the kubelet)",
     "remove host from httpGet/tcpSocket probes and lifecycle handlers (the pod's own IP is the default)",
     {{}, {}, {}, "baseline: Host Probes / Lifecycle Hooks (v1.34+)", "PR.IR-01", {}, {}}},
    // ---- privileges ----------------------------------------------------------------------------
    {"RP-CAP-001", High, B, Both, "capabilities beyond the Kubernetes baseline set (critical for SYS_ADMIN & co.)",
     "capabilities such as CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_PTRACE and CAP_NET_ADMIN are the usual "
     "escape routes",
     "with CAP_SYS_ADMIN the container mounts cgroupfs and sets release_agent (CVE-2022-0492); with "
     "CAP_SYS_MODULE it loads a kernel module",
     "drop these capabilities (capabilities.add; every set of process.capabilities)",
     {{"CVE-2022-0492"}, "5.4", "5.2.8, 5.2.9", "baseline: Capabilities", "PR.AA-05", "NHI5:2025 Overprivileged NHI", {}}},
    {"RP-CAP-002", Low, B, Both, "capabilities beyond runc's default set",
     "runc's default set is CAP_AUDIT_WRITE, CAP_KILL and CAP_NET_BIND_SERVICE",
     "each extra capability (CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_SETUID ...) widens what a compromised process "
     "can do inside",
     "keep only the capabilities the workload needs",
     {{}, "5.4", "5.2.9", {}, "PR.AA-05", {}, "runc default spec"}},
    {"RP-CAP-003", High, R, Both, "capabilities not dropped to at most CAP_NET_BIND_SERVICE",
     "restricted requires drop: [ALL] and allows adding back only NET_BIND_SERVICE",
     "the runtime's default set (CAP_NET_RAW, CAP_SETUID, CAP_DAC_OVERRIDE ...) stays available to an "
     "attacker inside",
     "capabilities: {drop: [ALL]} and add back only NET_BIND_SERVICE if needed",
     {{}, "5.4", "5.2.8, 5.2.9", "restricted: Capabilities", "PR.AA-05", "NHI5:2025 Overprivileged NHI", {}},
     {"RP-CAP-002"}},
    {"RP-PRV-001", Medium, B, Both, "privilege escalation allowed: no_new_privs unset",
     "without no_new_privs, setuid and file-capability binaries raise privileges",
     "a process in the container execs a setuid binary and gains root or capabilities",
     "set allowPrivilegeEscalation: false (process.noNewPrivileges: true)",
     {{}, "5.26", "5.2.6", {}, "PR.AA-05", {}, {}}},
    {"RP-PRV-011", High, R, Both, "privilege escalation allowed (restricted requires allowPrivilegeEscalation: false)",
     "restricted requires every container to set allowPrivilegeEscalation: false",
     "a process in the container execs a setuid binary and gains root or capabilities",
     "set allowPrivilegeEscalation: false (process.noNewPrivileges: true)",
     {{}, "5.26", "5.2.6", "restricted: Privilege Escalation", "PR.AA-05", {}, {}},
     {"RP-PRV-001"}},
    {"RP-PRV-002", Medium, B, Both, "no seccomp profile (high when explicitly Unconfined)",
     "the default seccomp profile blocks syscalls most kernel exploits need (unshare, keyctl, bpf ...)",
     "a kernel bug reachable through a blocked syscall becomes an escape (CVE-2022-0185 needed unshare)",
     "seccompProfile: {type: RuntimeDefault} (a linux.seccomp profile in config.json)",
     {{"CVE-2022-0185"}, "5.22", "5.6.2", "baseline: Seccomp", "PR.PS-01", {}, {}}},
    {"RP-PRV-008", High, R, Both, "no seccomp profile (restricted requires RuntimeDefault or Localhost)",
     "restricted requires a seccomp profile on the pod or every container",
     "a kernel bug reachable through a blocked syscall becomes an escape",
     "seccompProfile: {type: RuntimeDefault} (a linux.seccomp profile whose default action is an error)",
     {{"CVE-2022-0185"}, "5.22", "5.6.2", "restricted: Seccomp", "PR.PS-01", {}, {}},
     {"RP-PRV-002"}},
    {"RP-PRV-003", High, B, Bundle, "seccomp profile whose default action allows",
     "a profile that allows by default is a deny-list that new syscalls get past",
     "an exploit uses a syscall the deny-list forgot",
     "make the default action SCMP_ACT_ERRNO (an allow-list)",
     {{}, "5.22", {}, {}, "PR.PS-01", {}, {}}},
    {"RP-PRV-004", Medium, B, Both, "root filesystem writable (readOnlyRootFilesystem not true)",
     "a writable root lets an intruder replace binaries and persist",
     "a compromised process rewrites the image's binaries or drops tools",
     "readOnlyRootFilesystem: true (root.readonly) and an emptyDir/tmpfs where writes are needed",
     {{}, "5.13", {}, {}, "PR.PS-01", {}, {}}},
    {"RP-PRV-005", High, R, Both, "process runs as uid 0 (runAsUser: 0)",
     "root in the container is root on the host unless a user namespace maps it",
     "an escape from a root process is an escape as root",
     "runAsUser: a non-zero uid (process.user.uid), or run in a user namespace",
     {{}, "4.1", "5.2.7", "restricted: Running as Non-root user", "PR.AA-05", "NHI5:2025 Overprivileged NHI", {}}},
    {"RP-PRV-010", High, R, Manifest, "runAsNonRoot is not true",
     "without runAsNonRoot: true the image's USER decides, and many images run as root",
     "a container that was expected to run unprivileged runs as root",
     "runAsNonRoot: true on the pod or every container (or hostUsers: false)",
     {{}, "4.1", "5.2.7", "restricted: Running as Non-root", "PR.AA-05", {}, {}}},
    {"RP-PRV-006", High, B, Both, "AppArmor profile set to unconfined",
     "the runtime's default AppArmor profile denies mounts and writes to /proc and /sys files",
     "an attacker inside uses the mount and procfs writes AppArmor would have denied",
     "appArmorProfile: {type: RuntimeDefault} (or a Localhost profile)",
     {{}, "5.2", {}, "baseline: AppArmor", "PR.PS-01", {}, {}}},
    {"RP-PRV-007", High, B, Both, "SELinux label with an unconfined, privileged or custom type, user or role",
     "the container's SELinux type confines what it can touch on the host",
     "with spc_t or unconfined_t the container is not confined by SELinux at all",
     "leave seLinuxOptions unset (or use container_t, container_init_t, container_kvm_t, container_engine_t)",
     {{}, "5.3", {}, "baseline: SELinux", "PR.PS-01", {}, {}}},
    {"RP-PRV-009", Critical, B, Manifest, "privileged container",
     "privileged: true gives every capability, every host device, an unmasked /proc, writable /sys and no "
     "seccomp or AppArmor",
     "the container mounts the host's disk, loads kernel modules or writes release_agent: a one-step escape",
     "remove privileged; add only the capabilities (and devices) the workload needs",
     {{}, "5.5", "5.2.2", "baseline: Privileged Containers", "PR.AA-05", "NHI5:2025 Overprivileged NHI", {}}},
    {"RP-PRV-012", High, B, Manifest, "Windows HostProcess container",
     "a HostProcess container runs directly on the Windows node, outside any container boundary",
     "the pod is a process on the node with the node's network and file system",
     "remove windowsOptions.hostProcess",
     {{}, {}, "5.2.10", "baseline: HostProcess", "PR.AA-05", {}, {}}},
    // ---- devices -------------------------------------------------------------------------------
    {"RP-DEV-001", High, B, Both, "host block device in the container",
     "a host block device gives raw access to a disk",
     "the container reads or rewrites the host's filesystems below the kernel's permission checks",
     "do not pass block devices; mount the filesystem on the host and bind a directory",
     {{}, "5.18", {}, {}, "PR.AA-05", {}, {}}},
    {"RP-DEV-002", Critical, B, Both, "/dev/mem, /dev/kmem or /dev/port in the container",
     "these devices are raw host memory and I/O ports",
     "the container reads or patches the running kernel",
     "remove the device",
     {{}, "5.18", {}, {}, "PR.AA-05", {}, {}}},
    {"RP-DEV-003", Critical, B, Both, "devices cgroup rule allowing every device (privileged: true)",
     "an allow-all device rule lets the container create and open any device node",
     "the container mknods the host's disk and mounts it",
     "deny all devices first ({\"allow\":false,\"access\":\"rwm\"}) and allow only the ones needed",
     {{}, "5.18", {}, {}, "PR.AA-05", {}, {}}},
    // ---- sysctls, hooks, CVE shapes, resources -------------------------------------------------
    {"RP-SCT-001", High, B, Both, "sysctl that is not namespaced for this container",
     "a sysctl that is not namespaced by a namespace the container owns changes the whole host",
     "a sysctl such as kernel.core_pattern runs a program of the attacker's on the host",
     "remove the key; set only sysctls namespaced by a namespace the container owns",
     {{"CVE-2025-52881"}, {}, {}, {}, "PR.PS-01", {}, {}}},
    {"RP-SCT-002", High, B, Manifest, "sysctl outside the Kubernetes safe set",
     "baseline allows only the sysctls the kubelet treats as safe (namespaced and isolated per pod)",
     "an unsafe sysctl affects other pods on the node, or the node itself",
     "remove the sysctl (or run the workload on nodes that allow it, outside the baseline level)",
     {{}, {}, {}, "baseline: Sysctls", "PR.PS-01", {}, {}}},
    {"RP-SCT-003", Critical, B, Manifest, "sysctl value that smuggles another assignment",
     "a '+' or '=' in a value is how CRI-O was made to set a second, unsafe sysctl",
     "kernel.shm_rmid_forced=1+kernel.core_pattern=|/payload set core_pattern on the host (CVE-2022-0811)",
     "write a plain value",
     {{"CVE-2022-0811"}, {}, {}, {}, "PR.PS-01", {}, {}}},
    {"RP-HOOK-001", Info, B, Bundle, "hook runs on the host with the runtime's privileges",
     "OCI hooks run as root in the runtime's namespaces (startContainer in the container's)",
     "a hook binary or argument an attacker can change runs as root on the host",
     "make sure the hook binary and its arguments are trusted, and monitor what hooks run",
     {{}, {}, {}, {}, "DE.CM-09", {}, "OCI runtime-spec config.md (hooks)"}},
    {"RP-CVE-001", Critical, B, Both, "working directory under /proc/*/fd: a leaked runtime fd as cwd",
     "a runtime that leaks a host directory fd into the container lets /proc/self/fd/N be the cwd",
     "process.cwd (workingDir) /proc/self/fd/N starts the container in the host's filesystem (CVE-2024-21626)",
     "set the working directory to a path inside the container's rootfs",
     {{"CVE-2024-21626"}, {}, {}, {}, "PR.PS-01", {}, {}}},
    {"RP-CVE-002", High, B, Both, "executes /proc/self/exe (or another /proc/*/exe): the runtime's own binary",
     "the runtime's binary is reachable through /proc/PID/exe while it sets the container up",
     "the container re-executes and overwrites the runtime binary (CVE-2019-5736)",
     "run a program from the container's rootfs",
     {{"CVE-2019-5736"}, {}, {}, {}, "PR.PS-01", {}, {}}},
    {"RP-RES-001", Low, B, Bundle, "no pids limit", "without a pids limit a fork bomb exhausts the host's pids",
     "a fork bomb in the container stops the host from starting processes",
     "set linux.resources.pids.limit (the kubelet sets it for pods: --pod-max-pids)",
     {{}, "5.29", {}, {}, "PR.IR-04", {}, {}}},
    {"RP-RES-002", Low, B, Both, "no memory limit", "without a memory limit one container can push the host into OOM",
     "the container exhausts host memory and the OOM killer takes host services",
     "set resources.limits.memory (linux.resources.memory.limit)",
     {{}, "5.11", {}, {}, "PR.IR-04", {}, {}}},
    // ---- runtime drift (rampart verify): a running container against its config ------------------
    {"RP-RUN-001", High, B, Running, "mount the config did not ask for",
     "every mount of a running container should come from its config, its masks and read-only paths, or the "
     "runtime's own console and devices",
     "a mount added later (nsenter, a shared volume's propagation, a runtime bug) brings a host path or a fresh "
     "filesystem into the container, or covers a mask",
     "find who mounted it and restart the container from its config",
     {{}, {}, {}, {}, "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-002", Medium, B, Running, "mount the config asked for is gone",
     "a mount of the config is no longer in the container's mount table",
     "what the mount covered (a tmpfs over an image directory, a read-only volume) is the image's again",
     "find what unmounted it and restart the container",
     {{}, {}, {}, {}, "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-003", High, B, Running, "masked path no longer masked",
     "maskedPaths hide /proc and /sys files that leak host state or let the container act on the host",
     "with the mask gone the container reads (or writes) the kernel interface it hid (the effect CVE-2025-31133 "
     "had at start)",
     "restart the container; find what unmounted the mask",
     {{"CVE-2025-31133"}, {}, {}, "baseline: /proc Mount Type", "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-004", High, B, Running, "read-only path or mount now writable",
     "readonlyPaths, read-only mounts and a read-only root must stay read-only while the container runs",
     "a remount read-write makes /proc/sys or a read-only volume writable from inside (the CVE-2025-52881 class)",
     "restart the container; find what remounted it read-write",
     {{"CVE-2025-52881"}, "5.13", {}, "baseline: /proc Mount Type", "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-005", Critical, B, Running, "process holds an fd to a host file or directory (critical for a directory)",
     "a container process should hold no fd of a host file outside the container's mounts",
     "a leaked directory fd lets the process fchdir or openat out of its root and walk the host's tree "
     "(CVE-2024-21626); a host namespace fd lets it setns out",
     "restart the container; find the runtime or exec that leaked the fd",
     {{"CVE-2024-21626"}, {}, {}, {}, "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-006", Critical, B, Running, "root or working directory outside the container's rootfs",
     "every process's root is the container's rootfs and its cwd lies inside the container",
     "a process whose root or cwd is on a host mount resolves relative paths on the host (CVE-2024-21626)",
     "restart the container; stop the process",
     {{"CVE-2024-21626"}, {}, {}, {}, "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-007", High, B, Running, "namespace not the one the config asks for",
     "each namespace the config asks for is the container's own, not the host's, and joined ones are the named ones",
     "a process in the host's mount, pid or network namespace inside the container's cgroup or mount table sees "
     "and acts on the host",
     "restart the container; find the process that entered it only partly (nsenter)",
     {{}, "5.10, 5.16", "5.2.3, 5.2.5", "baseline: Host Namespaces", "DE.CM-09", "NHI8:2025 Environment Isolation", "rampart verify: runtime drift"}},
    {"RP-RUN-008", High, B, Running, "capabilities wider than the config's",
     "no process of the container holds a capability its config does not grant",
     "a process exec'd with more capabilities (an exec --cap, an nsenter with all of them) can do what the "
     "config meant to forbid",
     "stop the process; exec only through the runtime with the container's process settings",
     {{}, "5.4", "5.2.8, 5.2.9", "baseline: Capabilities", "DE.CM-09", "NHI5:2025 Overprivileged NHI", "rampart verify: runtime drift"}},
    {"RP-RUN-009", High, B, Running, "NoNewPrivs unset though the config asks for it",
     "with noNewPrivileges every process of the container runs with NoNewPrivs set",
     "a process without it gains privileges through setuid binaries",
     "exec processes through the runtime with the container's noNewPrivileges",
     {{}, "5.26", "5.2.6", "restricted: Privilege Escalation", "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-010", High, B, Running, "no seccomp filter in a process though the config has one",
     "with linux.seccomp every process of the container runs in seccomp mode 2",
     "a process entered without the filter (nsenter, a runtime bug in exec) reaches every system call",
     "exec through the runtime so processes get the container's filter",
     {{}, "5.22", "5.6.2", "baseline: Seccomp", "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-011", High, B, Running, "uid/gid mappings differ from the config's",
     "the container's user namespace maps exactly the ids the config maps",
     "other mappings give the container's root other host ids, possibly ones with access to host files",
     "restart the container with the configured mappings",
     {{}, {}, {}, {}, "DE.CM-09", {}, "rampart verify: runtime drift; Kubernetes user namespaces"}},
    {"RP-RUN-012", Critical, B, Running, "process runs as host root though the config's process does not",
     "a container whose process is not host root (another uid, or root mapped by a user namespace) has no "
     "process with host uid 0",
     "a process running as host root in the container owns every host file the container can reach",
     "stop the process (an exec as root, an nsenter)",
     {{}, "4.1", "5.2.7", "restricted: Running as Non-root user", "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-013", High, B, Running, "process outside the container's cgroup",
     "every process of the container is in its cgroup (or below it)",
     "a process outside the cgroup escapes the container's memory, pids and cpu limits and its device rules",
     "move the process back or stop it",
     {{}, "5.11, 5.29", {}, {}, "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-014", High, B, Running, "cgroup limit differs from the config's",
     "the limits in force are the config's resources",
     "a raised or removed limit lets the container exhaust the node (fork bomb, memory)",
     "restore the limit (update) or restart the container",
     {{}, "5.11, 5.29", {}, {}, "DE.CM-09", {}, "rampart verify: runtime drift"}},
    {"RP-RUN-015", High, B, Running, "part of the container could not be inspected",
     "verify reports what it could not read instead of passing it",
     "a process verify cannot read (missing privileges, a pid namespace it cannot see) could hold anything",
     "run rampart verify as root in the host's pid namespace",
     {{}, {}, {}, {}, "DE.CM-09", {}, "rampart verify: a check that could not run is never a pass"}},
  };
  return table;
}

}  // namespace

const std::vector<Rule>& all_rules() { return rules(); }

const Rule* find_rule(std::string_view id) {
  for (const auto& r : rules())
    if (r.id == id) return &r;
  return nullptr;
}

const char* applies_name(Applies a) {
  switch (a) {
    case Applies::Both: return "bundle+manifest";
    case Applies::Bundle: return "bundle";
    case Applies::Manifest: return "manifest";
    case Applies::Running: return "running";
  }
  return "?";
}

std::string reference_line(const Rule& r) {
  std::string out;
  auto add = [&](const std::string& s) {
    if (s.empty()) return;
    if (!out.empty()) out += "; ";
    out += s;
  };
  for (auto c : r.refs.cves) add(std::string(c));
  if (!r.refs.cis_docker.empty()) add("CIS Docker 1.6.0 " + std::string(r.refs.cis_docker));
  if (!r.refs.cis_k8s.empty()) add("CIS Kubernetes 1.12.0 " + std::string(r.refs.cis_k8s));
  if (!r.refs.pss.empty()) add("PSS " + std::string(r.refs.pss));
  if (!r.refs.nist_csf.empty()) add("NIST CSF 2.0 " + std::string(r.refs.nist_csf));
  if (!r.refs.owasp_nhi.empty()) add("OWASP " + std::string(r.refs.owasp_nhi));
  add(std::string(r.refs.other));
  return out;
}

std::vector<std::string> reference_tags(const Rule& r) {
  std::vector<std::string> tags = {"security", "container"};
  if (r.applies != Applies::Bundle) tags.push_back("kubernetes");
  for (auto c : r.refs.cves) tags.emplace_back(c);
  auto split = [&](std::string_view items, const std::string& prefix) {
    while (!items.empty()) {
      size_t comma = items.find(", ");
      tags.push_back(prefix + std::string(items.substr(0, comma)));
      items = comma == std::string_view::npos ? std::string_view() : items.substr(comma + 2);
    }
  };
  split(r.refs.cis_docker, "CIS-Docker-1.6.0/");
  split(r.refs.cis_k8s, "CIS-Kubernetes-1.12.0/");
  if (!r.refs.pss.empty()) {
    std::string_view p = r.refs.pss;
    size_t colon = p.find(": ");
    tags.push_back("PSS/" + std::string(p.substr(0, colon)) + "/" + std::string(p.substr(colon + 2)));
  }
  if (!r.refs.nist_csf.empty()) tags.push_back("NIST-CSF-2.0/" + std::string(r.refs.nist_csf));
  if (!r.refs.owasp_nhi.empty()) {
    std::string_view o = r.refs.owasp_nhi;
    tags.push_back("OWASP-NHI/" + std::string(o.substr(0, o.find(' '))));
  }
  return tags;
}

std::string help_uri(const Rule& r) {
  std::string anchor;
  for (char c : r.id) anchor += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return "https://github.com/rampart-runtime/rampart/blob/main/docs/rules.md#" + anchor;
}

}  // namespace rampart::policy
