/*
 * screen_lesson.c - the lesson player: the organisation's meters, the
 * scene, its choices, the feedback on a choice and the lesson's summary.
 */
#include "screens.h"

#include "i18n.h"
#include "lesson_paths.h"

#include <stdio.h>
#include <string.h>

/* ---- the lesson player ---- */

static void meters(App *app, Column *col, const Player *p, bool deltas)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    /* as many meters to a row as their labels fit: four, two or one */
    int gap = t->gap, widest = 0;
    for (int m = 0; m < METER_COUNT; m++) {
        char probe[96];
        snprintf(probe, sizeof probe, "%s 100 (+50)", meter_label((Meter)m));
        int pw = ui_text_width(ui, FONT_SMALL, probe) +
                 ui->line_height[FONT_SMALL] + 4;
        if (pw > widest)
            widest = pw;
    }
    int per_row = METER_COUNT;
    while (per_row > 1 && (col->w - gap * (per_row - 1)) / per_row < widest)
        per_row /= 2;
    int w = (col->w - gap * (per_row - 1)) / per_row;
    int lh = ui->line_height[FONT_SMALL];
    int row_h = lh + 14;
    for (int m = 0; m < METER_COUNT; m++) {
        int x = col->x + (m % per_row) * (w + gap);
        int y = col->y + (m / per_row) * (row_h + 8);
        char label[96];
        int d = p->last_delta[m];
        if (deltas && d)
            snprintf(label, sizeof label, "%s %d (%+d)", meter_label((Meter)m),
                     p->meters[m], d);
        else
            snprintf(label, sizeof label, "%s %d", meter_label((Meter)m),
                     p->meters[m]);
        Color lc =
            deltas && d ? (d > 0 ? t->correct : t->wrong) : t->text_muted;
        static const char *const icons[METER_COUNT] = {
            "icons/meter-confidentiality", "icons/meter-integrity",
            "icons/meter-availability", "icons/meter-trust"};
        char name[64];
        ui_image(ui, (Rect){x, y, lh, lh},
                 art(&app->view, icons[m], name, sizeof name), "");
        ui_text_line(ui, FONT_SMALL, lc, x + lh + 4, y, label,
                     (int)strlen(label), 0);
        Rect track = {x, y + lh + 4, w, 8};
        ui_rect(ui, track, t->meter_track, 4);
        int fill = track.w * p->meters[m] / METER_MAX;
        if (fill > 0)
            ui_rect(ui, (Rect){x, track.y, fill, 8}, t->meter[m], 4);
    }
    int rows = (METER_COUNT + per_row - 1) / per_row;
    col->y += rows * (row_h + 8) + t->gap;
}

/* The lesson's place (assets/places/<id>.svg), with the lesson's words
 * for what it shows. */
static void place(App *app, Column *col, const Lesson *l)
{
    char name[128];
    snprintf(name, sizeof name, "places/%s", l->id);
    picture(&app->view, col, name, lesson_tr(&l->picture), app->ui.height / 3);
}

/* The best choice of a decision (its first correct one). */
static const Choice *best_choice(const Scene *s)
{
    for (int i = 0; i < s->nchoices; i++)
        if (s->choices[i].result == RESULT_CORRECT)
            return &s->choices[i];
    return &s->choices[0];
}

/* "Trust -10, Integrity +5", or "" when the choice moved no meter. */
static void changes_line(const Player *p, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (int m = 0; m < METER_COUNT && used < n; m++)
        if (p->last_delta[m])
            used += (size_t)snprintf(out + used, n - used, "%s%s %+d",
                                     used ? ", " : "", meter_label((Meter)m),
                                     p->last_delta[m]);
}

/* The feedback on a choice, and after a wrong or partly right one the best
 * choice and why, with what the choice did to the meters. */
static void lesson_feedback(App *app, Column *col, const Player *p)
{
    const Scene *s = player_scene(p);
    const Choice *c = &s->choices[p->chosen];
    char better[2048] = "", changes[256], moved[320] = "";
    if (c->result != RESULT_CORRECT) {
        const Choice *b = best_choice(s);
        snprintf(better, sizeof better, _("The best choice: %s %s"),
                 lesson_tr(&b->label), lesson_tr(&b->feedback));
    }
    changes_line(p, changes, sizeof changes);
    if (*changes)
        snprintf(moved, sizeof moved, _("What it changed: %s"), changes);
    Feedback f = {c->result, lesson_tr(&c->feedback), better, moved};
    feedback_panel(&app->view, col, &f);
}

