/*
 * test_lesson.c - the parser and validator: a valid lesson read field by
 * field, and one fixture per class of error, each with the exact
 * "file:line: message" an author sees.
 */
#include "lesson.h"

#include "../test.h"

#include <stdlib.h>
#include <unistd.h>

static void test_valid(void)
{
    Diags d = {0};
    Lesson *l = lesson_load(FIXTURES "/valid.lesson", &d);
    CHECK(l != NULL);
    CHECK_INT(d.count, 0);
    if (!l)
        return;
    CHECK_STR(l->id, "fixture");
    CHECK_INT(l->version, 2);
    CHECK_INT(l->order, 1);
    CHECK_STR(l->title.src, "Fixture lesson");
    CHECK_STR(l->title.ctx, "fixture/title");
    CHECK_INT(l->nscenes, 4);
    CHECK_INT(l->start, 0);
    const Scene *one = &l->scenes[0];
    CHECK_STR(one->text.src, "A narrative start that continues here.");
    CHECK_INT(one->text.line, 11);
    CHECK_INT(one->nchoices, 0);
    CHECK_INT(one->next, 1);
    const Scene *choose = &l->scenes[1];
    CHECK_INT(choose->topic, TOPIC_RESPONSIBILITY);
    CHECK_INT(choose->nchoices, 3);
    CHECK_INT(choose->choices[0].result, RESULT_CORRECT);
    CHECK_INT(choose->choices[0].effect[METER_TRUST], 10);
    CHECK_INT(choose->choices[0].effect[METER_INTEGRITY], 5);
    CHECK_INT(choose->choices[0].next, 3); /* the scene's default */
    CHECK_INT(choose->choices[2].next, 2); /* its own next: detour */
    CHECK_STR(choose->choices[2].feedback.ctx,
              "fixture/choose/choice3/feedback");
    CHECK_INT(choose->choices[2].feedback.line, 33);
    CHECK_INT(l->scenes[3].choices[1].next, LESSON_END);
    CHECK_INT(l->npoints, 1);
    CHECK_INT(l->nasks, 1);
    CHECK_STR(l->asks[0].ctx, "fixture/ask1");
    /* title, description, 4 scene texts, 1 scene title, 5 choices with
     * feedback, summary, point, ask */
    CHECK_INT(l->ntexts, 2 + 4 + 1 + 10 + 3);
    for (int i = 1; i < l->ntexts; i++)
        CHECK(l->texts[i - 1]->line < l->texts[i]->line);
    lesson_free(l);
    diags_free(&d);
}

/* Loads a fixture that must fail and checks its first message. */
static void expect(const char *name, const char *message)
{
    char path[512], want[1024];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
    snprintf(want, sizeof want, "%s:%s", path, message);
    Diags d = {0};
    Lesson *l = lesson_load(path, &d);
    CHECK(l == NULL);
    CHECK(d.count >= 1);
    if (d.count >= 1)
        CHECK_STR(d.items[0], want);
    lesson_free(l);
    diags_free(&d);
}

static void test_errors(void)
{
    expect("err-unknown-key.lesson", "4: unknown key 'colour'");
    expect("err-duplicate-id.lesson",
           "9: duplicate scene id 'a' (first at line 5)");
    expect("err-missing-scene.lesson",
           "7: next: 'nowhere' is not a scene in this lesson");
    expect("err-unreachable.lesson",
           "9: scene 'island' cannot be reached from the start");
    expect("err-never-ends.lesson",
           "16: a path that never ends: scene 'b' leads back to 'a'");
    expect("err-no-topic.lesson", "5: decision scene 'a' has no topic");
    expect("err-no-correct.lesson",
           "5: decision scene 'a' has no correct choice");
    expect("err-empty-text.lesson", "6: empty text for 'text'");
    expect("err-bad-utf8.lesson",
           "3: bad UTF-8 (byte 0xe9): save the file as UTF-8");
    expect("err-misplaced.lesson",
           "8: 'feedback' cannot appear in a scene (it belongs in a choice)");
    expect("no-such-file.lesson", " cannot open: No such file or directory");
}

