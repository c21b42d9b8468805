/*
 * access.c - the CISO's password (see access.h).
 */
#include "access.h"

#include "i18n.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PASSWORD_KEY "ciso_password"

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

int access_check_password(Store *s, const char *password, bool *ok,
                          VkError *err)
{
    *ok = false;
    char *hash;
    int found = store_get_setting(s, PASSWORD_KEY, &hash, err);
    if (found < 0)
        return -1;
    if (found)
        *ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    free(hash);
    if (!*ok)
        pause_ms(ACCESS_WRONG_DELAY_MS); /* slows guessing down */
    return 0;
}
