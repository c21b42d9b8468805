/*
 * store_pg_lookup.c - the server's host names looked up without waiting,
 * for a connection that must never block (store_pg_connect.c).
 *
 * libpq looks a host name up itself with getaddrinfo, which waits for the
 * name servers: seconds when they do not answer (a VPN that is down, with
 * the organisation's name servers behind it). Given hostaddr beside host,
 * it connects to that address and looks nothing up, while host still
 * names the server for the password file and the certificate check. So
 * each name in the URI's host list (or PGHOST) is looked up here with
 * glibc's getaddrinfo_a, whose lookups run in the background and are only
 * asked whether they are done, and becomes one entry per address found,
 * with its port: host=db,db hostaddr=10.0.0.5,fd00::5. Socket directories
 * and numeric addresses need no lookup and keep an empty hostaddr. A URI
 * that gives hostaddr itself needs nothing; one that names a service file
 * leaves its host to libpq.
 */
#define _GNU_SOURCE /* getaddrinfo_a */

#include "store_pg.h"

#include "i18n.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

struct PgLookup {
    int n;       /* entries in the host list */
    char **host; /* each entry */
    char **port; /* each entry's port; NULL: one port (or none) for all */
    struct addrinfo hints;
    struct gaicb *req;          /* n; ar_name NULL where nothing is looked up */
    StrBuf hosts, addrs, ports; /* the lists to connect with */
};

/* A value the URI gives, else the environment's (as libpq takes it). */
static const char *param(PQconninfoOption *o, const char *key, const char *env)
{
    for (; o->keyword; o++)
        if (strcmp(o->keyword, key) == 0 && o->val && *o->val)
            return o->val;
    const char *v = getenv(env);
    return v && *v ? v : NULL;
}

/* The comma-separated entries of list; *n of them, the caller frees. */
static char **split(const char *list, int *n)
{
    int count = 1;
    for (const char *c = list; *c; c++)
        count += *c == ',';
    char **out = xcalloc((size_t)count, sizeof *out);
    for (int i = 0; i < count; i++) {
        size_t len = strcspn(list, ",");
        out[i] = xstrndup(list, len);
        list += len + (list[len] == ',');
    }
    *n = count;
    return out;
}

static void free_list(char **list, int n)
{
    for (int i = 0; list && i < n; i++)
        free(list[i]);
    free(list);
}

/* Whether libpq would look this entry up: not a socket directory (or the
 * default one), not a numeric address. */
static bool is_name(const char *host)
{
    if (!*host || host[0] == '/' || host[0] == '@')
        return false;
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST}, *ai = NULL;
    int rc = getaddrinfo(host, NULL, &hints, &ai); /* never asks anyone */
    if (rc == 0)
        freeaddrinfo(ai);
    return rc != 0;
}

/* The host and port lists of uri, when there is a name to look up. */
static PgLookup *lookup_new(const char *uri)
{
    if (!pq_load(NULL))
        return NULL;
    PQconninfoOption *o = PQconninfoParse(uri, NULL);
    if (!o)
        return NULL;
    const char *host = param(o, "host", "PGHOST");
    const char *port = param(o, "port", "PGPORT");
    PgLookup *l = NULL;
    if (host && !param(o, "hostaddr", "PGHOSTADDR") &&
        !param(o, "service", "PGSERVICE")) {
        l = xcalloc(1, sizeof *l);
        l->host = split(host, &l->n);
        int nports = 0;
        char **ports = port ? split(port, &nports) : NULL;
        if (nports == l->n && nports > 1)
            l->port = ports, ports = NULL;
        free_list(ports, nports);
    }
    PQconninfoFree(o);
    return l;
}

