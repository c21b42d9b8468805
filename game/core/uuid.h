/*
 * uuid.h - name-based UUIDs (version 5, RFC 9562 section 5.5): the same
 * namespace and name always give the same UUID, which is what makes the
 * xAPI export's statement ids stable (xapi.h).
 */
#ifndef VAKSAM_UUID_H
#define VAKSAM_UUID_H

#include <stdbool.h>

enum { UUID_BYTES = 16, UUID_TEXT = 37 /* 36 characters and a NUL */ };

/* RFC 9562's namespace for URLs, 6ba7b811-9dad-11d1-80b4-00c04fd430c8. */
extern const unsigned char uuid_ns_url[UUID_BYTES];

/* The version 5 UUID of name (NUL-terminated) in namespace ns. */
void uuid_v5(const unsigned char ns[UUID_BYTES], const char *name,
             unsigned char out[UUID_BYTES]);
/* The same as lower-case text, 8-4-4-4-12 hexadecimal digits. */
void uuid_v5_text(const unsigned char ns[UUID_BYTES], const char *name,
                  char out[UUID_TEXT]);
/* Writes u as lower-case text. */
void uuid_format(const unsigned char u[UUID_BYTES], char out[UUID_TEXT]);
/* Reads text in the 8-4-4-4-12 form (either case); false when it is not. */
bool uuid_parse(const char *text, unsigned char out[UUID_BYTES]);

#endif
