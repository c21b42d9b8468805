/*
 * render.c - the SDL side of drawing (see render.h).
 */
#include "render.h"

#include "i18n.h"
#include "util.h"

#include <SDL_image.h> /* for its types; the library is dlopened */
#include <SDL_ttf.h>
#include <dlfcn.h>
#include <math.h>
#include <string.h>

enum {
    TEXT_SLOTS = 1024,
    WIDTH_SLOTS = 8192,
    IMAGE_SLOTS = 64,
    CORNER_STEPS = 6
};

/* A picture rasterised at one size; tex NULL when it could not be read
 * (it is then not tried again, and nothing is drawn). */
typedef struct ImageEntry {
    char *name;
    int w, h;
    SDL_Texture *tex;
} ImageEntry;

typedef struct TextEntry {
    uint64_t hash;
    char *text;
    Font font;
    Color color;
    SDL_Texture *tex;
    int w, h;
} TextEntry;

typedef struct WidthEntry {
    uint64_t hash;
    char *text;
    int font, width;
} WidthEntry;

struct Renderer {
    SDL_Renderer *sdl;
    char *path[2];
    char *face[2]; /* the font files, read once: each size opens from them */
    size_t face_len[2];
    TTF_Font *font[FONT_COUNT];
    TextEntry text[TEXT_SLOTS];
    int ntext;
    WidthEntry width[WIDTH_SLOTS];
    int nwidth;
    char *assets;                  /* the art's folder, or NULL */
    ImageEntry image[IMAGE_SLOTS]; /* a ring: the oldest goes first */
    int nimage;
    bool defer;  /* pictures not rasterised yet are left out, counted */
    int pending; /* pictures left out since render_defer_images */
};

static void clear_images(Renderer *r)
{
    for (int i = 0; i < IMAGE_SLOTS; i++) {
        if (r->image[i].tex)
            SDL_DestroyTexture(r->image[i].tex);
        free(r->image[i].name);
    }
    memset(r->image, 0, sizeof r->image);
    r->nimage = 0;
}

void render_set_assets(Renderer *r, const char *dir)
{
    free(r->assets);
    r->assets = dir && *dir ? xstrdup(dir) : NULL;
    clear_images(r);
}

/* SDL2_image's SVG reader, loaded when the first picture is drawn:
 * linking it (with the TIFF, JPEG and WebP readers it brings) costs every
 * start some 5 ms before the first frame, and the first frame has no
 * pictures (render_defer_images). NULL when the library is missing. */
typedef SDL_Surface *LoadSvg(SDL_RWops *, int, int);
static LoadSvg *svg_reader(void)
{
    static bool tried;
    static LoadSvg *load;
    if (!tried) {
        tried = true;
        void *lib = dlopen("libSDL2_image-2.0.so.0", RTLD_NOW | RTLD_LOCAL);
        void *f = lib ? dlsym(lib, "IMG_LoadSizedSVG_RW") : NULL;
        memcpy(&load, &f, sizeof load); /* POSIX: a function's address */
    }
    return load;
}

SDL_Surface *render_load_image(const Renderer *r, const char *name, int w,
                               int h)
{
    LoadSvg *load = svg_reader();
    if (!r->assets || w <= 0 || h <= 0 || !load)
        return NULL;
    char *path = xasprintf("%s/%s.svg", r->assets, name);
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    free(path);
    if (!rw)
        return NULL;
    SDL_Surface *s = load(rw, w, h);
    SDL_RWclose(rw);
    return s;
}

/* The picture at this size, rasterised once; NULL when it is missing. */
static SDL_Texture *image_texture(Renderer *r, const char *name, int w, int h)
{
    for (int i = 0; i < IMAGE_SLOTS; i++) {
        ImageEntry *e = &r->image[i];
        if (e->name && e->w == w && e->h == h && strcmp(e->name, name) == 0)
            return e->tex;
    }
    if (r->defer) {
        r->pending++;
        return NULL;
    }
    ImageEntry *e = &r->image[r->nimage++ % IMAGE_SLOTS];
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    free(e->name);
    *e = (ImageEntry){xstrdup(name), w, h, NULL};
    SDL_Surface *s = render_load_image(r, name, w, h);
    if (s) {
        e->tex = SDL_CreateTextureFromSurface(r->sdl, s);
        SDL_FreeSurface(s);
    }
    return e->tex;
}

static void clear_text(Renderer *r)
{
    for (int i = 0; i < TEXT_SLOTS; i++) {
        if (r->text[i].tex)
            SDL_DestroyTexture(r->text[i].tex);
        free(r->text[i].text);
    }
    memset(r->text, 0, sizeof r->text);
    r->ntext = 0;
}

