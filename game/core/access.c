/*
 * access.c - the CISO's password (see access.h).
 */
#include "access.h"

#include "i18n.h"
#include "report.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PASSWORD_KEY "ciso_password"
#define RESET_KEY "password_reset_at"
#define K_KEY "report_k" /* report.c's setting for k */

bool access_init(void)
{
    return sodium_init() >= 0;
}

int access_set_password(Store *s, const char *password, VkError *err)
{
    if (strlen(password) < ACCESS_MIN_LENGTH) {
        vk_error_set(err, _("the password must have at least %d characters"),
                     ACCESS_MIN_LENGTH);
        return -1;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password),
                          crypto_pwhash_OPSLIMIT_MODERATE,
                          crypto_pwhash_MEMLIMIT_MODERATE) != 0) {
        vk_error_set(err, _("not enough memory to hash the password"));
        return -1;
    }
    int rc = store_set_setting(s, PASSWORD_KEY, hash, err);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int access_has_password(Store *s, VkError *err)
{
    char *hash;
    int found = store_get_setting(s, PASSWORD_KEY, &hash, err);
    free(hash);
    return found;
}

static void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

int access_password_hash(Store *s, char **hash, VkError *err)
{
    *hash = NULL;
    int found = store_get_setting(s, PASSWORD_KEY, hash, err);
    if (found <= 0) {
        if (found == 0)
            free(*hash);
        *hash = NULL;
    }
    return found < 0 ? -1 : 0;
}

bool access_verify(const char *hash, const char *password)
{
    bool ok = hash &&
              crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    if (!ok)
        pause_ms(ACCESS_WRONG_DELAY_MS); /* slows guessing down */
    return ok;
}

int access_check_password(Store *s, const char *password, bool *ok,
                          VkError *err)
{
    char *hash;
    *ok = false;
    if (access_password_hash(s, &hash, err) < 0)
        return -1;
    *ok = access_verify(hash, password);
    free(hash);
    return 0;
}

int access_reset_password(Store *s, VkError *err)
{
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* k too: whoever sets the next password must not inherit a k that
     * someone lowered to single people out, nor keep one unnoticed */
    const StoreSetting reset[] = {
        {PASSWORD_KEY, NULL}, {K_KEY, NULL}, {RESET_KEY, now}};
    return store_set_settings(s, reset, 3, err);
}

int access_last_reset(Store *s, char *when, size_t n, VkError *err)
{
    char *value;
    int found = store_get_setting(s, RESET_KEY, &value, err);
    if (found > 0)
        snprintf(when, n, "%s", value);
    free(value);
    return found;
}

void access_reset_notice(const char *when, char *out, size_t n)
{
    char shown[80];
    /* "2026-12-01T10:15:00Z" is shown as "2026-12-01 10:15 UTC" */
    if (strlen(when) == 20 && when[10] == 'T' && when[19] == 'Z')
        snprintf(shown, sizeof shown, "%.10s %.5s UTC", when, when + 11);
    else
        snprintf(shown, sizeof shown, "%s", when);
    /* TRANSLATORS: %s is a date and time such as "2026-12-01 10:15 UTC";
     * k is the smallest group of learners a figure may come from */
    snprintf(out, n,
             _("Note: the CISO's password was reset on %s; k went back to "
               "its default (%d)."),
             shown, REPORT_K_DEFAULT);
}
