/*
 * dashboard_png.c - a picture of the dashboard with no window (see
 * dashboard.h). The page is laid out by dashboard.c through a View of its
 * own (a UI context and a theme; no window, App or store), and replayed
 * by render.c into a surface through SDL's software renderer; the pixels
 * go to png.c. It is laid out twice: once to learn how tall the content
 * is, once into a surface of that height.
 */
#include "dashboard.h"

#include "i18n.h"
#include "png.h"
#include "render.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

/* Where the picture is drawn. */
typedef struct Canvas {
    SDL_Surface *surface;
    SDL_Renderer *sdl;
    Renderer *render;
} Canvas;

static void canvas_close(Canvas *c)
{
    render_free(c->render);
    if (c->sdl)
        SDL_DestroyRenderer(c->sdl);
    if (c->surface)
        SDL_FreeSurface(c->surface);
    memset(c, 0, sizeof *c);
}

static int canvas_open(Canvas *c, const View *v, int w, int h,
                       const char *regular, const char *bold, VkError *err)
{
    memset(c, 0, sizeof *c);
    c->surface =
        SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    if (c->surface)
        c->sdl = SDL_CreateSoftwareRenderer(c->surface);
    if (!c->sdl) {
        vk_error_set(err, _("cannot draw a %dx%d picture: %s"), w, h,
                     SDL_GetError());
        canvas_close(c);
        return -1;
    }
    c->render = render_new(c->sdl, regular, bold, err);
    int px[FONT_COUNT];
    for (int f = 0; f < FONT_COUNT; f++)
        px[f] = v->theme->font_px[f];
    if (!c->render || render_set_sizes(c->render, px, err) < 0) {
        canvas_close(c);
        return -1;
    }
    render_attach(c->render, v->ui);
    v->ui->width = w;
    v->ui->height = h;
    return 0;
}

/* What the page is drawn from. */
typedef struct Page {
    const Report *r;
    const DashSource *src;
    const char *reset_at;
} Page;

/* Lays the page out; returns the height it needs. */
static int lay_out(const View *v, const Page *p)
{
    const Theme *t = v->theme;
    UI *ui = v->ui;
    ui_begin(ui);
    int margin = ui->width < 700 ? t->pad : 2 * t->pad;
    Column col = {margin, ui->width - 2 * margin, margin};
    dashboard_header(v, &col, p->r, p->reset_at);
    dashboard_draw(v, &col, p->r, p->src, false);
    return col.y + margin - t->gap;
}

int dashboard_write_png(const Report *r, const LessonSet *lessons,
                        const LessonSet *pools, const char *path,
                        const DashboardPicture *pic, VkError *err)
{
    int width = pic->width, height = pic->height;
    const char *font_regular = pic->font_regular, *font_bold = pic->font_bold;
    if (width < 320 || height < 200 || width > 8000 || height > 8000) {
        vk_error_set(err, _("a picture must be 320x200 to 8000x8000 pixels"));
        return -1;
    }
    if (TTF_Init() != 0) {
        vk_error_set(err, _("cannot start the font engine: %s"),
                     TTF_GetError());
        return -1;
    }
    UI ui;
    ui_init(&ui);
    ui.in.mouse_x = ui.in.mouse_y = -1;
    View v = {&ui, theme_get(pic->high_contrast), pic->high_contrast, 100, 100};
    DashSource src = {lessons, pools};
    Page page = {r, &src, pic->reset_at};
    Canvas c;
    int rc = -1;
    if (canvas_open(&c, &v, width, 1, font_regular, font_bold, err) < 0)
        goto done;
    int h = lay_out(&v, &page);
    canvas_close(&c);
    if (h < height)
        h = height;
    if (h > 30000)
        h = 30000;
    if (canvas_open(&c, &v, width, h, font_regular, font_bold, err) < 0)
        goto done;
    lay_out(&v, &page);
    render_draw(c.render, &ui, v.theme->background);
    SDL_RenderFlush(c.sdl);
    rc = png_write(path, width, h, c.surface->pixels, c.surface->pitch, err);
    canvas_close(&c);
done:
    ui_free(&ui);
    TTF_Quit();
    return rc;
}