static void clear_widths(Renderer *r)
{
    for (int i = 0; i < WIDTH_SLOTS; i++)
        free(r->width[i].text);
    memset(r->width, 0, sizeof r->width);
    r->nwidth = 0;
}

static void close_fonts(Renderer *r)
{
    for (int f = 0; f < FONT_COUNT; f++) {
        if (r->font[f])
            TTF_CloseFont(r->font[f]);
        r->font[f] = NULL;
    }
}

Renderer *render_new(SDL_Renderer *sdl, const char *regular, const char *bold,
                     VkError *err)
{
    if (!TTF_WasInit() && TTF_Init() != 0) {
        vk_error_set(err, _("cannot start the font engine: %s"),
                     TTF_GetError());
        return NULL;
    }
    const char *paths[2] = {regular, bold};
    Renderer *r = xcalloc(1, sizeof *r);
    r->sdl = sdl;
    for (int i = 0; i < 2; i++) {
        VkError why;
        r->face[i] = paths[i] && *paths[i]
                         ? read_file(paths[i], &r->face_len[i], &why)
                         : NULL;
        if (!r->face[i]) {
            vk_error_set(err,
                         _("cannot open the font '%s': install the Debian "
                           "package fonts-dejavu-core, or set %s to a "
                           ".ttf file"),
                         paths[i] ? paths[i] : "",
                         i ? "VAKSAM_FONT_BOLD" : "VAKSAM_FONT");
            render_free(r);
            return NULL;
        }
        r->path[i] = xstrdup(paths[i]);
    }
    return r;
}

void render_free(Renderer *r)
{
    if (!r)
        return;
    clear_text(r);
    clear_widths(r);
    clear_images(r);
    free(r->assets);
    close_fonts(r);
    for (int i = 0; i < 2; i++) {
        free(r->path[i]);
        free(r->face[i]);
    }
    free(r);
}

static bool font_is_bold(Font f)
{
    return f == FONT_BOLD || f == FONT_HEADING || f == FONT_TITLE ||
           f == FONT_DISPLAY;
}

int render_set_sizes(Renderer *r, const int px[FONT_COUNT], VkError *err)
{
    clear_text(r);
    clear_widths(r);
    close_fonts(r);
    for (int f = 0; f < FONT_COUNT; f++) {
        int i = font_is_bold((Font)f);
        SDL_RWops *rw = SDL_RWFromConstMem(r->face[i], (int)r->face_len[i]);
        r->font[f] = rw ? TTF_OpenFontRW(rw, 1, px[f]) : NULL;
        if (!r->font[f]) {
            vk_error_set(err, _("%s: cannot load the font: %s"), r->path[i],
                         TTF_GetError());
            close_fonts(r);
            return -1;
        }
        TTF_SetFontHinting(r->font[f], TTF_HINTING_LIGHT);
    }
    return 0;
}

static int text_width(void *ud, Font f, const char *s, int len)
{
    Renderer *r = ud;
    if (len <= 0 || !r->font[f])
        return 0;
    uint64_t h = vk_hash_add(vk_hash(&f, sizeof f), s, (size_t)len);
    unsigned i = (unsigned)h & (WIDTH_SLOTS - 1);
    while (r->width[i].text) {
        WidthEntry *e = &r->width[i];
        if (e->hash == h && e->font == (int)f &&
            strncmp(e->text, s, (size_t)len) == 0 && e->text[len] == '\0')
            return e->width;
        i = (i + 1) & (WIDTH_SLOTS - 1);
    }
    char *copy = xstrndup(s, (size_t)len);
    int w = 0;
    TTF_SizeUTF8(r->font[f], copy, &w, NULL);
    if (r->nwidth > WIDTH_SLOTS / 2) {
        clear_widths(r);
        i = (unsigned)h & (WIDTH_SLOTS - 1);
    }
    r->width[i] = (WidthEntry){h, copy, (int)f, w};
    r->nwidth++;
    return w;
}

void render_attach(Renderer *r, UI *ui)
{
    ui->text_width = text_width;
    ui->text_ud = r;
    for (int f = 0; f < FONT_COUNT; f++) {
        ui->line_height[f] = r->font[f] ? TTF_FontLineSkip(r->font[f]) : 20;
        ui->leading[f] = 0;
    }
    /* body text reads best at about 1.5 times its size from line to
     * line; DejaVu Sans's own line skip is about 1.16 times it */
    ui->leading[FONT_BODY] = ui->line_height[FONT_BODY] * 13 / 10;
}

int render_cached_texts(const Renderer *r)
{
    return r->ntext;
}

