/*
 * util.c - allocation, arenas, diagnostics, strings, UTF-8 checks,
 * files, the hash and the hash map shared by the core modules (and the UI).
 */
#include "util.h"

#include <ctype.h>

#include "i18n.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "vaksam: out of memory (asked for %zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t vk_copy_cut(char *dst, size_t n, const char *src)
{
    size_t len = src ? strlen(src) : 0;
    size_t cut = len < n ? len : n - 1;
    memcpy(dst, src ? src : "", cut);
    dst[cut] = '\0';
    return len;
}

static char *vasprintf_x(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = vasprintf_x(fmt, ap);
    va_end(ap);
    return p;
}

void vk_error_set(VkError *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

/* ---- arena ---- */

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, cap;
    max_align_t data[];
};

enum { ARENA_BLOCK = 16 * 1024 };

void *arena_alloc(Arena *a, size_t n)
{
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    ArenaBlock *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        b = xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* ---- diagnostics ---- */

void diags_add(Diags *d, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = vasprintf_x(fmt, ap);
    va_end(ap);
    char *item = line > 0 ? xasprintf("%s:%d: %s", file, line, msg)
                          : xasprintf("%s: %s", file, msg);
    free(msg);
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->items = xrealloc(d->items, (size_t)d->cap * sizeof *d->items);
    }
    d->items[d->count++] = item;
}

void diags_free(Diags *d)
{
    for (int i = 0; i < d->count; i++)
        free(d->items[i]);
    free(d->items);
    memset(d, 0, sizeof *d);
}

/* ---- strings ---- */

void strbuf_append(StrBuf *sb, const char *s, size_t n)
{
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap * 2 : 256;
        while (cap < sb->len + n + 1)
            cap *= 2;
        sb->data = xrealloc(sb->data, cap);
        sb->cap = cap;
    }
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void strbuf_printf(StrBuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vasprintf_x(fmt, ap);
    va_end(ap);
    strbuf_append(sb, s, strlen(s));
    free(s);
}

bool utf8_valid(const char *s, size_t n, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t len;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            goto fail;
        }
        if (i + len > n)
            goto fail;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                goto fail;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        /* reject overlong forms, surrogates and values past U+10FFFF */
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
            (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto fail;
        i += len;
    }
    return true;
fail:
    if (bad)
        *bad = i;
    return false;
}

char *read_file_diag(const char *path, size_t *len, Diags *diags)
{
    VkError e;
    char *text = read_file(path, len, &e);
    if (!text)
        diags_add(diags, path, 0, "%s",
                  strchr(e.msg, ':') ? strchr(e.msg, ':') + 2 : e.msg);
    return text;
}

char *read_file(const char *path, size_t *len, VkError *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        vk_error_set(err, _("%s: cannot open: %s"), path, strerror(e));
        errno = e;
        return NULL;
    }
    StrBuf sb = {0};
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_append(&sb, buf, n);
    bool failed = ferror(f);
    int e = errno;
    fclose(f);
    if (failed) {
        vk_error_set(err, _("%s: cannot read"), path);
        free(sb.data);
        errno = e;
        return NULL;
    }
    if (!sb.data)
        strbuf_append(&sb, "", 0);
    if (len)
        *len = sb.len;
    return sb.data;
}

FILE *fopen_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return NULL;
    /* the umask may have taken the owner's bits; an existing file keeps
     * its mode through O_TRUNC. Someone else's file we may write to but
     * not chmod: then it keeps the mode its owner chose. */
    (void)fchmod(fd, 0600);
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

uint64_t vk_hash_add(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

uint64_t vk_hash(const void *p, size_t n)
{
    return vk_hash_add(VK_HASH_INIT, p, n);
}

char *vk_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Lowercase of the character at *s (one byte, or Å Ä Ö É as two). */
static unsigned fold_at(const unsigned char *s, int *len)
{
    *len = 1;
    if (s[0] == 0xC3 && (s[1] == 0x85 || s[1] == 0x84 || s[1] == 0x96 ||
                         s[1] == 0x89)) {
        *len = 2;
        return 0xC300u | (unsigned)(s[1] + 0x20);
    }
    if (s[0] == 0xC3 && s[1]) {
        *len = 2;
        return 0xC300u | s[1];
    }
    return (unsigned)tolower(s[0]);
}

bool vk_contains_fold(const char *text, const char *what)
{
    const unsigned char *t = (const unsigned char *)text;
    for (;; t++) {
        const unsigned char *a = t, *b = (const unsigned char *)what;
        while (*b) {
            int la, lb;
            if (!*a || fold_at(a, &la) != fold_at(b, &lb))
                break;
            a += la;
            b += lb;
        }
        if (!*b)
            return true;
        if (!*t)
            return false;
    }
}

int vk_natural_cmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a,
                        *y = (const unsigned char *)b;
    while (*x && *y) {
        if (isdigit(*x) && isdigit(*y)) {
            while (*x == '0')
                x++;
            while (*y == '0')
                y++;
            size_t nx = 0, ny = 0;
            while (isdigit(x[nx]))
                nx++;
            while (isdigit(y[ny]))
                ny++;
            if (nx != ny) /* more digits: the larger number */
                return nx < ny ? -1 : 1;
            int c = memcmp(x, y, nx);
            if (c)
                return c < 0 ? -1 : 1;
            x += nx;
            y += ny;
            continue;
        }
        int cx = tolower(*x), cy = tolower(*y);
        if (cx != cy)
            return cx < cy ? -1 : 1;
        x++;
        y++;
    }
    if (*x || *y)
        return *x ? 1 : -1;
    return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
}

