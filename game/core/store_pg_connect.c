/*
 * store_pg_connect.c - connecting to the server (store_backend.h), in two
 * ways. store_pg_open waits until the server has answered or
 * connect_timeout has passed: for the command line, and for a
 * workstation's first start, which must know at once whether its login
 * is refused. store_pg_connect_* never wait: the relay (store_relay.c)
 * starts a connection and takes it a step further at each write and at
 * each tick of the window, whose window must not freeze while the server
 * is away.
 *
 * The steps are libpq's PQconnectStartParams and PQconnectPoll, each
 * PQconnectPoll only once poll() has said, without waiting, that the
 * socket is ready for what libpq last asked (libpq-connect's rule). libpq
 * would look a host name up itself, and wait for it: the names are looked
 * up first, in the background (store_pg_lookup.c). libpq leaves
 * connect_timeout to such a caller: the try ends when it has not
 * connected within it, counted once the names are known (as libpq counts
 * it after its own lookup). Once connected, signing in (the role, the
 * schema) is ordinary statements, to a server that has just answered.
 */
#include "store_pg.h"

#include "i18n.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { CONNECT_STEPS = 16 }; /* PQconnectPoll calls at most, per step */

struct StorePgConnect {
    PgStore *p;       /* p->conn NULL while the names are looked up */
    char *uri;        /* owned */
    PgLookup *lookup; /* NULL: none, or done with */
    PostgresPollingStatusType last;
    int timeout;     /* connect_timeout in seconds; 0: none */
    double deadline; /* on the monotonic clock, in seconds */
};

/* The URI as messages show it: user, host, port and database, never the
 * password. */
char *store_pg_display_name(const char *uri)
{
    char *msg = NULL;
    if (!pq_load(NULL))
        return xstrdup("postgresql://?");
    PQconninfoOption *o = PQconninfoParse(uri, &msg);
    PQfreemem(msg);
    if (!o)
        return xstrdup("postgresql://?");
    const char *user = "", *host = "", *port = "", *db = "";
    for (PQconninfoOption *i = o; i->keyword; i++) {
        if (!i->val)
            continue;
        if (strcmp(i->keyword, "user") == 0)
            user = i->val;
        else if (strcmp(i->keyword, "host") == 0)
            host = i->val;
        else if (strcmp(i->keyword, "port") == 0)
            port = i->val;
        else if (strcmp(i->keyword, "dbname") == 0)
            db = i->val;
    }
    char *name = xasprintf("postgresql://%s%s%s%s%s/%s", user, *user ? "@" : "",
                           host, *port ? ":" : "", port, db);
    PQconninfoFree(o);
    return name;
}

bool store_pg_has_password(const char *uri)
{
    char *msg = NULL;
    if (!pq_load(NULL))
        return false;
    PQconninfoOption *o = PQconninfoParse(uri, &msg);
    PQfreemem(msg);
    bool has = false;
    for (PQconninfoOption *i = o; i && i->keyword; i++)
        if (strcmp(i->keyword, "password") == 0 && i->val && *i->val)
            has = true;
    PQconninfoFree(o);
    return has;
}

bool store_is_server(const char *where)
{
    return where && (strncmp(where, "postgresql://", 13) == 0 ||
                     strncmp(where, "postgres://", 11) == 0);
}

/* The server did not answer, for the reason why; true. */
static bool no_answer(const PgStore *p, const char *why, VkError *err)
{
    vk_error_set(err,
                 _("%s: cannot reach the database server (is it "
                   "running, and is the address right?): %s"),
                 p->where, why);
    return true;
}

/* Why a connection failed, in words a user can act on; true when the
 * server could not be reached at all (rather than refusing). */
static bool connect_error(PgStore *p, VkError *err)
{
    char msg[256];
    pg_message(PQerrorMessage(p->conn), msg, sizeof msg);
    const char *m = PQerrorMessage(p->conn);
    if (strstr(m, "password authentication failed") ||
        strstr(m, "no password supplied") ||
        strstr(m, "authentication failed") || strstr(m, "no pg_hba.conf entry"))
        vk_error_set(err,
                     _("%s: the database server refused the login (check "
                       "the user name and password): %s"),
                     p->where, msg);
    else if (strstr(m, "does not exist"))
        vk_error_set(err, _("%s: the server has no such database: %s"),
                     p->where, msg);
    else
        return no_answer(p, msg, err);
    return false;
}

/* A store for uri, not connected yet; NULL with err for a URI libpq
 * cannot read. */
static PgStore *new_store(const char *uri, VkError *err)
{
    char *msg = NULL;
    if (!pq_load(err))
        return NULL;
    PQconninfoOption *opts = PQconninfoParse(uri, &msg);
    if (!opts) {
        char m[256];
        pg_message(msg, m, sizeof m);
        PQfreemem(msg);
        vk_error_set(err, _("%s: not a PostgreSQL connection URI: %s"), uri, m);
        return NULL;
    }
    PQconninfoFree(opts);
    PgStore *p = xcalloc(1, sizeof *p);
    p->ops = &store_pg_ops;
    p->where = store_pg_display_name(uri);
    return p;
}

/* A connection's parameters: ours, then the URI's own settings, which
 * win, then the addresses looked up (NULL: none), which win over the
 * URI's names. */
