// The floor: the least any server can do per cache hit on this machine. One thread, epoll, non-blocking sockets;
// for every request (a GET: a head ending in an empty line) it sends one fixed response: a short head and the body file's
// bytes, kept in memory. No parsing, no auth, no rate limit, no cache look-up: what is left is the kernel's work
// (the reads, the send, the loopback's TCP for both ends) and the load generator's.
//
//   floor PORT BODY_FILE [writev|sendfile]
//   floor PORT BODY_FILE sendfile-redis REDIS_PORT SCRIPT_FILE
//
// writev (default): head and body copied into the socket by one writev(2), as the gateway sends a hit.
// sendfile: the head with MSG_MORE, then the body by sendfile(2) from an in-memory file (memfd), as nginx sends a
// cached file: the kernel references the pages instead of copying them.
// sendfile-redis: as sendfile, but what exact mode asks of Redis comes first: the requests read in one pass of the
// event loop are held, and at the end of the pass one pipeline goes to Redis on one connection (an EVALSHA of
// SCRIPT_FILE, redis/gcra-many.lua, charging all of them, a GETRANGE of an entry's first 128 bytes and two HMGETs of
// purge marks: the gateway's commands for a tick of one client's hits on one entry); when its four replies are in,
// the held requests are answered. What is left is exact mode's least: the kernel, Redis and the load generator.
// Keys are under `floor:<pid>:`, on a Redis of the caller's (floor.sh starts a private one).
// A response the socket does not take at once is finished when epoll says it is writable; requests behind it wait.
// Used by bench/cache-hit/scripts/floor.sh; not part of the product.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "floor.h"

struct connection *connections[MAX_FDS];
unsigned long generations;
static char head[256];
static size_t head_length, body_length;
static char *body;
static int body_file = -1, use_sendfile;

// Sends what it can of the owed responses; 0 when all went, 1 when the socket is full, -1 on an error.
int flush(int fd, struct connection *c) {
    while (c->queued > 0) {
        ssize_t n;
        if (c->sent < head_length) {
            if (use_sendfile) {
                n = send(fd, head + c->sent, head_length - c->sent, MSG_MORE | MSG_NOSIGNAL);
            } else {
                struct iovec parts[2] = {{head + c->sent, head_length - c->sent}, {body, body_length}};
                n = writev(fd, parts, 2);
            }
        } else if (use_sendfile) {
            off_t offset = (off_t)(c->sent - head_length);
            n = sendfile(fd, body_file, &offset, body_length - (c->sent - head_length));
        } else {
            n = write(fd, body + (c->sent - head_length), body_length - (c->sent - head_length));
        }
        if (n < 0) return errno == EAGAIN ? 1 : -1;
        c->sent += (size_t)n;
        if (c->sent == head_length + body_length) {
            c->queued--;
            c->sent = 0;
        }
    }
    return 0;
}

void close_connection(int epoll, int fd) {
    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    free(connections[fd]);
    connections[fd] = NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: floor PORT BODY_FILE [writev|sendfile|sendfile-redis REDIS_PORT SCRIPT_FILE]\n");
        return 2;
    }
    int with_redis = argc > 3 && strcmp(argv[3], "sendfile-redis") == 0;
    use_sendfile = with_redis || (argc > 3 && strcmp(argv[3], "sendfile") == 0);
    if (with_redis && (argc < 6 || redis_connect(atoi(argv[4]), argv[5]) != 0)) {
        fprintf(stderr, "sendfile-redis needs a Redis port and a script file\n");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);  // a client gone mid-response is an error return, not the end of the server
    int file = open(argv[2], O_RDONLY);
    struct stat status;
    if (file < 0 || fstat(file, &status) != 0) {
        perror(argv[2]);
        return 1;
    }
    body_length = (size_t)status.st_size;
    body = malloc(body_length);
    if (read(file, body, body_length) != (ssize_t)body_length) {
        perror("read");
        return 1;
    }
    close(file);
    body_file = memfd_create("floor-body", 0);
    if (body_file < 0 || write(body_file, body, body_length) != (ssize_t)body_length) {
        perror("memfd");
        return 1;
    }
    head_length = (size_t)snprintf(head, sizeof head,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n", body_length);

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 1024) != 0) {
        perror("listen");
        return 1;
    }
    int epoll = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    if (redis_fd >= 0) {
        struct epoll_event redis_event = {.events = EPOLLIN, .data.fd = redis_fd};
        epoll_ctl(epoll, EPOLL_CTL_ADD, redis_fd, &redis_event);
    }
    struct epoll_event ready[256];
    char buffer[16384];
    for (;;) {
        int count = epoll_wait(epoll, ready, 256, -1);
        for (int i = 0; i < count; i++) {
            int fd = ready[i].data.fd;
            if (fd == redis_fd) {
                if (redis_read(epoll) != 0) return 1;
                continue;
            }
            if (fd == listener) {
                int accepted;
                while ((accepted = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (accepted >= MAX_FDS) {
                        close(accepted);
                        continue;
                    }
                    setsockopt(accepted, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    connections[accepted] = calloc(1, sizeof(struct connection));
                    connections[accepted]->generation = ++generations;
                    struct epoll_event added = {.events = EPOLLIN, .data.fd = accepted};
                    epoll_ctl(epoll, EPOLL_CTL_ADD, accepted, &added);
                }
                continue;
            }
            struct connection *c = connections[fd];
            if (c == NULL) continue;
            if (ready[i].events & EPOLLIN) {
                ssize_t n = read(fd, buffer, sizeof buffer);
                if (n == 0 || (n < 0 && errno != EAGAIN)) {
                    close_connection(epoll, fd);
                    continue;
                }
                for (ssize_t j = 0; j < n; j++) {  // a request ends with an empty line (GETs: no body)
                    char byte = buffer[j];
                    if (byte == '\n' && c->tail[0] == '\r' && c->tail[1] == '\n' && c->tail[2] == '\r') {
                        if (redis_mode) redis_hold(fd, c); else c->queued++;
                    }
                    c->tail[0] = c->tail[1];
                    c->tail[1] = c->tail[2];
                    c->tail[2] = byte;
                }
            }
            update_events(epoll, fd, c, flush(fd, c));
        }
        if (redis_mode) redis_send_batch(epoll);
    }
}

// After a flush: closes the connection on an error, asks for EPOLLOUT while the socket is full.
void update_events(int epoll, int fd, struct connection *c, int flushed) {
    if (flushed < 0) {
        close_connection(epoll, fd);
    } else if ((flushed == 1) != (c->writing == 1)) {
        c->writing = flushed == 1;
        struct epoll_event changed = {.events = EPOLLIN | (c->writing ? EPOLLOUT : 0), .data.fd = fd};
        epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &changed);
    }
}
