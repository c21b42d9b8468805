/*
 * access.h - who may see the CISO's view: a password stored only as an
 * Argon2id hash (libsodium's crypto_pwhash_str, MODERATE limits) in the
 * store's settings. A wrong password costs a delay and says nothing about
 * what was wrong. A lost password can be reset by anyone who may write
 * the file (who could change it anyway); the reset is recorded, and every
 * report and the dashboard say so from then on.
 */
#ifndef VAKSAM_ACCESS_H
#define VAKSAM_ACCESS_H

#include "store.h"

enum {
    ACCESS_MIN_LENGTH = 10, /* characters (bytes) in a password */
    ACCESS_WRONG_DELAY_MS = 1500,
};

/* Starts libsodium; false when it cannot. */
bool access_init(void);
/* Hashes and stores the CISO's password (replacing any). Refuses a
 * password shorter than ACCESS_MIN_LENGTH. */
int access_set_password(Store *s, const char *password, VkError *err);
/* 1 when a password has been set, 0 when not, -1 on error. */
int access_has_password(Store *s, VkError *err);
/* Checks a password: *ok tells; a wrong one waits ACCESS_WRONG_DELAY_MS
 * before returning. -1 only when the check itself failed. The same as
 * access_password_hash then access_verify. */
int access_check_password(Store *s, const char *password, bool *ok,
                          VkError *err);
/* The stored hash (*hash NULL when no password is set; the caller frees
 * it), so that the slow part can run away from the store: 0, or -1. */
int access_password_hash(Store *s, char **hash, VkError *err);
/* Whether password matches hash (NULL: no password matches); a wrong one
 * waits ACCESS_WRONG_DELAY_MS first. Touches no store: any thread. */
bool access_verify(const char *hash, const char *password);

/* Forgets a lost password: removes its hash, puts k back to its default
 * and records the time (the setting "password_reset_at", ISO-8601 UTC),
 * all in one transaction. */
int access_reset_password(Store *s, VkError *err);
/* 1 when the password has been reset, with when the time as stored
 * ("2026-12-01T10:15:00Z"); 0 when it never was; -1 on error. */
int access_last_reset(Store *s, char *when, size_t n, VkError *err);
/* The sentence every report and the dashboard show after a reset at when
 * (as access_last_reset gives it), in the current language. */
void access_reset_notice(const char *when, char *out, size_t n);

#endif