void render_defer_images(Renderer *r, bool defer)
{
    r->defer = defer;
    r->pending = 0;
}

int render_pending_images(const Renderer *r)
{
    return r->pending;
}

void render_drop_texts(Renderer *r)
{
    clear_text(r);
}

static TextEntry *text_texture(Renderer *r, Font f, Color c, const char *s)
{
    uint64_t h = vk_hash(&f, sizeof f);
    h = vk_hash_add(h, &c, sizeof c);
    h = vk_hash_add(h, s, strlen(s));
    unsigned i = (unsigned)h & (TEXT_SLOTS - 1);
    while (r->text[i].text) {
        TextEntry *e = &r->text[i];
        if (e->hash == h && e->font == f &&
            memcmp(&e->color, &c, sizeof c) == 0 && strcmp(e->text, s) == 0)
            return e;
        i = (i + 1) & (TEXT_SLOTS - 1);
    }
    if (r->ntext > TEXT_SLOTS * 3 / 4) {
        clear_text(r);
        i = (unsigned)h & (TEXT_SLOTS - 1);
    }
    SDL_Surface *surf =
        TTF_RenderUTF8_Blended(r->font[f], s, (SDL_Color){c.r, c.g, c.b, c.a});
    if (!surf)
        return NULL; /* e.g. an empty string renders nothing */
    SDL_Texture *tex = SDL_CreateTextureFromSurface(r->sdl, surf);
    int w = surf->w, hh = surf->h;
    SDL_FreeSurface(surf);
    if (!tex)
        return NULL;
    r->text[i] = (TextEntry){h, xstrdup(s), f, c, tex, w, hh};
    r->ntext++;
    return &r->text[i];
}

/* A quarter circle's fan of triangles about (cx, cy), from angle a0. The
 * software renderer scans each triangle's bounding box, so only the
 * corners are triangles and the straight parts are filled rectangles. */
static void corner(SDL_Renderer *sdl, float cx, float cy, float rad,
                   float inner, double a0, SDL_Color col)
{
    SDL_Vertex v[2 * (CORNER_STEPS + 1)];
    int idx[6 * CORNER_STEPS];
    for (int s = 0; s <= CORNER_STEPS; s++) {
        double a = (a0 + 90.0 * s / CORNER_STEPS) * M_PI / 180.0;
        float c = (float)cos(a), n = (float)-sin(a);
        v[2 * s] = (SDL_Vertex){{cx + rad * c, cy + rad * n}, col, {0, 0}};
        v[2 * s + 1] =
            (SDL_Vertex){{cx + inner * c, cy + inner * n}, col, {0, 0}};
    }
    for (int s = 0; s < CORNER_STEPS; s++) {
        int q[6] = {2 * s,     2 * s + 1, 2 * s + 2,
                    2 * s + 2, 2 * s + 1, 2 * s + 3};
        memcpy(idx + 6 * s, q, sizeof q);
    }
    SDL_RenderGeometry(sdl, NULL, v, 2 * (CORNER_STEPS + 1), idx,
                       6 * CORNER_STEPS);
}

/* The four corners of rc rounded by radius, as rings from inner out. */
static void corners(SDL_Renderer *sdl, Rect rc, int radius, float inner,
                    SDL_Color col)
{
    float rad = (float)radius;
    float x0 = (float)rc.x + rad, y0 = (float)rc.y + rad;
    float x1 = (float)(rc.x + rc.w) - rad, y1 = (float)(rc.y + rc.h) - rad;
    corner(sdl, x1, y0, rad, inner, 0, col);
    corner(sdl, x0, y0, rad, inner, 90, col);
    corner(sdl, x0, y1, rad, inner, 180, col);
    corner(sdl, x1, y1, rad, inner, 270, col);
}

static void fill_rect(SDL_Renderer *sdl, int x, int y, int w, int h)
{
    if (w > 0 && h > 0)
        SDL_RenderFillRect(sdl, &(SDL_Rect){x, y, w, h});
}

static void fill_rounded(SDL_Renderer *sdl, Rect rc, int radius, SDL_Color col)
{
    int max = rc.w < rc.h ? rc.w / 2 : rc.h / 2;
    radius = radius > max ? max : radius;
    SDL_SetRenderDrawColor(sdl, col.r, col.g, col.b, col.a);
    if (radius <= 0) {
        fill_rect(sdl, rc.x, rc.y, rc.w, rc.h);
        return;
    }
    /* the middle, full height; the sides, between the corners */
    fill_rect(sdl, rc.x + radius, rc.y, rc.w - 2 * radius, rc.h);
    fill_rect(sdl, rc.x, rc.y + radius, radius, rc.h - 2 * radius);
    fill_rect(sdl, rc.x + rc.w - radius, rc.y + radius, radius,
              rc.h - 2 * radius);
    corners(sdl, rc, radius, 0, col);
}

