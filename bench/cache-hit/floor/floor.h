// What floor.c and floor-redis.c share (bench/cache-hit/scripts/floor.sh builds them together).
#include <stddef.h>

enum { MAX_FDS = 65536 };

struct connection {
    long queued;               // responses owed
    long held;                 // requests waiting for Redis (sendfile-redis)
    unsigned long generation;  // which connection on this descriptor, for replies that arrive after a close
    size_t sent;               // bytes of the current response already sent
    char tail[3];              // the last bytes read, for an empty line split across reads
    int writing;               // EPOLLOUT registered
};

extern struct connection *connections[MAX_FDS];
extern unsigned long generations;  // the last connection's generation
extern int redis_mode;             // 1 with sendfile-redis
extern int redis_fd;               // its connection (-1 while closed)

// floor.c: sends what it can of the owed responses (0 all sent, 1 the socket is full, -1 an error); acts on that.
int flush(int fd, struct connection *c);
void update_events(int epoll, int fd, struct connection *c, int flushed);
void close_connection(int epoll, int fd);

// floor-redis.c: connects and loads the script (0 on success); holds a request read for the pass's pipeline; sends
// the pass's pipeline; reads replies and answers the requests whose four replies are in (0, or -1 when Redis is gone).
int redis_connect(int port, const char *script_file);
void redis_hold(int fd, struct connection *c);
void redis_send_batch(int epoll);
int redis_read(int epoll);
