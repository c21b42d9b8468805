/*
 * bare.c - the yardstick for Vaksam's start-up: a bare SDL2 + SDL_ttf
 * program that opens a window of the same size and flags, draws a title
 * and a paragraph of text in the same fonts and presents it. bench runs
 * it as a process, as it runs Vaksam's start-up, and compares the two.
 *
 *   build/tests/bench_bare FD   (writes a byte to FD at its first frame)
 */
#include "clock.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <unistd.h>

/* The yardstick: a bare SDL2 + SDL_ttf program's start-up to its first
 * frame, a window of the same size and flags with a title and a
 * paragraph of text in the same fonts, drawn and presented. */
static int first_frame(int fd)
{
    static const char *const lines[] = {
        "On 2 January you take over as managing director of the energy",
        "company owned by the municipality. Its 240 or so employees supply",
        "district heating, run the local electricity grid and sell",
        "broadband to around 40 000 customers. From 15 January the whole",
        "company also falls under the new cybersecurity law.",
    };
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
        return 1;
    SDL_Window *w = SDL_CreateWindow(
        "bare", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1024, 720,
        SDL_WINDOW_RESIZABLE | SDL_WINDOW_HIDDEN | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_Renderer *sdl = w ? SDL_CreateRenderer(w, -1, 0) : NULL;
    TTF_Font *body = TTF_OpenFont(VAKSAM_FONT_REGULAR, 18);
    TTF_Font *title = TTF_OpenFont(VAKSAM_FONT_BOLD, 33);
    if (!sdl || !body || !title)
        return 1;
    SDL_SetRenderDrawColor(sdl, 0xF3, 0xEF, 0xE7, 255);
    SDL_RenderClear(sdl);
    SDL_Color ink = {0x1E, 0x29, 0x33, 255};
    int y = 40;
    for (int i = -1; i < (int)(sizeof lines / sizeof *lines); i++) {
        SDL_Surface *s = TTF_RenderUTF8_Blended(
            i < 0 ? title : body, i < 0 ? "January" : lines[i], ink);
        SDL_Texture *tex = SDL_CreateTextureFromSurface(sdl, s);
        SDL_RenderCopy(sdl, tex, NULL, &(SDL_Rect){180, y, s->w, s->h});
        y += s->h + 6;
        SDL_DestroyTexture(tex);
        SDL_FreeSurface(s);
    }
    SDL_ShowWindow(w);
    SDL_RenderPresent(sdl);
    if (write(fd, "", 1) != 1)
        return 1;
    TTF_CloseFont(body);
    TTF_CloseFont(title);
    SDL_DestroyRenderer(sdl);
    SDL_DestroyWindow(w);
    TTF_Quit();
    SDL_Quit();
    return 0;
}

int main(int argc, char **argv)
{
    return first_frame(argc > 1 ? atoi(argv[1]) : 1);
}