static void outline_rounded(SDL_Renderer *sdl, Rect rc, int radius, int width,
                            SDL_Color col)
{
    int max = rc.w < rc.h ? rc.w / 2 : rc.h / 2;
    radius = radius > max ? max : radius;
    SDL_SetRenderDrawColor(sdl, col.r, col.g, col.b, col.a);
    if (radius <= 0) { /* square: the sides between the top and bottom */
        fill_rect(sdl, rc.x, rc.y, rc.w, width);
        fill_rect(sdl, rc.x, rc.y + rc.h - width, rc.w, width);
        fill_rect(sdl, rc.x, rc.y + width, width, rc.h - 2 * width);
        fill_rect(sdl, rc.x + rc.w - width, rc.y + width, width,
                  rc.h - 2 * width);
        return;
    }
    if (radius < width)
        radius = width; /* the corner takes the whole band */
    int inner_w = rc.w - 2 * radius, inner_h = rc.h - 2 * radius;
    fill_rect(sdl, rc.x + radius, rc.y, inner_w, width);
    fill_rect(sdl, rc.x + radius, rc.y + rc.h - width, inner_w, width);
    fill_rect(sdl, rc.x, rc.y + radius, width, inner_h);
    fill_rect(sdl, rc.x + rc.w - width, rc.y + radius, width, inner_h);
    corners(sdl, rc, radius, (float)(radius - width), col);
}

/* A line as a quad `width` pixels across. */
static void draw_line(SDL_Renderer *sdl, const Cmd *c, SDL_Color col)
{
    float dx = (float)(c->x2 - c->x1), dy = (float)(c->y2 - c->y1);
    float len = sqrtf(dx * dx + dy * dy);
    if (len <= 0)
        return;
    float nx = -dy / len * (float)c->border / 2,
          ny = dx / len * (float)c->border / 2;
    float x1 = (float)c->x1 + 0.5f, y1 = (float)c->y1 + 0.5f;
    float x2 = (float)c->x2 + 0.5f, y2 = (float)c->y2 + 0.5f;
    SDL_Vertex v[4] = {
        {{x1 + nx, y1 + ny}, col, {0, 0}},
        {{x1 - nx, y1 - ny}, col, {0, 0}},
        {{x2 + nx, y2 + ny}, col, {0, 0}},
        {{x2 - nx, y2 - ny}, col, {0, 0}},
    };
    const int idx[6] = {0, 1, 2, 2, 1, 3};
    SDL_RenderGeometry(sdl, NULL, v, 4, idx, 6);
}

void render_draw(Renderer *r, const UI *ui, Color bg)
{
    SDL_Renderer *sdl = r->sdl;
    SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_BLEND);
    SDL_RenderSetClipRect(sdl, NULL);
    SDL_SetRenderDrawColor(sdl, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(sdl);
    Rect clip = {0, 0, 0, 0};
    for (int i = 0; i < ui->ncmds; i++) {
        const Cmd *c = &ui->cmds[i];
        if (memcmp(&clip, &c->clip, sizeof clip) != 0) {
            clip = c->clip;
            SDL_RenderSetClipRect(sdl,
                                  &(SDL_Rect){clip.x, clip.y, clip.w, clip.h});
        }
        SDL_Color col = {c->color.r, c->color.g, c->color.b, c->color.a};
        if (c->type == CMD_RECT) {
            if (c->border > 0)
                outline_rounded(sdl, c->rect, c->radius, c->border, col);
            else
                fill_rounded(sdl, c->rect, c->radius, col);
            continue;
        }
        if (c->type == CMD_LINE) {
            draw_line(sdl, c, col);
            continue;
        }
        if (c->type == CMD_IMAGE) {
            SDL_Texture *tex =
                image_texture(r, ui_cmd_image(ui, c), c->rect.w, c->rect.h);
            if (tex)
                SDL_RenderCopy(
                    sdl, tex, NULL,
                    &(SDL_Rect){c->rect.x, c->rect.y, c->rect.w, c->rect.h});
            continue;
        }
        TextEntry *e = text_texture(r, c->font, c->color, ui_cmd_text(ui, c));
        if (e)
            SDL_RenderCopy(sdl, e->tex, NULL,
                           &(SDL_Rect){c->rect.x, c->rect.y, e->w, e->h});
    }
    SDL_RenderSetClipRect(sdl, NULL);
}