uint64_t vk_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void vk_shuffle(int *order, int n, uint64_t *state)
{
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(vk_random(state) % (uint64_t)(i + 1));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

/* ---- the hash map ---- */

enum { MAP_KEY_AT = 8 }; /* after the slot's hash */

void vk_map_init(VkMap *m, size_t key_size, size_t value_size, size_t cap)
{
    assert((cap & (cap - 1)) == 0); /* 0 or a power of two */
    memset(m, 0, sizeof *m);
    m->key_size = key_size;
    m->value_size = value_size;
    m->value_at = MAP_KEY_AT + (key_size + 7) / 8 * 8;
    m->slot_size = m->value_at + (value_size + 7) / 8 * 8;
    m->cap = cap;
    m->slots = cap ? xcalloc(cap, m->slot_size) : NULL;
}

void vk_map_init_strings(VkMap *m, size_t value_size, size_t cap)
{
    vk_map_init(m, sizeof(const char *), value_size, cap);
    m->strings = true;
}

/* The slot's hash of a key: never 0, which marks an empty slot. FNV-1a's
 * low bits see only the low bits of each byte, and the slot is chosen by
 * the low bits, so murmur3's finaliser mixes every bit into them. */
static uint64_t key_hash(const VkMap *m, const void *key)
{
    uint64_t h =
        m->strings ? vk_hash(key, strlen(key)) : vk_hash(key, m->key_size);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h ? h : 1;
}

static uint64_t slot_hash(const unsigned char *slot)
{
    uint64_t h;
    memcpy(&h, slot, sizeof h);
    return h;
}

static bool key_equal(const VkMap *m, const unsigned char *slot,
                      const void *key)
{
    if (m->strings) {
        const char *have;
        memcpy(&have, slot + MAP_KEY_AT, sizeof have);
        return strcmp(have, key) == 0;
    }
    return memcmp(slot + MAP_KEY_AT, key, m->key_size) == 0;
}

/* The slot of key, or the empty slot where it would go. */
static unsigned char *find_slot(const VkMap *m, const void *key, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    for (;;) {
        unsigned char *slot = m->slots + i * m->slot_size;
        uint64_t have = slot_hash(slot);
        if (have == 0 || (have == h && key_equal(m, slot, key)))
            return slot;
        i = (i + 1) & (m->cap - 1);
    }
}

static void map_grow(VkMap *m)
{
    VkMap bigger = *m;
    bigger.cap = m->cap ? m->cap * 2 : 16;
    bigger.slots = xcalloc(bigger.cap, m->slot_size);
    for (size_t i = 0; i < m->cap; i++) {
        unsigned char *slot = m->slots + i * m->slot_size;
        uint64_t h = slot_hash(slot);
        if (h == 0)
            continue;
        size_t j = (size_t)h & (bigger.cap - 1);
        while (slot_hash(bigger.slots + j * m->slot_size) != 0)
            j = (j + 1) & (bigger.cap - 1);
        memcpy(bigger.slots + j * m->slot_size, slot, m->slot_size);
    }
    free(m->slots);
    *m = bigger;
}

void *vk_map_get(VkMap *m, const void *key)
{
    if ((m->count + 1) * 2 > m->cap)
        map_grow(m);
    uint64_t h = key_hash(m, key);
    unsigned char *slot = find_slot(m, key, h);
    if (slot_hash(slot) == 0) {
        memcpy(slot, &h, sizeof h);
        if (m->strings)
            memcpy(slot + MAP_KEY_AT, &key, sizeof key);
        else
            memcpy(slot + MAP_KEY_AT, key, m->key_size);
        m->count++;
    }
    return slot + m->value_at;
}

void *vk_map_find(const VkMap *m, const void *key)
{
    if (m->count == 0)
        return NULL;
    unsigned char *slot = find_slot(m, key, key_hash(m, key));
    return slot_hash(slot) ? slot + m->value_at : NULL;
}

bool vk_map_next(const VkMap *m, size_t *at, const void **key, void **value)
{
    for (; *at < m->cap; ++*at) {
        unsigned char *slot = m->slots + *at * m->slot_size;
        if (slot_hash(slot) == 0)
            continue;
        if (m->strings)
            memcpy(key, slot + MAP_KEY_AT, sizeof *key);
        else
            *key = slot + MAP_KEY_AT;
        *value = slot + m->value_at;
        ++*at;
        return true;
    }
    return false;
}

void vk_map_free(VkMap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}
