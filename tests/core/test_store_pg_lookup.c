/*
 * test_store_pg_lookup.c - the server's host names looked up without
 * waiting (store_pg_lookup.c), with no server: every name of a host list
 * becomes one entry per address found, each with its own port when the
 * ports are a list, while socket directories and numeric addresses stay
 * as they are with an empty hostaddr; a URI with nothing to look up
 * (sockets, addresses, its own hostaddr, a service) needs no lookup, and
 * PGHOST is looked up as libpq would. Only "localhost" is looked up
 * (/etc/hosts): no name server is asked.
 */
#include "store_pg.h"

#include "../test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The lookup of uri once it is done: true when it found something. */
static bool looked_up(PgLookup *l, const char **hosts, const char **addrs,
                      const char **ports)
{
    /* each call returns at once; the bound is far beyond /etc/hosts */
    for (int i = 0; !pg_lookup_done(l) && i < 10000; i++)
        usleep(1000);
    char why[256] = "";
    bool found = pg_lookup_result(l, hosts, addrs, ports, why, sizeof why);
    if (!found)
        fprintf(stderr, "lookup: %s\n", why);
    return found;
}

/* Entry i of a comma-separated list (static buffer: one at a time). */
static const char *entry(const char *list, int i)
{
    static char out[256];
    for (; i > 0 && list; i--) {
        list = strchr(list, ',');
        list = list ? list + 1 : NULL;
    }
    if (!list)
        return "(none)";
    size_t n = strcspn(list, ",");
    snprintf(out, sizeof out, "%.*s", (int)n, list);
    return out;
}

static int entries(const char *list)
{
    int n = 1;
    for (const char *c = list; *c; c++)
        n += *c == ',';
    return n;
}

static void test_list(void)
{
    PgLookup *l =
        pg_lookup_start("postgresql://u@localhost:1,%2Ftmp:2,127.0.0.1:3/db");
    CHECK(l != NULL);
    const char *hosts, *addrs, *ports;
    if (!l || !looked_up(l, &hosts, &addrs, &ports)) {
        CHECK(false);
        pg_lookup_free(l);
        return;
    }
    int n = entries(hosts);
    CHECK(n >= 3); /* localhost has one address or more */
    CHECK(ports != NULL);
    CHECK_INT(entries(addrs), n);
    CHECK_INT(ports ? entries(ports) : 0, n);
    bool loopback = false;
    for (int i = 0; i < n - 2; i++) {
        CHECK_STR(entry(hosts, i), "localhost");
        CHECK_STR(entry(ports, i), "1");
        const char *a = entry(addrs, i);
        loopback |= strcmp(a, "127.0.0.1") == 0 || strcmp(a, "::1") == 0;
    }
    CHECK(loopback);
    CHECK_STR(entry(hosts, n - 2), "/tmp");
    CHECK_STR(entry(addrs, n - 2), "");
    CHECK_STR(entry(ports, n - 2), "2");
    CHECK_STR(entry(hosts, n - 1), "127.0.0.1");
    CHECK_STR(entry(addrs, n - 1), "");
    CHECK_STR(entry(ports, n - 1), "3");
    pg_lookup_free(l);
}

static void test_one_port(void)
{
    PgLookup *l = pg_lookup_start("postgresql://u@localhost:5433/db");
    const char *hosts, *addrs, *ports;
    CHECK(l && looked_up(l, &hosts, &addrs, &ports));
    if (l) {
        CHECK(ports == NULL); /* the URI's one port is every entry's */
        CHECK_STR(entry(hosts, 0), "localhost");
        CHECK(strcmp(entry(addrs, 0), "") != 0);
    }
    pg_lookup_free(l);
}

static void test_nothing_to_look_up(void)
{
    static const char *const uris[] = {
        "postgresql://u@%2Ftmp/db",
        "postgresql://u@127.0.0.1,[::1]/db",
        "postgresql://u@localhost/db?hostaddr=127.0.0.1",
        "postgresql://u@localhost/db?service=vaksam",
        "postgresql:///db",
        "not a URI",
    };
    unsetenv("PGHOST");
    for (size_t i = 0; i < sizeof uris / sizeof *uris; i++) {
        PgLookup *l = pg_lookup_start(uris[i]);
        if (l)
            fprintf(stderr, "looked up: %s\n", uris[i]);
        CHECK(l == NULL);
        pg_lookup_free(l);
    }
}

static void test_pghost(void)
{
    setenv("PGHOST", "localhost", 1);
    PgLookup *l = pg_lookup_start("postgresql:///db");
    const char *hosts, *addrs, *ports;
    CHECK(l && looked_up(l, &hosts, &addrs, &ports));
    if (l)
        CHECK_STR(entry(hosts, 0), "localhost");
    pg_lookup_free(l);
    unsetenv("PGHOST");
}

int main(void)
{
    unsetenv("PGHOSTADDR");
    unsetenv("PGSERVICE");
    unsetenv("PGPORT");
    test_list();
    test_one_port();
    test_nothing_to_look_up();
    test_pghost();
    return TEST_DONE();
}
