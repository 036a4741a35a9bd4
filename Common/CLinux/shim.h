// Linux system calls that Glibc's Swift module does not expose (epoll, eventfd, timerfd, mallopt).
#ifndef BAAS_CLINUX_SHIM_H
#define BAAS_CLINUX_SHIM_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include "process.h"
#include <signal.h>
#include <sys/prctl.h>
#include <malloc.h>

static inline int baas_errno(void) { return errno; }

// fcntl is variadic and does not import.
static inline int baas_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// SOCK_NONBLOCK/SOCK_CLOEXEC import as enum cases of __socket_type; plain ints are simpler.
static inline int baas_socket_stream_nonblocking(int domain) {
    return socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

static inline int baas_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

static inline int baas_eventfd_nonblocking(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

// Names the calling thread (at most 15 characters) for top -H, perf and gdb; prctl is variadic.
static inline void baas_set_thread_name(const char *name) {
    prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

// A peer that closes while we write must give EPIPE, not kill the process.
static inline void baas_ignore_sigpipe(void) {
    signal(SIGPIPE, SIG_IGN);
}

// memmem needs _GNU_SOURCE, which Glibc's module map does not set; the HTTP parser only needs
// the end of a header block.
static inline long baas_find_crlfcrlf(const unsigned char *bytes, long count) {
    for (long i = 0; i + 3 < count; i++) {
        if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
    }
    return -1;
}

static const uint32_t baas_EPOLLIN = EPOLLIN;
static const uint32_t baas_EPOLLOUT = EPOLLOUT;
static const uint32_t baas_EPOLLERR = EPOLLERR;
static const uint32_t baas_EPOLLHUP = EPOLLHUP;
static const uint32_t baas_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t baas_EPOLLET = EPOLLET;
#endif
