/*
 * sha1.h - SHA-1 (FIPS 180-4), for the name-based UUIDs of version 5
 * (uuid.h) and nothing else: SHA-1 is broken for collisions, and
 * libsodium, which holds the program's other hashes, leaves it out.
 */
#ifndef VAKSAM_SHA1_H
#define VAKSAM_SHA1_H

#include <stddef.h>
#include <stdint.h>

enum { SHA1_BYTES = 20 };

/* A hash under way: sha1_init, then sha1_update as often as needed, then
 * sha1_final. */
typedef struct Sha1 {
    uint32_t h[5];
    uint64_t bytes; /* hashed so far */
    unsigned char block[64];
    size_t used; /* bytes of block filled */
} Sha1;

void sha1_init(Sha1 *c);
void sha1_update(Sha1 *c, const void *data, size_t n);
void sha1_final(Sha1 *c, unsigned char out[SHA1_BYTES]);
/* The hash of n bytes at data, in one call. */
void sha1(const void *data, size_t n, unsigned char out[SHA1_BYTES]);

#endif