PgLookup *pg_lookup_start(const char *uri)
{
    PgLookup *l = lookup_new(uri);
    if (!l)
        return NULL;
    l->req = xcalloc((size_t)l->n, sizeof *l->req);
    struct gaicb **list = xcalloc((size_t)l->n, sizeof *list);
    l->hints.ai_family = AF_UNSPEC; /* as libpq asks */
    l->hints.ai_socktype = SOCK_STREAM;
    int k = 0;
    for (int i = 0; i < l->n; i++)
        if (is_name(l->host[i])) {
            l->req[i].ar_name = l->host[i];
            l->req[i].ar_request = &l->hints;
            list[k++] = &l->req[i];
        }
    /* a lookup that could not even start has its error like any other
     * (gai_error): the call's own status adds nothing */
    if (k > 0)
        (void)getaddrinfo_a(GAI_NOWAIT, list, k, NULL);
    free(list);
    if (k == 0) { /* nothing libpq would look up */
        pg_lookup_free(l);
        return NULL;
    }
    return l;
}

bool pg_lookup_done(PgLookup *l)
{
    for (int i = 0; i < l->n; i++)
        if (l->req[i].ar_name && gai_error(&l->req[i]) == EAI_INPROGRESS)
            return false;
    return true;
}

/* One entry of the lists to connect with. */
static void add(PgLookup *l, int i, const char *addr)
{
    const char *sep = l->hosts.len ? "," : "";
    strbuf_printf(&l->hosts, "%s%s", sep, l->host[i]);
    strbuf_printf(&l->addrs, "%s%s", sep, addr);
    if (l->port)
        strbuf_printf(&l->ports, "%s%s", sep, l->port[i]);
}

/* The entries of the addresses found for entry i; false when none. */
static bool add_found(PgLookup *l, int i, char *why, size_t n)
{
    int rc = gai_error(&l->req[i]);
    bool any = false;
    for (struct addrinfo *a = rc == 0 ? l->req[i].ar_result : NULL; a;
         a = a->ai_next) {
        char num[NI_MAXHOST];
        if (getnameinfo(a->ai_addr, a->ai_addrlen, num, sizeof num, NULL, 0,
                        NI_NUMERICHOST) == 0)
            add(l, i, num), any = true;
    }
    if (!any)
        snprintf(why, n, _("cannot find the address of %s: %s"), l->host[i],
                 rc == 0 ? gai_strerror(EAI_NODATA) : gai_strerror(rc));
    return any;
}

bool pg_lookup_result(PgLookup *l, const char **hosts, const char **addrs,
                      const char **ports, char *why, size_t n)
{
    l->hosts.len = l->addrs.len = l->ports.len = 0;
    bool any = false;
    for (int i = 0; i < l->n; i++) {
        if (!is_name(l->host[i]))
            add(l, i, ""), any = true;
        else
            any |= add_found(l, i, why, n);
    }
    strbuf_append(&l->hosts, "", 0); /* the lists exist, even empty */
    strbuf_append(&l->addrs, "", 0);
    strbuf_append(&l->ports, "", 0);
    *hosts = l->hosts.data;
    *addrs = l->addrs.data;
    *ports = l->port ? l->ports.data : NULL;
    return any;
}

void pg_lookup_free(PgLookup *l)
{
    if (!l)
        return;
    for (int i = 0; i < l->n; i++) {
        struct gaicb *r = &l->req[i];
        if (!r->ar_name)
            continue;
        int rc = gai_cancel(r);
        /* a lookup that has its answer may still sit, for a moment, on
         * glibc's list of running ones: wait for it to leave (a few ms at
         * most), rather than leave l behind */
        for (int t = 0; rc == EAI_NOTCANCELED && t < 200 &&
                        gai_error(r) != EAI_INPROGRESS;
             t++) {
            usleep(1000);
            rc = gai_cancel(r);
        }
        if (rc == EAI_NOTCANCELED)
            return; /* still running: it keeps l, which is left to it */
        if ((rc == EAI_ALLDONE || rc == EAI_CANCELED) && gai_error(r) == 0)
            freeaddrinfo(r->ar_result);
        r->ar_name = NULL;
    }
    free_list(l->host, l->n);
    free_list(l->port, l->n);
    free(l->req);
    free(l->hosts.data);
    free(l->addrs.data);
    free(l->ports.data);
    free(l);
}
