/*
 * theme.c - the two themes (see theme.h). The default palette is a warm
 * paper background with deep-teal accents; results use green, amber and
 * red that also differ in lightness, so they read without colour vision.
 * The dashboard's index scale runs from red through yellow to blue, which
 * people with red-green colour blindness tell apart too; a figure hidden
 * for privacy is grey, a colour the scale never takes.
 */
#include "theme.h"

#define RGB(h)                                                                 \
    {                                                                          \
        (uint8_t)((h) >> 16), (uint8_t)((h) >> 8), (uint8_t)(h), 255           \
    }

static const Theme calm = {
    .background = RGB(0xF3EFE7),
    .surface = RGB(0xFFFDF9),
    .surface_alt = RGB(0xE7E1D6),
    .border = RGB(0xD5CCBD),
    .text = RGB(0x1E2933),
    .text_muted = RGB(0x5A6670),
    .accent = RGB(0x1D5C63),
    .accent_text = RGB(0xFFFFFF),
    .focus = RGB(0x5A3800),
    .focus_inner = RGB(0xFFFFFF),
    .hover = RGB(0xF6F1E8),
    .correct = RGB(0x2E7047),
    .partly = RGB(0x855610),
    .wrong = RGB(0xA3362E),
    .result_bg = {RGB(0xF8E4E1), RGB(0xF7EBD6), RGB(0xE1F0E5)},
    .meter = {RGB(0x3A5A8C), RGB(0x2E7047), RGB(0x9A6412), RGB(0x7A4E8C)},
    .meter_track = RGB(0xE4DDD1),
    .scale = {RGB(0xB2302A), RGB(0xE07B39), RGB(0xE8C547), RGB(0x6FA8D6),
              RGB(0x1F4E8C)},
    .suppressed = RGB(0xA8A29A),
    .hatch = RGB(0x8A847B),
    .font_px = {18, 18, 15, 25, 32, 60},
    .pad = 16,
    .gap = 14,
    .radius = 10,
    .max_content = 660,
    .max_wide = 1480,
};

static const Theme contrast = {
    .background = RGB(0x000000),
    .surface = RGB(0x000000),
    .surface_alt = RGB(0x1A1A1A),
    .border = RGB(0xFFFFFF),
    .text = RGB(0xFFFFFF),
    .text_muted = RGB(0xE6E6E6),
    .accent = RGB(0xFFFF00),
    .accent_text = RGB(0x000000),
    .focus = RGB(0x00FFFF),
    .focus_inner = RGB(0x000000),
    .hover = RGB(0x262626),
    .correct = RGB(0x7CFF7C),
    .partly = RGB(0xFFD23F),
    .wrong = RGB(0xFF8080),
    .result_bg = {RGB(0x2A0000), RGB(0x2A2000), RGB(0x002A00)},
    .meter = {RGB(0x9FC5FF), RGB(0x7CFF7C), RGB(0xFFD23F), RGB(0xE0A8FF)},
    .meter_track = RGB(0x333333),
    .scale = {RGB(0xFF5A4E), RGB(0xFF9F40), RGB(0xFFE45C), RGB(0x8FD0FF),
              RGB(0x3D8BFF)},
    .suppressed = RGB(0x3A3A3A),
    .hatch = RGB(0x8C8C8C),
    .font_px = {19, 19, 16, 26, 33, 62},
    .pad = 16,
    .gap = 14,
    .radius = 6,
    .max_content = 660,
    .max_wide = 1480,
};

const Theme *theme_get(bool high_contrast)
{
    return high_contrast ? &contrast : &calm;
}

static int scaled(int px, int density)
{
    return (px * density + 50) / 100;
}

void theme_scaled(const Theme *base, int density, Theme *out)
{
    *out = *base;
    for (int f = 0; f < FONT_COUNT; f++)
        out->font_px[f] = scaled(base->font_px[f], density);
    out->pad = scaled(base->pad, density);
    out->gap = scaled(base->gap, density);
    out->radius = scaled(base->radius, density);
    out->max_content = scaled(base->max_content, density);
    out->max_wide = scaled(base->max_wide, density);
    out->density = density;
}
