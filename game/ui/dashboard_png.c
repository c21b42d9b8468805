/*
 * dashboard_png.c - a picture of the dashboard with no window (see
 * dashboard.h). The page is laid out by dashboard.c through an App that
 * has a UI context, a theme and fonts but no window or store, and replayed
 * by render.c into a surface through SDL's software renderer; the pixels
 * go to png.c. It is laid out twice: once to learn how tall the content
 * is, once into a surface of that height.
 */
#include "dashboard.h"

#include "i18n.h"
#include "png.h"
#include "widgets.h"

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

static int canvas_open(Canvas *c, App *app, int w, int h, const char *regular,
                       const char *bold, VkError *err)
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
        px[f] = app->theme->font_px[f];
    if (!c->render || render_set_sizes(c->render, px, err) < 0) {
        canvas_close(c);
        return -1;
    }
    render_attach(c->render, &app->ui);
    app->ui.width = w;
    app->ui.height = h;
    return 0;
}

/* Lays the page out; returns the height it needs. */
static int lay_out(App *app, const Report *r)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    ui_begin(ui);
    int margin = ui->width < 700 ? t->pad : 2 * t->pad;
    Column col = {margin, ui->width - 2 * margin, margin};
    dashboard_header(app, &col, r);
    dashboard_draw(app, &col, r, false);
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
    App *app = xcalloc(1, sizeof *app);
    app->theme = theme_get(pic->high_contrast);
    app->high_contrast = pic->high_contrast;
    app->zoom = 100;
    if (pic->reset_at)
        snprintf(app->reset_at, sizeof app->reset_at, "%s", pic->reset_at);
    if (lessons)
        app->lessons = *lessons; /* borrowed: never freed here */
    if (pools)
        app->pools = *pools;
    ui_init(&app->ui);
    app->ui.in.mouse_x = app->ui.in.mouse_y = -1;
    Canvas c;
    int rc = -1;
    if (canvas_open(&c, app, width, 1, font_regular, font_bold, err) < 0)
        goto done;
    int h = lay_out(app, r);
    canvas_close(&c);
    if (h < height)
        h = height;
    if (h > 30000)
        h = 30000;
    if (canvas_open(&c, app, width, h, font_regular, font_bold, err) < 0)
        goto done;
    lay_out(app, r);
    render_draw(c.render, &app->ui, app->theme->background);
    SDL_RenderFlush(c.sdl);
    rc = png_write(path, width, h, c.surface->pixels, c.surface->pitch, err);
    canvas_close(&c);
done:
    ui_free(&app->ui);
    free(app);
    TTF_Quit();
    return rc;
}