static void params(const char *keys[7], const char *values[7], const char *uri,
                   const char *hosts, const char *addrs, const char *ports)
{
    int n = 0;
    keys[n] = "connect_timeout", values[n++] = "5";
    keys[n] = "application_name", values[n++] = "vaksam";
    keys[n] = "dbname", values[n++] = uri;
    if (hosts) {
        keys[n] = "host", values[n++] = hosts;
        keys[n] = "hostaddr", values[n++] = addrs;
    }
    if (ports)
        keys[n] = "port", values[n++] = ports;
    keys[n] = values[n] = NULL;
}

Store *store_pg_open(const char *uri, bool *unreachable, VkError *err)
{
    bool away = false;
    if (!unreachable)
        unreachable = &away;
    *unreachable = false;
    PgStore *p = new_store(uri, err);
    if (!p)
        return NULL;
    const char *keys[7], *values[7];
    params(keys, values, uri, NULL, NULL, NULL);
    p->conn = PQconnectdbParams(keys, values, 1);
    if (PQstatus(p->conn) != CONNECTION_OK) {
        *unreachable = connect_error(p, err);
        store_close((Store *)p);
        return NULL;
    }
    if (pg_sign_in(p, err) < 0) {
        store_close((Store *)p);
        return NULL;
    }
    return (Store *)p;
}

/* ---- without waiting ---- */

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* connect_timeout as libpq reads it: none at 0 or below, 2 at least. */
static int timeout_of(const PGconn *conn)
{
    PQconninfoOption *o = PQconninfo((PGconn *)conn);
    int t = 0;
    for (PQconninfoOption *i = o; i && i->keyword; i++)
        if (strcmp(i->keyword, "connect_timeout") == 0 && i->val)
            t = atoi(i->val);
    PQconninfoFree(o);
    return t <= 0 ? 0 : t < 2 ? 2 : t;
}

/* PQconnectStartParams, once the names are known; false with err when
 * none of them was found. */
static bool begin(StorePgConnect *c, bool *unreachable, VkError *err)
{
    const char *hosts = NULL, *addrs = NULL, *ports = NULL;
    char why[256] = "";
    if (c->lookup &&
        !pg_lookup_result(c->lookup, &hosts, &addrs, &ports, why, sizeof why)) {
        *unreachable = no_answer(c->p, why, err);
        return false;
    }
    const char *keys[7], *values[7];
    params(keys, values, c->uri, hosts, addrs, ports);
    c->p->conn = PQconnectStartParams(keys, values, 1); /* copies them */
    pg_lookup_free(c->lookup);
    c->lookup = NULL;
    /* as if PQconnectPoll had asked to write (libpq-connect) */
    c->last = PQstatus(c->p->conn) == CONNECTION_BAD ? PGRES_POLLING_FAILED
                                                     : PGRES_POLLING_WRITING;
    c->timeout = timeout_of(c->p->conn);
    c->deadline = seconds_now() + c->timeout;
    return true;
}

StorePgConnect *store_pg_connect_start(const char *uri, VkError *err)
{
    PgStore *p = new_store(uri, err);
    if (!p)
        return NULL;
    StorePgConnect *c = xcalloc(1, sizeof *c);
    c->p = p;
    c->uri = xstrdup(uri);
    c->lookup = pg_lookup_start(uri);
    bool unreachable;
    if (!c->lookup)
        (void)begin(c, &unreachable, err); /* only a lookup can fail it */
    return c;
}

/* Whether the socket is ready for what PQconnectPoll last asked, without
 * waiting. */
static bool ready(const StorePgConnect *c)
{
    struct pollfd fd = {PQsocket(c->p->conn),
                        c->last == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0};
    if (fd.fd < 0) /* none to wait for: PQconnectPoll says what next */
        return true;
    return poll(&fd, 1, 0) > 0; /* ready, or an error for libpq to read */
}

static bool going_on(PostgresPollingStatusType st)
{
    return st == PGRES_POLLING_READING || st == PGRES_POLLING_WRITING;
}

int store_pg_connect_step(StorePgConnect *c, Store **out, bool *unreachable,
                          VkError *err)
{
    *out = NULL;
    *unreachable = false;
    if (c->lookup) {
        if (!pg_lookup_done(c->lookup))
            return STORE_PG_CONNECTING;
        if (!begin(c, unreachable, err))
            return -1;
    }
    for (int i = 0; i < CONNECT_STEPS && going_on(c->last) && ready(c); i++)
        c->last = PQconnectPoll(c->p->conn);
    if (c->last == PGRES_POLLING_FAILED) {
        *unreachable = connect_error(c->p, err);
        return -1;
    }
    if (c->last != PGRES_POLLING_OK) {
        if (!c->timeout || seconds_now() < c->deadline)
            return STORE_PG_CONNECTING;
        char why[128];
        snprintf(why, sizeof why,
                 ngettext("no answer within %d second",
                          "no answer within %d seconds",
                          (unsigned long)c->timeout),
                 c->timeout);
        *unreachable = no_answer(c->p, why, err);
        return -1;
    }
    if (pg_sign_in(c->p, err) < 0) {
        *unreachable = PQstatus(c->p->conn) == CONNECTION_BAD;
        return -1;
    }
    *out = (Store *)c->p;
    c->p = NULL;
    return 0;
}

void store_pg_connect_free(StorePgConnect *c)
{
    if (!c)
        return;
    pg_lookup_free(c->lookup);
    store_close((Store *)c->p);
    free(c->uri);
    free(c);
}
