/*
 * screen_quiz.c - the staff quiz (question, choices, feedback with the
 * explanation, the result), the review of what went wrong, and the
 * learner's own progress page.
 */
#include "screens.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

static void quiz_done(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    const QuizRun *r = &app->quiz.run;
    heading(&app->view, col, FONT_TITLE, _("Quiz complete"));
    char line[160];
    /* partly right counts half in the score, so the line says how many */
    snprintf(line, sizeof line, _("%d right, %d partly right, %d wrong: %d %%"),
             r->correct, r->partly, r->quiz.count - r->correct - r->partly,
             quiz_run_score(r));
    paragraph(&app->view, col, FONT_HEADING, t->text, line);
    bool wrong = r->correct < r->quiz.count;
    ButtonRow row = button_row(col);
    if (wrong && row_button(&app->view, &row, ui_id("review", 0),
                            _("Review what I got wrong"), BUTTON_PRIMARY))
        app_quiz_review(app);
    if (row_button(&app->view, &row, ui_id("continue", 0),
                   _("Back to the start"),
                   wrong ? BUTTON_SECONDARY : BUTTON_PRIMARY))
        app_go_home(app);
    row_end(&app->view, &row);
}

void screen_quiz(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    const QuizRun *r = &app->quiz.run;
    if (r->phase == QUIZ_DONE) {
        quiz_done(app, col);
        return;
    }
    const QuizItem *it = &r->quiz.items[r->current];
    const Scene *q = quiz_item_scene(it);
    char where[256], count[64];
    snprintf(count, sizeof count, _("question %d of %d"), r->current + 1,
             r->quiz.count);
    snprintf(where, sizeof where, "%s \xC2\xB7 %s \xC2\xB7 %s",
             _("Awareness quiz"), count, topic_label(q->topic));
    col->y +=
        ui_text(ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w, where) +
        t->gap;
    if (r->phase == QUIZ_QUESTION)
        reading_stop(&app->view, col, FONT_BOLD, t->text, lesson_tr(&q->text));
    else
        paragraph(&app->view, col, FONT_BOLD, t->text, lesson_tr(&q->text));
    const Choice *list[LESSON_MAX_CHOICES];
    int chosen = -1;
    for (int p = 0; p < it->nchoices; p++) {
        list[p] = quiz_item_choice(it, p);
        if (it->order[p] == r->chosen[r->current])
            chosen = p;
    }
    bool asking = r->phase == QUIZ_QUESTION;
    int picked =
        choice_cards(&app->view, col, list, it->nchoices, chosen, asking);
    if (picked >= 0) {
        app_quiz_answer(app, picked);
        chosen = picked; /* the feedback below is for this answer */
    }
    if (r->phase == QUIZ_FEEDBACK && chosen >= 0) {
        const Choice *c = list[chosen];
        Feedback f = {c->result, lesson_tr(&c->feedback),
                      lesson_tr(&q->explain), NULL};
        feedback_panel(&app->view, col, &f);
        const char *label = r->current + 1 < r->quiz.count
                                ? _("Next question")
                                : _("See the result");
        if (button(&app->view, ui_id("continue", 0), col->x, col->y, label,
                   BUTTON_PRIMARY))
            app_quiz_next(app);
        col->y += button_height(&app->view) + t->gap;
    }
    ui_text(ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w,
            _("Esc returns to the start; your answers are saved."));
    col->y += ui->line_height[FONT_SMALL] * 2;
}

void screen_quiz_review(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    const QuizRun *r = &app->quiz.run;
    heading(&app->view, col, FONT_TITLE, _("What I got wrong"));
    for (int i = 0; i < r->quiz.count; i++) {
        const QuizItem *it = &r->quiz.items[i];
        const Scene *q = quiz_item_scene(it);
        if (r->chosen[i] < 0)
            continue;
        const Choice *mine = &q->choices[r->chosen[i]];
        if (mine->result == RESULT_CORRECT)
            continue;
        const Choice *right = mine;
        for (int c = 0; c < q->nchoices; c++)
            if (q->choices[c].result == RESULT_CORRECT)
                right = &q->choices[c];
        paragraph(&app->view, col, FONT_BOLD, t->text, lesson_tr(&q->text));
        char line[1024];
        snprintf(line, sizeof line, _("Your answer: %s"),
                 lesson_tr(&mine->label));
        col->y -= t->gap / 2;
        paragraph(&app->view, col, FONT_BODY, result_color(t, mine->result),
                  line);
        col->y -= t->gap / 2;
        snprintf(line, sizeof line, _("The right answer: %s"),
                 lesson_tr(&right->label));
        paragraph(&app->view, col, FONT_BODY, t->correct, line);
        col->y -= t->gap / 2;
        paragraph(&app->view, col, FONT_BODY, t->text_muted,
                  lesson_tr(&q->explain));
        col->y += t->gap;
    }
    if (button(&app->view, ui_id("continue", 0), col->x, col->y, _("Back"),
               BUTTON_PRIMARY))
        app_quiz_review_done(app);
    col->y += button_height(&app->view) + t->gap;
}

void screen_progress(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    heading(&app->view, col, FONT_TITLE, _("My progress"));
    paragraph(&app->view, col, FONT_BODY, t->text_muted,
              _("Your level per topic counts your latest answer to every "
                "decision and quiz question: right counts fully, partly "
                "right half. Only you see these figures."));
    heading(&app->view, col, FONT_HEADING, _("Level per topic"));
    for (int tp = 0; tp < TOPIC_COUNT; tp++) {
        const TopicLevels *lv = &app->levels;
        int v = lv->level[tp] < 0 ? -1 : (int)(lv->level[tp] * 100 + 0.5);
        level_bar(&app->view, col, topic_label((Topic)tp), v, t->accent);
    }

    int done = 0;
    for (int i = 0; app->home && i < app->lessons.count; i++)
        done += app->home[i].state == LESSON_DONE;
    char line[256];
    snprintf(line, sizeof line, _("Leadership course: %d of %d lessons done"),
             done, app->lessons.count);
    heading(&app->view, col, FONT_HEADING, line);
    for (int i = 0; app->home && i < app->lessons.count; i++) {
        if (app->home[i].state != LESSON_DONE)
            continue;
        snprintf(line, sizeof line, _("%s: %d %%"),
                 lesson_tr(&app->lessons.items[i]->title), app->home[i].score);
        col->y +=
            ui_text(ui, FONT_BODY, t->text, col->x, col->y, col->w, line) + 4;
    }
    col->y += t->gap;

    heading(&app->view, col, FONT_HEADING, _("Quizzes"));
    if (app->nhistory == 0)
        paragraph(&app->view, col, FONT_BODY, t->text_muted,
                  _("No quiz finished yet."));
    for (int i = 0; i < app->nhistory; i++) {
        const QuizResult *q = &app->history[i];
        snprintf(line, sizeof line, _("%.10s: %d %% of %d questions"),
                 q->finished_at, q->score, q->questions);
        col->y +=
            ui_text(ui, FONT_BODY, t->text, col->x, col->y, col->w, line) + 4;
    }
    col->y += t->gap;
    ButtonRow row = button_row(col);
    if (row_button(&app->view, &row, ui_id("export", 0),
                   _("Save my questions for the CISO"), BUTTON_SECONDARY))
        app_export_questions(app);
    if (row_button(&app->view, &row, ui_id("continue", 0), _("Back"),
                   BUTTON_PRIMARY))
        app_go_home(app);
    row_end(&app->view, &row);
}
