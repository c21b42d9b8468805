/*
 * render.h - replays a UI command list with SDL2 and SDL_ttf, and measures
 * text for the UI. Rendered lines of text are cached as textures keyed by
 * font, colour and text, so an unchanged screen costs no font work.
 */
#ifndef VAKSAM_RENDER_H
#define VAKSAM_RENDER_H

#include "ui.h"
#include "util.h"

#include <SDL.h>

typedef struct Renderer Renderer;

/* Opens the two font files for drawing on sdl (not owned). The caller
 * frees the renderer with render_free. */
Renderer *render_new(SDL_Renderer *sdl, const char *regular, const char *bold,
                     VkError *err);
void render_free(Renderer *r);
/* Sets the pixel size of every font (and drops cached text). */
int render_set_sizes(Renderer *r, const int px[FONT_COUNT], VkError *err);
/* Installs the text measuring callbacks and line heights into ui. */
void render_attach(Renderer *r, UI *ui);
/* Clears to bg and draws ui's commands (does not present). */
void render_draw(Renderer *r, const UI *ui, Color bg);
/* Where the art is (assets/); NULL or "": no pictures are drawn. */
void render_set_assets(Renderer *r, const char *dir);
/* A picture of the art rasterised at w x h, or NULL when it cannot be
 * read (the caller frees it). */
SDL_Surface *render_load_image(const Renderer *r, const char *name, int w,
                               int h);
/* While defer is on, a picture not rasterised at its size yet is left
 * out and counted, so a first frame shows without waiting for the art. */
void render_defer_images(Renderer *r, bool defer);
/* The pictures left out since deferring began. */
int render_pending_images(const Renderer *r);
/* Texts in the cache (for tests and benchmarks). */
int render_cached_texts(const Renderer *r);
/* Forgets every rendered text, so the next frame renders all its text
 * again (for benchmarks). */
void render_drop_texts(Renderer *r);

#endif
