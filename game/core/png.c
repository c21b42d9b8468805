/*
 * png.c - a minimal PNG writer (see png.h): no filtering, zlib's deflate.
 */
#include "png.h"

#include "i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc(uint32_t c, const uint8_t *p, size_t n)
{
    c ^= 0xFFFFFFFFu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void chunk(StrBuf *out, const char *type, const uint8_t *data, size_t n)
{
    uint8_t len[4], c[4];
    be32(len, (uint32_t)n);
    strbuf_append(out, (const char *)len, 4);
    size_t start = out->len;
    strbuf_append(out, type, 4);
    if (n)
        strbuf_append(out, (const char *)data, n);
    be32(c, crc(0, (const uint8_t *)out->data + start, n + 4));
    strbuf_append(out, (const char *)c, 4);
}

int png_write(const char *path, int w, int h, const uint8_t *rgba, int stride,
              VkError *err)
{
    crc_init();
    size_t row = (size_t)w * 4 + 1;
    size_t raw_len = row * (size_t)h;
    uint8_t *raw = xmalloc(raw_len);
    for (int y = 0; y < h; y++) {
        raw[(size_t)y * row] = 0; /* filter: none */
        memcpy(raw + (size_t)y * row + 1, rgba + (size_t)y * (size_t)stride,
               (size_t)w * 4);
    }
    uLongf zlen = compressBound((uLong)raw_len);
    uint8_t *z = xmalloc(zlen);
    int zrc = compress2(z, &zlen, raw, (uLong)raw_len, 6);
    free(raw);
    if (zrc != Z_OK) {
        free(z);
        vk_error_set(err, _("%s: cannot compress the picture (zlib error %d)"),
                     path, zrc);
        return -1;
    }

    StrBuf out = {0};
    strbuf_append(&out, "\x89PNG\r\n\x1a\n", 8);
    uint8_t ihdr[13];
    be32(ihdr, (uint32_t)w);
    be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8; /* bit depth */
    ihdr[9] = 6; /* RGBA */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    chunk(&out, "IHDR", ihdr, sizeof ihdr);
    chunk(&out, "IDAT", z, zlen);
    chunk(&out, "IEND", NULL, 0);
    free(z);

    int rc = 0;
    FILE *f = fopen_private(path);
    if (!f || fwrite(out.data, 1, out.len, f) != out.len) {
        vk_error_set(err, _("%s: cannot write the picture: %s"), path,
                     strerror(errno));
        rc = -1;
    }
    if (f && fclose(f) != 0 && rc == 0) {
        vk_error_set(err, _("%s: cannot write the picture: %s"), path,
                     strerror(errno));
        rc = -1;
    }
    free(out.data);
    return rc;
}
