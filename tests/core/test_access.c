/*
 * test_access.c - the CISO's password: set, checked, refused when wrong
 * (after a delay, saying nothing of what was wrong), too short refused,
 * never in plain text in the database file; and a reset, which removes
 * the hash, puts k back to its default and is remembered with its time.
 */
#include "access.h"
#include "i18n.h"
#include "report.h"

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

/* A reset forgets the password and k, remembers when, and says so. */
static void test_reset(Store *s, const char *pw)
{
    VkError err;
    char when[64] = "", notice[512] = "";
    CHECK_INT(access_last_reset(s, when, sizeof when, &err), 0);
    CHECK(report_set_k(s, 9, &err) == 0);
    time_t before = time(NULL);
    CHECK(access_reset_password(s, &err) == 0);
    CHECK_INT(access_has_password(s, &err), 0);
    bool ok = true;
    CHECK(access_check_password(s, pw, &ok, &err) == 0);
    CHECK(!ok);
    int k = 0;
    CHECK(report_k(s, &k, &err) == 0);
    CHECK_INT(k, REPORT_K_DEFAULT);
    CHECK_INT(access_last_reset(s, when, sizeof when, &err), 1);
    struct tm tm = {0};
    char z = 0;
    CHECK(strlen(when) == 20 &&
          sscanf(when, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon,
                 &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z) == 7 &&
          z == 'Z');
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t at = timegm(&tm);
    CHECK(at >= before - 1 && at <= time(NULL) + 1);
    /* the notice shows the same minute, in UTC */
    char expect[512];
    snprintf(expect, sizeof expect,
             "Note: the CISO's password was reset on %.10s %.5s UTC; k went "
             "back to its default (%d).",
             when, when + 11, REPORT_K_DEFAULT);
    access_reset_notice(when, notice, sizeof notice);
    CHECK_STR(notice, expect);
    i18n_set_language("sv");
    access_reset_notice(when, notice, sizeof notice);
    CHECK(strncmp(notice, "Obs! CISO:ns lösenord återställdes den ", 40) == 0);
    i18n_set_language("en");
    /* a new password does not wipe the trace */
    CHECK(access_set_password(s, pw, &err) == 0);
    CHECK_INT(access_last_reset(s, when, sizeof when, &err), 1);
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
    test_reset(s, pw);
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
