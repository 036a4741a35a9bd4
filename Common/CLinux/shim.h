// Linux system calls that Glibc's Swift module does not expose (epoll, eventfd, timerfd).
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

static inline int baas_errno(void) { return errno; }
#endif
