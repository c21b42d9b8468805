/*
 * png.h - writing RGBA pixels as a PNG file, for screenshots and report
 * pictures: 8-bit RGBA, no filtering, compressed with zlib.
 */
#ifndef VAKSAM_PNG_H
#define VAKSAM_PNG_H

#include "util.h"

#include <stdint.h>

/* Writes w x h RGBA pixels (rows `stride` bytes apart) to path. */
int png_write(const char *path, int w, int h, const uint8_t *rgba, int stride,
              VkError *err);

#endif