/* How it went, in words, with the score. */
static void band_line(App *app, Column *col, int score)
{
    char line[256];
    switch (score_band(score)) {
    case BAND_EXCELLENT:
        snprintf(line, sizeof line,
                 _("%d %%: excellent. You chose as an experienced leader "
                   "would."),
                 score);
        break;
    case BAND_GOOD:
        snprintf(line, sizeof line,
                 _("%d %%: good. Most of your choices held up."), score);
        break;
    case BAND_PARTWAY:
        snprintf(line, sizeof line,
                 _("%d %%: part of the way. Several choices left risks "
                   "open; the review below shows which."),
                 score);
        break;
    case BAND_AGAIN:
        snprintf(line, sizeof line,
                 _("%d %%: worth another try. Most choices left the "
                   "organisation exposed; the review below shows the "
                   "better ones."),
                 score);
        break;
    }
    /* where the focus lands, so the Enter that finished the lesson,
     * pressed again, does not start the next one */
    reading_stop(&app->view, col, FONT_HEADING, app->view.theme->text, line);
}

/* Each decision taken, with its mark, against the best one. */
static void review(App *app, Column *col, const Lesson *l, const Player *p)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    heading(&app->view, col, FONT_HEADING, _("Your decisions"));
    int mark = ui->line_height[FONT_BODY];
    int n = p->decisions < PLAYER_MAX_TAKEN ? p->decisions : PLAYER_MAX_TAKEN;
    for (int i = 0; i < n; i++) {
        const Scene *s = &l->scenes[p->taken_scene[i]];
        const Choice *c = &s->choices[p->taken_choice[i]];
        char line[2048];
        snprintf(line, sizeof line, "%s: %s",
                 s->title.src ? lesson_tr(&s->title) : topic_label(s->topic),
                 lesson_tr(&c->label));
        result_mark(&app->view, (Rect){col->x, col->y, mark, mark}, c->result);
        int w = col->w - mark - 8;
        col->y += ui_text(ui, FONT_BODY, t->text, col->x + mark + 8, col->y, w,
                          line) +
                  4;
        if (c->result != RESULT_CORRECT) {
            snprintf(line, sizeof line, _("The best choice: %s"),
                     lesson_tr(&best_choice(s)->label));
            col->y += ui_text(ui, FONT_SMALL, t->text_muted, col->x + mark + 8,
                              col->y, w, line) +
                      4;
        }
        col->y += t->gap / 2;
    }
    col->y += t->gap / 2;
}

/* What to do next: the next lesson, this one again, or home (once one is
 * pressed, the page has changed and the rest are not drawn). */
static void debrief_buttons(App *app, Column *col)
{
    ButtonRow row = button_row(col);
    bool more = app->lesson + 1 < app->lessons.count;
    if (more && row_button(&app->view, &row, ui_id("next-lesson", 0),
                           _("Next lesson"), BUTTON_PRIMARY))
        app_open_lesson(app, app->lesson + 1);
    else if (row_button(&app->view, &row, ui_id("replay", 0),
                        _("Replay this lesson"), BUTTON_SECONDARY))
        app_open_lesson(app, app->lesson);
    else if (row_button(&app->view, &row, ui_id("continue", 0),
                        _("Back to the course"),
                        more ? BUTTON_SECONDARY : BUTTON_PRIMARY))
        app_go_home(app);
    /* the course ends with the learner's own list for their CISO */
    else if (!more &&
             row_button(&app->view, &row, ui_id("export", 0),
                        _("Save my questions for the CISO"), BUTTON_SECONDARY))
        app_export_questions(app);
    row_end(&app->view, &row);
}

/* The debrief: how it went, each decision against the best one, what to
 * remember and ask, and where to go next. */
