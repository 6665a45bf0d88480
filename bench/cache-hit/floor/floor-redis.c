// The floor's sendfile-redis mode (see floor.c): exact mode's Redis work and nothing of the gateway's. Requests read
// in one pass of the event loop are held; at the end of the pass one pipeline goes to Redis on one connection, as
// the gateway sends one per tick (ExactHitBatches): an EVALSHA of redis/gcra-many.lua charging them all, a GETRANGE of
// an entry's first 128 bytes and the HMGETs of its two purge marks. When a pipeline's four replies are in, its
// requests are owed their responses. Pipelines overlap as the gateway's do: a pass sends its own without waiting.
// Redis closes a connection idle for its `timeout` (300 s in redis/redis.conf, and the bench leaves a floor idle
// while it measures the others): one closed with nothing in flight is opened again for the next pipeline.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "floor.h"

enum { REPLIES_PER_BATCH = 4, MAX_BATCHES = 4096 };

struct held {
    int fd;
    unsigned long generation;
    long count;
};

struct batch {
    struct held *held;
    int size;
};

int redis_fd = -1;
int redis_mode;
static int redis_port;
static const char *script_path;
static char sha[41];
static char prefix[64];
static int *pending_fds;  // connections with held requests this pass
static int pending_count;
static struct batch batches[MAX_BATCHES];  // sent, oldest first (a ring)
static int batch_first, batch_count;
static char *input;  // replies read and not yet complete
static size_t input_length, input_capacity;
static int replies_seen;  // of the oldest batch

// The length of the RESP value at p (all of it, nested), or 0 when it is not all there yet.
static size_t resp_length(const char *p, size_t length) {
    const char *end = memchr(p, '\n', length);
    if (length < 3 || end == NULL) return 0;
    size_t line = (size_t)(end - p) + 1;
    long n = atol(p + 1);
    switch (p[0]) {
    case '$':
        if (n < 0) return line;
        return length >= line + (size_t)n + 2 ? line + (size_t)n + 2 : 0;
    case '*': {
        size_t used = line;
        for (long i = 0; i < n; i++) {
            size_t item = resp_length(p + used, length - used);
            if (item == 0) return 0;
            used += item;
        }
        return used;
    }
    default:  // + - :
        return line;
    }
}

// Appends one command (a RESP array of the given strings) to out; returns its new length.
static size_t command(char *out, size_t used, int count, const char **arguments) {
    used += (size_t)sprintf(out + used, "*%d\r\n", count);
    for (int i = 0; i < count; i++) used += (size_t)sprintf(out + used, "$%zu\r\n%s\r\n", strlen(arguments[i]), arguments[i]);
    return used;
}

static void send_all(const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t n = write(redis_fd, bytes, length);
        if (n < 0 && errno == EAGAIN) {
            struct pollfd writable = {.fd = redis_fd, .events = POLLOUT};
            poll(&writable, 1, -1);
            continue;
        }
        if (n < 0) {
            perror("redis write");
            exit(1);
        }
        bytes += n;
        length -= (size_t)n;
    }
}

// Reads one complete reply on the still-blocking connection (set-up only).
static size_t read_reply(char *reply, size_t capacity) {
    size_t used = 0, length;
    while ((length = resp_length(reply, used)) == 0) {
        ssize_t n = read(redis_fd, reply + used, capacity - used);
        if (n <= 0) return 0;
        used += (size_t)n;
    }
    return length;
}

// Connects, loads the script, writes the entry; the connection is then non-blocking. 0 on success.
static int redis_open(void) {
    FILE *file = fopen(script_path, "r");
    if (file == NULL) return -1;
    static char script[65536];
    size_t script_length = fread(script, 1, sizeof script - 1, file);
    fclose(file);
    script[script_length] = 0;
    redis_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)redis_port),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(redis_fd, (struct sockaddr *)&address, sizeof address) != 0) return -1;
    int one = 1;
    setsockopt(redis_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    static char out[70000], reply[4096];
    const char *load[] = {"SCRIPT", "LOAD", script};
    send_all(out, command(out, 0, 3, load));
    if (read_reply(reply, sizeof reply) == 0 || strncmp(reply, "$40\r\n", 5) != 0) return -1;
    memcpy(sha, reply + 5, 40);
    snprintf(prefix, sizeof prefix, "floor:%d", (int)getpid());
    char key[96], value[2048];
    snprintf(key, sizeof key, "%s:entry", prefix);
    memset(value, 'x', sizeof value - 1);
    value[sizeof value - 1] = 0;
    const char *set[] = {"SET", key, value, "EX", "3600"};
    send_all(out, command(out, 0, 5, set));
    if (read_reply(reply, sizeof reply) == 0 || reply[0] != '+') return -1;
    return fcntl(redis_fd, F_SETFL, fcntl(redis_fd, F_GETFL) | O_NONBLOCK) == 0 ? 0 : -1;
}

