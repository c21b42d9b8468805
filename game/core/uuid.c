/*
 * uuid.c - version 5 UUIDs (see uuid.h): SHA-1 of the namespace's 16
 * bytes and the name, cut to 16 bytes, with the version and variant
 * bits set.
 */
#include "uuid.h"

#include "sha1.h"

#include <stdio.h>
#include <string.h>

const unsigned char uuid_ns_url[UUID_BYTES] = {
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
    0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

void uuid_v5(const unsigned char ns[UUID_BYTES], const char *name,
             unsigned char out[UUID_BYTES])
{
    unsigned char h[SHA1_BYTES];
    Sha1 c;
    sha1_init(&c);
    sha1_update(&c, ns, UUID_BYTES);
    sha1_update(&c, name, strlen(name));
    sha1_final(&c, h);
    memcpy(out, h, UUID_BYTES);
    out[6] = (unsigned char)((out[6] & 0x0f) | 0x50);
    out[8] = (unsigned char)((out[8] & 0x3f) | 0x80);
}

void uuid_format(const unsigned char u[UUID_BYTES], char out[UUID_TEXT])
{
    char *p = out;
    for (int i = 0; i < UUID_BYTES; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        p += snprintf(p, 3, "%02x", u[i]);
    }
    *p = '\0';
}

void uuid_v5_text(const unsigned char ns[UUID_BYTES], const char *name,
                  char out[UUID_TEXT])
{
    unsigned char u[UUID_BYTES];
    uuid_v5(ns, name, u);
    uuid_format(u, out);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool uuid_parse(const char *text, unsigned char out[UUID_BYTES])
{
    if (strlen(text) != UUID_TEXT - 1)
        return false;
    int n = 0;
    for (int i = 0; i < UUID_TEXT - 1; i += 2) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-')
                return false;
            i++;
        }
        int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[n++] = (unsigned char)(hi << 4 | lo);
    }
    return n == UUID_BYTES;
}
