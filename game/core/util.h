/*
 * util.h - the small things every core module needs: allocation that
 * aborts only on out-of-memory, an arena for data that lives as long as its
 * owner, a list of user-facing diagnostics ("file:line: message"), a
 * fixed-size error message for calls that fail once, and the hash
 * function and the hash map the other modules share.
 */
#ifndef VAKSAM_UTIL_H
#define VAKSAM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define VK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VK_PRINTF(f, a)
#endif

/* Out of memory is the one failure we do not recover from: these print a
 * message and abort. Everything a user can cause returns an error instead. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Copies src (NULL: "") into dst of n > 0 bytes, cut to fit and always
 * terminated; src's length, so that n or more says it was cut. For the
 * loaders' millions of strings, where snprintf's "%s" costs. */
size_t vk_copy_cut(char *dst, size_t n, const char *src);
/* Returns a newly allocated printf-formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) VK_PRINTF(1, 2);

/* One error message for a call that failed; filled by the callee. */
typedef struct VkError {
    char msg[1024];
} VkError;

/* Sets err's message (does nothing when err is NULL). */
void vk_error_set(VkError *err, const char *fmt, ...) VK_PRINTF(2, 3);

/* An arena: many allocations freed at once. Zero-initialise to use. */
typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;
} Arena;

/* Returns n zeroed bytes owned by the arena. */
void *arena_alloc(Arena *a, size_t n);
/* Returns a copy of s (or of its first n bytes) owned by the arena. */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
/* Frees everything the arena owns; the arena can be reused afterwards. */
void arena_free(Arena *a);

/* A growing list of diagnostics, each "file:line: message". */
typedef struct Diags {
    char **items;
    int count;
    int cap;
} Diags;

/* Appends "file:line: message" (line 0 gives "file: message"). */
void diags_add(Diags *d, const char *file, int line, const char *fmt, ...)
    VK_PRINTF(4, 5);
/* Frees all messages; the list can be reused afterwards. */
void diags_free(Diags *d);

/* A growing string. Zero-initialise to use; free with free(sb.data). */
typedef struct StrBuf {
    char *data;
    size_t len;
    size_t cap;
} StrBuf;

void strbuf_append(StrBuf *sb, const char *s, size_t n);
void strbuf_printf(StrBuf *sb, const char *fmt, ...) VK_PRINTF(2, 3);

/* True when s (n bytes) is well-formed UTF-8; *bad gets the offset of the
 * first bad byte otherwise. */
bool utf8_valid(const char *s, size_t n, size_t *bad);

/* Reads a whole file into a NUL-terminated buffer the caller frees; NULL
 * with err filled and errno saying why when it cannot. */
char *read_file(const char *path, size_t *len, VkError *err);
/* The same, for a file whose problems go to diags: NULL with "path:
 * reason" added (the reason without read_file's own "path: "). */
char *read_file_diag(const char *path, size_t *len, Diags *diags);
/* Opens path for writing from its start, as fopen(path, "wb") does, for a
 * file only its owner may read: created 0600 whatever the umask, and made
 * 0600 when it was there already. NULL with errno set when it cannot. */
FILE *fopen_private(const char *path);

/* The one hash function: FNV-1a, 64 bits. vk_hash_add continues a hash
 * over more bytes; start from VK_HASH_INIT (FNV's offset basis). Not for
 * secrets: publish.c's keyed noise uses HMAC-SHA256. */
#define VK_HASH_INIT 14695981039346656037ull
uint64_t vk_hash_add(uint64_t h, const void *p, size_t n);
uint64_t vk_hash(const void *p, size_t n);

/* s without the spaces, tabs (and, at its end, carriage return) around
 * it: the end cut in place, a pointer past the start. */
char *vk_trim(char *s);

/* Compares names as people read them: runs of digits by their number
 * ("1.2" before "1.10", "Unit 9" before "Unit 10"), letters without case
 * (ASCII), then byte by byte. */
int vk_natural_cmp(const char *a, const char *b);

/* Whether text contains what, ignoring case (ASCII and the Swedish
 * letters Å Ä Ö É); "" is in everything. */
bool vk_contains_fold(const char *text, const char *what);

/* The one random source: splitmix64, small and the same everywhere, so a
 * seed gives the same quiz and the same order of choices on every machine.
 * vk_shuffle puts 0..n-1 into order[] in a random order. */
uint64_t vk_random(uint64_t *state);
void vk_shuffle(int *order, int n, uint64_t *state);

/* The one hash map: open addressing with linear probing, never more than
 * half full, values of a fixed size kept in its slots. A key is key_size
 * bytes compared as bytes (clear a struct key's padding first), or, made
 * with vk_map_init_strings, a `const char *` compared as the string it
 * points to; the map keeps the pointer and the caller the string. A value's
 * address holds until the next vk_map_get that adds a key. */
typedef struct VkMap {
    size_t key_size, value_size;
    size_t value_at, slot_size; /* a slot: [hash][key][value], 8-aligned */
    size_t cap, count;
    bool strings;
    unsigned char *slots;
} VkMap;

/* cap: the first number of slots, 0 or a power of two (it doubles). */
void vk_map_init(VkMap *m, size_t key_size, size_t value_size, size_t cap);
void vk_map_init_strings(VkMap *m, size_t value_size, size_t cap);
/* The value for key, added zeroed when the key is new. */
void *vk_map_get(VkMap *m, const void *key);
/* The value for key, or NULL when the map does not have it. */
void *vk_map_find(const VkMap *m, const void *key);
/* Steps through the entries in slot order: start with *at = 0; false at
 * the end. *key gets the key's bytes (a string map: the string). */
bool vk_map_next(const VkMap *m, size_t *at, const void **key, void **value);
/* Frees the slots (not the strings of a string map); m can be reused after
 * another init. */
void vk_map_free(VkMap *m);

#endif
