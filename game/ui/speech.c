/*
 * speech.c - the voice (see speech.h). libspeechd's C API, of which this
 * uses four calls: spd_open, spd_cancel, spd_say, spd_close.
 */
#include "speech.h"

#include "ui.h"
#include "util.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libspeechd's values: SPD_MODE_SINGLE, and SPD_TEXT, the priority of a
 * screen reader's ordinary text */
enum { SPD_MODE_SINGLE = 0, SPD_TEXT = 3 };

struct Speech {
    void *lib;  /* libspeechd.so.2 */
    void *conn; /* its SPDConnection */
    void *(*open)(const char *, const char *, const char *, int);
    int (*say)(void *, int, const char *);
    int (*cancel)(void *);
    void (*close)(void *);
    FILE *sink; /* $VAKSAM_SPEECH_SINK instead */
    char last[4096]; /* what was said last */
};

static Speech *open_sink(const char *path)
{
    FILE *f = fopen(path, "a");
    if (!f)
        return NULL;
    Speech *s = xcalloc(1, sizeof *s);
    s->sink = f;
    return s;
}

Speech *speech_open(void)
{
    const char *sink = getenv("VAKSAM_SPEECH_SINK");
    if (sink && *sink)
        return open_sink(sink);
    void *lib = dlopen("libspeechd.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return NULL; /* speech-dispatcher is not installed */
    Speech *s = xcalloc(1, sizeof *s);
    s->lib = lib;
    /* POSIX lets a void * from dlsym be a function's address */
    *(void **)&s->open = dlsym(lib, "spd_open");
    *(void **)&s->say = dlsym(lib, "spd_say");
    *(void **)&s->cancel = dlsym(lib, "spd_cancel");
    *(void **)&s->close = dlsym(lib, "spd_close");
    if (s->open && s->say && s->cancel && s->close)
        s->conn = s->open("vaksam", "main", NULL, SPD_MODE_SINGLE);
    if (!s->conn) { /* no speech-dispatcher running to talk to */
        dlclose(lib);
        free(s);
        return NULL;
    }
    return s;
}

void speech_say(Speech *s, const char *text)
{
    if (!s || !text || !*text)
        return;
    if (s->sink) {
        fprintf(s->sink, "%s\n", text);
        fflush(s->sink);
        return;
    }
    s->cancel(s->conn);
    s->say(s->conn, SPD_TEXT, text);
}

static bool inside(Rect outer, Rect r)
{
    int cx = r.x + 1, cy = r.y + r.h / 2;
    return cx >= outer.x && cx < outer.x + outer.w && cy >= outer.y &&
           cy < outer.y + outer.h;
}

void speech_follow(Speech *s, const UI *ui)
{
    if (!s)
        return;
    Rect f = {0, 0, 0, 0};
    /* after ui_end, the frame's controls are its prev_order */
    for (int i = 0; i < ui->nprev; i++)
        if (ui->prev_order[i].id == ui->focus)
            f = ui->prev_order[i].rect;
    if (f.w <= 0)
        return;
    char now[sizeof s->last];
    size_t used = 0;
    now[0] = '\0';
    for (int i = 0; i < ui->ncmds && used + 2 < sizeof now; i++) {
        const Cmd *c = &ui->cmds[i];
        if (c->type != CMD_TEXT || !inside(f, c->rect))
            continue;
        used += (size_t)snprintf(now + used, sizeof now - used, "%s%s",
                                 used ? " " : "", ui_cmd_text(ui, c));
        if (used >= sizeof now)
            used = sizeof now - 1;
    }
    if (!now[0] || strcmp(now, s->last) == 0)
        return;
    snprintf(s->last, sizeof s->last, "%s", now);
    speech_say(s, now);
}

void speech_close(Speech *s)
{
    if (!s)
        return;
    if (s->sink)
        fclose(s->sink);
    if (s->conn)
        s->close(s->conn);
    if (s->lib)
        dlclose(s->lib);
    free(s);
}
