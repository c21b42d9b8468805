/*
 * test_access.c - the CISO's password: set, checked, refused when wrong
 * (after a delay, saying nothing of what was wrong), too short refused,
 * and never in plain text in the database file.
 */
#include "access.h"
#include "i18n.h"

#include "../test.h"
#include "../test_db.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static bool contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; hay && i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return true;
    return false;
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    CHECK(access_init());
    char dir[] = "/tmp/vaksam-test-access-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char *db = xasprintf("%s/a.db", dir);
    VkError err;
    Store *s = store_open(db, &err);
    CHECK(s != NULL);
    CHECK_INT(access_has_password(s, &err), 0);
    bool ok = true;
    CHECK(access_check_password(s, "anything at all", &ok, &err) == 0);
    CHECK(!ok); /* nothing set: nothing opens */

    CHECK(access_set_password(s, "short", &err) < 0);
    CHECK(strstr(err.msg, "at least 10 characters") != NULL);
    const char *pw = "Blåbärssoppa i Vasaloppet";
    CHECK(access_set_password(s, pw, &err) == 0);
    CHECK_INT(access_has_password(s, &err), 1);
    CHECK(access_check_password(s, pw, &ok, &err) == 0);
    CHECK(ok);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(access_check_password(s, "Blåbärssoppa i Vasaloppe", &ok, &err) == 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK(!ok);
    /* the delay is the design, not a speed measurement: it must happen */
    double waited =
        (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    CHECK(waited >= ACCESS_WRONG_DELAY_MS);
    store_close(s);

    /* the file holds an Argon2id hash, not the password */
    size_t n;
    char *bytes = read_file(db, &n, NULL);
    char *wal = xasprintf("%s-wal", db);
    size_t nw = 0;
    char *wbytes = read_file(wal, &nw, NULL);
    CHECK(bytes && !contains(bytes, n, pw));
    CHECK(!contains(wbytes, nw, pw));
    CHECK(query_int(db, "SELECT count(*) FROM settings WHERE value LIKE "
                        "'$argon2id$%'") == 1);
    free(bytes);
    free(wbytes);
    free(wal);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(db);
    return TEST_DONE();
}
