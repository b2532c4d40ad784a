// Passing one file descriptor over a unix socket (SCM_RIGHTS): the pty master to a
// --console-socket, the seccomp notify listener to listenerPath, and their receiving ends.
// Raw, errno-style results, no allocation: the seccomp sender runs in a process that must not
// take a malloc lock between its filter's load and execve.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string_view>

namespace rampart {

// Sends `fd` as one message whose data is `payload` (a single NUL byte when it is empty: a
// stream socket sends no empty message). `flags` go to sendmsg(2) with MSG_NOSIGNAL added; an
// interrupted send is retried. Returns the bytes of payload sent, or -1 with errno set.
ssize_t send_fd(int sock, int fd, std::string_view payload, int flags = 0);

// Receives one message and the first fd it carries, close-on-exec (any further fds are closed).
// Up to `cap` bytes of its data go to `data` when that is not null, their count to *len.
// Returns the fd, or -1 with errno set: recvmsg's, ECONNRESET when the peer closed without
// sending, EBADMSG when the message carried no fd.
int receive_fd(int sock, char* data = nullptr, size_t cap = 0, size_t* len = nullptr);

}  // namespace rampart
