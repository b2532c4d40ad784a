// terminal: true -- a pty from the container's own devpts instance, its master sent to the
// caller's --console-socket (one sendmsg, one SCM_RIGHTS fd, the payload the master's name, as
// go-runc expects), its slave bound onto /dev/console and made the controlling terminal.
#pragma once

#include "linux/safepath/root.h"
#include "spec/config.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace rampart::process {

// Opens the pty pair through the root (before pivot_root) and sends the master. Returns the
// slave, to be made the process's stdio by become_terminal_owner after pivot_root. The slave is
// owned by `owner_uid` (process.user.uid), its group left as devpts gave it (the tty group of
// the config's devpts `gid=`), as runc does: the user can then chmod, stty and `mesg` it.
Result<UniqueFd> setup_console(const safepath::Root& root, int console_socket, uint32_t owner_uid,
                               const std::optional<spec::ConsoleSize>& size, bool bind_console);

// setsid, TIOCSCTTY, and the slave onto fds 0-2.
Result<void> become_terminal_owner(int slave);

}  // namespace rampart::process
