/*
 * pg_proxy.h - a PostgreSQL server that can be made to stop answering,
 * for the relay's test and benchmark (store_relay.c). The test servers
 * listen only on a Unix socket; this opens a TCP port on the loopback
 * address that a process of its own forwards to that socket, one process
 * per connection.
 *
 * pg_proxy_black_hole stops forwarding the way a host behind a firewall
 * that drops packets does: the port stays open but nothing accepts from
 * it, and its backlog is full, so the SYN of a new connection is dropped
 * and its connect() neither completes nor fails (TCP tries again for a
 * couple of minutes). Linux keeps one connection waiting on a listen(0)
 * socket; the fillers take that place. The connections it forwarded end
 * with it, as when the server's host restarts. pg_proxy_start forwards
 * again: what waits in the backlog, and every later connection.
 *
 *     PgProxy px;
 *     if (pg_proxy_open(&px, uri)) {     // uri: the server's, Unix socket
 *         char *via = pg_proxy_uri(&px, uri, NULL);  // through the port
 *         pg_proxy_start(&px);
 *         ...
 *         pg_proxy_black_hole(&px);
 *         ...
 *         pg_proxy_close(&px);
 *     }
 */
#ifndef VAKSAM_PG_PROXY_H
#define VAKSAM_PG_PROXY_H

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

enum { PG_PROXY_FILLERS = 4 };

typedef struct PgProxy {
    int listener; /* 127.0.0.1:port, listen(0) */
    int port;
    char target[sizeof(((struct sockaddr_un *)0)->sun_path)];
    pid_t pid;                     /* the forwarder's, 0 when stopped */
    int fillers[PG_PROXY_FILLERS]; /* while black-holed */
} PgProxy;

/* The Unix socket a postgresql:// URI names: its host directory and the
 * port's .s.PGSQL.<port>. */
static inline bool pg_proxy_target(const char *uri, char *out, size_t n)
{
    char *msg = NULL;
    PQconninfoOption *o = PQconninfoParse(uri, &msg);
    PQfreemem(msg);
    const char *host = NULL, *port = "5432";
    for (PQconninfoOption *i = o; i && i->keyword; i++) {
        if (strcmp(i->keyword, "host") == 0 && i->val)
            host = i->val;
        else if (strcmp(i->keyword, "port") == 0 && i->val)
            port = i->val;
    }
    int len = host && host[0] == '/'
                  ? snprintf(out, n, "%s/.s.PGSQL.%s", host, port)
                  : -1;
    PQconninfoFree(o);
    return len > 0 && (size_t)len < n;
}

/* Opens the port (not forwarding yet) for the server of uri; false, with
 * the reason printed, when it cannot. */
static inline bool pg_proxy_open(PgProxy *px, const char *uri)
{
    memset(px, 0, sizeof *px);
    for (int i = 0; i < PG_PROXY_FILLERS; i++)
        px->fillers[i] = -1;
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    px->listener = socket(AF_INET, SOCK_STREAM, 0);
    if (!pg_proxy_target(uri, px->target, sizeof px->target) ||
        px->listener < 0 ||
        bind(px->listener, (struct sockaddr *)&a, sizeof a) < 0 ||
        listen(px->listener, 0) < 0 ||
        getsockname(px->listener, (struct sockaddr *)&a, &len) < 0) {
        perror("pg_proxy_open");
        if (px->listener >= 0)
            close(px->listener);
        return false;
    }
    px->port = ntohs(a.sin_port);
    return true;
}

/* uri (postgresql://user:password@host:port/db) through the proxy's port
 * on localhost, with query ("connect_timeout=2") after it when not NULL.
 * The caller frees it; NULL for a URI of another form. */
static inline char *pg_proxy_uri(const PgProxy *px, const char *uri,
                                 const char *query)
{
    const char *scheme = strstr(uri, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *slash = at ? strchr(at, '/') : NULL;
    if (!slash || strchr(slash, '?'))
        return NULL;
    size_t n = strlen(uri) + (query ? strlen(query) : 0) + 32;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%.*slocalhost:%d%s%s%s", (int)(at + 1 - uri), uri,
                 px->port, slash, query ? "?" : "", query ? query : "");
    return out;
}

/* Copies bytes both ways between a and b until either side ends. */
static inline void pg_proxy_pump(int a, int b)
{
    char buf[16384];
    struct pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    while (poll(p, 2, -1) > 0) {
        for (int i = 0; i < 2; i++) {
            if (!p[i].revents)
                continue;
            ssize_t n = read(p[i].fd, buf, sizeof buf);
            if (n <= 0 || write(p[1 - i].fd, buf, (size_t)n) != n)
                return;
        }
    }
}

/* The forwarder: each connection accepted goes to the server's socket
 * in a process of its own (in the forwarder's process group, so that
 * stopping the group ends every connection). */
static inline void pg_proxy_serve(const PgProxy *px)
{
    signal(SIGCHLD, SIG_IGN);         /* no zombies */
    for (int fd = 3; fd < 1024; fd++) /* none of the test's connections */
        if (fd != px->listener)
            close(fd);
    struct sockaddr_un to = {.sun_family = AF_UNIX};
    memcpy(to.sun_path, px->target, sizeof to.sun_path);
    for (;;) {
        int c = accept(px->listener, NULL, NULL);
        if (c < 0)
            continue;
        if (fork() == 0) {
            int s = socket(AF_UNIX, SOCK_STREAM, 0);
            if (s >= 0 && connect(s, (struct sockaddr *)&to, sizeof to) == 0)
                pg_proxy_pump(c, s);
            _exit(0);
        }
        close(c);
    }
}

/* Ends the forwarder and every connection it forwards. */
static inline void pg_proxy_stop(PgProxy *px)
{
    if (px->pid) {
        kill(-px->pid, SIGKILL);
        waitpid(px->pid, NULL, 0);
        px->pid = 0;
    }
}

static inline void pg_proxy_unfill(PgProxy *px)
{
    for (int i = 0; i < PG_PROXY_FILLERS; i++) {
        if (px->fillers[i] >= 0)
            close(px->fillers[i]);
        px->fillers[i] = -1;
    }
}

/* Forwards (again): the fillers leave, what waits is accepted. */
static inline void pg_proxy_start(PgProxy *px)
{
    pg_proxy_unfill(px);
    if (px->pid)
        return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        pg_proxy_serve(px);
        _exit(0);
    }
    if (pid > 0)
        setpgid(pid, pid); /* as the child does: whichever runs first */
    px->pid = pid > 0 ? pid : 0;
}

/* Stops forwarding: every forwarded connection ends, and new ones wait
 * for an answer that does not come. */
static inline void pg_proxy_black_hole(PgProxy *px)
{
    pg_proxy_stop(px);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((unsigned short)px->port);
    for (int i = 0; i < PG_PROXY_FILLERS; i++) {
        if (px->fillers[i] >= 0)
            continue;
        /* without waiting: those that fit are queued, the rest are
         * dropped like every connection after them */
        int f = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (f >= 0 && connect(f, (struct sockaddr *)&a, sizeof a) < 0 &&
            errno != EINPROGRESS)
            perror("pg_proxy_black_hole");
        px->fillers[i] = f;
    }
}

/* Stops forwarding and closes the port. */
static inline void pg_proxy_close(PgProxy *px)
{
    pg_proxy_stop(px);
    pg_proxy_unfill(px);
    close(px->listener);
}

#endif
