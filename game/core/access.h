/*
 * access.h - who may see the CISO's view: a password stored only as an
 * Argon2id hash (libsodium's crypto_pwhash_str, MODERATE limits) in the
 * store's settings. A wrong password costs a delay and says nothing about
 * what was wrong.
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
 * before returning. -1 only when the check itself failed. */
int access_check_password(Store *s, const char *password, bool *ok,
                          VkError *err);

#endif