static void test_every_problem_reported(void)
{
    Diags d = {0};
    Lesson *l = lesson_load(FIXTURES "/err-misplaced.lesson", &d);
    CHECK(l == NULL);
    CHECK_INT(d.count, 2);
    if (d.count == 2)
        CHECK_STR(d.items[1], FIXTURES
                  "/err-misplaced.lesson:13: unknown "
                  "meter 'morale' (meters: confidentiality, integrity, "
                  "availability, trust)");
    diags_free(&d);
}

/* A lesson of one decision, "a", whose choices lead to scene "b" (lines
 * 1-16; the second choice's "set: " ends HEAD_SET). */
#define HEAD_CHOICES                                                           \
    "lesson: x\nversion: 1\ntitle: T\n"                                        \
    "scene: a\ntext: t\ntopic: ciso\nnext: b\n"                                \
    "choice: 1\nresult: correct\nfeedback: f\neffect: trust +10\n"             \
    "choice: 2\nresult: wrong\nfeedback: f\neffect: trust -10\n"
#define HEAD HEAD_CHOICES "# 16\n"
#define HEAD_SET HEAD_CHOICES "set: "

static void test_in_memory(void)
{
    static const char *const cases[][2] = {
        {"lesson: x\nversion: 1\ntitle: T\nscene: a\ntext: t\n"
         "topic: ciso\nchoice: one\nresult: correct\nfeedback: f\nnext: end\n"
         "summary: s\n",
         "mem:4: scene 'a' has one choice: give 2 to 4, or none and a 'next:'"},
        {"lesson: x\nversion: 0\ntitle: T\nscene: a\ntext: t\nnext: end\n"
         "summary: s\n",
         "mem:2: version must be a whole number of 1 or more, not '0'"},
        {"lesson: x\nversion: 1\ntitle: T\n  indented\n\n  after blank\n"
         "scene: a\ntext: t\nnext: end\nsummary: s\n",
         "mem:6: continuation after a blank line: remove the blank line or "
         "the indentation"},
        {"version: 1\ntitle: T\nscene: a\ntext: t\nnext: end\nsummary: s\n",
         "mem:1: missing 'lesson:' (the lesson's id)"},
        {"lesson: x\nversion: 1\ntitle: T\nscene: a\ntext: t\nnext: end\n",
         "mem:6: missing 'summary:' at the end of the lesson"},
        {"lesson: x\nversion: 1\ntitle: T\nscene: a\ntext: t\ntopic: ciso\n"
         "choice: 1\nresult: correct\nfeedback: f\neffect: trust +51\n"
         "choice: 2\nresult: wrong\nfeedback: f\nnext: end\nsummary: s\n",
         "mem:10: effect +51 on trust is too large (at most 50 either way)"},
        {"lesson: x\nversion: 1\ntitle: T\nscene: a\ntext: t\ntopic: ciso\n"
         "choice: 1\nresult: fine\nfeedback: f\n"
         "choice: 2\nresult: wrong\nfeedback: f\nnext: end\nsummary: s\n",
         "mem:8: result must be correct, partly or wrong, not 'fine'"},
        {"lesson: x\nversion: 1\ntitle: T\nthis is not a key\n",
         "mem:4: expected 'key: value', got 'this is not a key'"},
        /* flags and variants */
        {HEAD "scene: b\ntext: t\nnext: end\nif: early\ntext: u\n"
              "summary: s\n",
         "mem:20: flag 'early' is read here but no choice sets it "
         "('set: early')"},
        {HEAD_SET "early" "\nscene: b\ntext: t\nnext: end\nsummary: s\n",
         "mem:16: flag 'early' is set here but no 'if:' reads it"},
        {HEAD "scene: b\ntext: t\nnext: end\nif: trust << 40\ntext: u\n"
              "summary: s\n",
         "mem:20: compare 'trust' with <, <=, > or >= and a number from 0 to "
         "100, like 'trust < 40'"},
        {HEAD "scene: b\ntext: t\nnext: end\nif: trust < 40 or early\n"
              "text: u\nsummary: s\n",
         "mem:20: expected 'and' or the end of the condition, not 'or'"},
        {HEAD "scene: b\ntext: t\nnext: end\nif: Early!\ntext: u\n"
              "summary: s\n",
         "mem:20: 'Early!' is not a flag, a meter or the score: a condition "
         "is like 'early-meeting', 'not early-meeting' or 'trust < 40'"},
        {HEAD "scene: b\ntext: t\nnext: end\nif: trust < 40\nsummary: s\n",
         "mem:20: this 'if:' changes nothing: give it a text, a title or a "
         "next"},
        {HEAD "scene: b\ntext: t\nnext: end\nif: trust > 90\ntext: u\n"
              "summary: s\n",
         "mem:20: this 'if:' never holds on any way through the lesson (or "
         "an earlier 'if:' of scene 'b' always wins)"},
        {HEAD "scene: b\ntext: t\nnext: end\nif: trust <= 100\ntext: u\n"
              "summary: s\n",
         "mem:17: scene 'b' is always shown through one of its 'if:' "
         "variants, so its own text is never seen: make the variant that "
         "always holds the scene's own"},
        {HEAD "scene: b\ntext: t\nnext: end\nif: trust < 40\ntext: u\n"
              "topic: ciso\nsummary: s\n",
         "mem:22: 'topic' cannot appear in an 'if:' of a scene (it belongs in "
         "a scene)"},
        {HEAD_SET "early\nif: early\ntext: u"
                  "\nscene: b\ntext: t\nnext: end\nsummary: s\n",
         "mem:17: 'if' cannot appear in a choice (it belongs in a scene, "
         "before its choices)"},
        {HEAD "scene: b\ntext: t\nnext: end\nif: trust < 40\nnext: a\n"
              "summary: s\n",
         "mem:21: a path that never ends: scene 'b' leads back to 'a'"},
        {HEAD_SET "Early" "\nscene: b\ntext: t\nnext: end\nsummary: s\n",
         "mem:16: bad flag 'Early': use lowercase letters, digits and -"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Diags d = {0};
        Lesson *l = lesson_parse("mem", cases[i][0], strlen(cases[i][0]), &d);
        CHECK(l == NULL);
        CHECK(d.count >= 1);
        if (d.count >= 1)
            CHECK_STR(d.items[0], cases[i][1]);
        lesson_free(l);
        diags_free(&d);
    }
}

static void test_state(void)
{
    Diags d = {0};
    Lesson *l = lesson_load(FIXTURES "/state.lesson", &d);
    CHECK(l != NULL);
    CHECK_INT(d.count, 0);
    if (!l)
        return;
    CHECK_INT(l->nflags, 2);
    CHECK_STR(l->flags[0], "early");
    CHECK_STR(l->flags[1], "skipped");
    const Scene *open = &l->scenes[0], *meeting = &l->scenes[2];
    CHECK_INT(open->choices[0].sets, 1u);
    CHECK_INT(open->choices[1].sets, 0u);
    CHECK_INT(open->choices[2].sets, 2u);
    CHECK(!open->choices[0].own_next);
    CHECK_INT(meeting->nvariants, 2);
    CHECK_INT(meeting->variants[0].line, 37);
    CHECK_INT(meeting->variants[0].cond.terms[0].flag, 0);
    CHECK_INT(meeting->variants[0].next, LESSON_NO_NEXT);
    CHECK_STR(meeting->variants[0].title.ctx, "state/meeting/if1/title");
    CHECK_STR(meeting->variants[1].text.ctx, "state/meeting/if2/text");
    CHECK_INT(meeting->variants[1].next, 3); /* fallout */
    const Cond *low = &l->scenes[4].variants[0].cond;
    CHECK_INT(low->nterms, 1);
    CHECK_INT(low->terms[0].flag, -1);
    CHECK_INT(low->terms[0].meter, METER_TRUST);
    CHECK_INT(low->terms[0].op, '<');
    CHECK_INT(low->terms[0].value, 30);
    lesson_free(l);
    diags_free(&d);
}

/* More ways through a lesson than the validator will walk: 10 decisions
 * of 4 choices one after another (4^10 paths). */
static void test_too_many_paths(void)
{
    StrBuf b = {0};
    strbuf_printf(&b, "lesson: x\nversion: 1\ntitle: T\n");
    for (int i = 0; i < 10; i++) {
        strbuf_printf(&b, "scene: s%d\ntext: t\ntopic: ciso\n", i);
        if (i < 9)
            strbuf_printf(&b, "next: s%d\n", i + 1);
        else
            strbuf_printf(&b, "next: end\n");
        for (int c = 0; c < 4; c++)
            strbuf_printf(&b, "choice: %d\nresult: %s\nfeedback: f\n", c,
                          c ? "wrong" : "correct");
    }
    strbuf_printf(&b, "summary: s\n");
    Diags d = {0};
    Lesson *l = lesson_parse("mem", b.data, b.len, &d);
    CHECK(l == NULL);
    CHECK_INT(d.count, 1);
    if (d.count)
        CHECK_STR(d.items[0], "mem:4: more than 1000000 ways through the "
                              "lesson: too many to check; let more choices "
                              "lead to the same scene");
    lesson_free(l);
    diags_free(&d);
    free(b.data);
}

/* More scenes than a lesson may have (their indexes are kept in a byte
 * for the debrief). */
static void test_too_many_scenes(void)
{
    StrBuf b = {0};
    strbuf_printf(&b, "lesson: x\nversion: 1\ntitle: T\n");
    for (int i = 0; i < 256; i++)
        strbuf_printf(&b, "scene: s%d\ntext: t\nnext: %s%d\n", i,
                      i < 255 ? "s" : "end", i + 1);
    strbuf_printf(&b, "summary: s\n");
    /* "next: end256" is no scene either; the first problem is the count */
    Diags d = {0};
    Lesson *l = lesson_parse("mem", b.data, b.len, &d);
    CHECK(l == NULL);
    CHECK(d.count >= 1);
    if (d.count)
        CHECK_STR(d.items[0], "mem:769: more than 255 scenes in one lesson");
    lesson_free(l);
    diags_free(&d);
    free(b.data);
}

/* A set loaded with no_walk (the window) leaves out only the walk: a
 * variant that never holds is the author's problem, seen by check-lessons,
 * and the lesson still loads; a default set refuses it. */
static void test_no_walk(void)
{
    char dir[] = "/tmp/vaksam-test-walk-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = xasprintf("%s/never.lesson", dir);
    const char *text =
        "lesson: never\nversion: 1\ntitle: T\n"
        "scene: a\ntext: t\ntopic: ciso\nnext: b\n"
        "choice: 1\nresult: correct\nfeedback: f\neffect: trust +10\n"
        "choice: 2\nresult: wrong\nfeedback: f\n"
        "scene: b\ntext: t\nnext: end\nif: trust > 90\ntext: u\n"
        "summary: s\n";
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    LessonSet strict = {0}, quick = {.no_walk = true};
    Diags d1 = {0}, d2 = {0};
    lessonset_load_dir(&strict, dir, &d1);
    lessonset_load_dir(&quick, dir, &d2);
    CHECK_INT(strict.count, 0);
    CHECK_INT(d1.count, 1);
    CHECK_INT(quick.count, 1);
    CHECK_INT(d2.count, 0);
    lessonset_free(&strict);
    lessonset_free(&quick);
    diags_free(&d1);
    diags_free(&d2);
    unlink(path);
    rmdir(dir);
    free(path);
}

static void test_real_lessons(void)
{
    LessonSet set = {0};
    Diags d = {0};
    CHECK(lessonset_load_dir(&set, VAKSAM_LESSONS_DIR, &d));
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    CHECK_INT(d.count, 0);
    CHECK(set.count >= 1);
    CHECK(lessonset_find(&set, "who-owns-the-risk") >= 0);
    for (int i = 1; i < set.count; i++)
        CHECK(set.items[i - 1]->order <= set.items[i]->order);
    lessonset_free(&set);
    diags_free(&d);
}

int main(void)
{
    test_valid();
    test_errors();
    test_every_problem_reported();
    test_in_memory();
    test_state();
    test_too_many_paths();
    test_too_many_scenes();
    test_no_walk();
    test_real_lessons();
    return TEST_DONE();
}