int redis_connect(int port, const char *script_file) {
    redis_mode = 1;
    redis_port = port;
    script_path = script_file;
    pending_fds = malloc(sizeof(int) * MAX_FDS);
    return redis_open();
}

void redis_hold(int fd, struct connection *c) {
    if (c->held++ == 0) pending_fds[pending_count++] = fd;
}

void redis_send_batch(int epoll) {
    if (pending_count == 0) return;
    if (batch_count == MAX_BATCHES) return;  // the next pass sends them
    if (redis_fd < 0) {
        if (redis_open() != 0) {
            fprintf(stderr, "could not reconnect to redis\n");
            exit(1);
        }
        struct epoll_event readable = {.events = EPOLLIN, .data.fd = redis_fd};
        epoll_ctl(epoll, EPOLL_CTL_ADD, redis_fd, &readable);
    }
    struct batch *batch = &batches[(batch_first + batch_count++) % MAX_BATCHES];
    batch->held = malloc(sizeof(struct held) * (size_t)pending_count);
    batch->size = 0;
    long total = 0;
    for (int i = 0; i < pending_count; i++) {
        struct connection *c = connections[pending_fds[i]];
        if (c == NULL || c->held == 0) continue;
        batch->held[batch->size++] = (struct held){pending_fds[i], c->generation, c->held};
        total += c->held;
        c->held = 0;
    }
    pending_count = 0;
    char count[24], rate[96], entry[96], key_marks[96], tag_marks[96], out[1024];
    snprintf(count, sizeof count, "%ld", total);
    snprintf(rate, sizeof rate, "%s:rl:requests:60000", prefix);
    snprintf(entry, sizeof entry, "%s:entry", prefix);
    snprintf(key_marks, sizeof key_marks, "%s:cp:k", prefix);
    snprintf(tag_marks, sizeof tag_marks, "%s:cp:t", prefix);
    const char *charge[] = {"EVALSHA", sha, "1", rate, "", count, "100000000", "60000", "100000000"};
    const char *head[] = {"GETRANGE", entry, "0", "127"};
    const char *marks_k[] = {"HMGET", key_marks, "soft", "hard"};
    const char *marks_t[] = {"HMGET", tag_marks, "soft", "hard"};
    size_t used = command(out, 0, 9, charge);
    used = command(out, used, 4, head);
    used = command(out, used, 4, marks_k);
    used = command(out, used, 4, marks_t);
    send_all(out, used);
}

int redis_read(int epoll) {
    for (;;) {
        if (input_capacity - input_length < 16384) {
            input_capacity = input_capacity * 2 + 65536;
            input = realloc(input, input_capacity);
        }
        ssize_t n = read(redis_fd, input + input_length, input_capacity - input_length);
        if (n == 0 || (n < 0 && errno != EAGAIN)) {
            if (batch_count > 0 || input_length > 0) {
                fprintf(stderr, "redis connection lost with replies owed\n");
                return -1;
            }
            epoll_ctl(epoll, EPOLL_CTL_DEL, redis_fd, NULL);  // closed while idle: opened again when needed
            close(redis_fd);
            redis_fd = -1;
            return 0;
        }
        if (n < 0) break;
        input_length += (size_t)n;
    }
    size_t used = 0, length;
    while (batch_count > 0 && (length = resp_length(input + used, input_length - used)) > 0) {
        if (input[used] == '-') {
            fprintf(stderr, "redis error: %.*s", (int)length, input + used);
            return -1;
        }
        used += length;
        if (++replies_seen < REPLIES_PER_BATCH) continue;
        replies_seen = 0;
        struct batch *batch = &batches[batch_first];
        batch_first = (batch_first + 1) % MAX_BATCHES;
        batch_count--;
        for (int i = 0; i < batch->size; i++) {
            struct held held = batch->held[i];
            struct connection *c = connections[held.fd];
            if (c == NULL || c->generation != held.generation) continue;
            c->queued += held.count;
            update_events(epoll, held.fd, c, flush(held.fd, c));
        }
        free(batch->held);
    }
    memmove(input, input + used, input_length - used);
    input_length -= used;
    return 0;
}
