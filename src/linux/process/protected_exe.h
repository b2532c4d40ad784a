// CVE-2019-5736: a container process that execs a script starting with "#!/proc/self/exe"
// makes the kernel run *the runtime's binary* inside the container as an ordinary, dumpable
// process; another container process can then open its /proc/PID/exe and, once it exits,
// write through it to the host's rampart. Non-dumpable is not enough (docs/architecture.md, the rule, point 5).
// So before forking any container process, rampart makes sure it runs from a copy the
// container cannot write through.
#pragma once

namespace rampart::process {

// Returns when /proc/self/exe is already unwritable (a read-only mount, or a sealed memfd);
// otherwise re-executes argv from a read-only detached bind mount of the binary (open_tree +
// mount_setattr: no copy), or, without CAP_SYS_ADMIN, from a sealed memfd copy. Never returns
// on re-exec; returns on failure too, leaving the caller to refuse to go on.
bool ensure_protected_exe(char** argv, char** envp);

}  // namespace rampart::process
