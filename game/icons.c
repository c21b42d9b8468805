/*
 * icons.c - a build tool, not installed: rasterises the app's SVG icon
 * into the PNG sizes of the hicolor icon theme for `cmake --install`.
 *
 *   vaksam-icons ICON.svg OUTDIR SIZE...   (writes OUTDIR/SIZExSIZE.png)
 */
#include "png.h"
#include "util.h"

#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: vaksam-icons ICON.svg OUTDIR SIZE...\n");
        return 2;
    }
    int status = 0;
    for (int i = 3; i < argc; i++) {
        int size = atoi(argv[i]);
        SDL_RWops *rw = SDL_RWFromFile(argv[1], "rb");
        SDL_Surface *s = rw ? IMG_LoadSizedSVG_RW(rw, size, size) : NULL;
        if (rw)
            SDL_RWclose(rw);
        SDL_Surface *rgba =
            s ? SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ABGR8888, 0) : NULL;
        char *out = xasprintf("%s/%dx%d.png", argv[2], size, size);
        VkError err;
        if (!rgba) {
            fprintf(stderr, "vaksam-icons: %s at %d: %s\n", argv[1], size,
                    SDL_GetError());
            status = 1;
        } else if (png_write(out, rgba->w, rgba->h, rgba->pixels, rgba->pitch,
                             &err) < 0) {
            fprintf(stderr, "vaksam-icons: %s\n", err.msg);
            status = 1;
        }
        free(out);
        SDL_FreeSurface(rgba);
        SDL_FreeSurface(s);
    }
    return status;
}