static void summary(App *app, Column *col, const Lesson *l, const Player *p)
{
    const Theme *t = app->view.theme;
    if (l->picture.src)
        place(app, col, l);
    heading(&app->view, col, FONT_TITLE, _("Lesson complete"));
    band_line(app, col, player_score(p));
    col->y += t->gap / 2;
    meters(app, col, p, false);
    paragraph(&app->view, col, FONT_BODY, t->text, lesson_tr(&l->summary));
    review(app, col, l, p);
    if (l->npoints) {
        heading(&app->view, col, FONT_HEADING, _("Key points"));
        bullets(&app->view, col, l->points, l->npoints);
    }
    if (l->nasks) {
        heading(&app->view, col, FONT_HEADING, _("Ask your CISO"));
        bullets(&app->view, col, l->asks, l->nasks);
    }
    debrief_buttons(app, col);
}

/* Where the learner is: the lesson, the decision of how many, and a bar. */
static void progress(App *app, Column *col, const Player *p)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    const Lesson *l = p->lesson;
    int lo, hi;
    lesson_decisions_left(l, p->scene, &lo, &hi);
    if (p->phase == PLAYER_FEEDBACK) /* this one is made */
        lo--, hi--;
    int made = p->decisions, total = made + hi;
    char step[128], where[384];
    bool deciding = p->phase == PLAYER_SCENE && player_scene(p)->nchoices;
    if (deciding && lo == hi)
        snprintf(step, sizeof step, _("decision %d of %d"), made + 1, total);
    else if (deciding)
        snprintf(step, sizeof step, _("decision %d of up to %d"), made + 1,
                 total);
    else
        snprintf(step, sizeof step, _("%d of %d decisions made"), made, total);
    snprintf(where, sizeof where, "%s \xC2\xB7 %s", lesson_tr(&l->title), step);
    col->y +=
        ui_text(ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w, where) +
        4;
    Rect track = {col->x, col->y, col->w, 6};
    ui_rect(ui, track, t->meter_track, 3);
    if (total > 0 && made > 0)
        ui_rect(ui, (Rect){track.x, track.y, track.w * made / total, 6},
                t->accent, 3);
    col->y += 6 + t->gap;
}

void screen_lesson(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    const Player *p = &app->session.player;
    const Lesson *l = p->lesson;
    if (p->phase == PLAYER_SUMMARY) {
        summary(app, col, l, p);
        return;
    }
    const Scene *s = player_scene(p);
    if (p->scene == l->start && p->decisions == 0 && l->picture.src)
        place(app, col, l);
    progress(app, col, p);
    meters(app, col, p, p->phase == PLAYER_FEEDBACK);
    if (player_title(p)->src)
        heading(&app->view, col, FONT_HEADING, lesson_tr(player_title(p)));
    if (s->nchoices && p->phase == PLAYER_SCENE)
        reading_stop(&app->view, col, FONT_BODY, t->text,
                     lesson_tr(player_text(p)));
    else
        paragraph(&app->view, col, FONT_BODY, t->text,
                  lesson_tr(player_text(p)));
    if (s->nchoices) {
        /* shown in the attempt's own order; answers keep the file's */
        const Choice *list[LESSON_MAX_CHOICES];
        int order[LESSON_MAX_CHOICES], shown_chosen = -1;
        int n = player_order(p, order);
        for (int i = 0; i < n; i++) {
            list[i] = &s->choices[order[i]];
            if (order[i] == p->chosen)
                shown_chosen = i;
        }
        int picked = choice_cards(&app->view, col, list, n, shown_chosen,
                                  p->phase == PLAYER_SCENE);
        if (picked >= 0)
            app_choose(app, order[picked]);
    }
    if (p->phase == PLAYER_FEEDBACK)
        lesson_feedback(app, col, p);
    if (p->phase == PLAYER_FEEDBACK || s->nchoices == 0) {
        if (button(&app->view, ui_id("continue", 0), col->x, col->y,
                   _("Continue"), BUTTON_PRIMARY))
            app_continue(app);
        col->y += button_height(&app->view) + t->gap;
    }
    ui_text(ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w,
            s->nchoices && p->phase == PLAYER_SCENE
                ? _("Choose with the number keys, or Tab and Enter. Esc "
                    "returns to the course; your progress is saved.")
                : _("Esc returns to the course; your progress is saved."));
    col->y += ui->line_height[FONT_SMALL] * 2 + t->gap;
}
