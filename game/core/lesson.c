/*
 * lesson.c - the .lesson parser (format: lessons/README.md); a lesson's
 * translatable strings and lookups are in lesson_texts.c.
 *
 * Parsing is one pass over the lines: a key line opens a value, indented
 * lines extend it, and the value is applied when the next key (or the end
 * of the file) closes it. Validation then resolves scene links and walks the
 * graph for unreachable scenes and loops (lesson_check.c) and, unless a
 * set asks not to, every way through (lesson_paths.c). Every problem is
 * reported with the line it comes from, and parsing goes on so an author
 * sees them all. Sets of lessons: lesson_set.c.
 */
#include "lesson.h"

#include "lesson_internal.h"

#include "lesson_paths.h"
#include "lesson_state.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lesson_err(Parser *p, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diags_add(p->diags, p->path, line, "%s", msg);
    p->errors++;
}

static bool valid_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
              *s == '-' || *s == '_'))
            return false;
    return true;
}

static bool parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < INT_MIN || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

static Scene *cur_scene(Parser *p)
{
    return p->l->nscenes ? &p->l->scenes[p->l->nscenes - 1] : NULL;
}

static Choice *cur_choice(Parser *p)
{
    Scene *s = cur_scene(p);
    return s && s->nchoices ? &s->choices[s->nchoices - 1] : NULL;
}

static void set_text(Parser *p, Text *t, const char *key, const char *value,
                     int line)
{
    if (t->src) {
        lesson_err(p, line, "'%s' given twice here (first at line %d)", key, t->line);
        return;
    }
    if (!*value)
        lesson_err(p, line, "empty text for '%s'", key);
    t->src = arena_strdup(&p->l->arena, value);
    t->line = line;
}

static void add_scene(Parser *p, const char *id, int line)
{
    Lesson *l = p->l;
    if (p->sec == SEC_SUMMARY)
        lesson_err(p, line,
            "scene '%s' comes after the summary: scenes go before "
            "'summary:'",
            id);
    if (!valid_id(id))
        lesson_err(p, line, "bad scene id '%s': use lowercase letters, digits and -",
            id);
    for (int i = 0; i < l->nscenes; i++)
        if (strcmp(l->scenes[i].id, id) == 0)
            lesson_err(p, line, "duplicate scene id '%s' (first at line %d)", id,
                l->scenes[i].line);
    if (l->nscenes == LESSON_MAX_SCENES)
        lesson_err(p, line, "more than %d scenes in one lesson", LESSON_MAX_SCENES);
    int n = l->nscenes + 1;
    l->scenes = xrealloc(l->scenes, (size_t)n * sizeof *l->scenes);
    p->scene_next = xrealloc(p->scene_next, (size_t)n * sizeof *p->scene_next);
    p->choice_next =
        xrealloc(p->choice_next, (size_t)n * sizeof *p->choice_next);
    p->variant_next =
        xrealloc(p->variant_next, (size_t)n * sizeof *p->variant_next);
    Scene *s = &l->scenes[l->nscenes];
    memset(s, 0, sizeof *s);
    s->id = arena_strdup(&l->arena, id);
    s->line = line;
    s->topic = TOPIC_NONE;
    s->next = LESSON_END;
    p->scene_next[l->nscenes] = (Link){0};
    p->choice_next[l->nscenes] = NULL;
    p->variant_next[l->nscenes] = NULL;
    l->nscenes = n;
    p->sec = SEC_SCENE;
}

static void add_choice(Parser *p, const char *label, int line)
{
    Scene *s = cur_scene(p);
    if (!s || p->sec == SEC_HEADER || p->sec == SEC_SUMMARY) {
        lesson_err(p, line, "'choice' must be inside a scene");
        return;
    }
    int si = p->l->nscenes - 1;
    int n = s->nchoices + 1;
    s->choices = xrealloc(s->choices, (size_t)n * sizeof *s->choices);
    p->choice_next[si] =
        xrealloc(p->choice_next[si], (size_t)n * sizeof **p->choice_next);
    Choice *c = &s->choices[s->nchoices];
    memset(c, 0, sizeof *c);
    c->line = line;
    c->result = (Result)-1;
    c->next = LESSON_END;
    p->choice_next[si][s->nchoices] = (Link){0};
    s->nchoices = n;
    p->sec = SEC_CHOICE;
    set_text(p, &c->label, "choice", label, line);
}

static void parse_effect(Parser *p, Choice *c, const char *value, int line)
{
    char *buf = xstrdup(value);
    char *save = NULL;
    for (char *item = strtok_r(buf, ",", &save); item;
         item = strtok_r(NULL, ",", &save)) {
        char name[64], num[32], extra[8];
        int k = sscanf(item, " %63s %31s %7s", name, num, extra);
        int v;
        if (k != 2 || (num[0] != '+' && num[0] != '-') || !parse_int(num, &v)) {
            lesson_err(p, line,
                "bad effect '%s': write meter and change, like "
                "'trust +5, integrity -10'",
                item);
            continue;
        }
        int m = meter_from_id(name);
        if (m < 0) {
            lesson_err(p, line,
                "unknown meter '%s' (meters: confidentiality, "
                "integrity, availability, trust)",
                name);
            continue;
        }
        if (v > EFFECT_LIMIT || v < -EFFECT_LIMIT) {
            lesson_err(p, line,
                "effect %s on %s is too large (at most %d either "
                "way)",
                num, name, EFFECT_LIMIT);
            continue;
        }
        c->effect[m] += v;
    }
    free(buf);
}

static void parse_sets(Parser *p, Choice *c, const char *value, int line)
{
    char *buf = xstrdup(value);
    char *save = NULL;
    for (char *item = strtok_r(buf, ", ", &save); item;
         item = strtok_r(NULL, ", ", &save)) {
        int f = valid_id(item) ? lesson_flag(p->l, item) : -2;
        if (f == -2)
            lesson_err(p, line, "bad flag '%s': use lowercase letters, digits and -",
                item);
        else if (f < 0)
            lesson_err(p, line, "more than %d flags in one lesson", LESSON_MAX_FLAGS);
        else {
            c->sets |= 1u << f;
            if (!p->flag_set[f])
                p->flag_set[f] = line;
        }
    }
    free(buf);
}

static void add_variant(Parser *p, const char *cond, int line)
{
    Scene *s = cur_scene(p);
    int si = p->l->nscenes - 1;
    int n = s->nvariants + 1;
    s->variants = xrealloc(s->variants, (size_t)n * sizeof *s->variants);
    p->variant_next[si] =
        xrealloc(p->variant_next[si], (size_t)n * sizeof **p->variant_next);
    Variant *v = &s->variants[s->nvariants];
    memset(v, 0, sizeof *v);
    v->line = line;
    v->next = LESSON_NO_NEXT;
    p->variant_next[si][s->nvariants] = (Link){0};
    s->nvariants = n;
    p->sec = SEC_VARIANT;
    char msg[256];
    uint32_t reads;
    if (!cond_parse(p->l, cond, &v->cond, &reads, msg, sizeof msg)) {
        lesson_err(p, line, "%s", msg);
        return;
    }
    for (int f = 0; f < LESSON_MAX_FLAGS; f++)
        if ((reads >> f & 1u) && !p->flag_read[f])
            p->flag_read[f] = line;
}

static void variant_key(Parser *p, const char *key, const char *value,
                        int line)
{
    Scene *s = cur_scene(p);
    Variant *v = &s->variants[s->nvariants - 1];
    if (strcmp(key, "title") == 0)
        set_text(p, &v->title, key, value, line);
    else if (strcmp(key, "text") == 0)
        set_text(p, &v->text, key, value, line);
    else if (strcmp(key, "next") == 0)
        p->variant_next[p->l->nscenes - 1][s->nvariants - 1] =
            (Link){arena_strdup(&p->l->arena, value), line};
}

static void add_list_text(Parser *p, Text **arr, int *n, const char *key,
                          const char *value, int line)
{
    *arr = xrealloc(*arr, (size_t)(*n + 1) * sizeof **arr);
    Text *t = &(*arr)[(*n)++];
    memset(t, 0, sizeof *t);
    set_text(p, t, key, value, line);
}

static void header_key(Parser *p, const char *key, const char *value, int line)
{
    Lesson *l = p->l;
    if (strcmp(key, "lesson") == 0) {
        if (l->id)
            lesson_err(p, line, "'lesson' given twice");
        else if (!valid_id(value))
            lesson_err(p, line,
                "bad lesson id '%s': use lowercase letters, digits "
                "and -",
                value);
        else
            l->id = arena_strdup(&l->arena, value);
    } else if (strcmp(key, "version") == 0) {
        if (!parse_int(value, &l->version) || l->version < 1)
            lesson_err(p, line,
                "version must be a whole number of 1 or more, not "
                "'%s'",
                value);
    } else if (strcmp(key, "order") == 0) {
        if (!parse_int(value, &l->order))
            lesson_err(p, line, "order must be a whole number, not '%s'", value);
    } else if (strcmp(key, "kind") == 0) {
        if (strcmp(value, "course") != 0 && strcmp(value, "quiz") != 0)
            lesson_err(p, line, "unknown kind '%s' (kinds: course, quiz)", value);
        l->kind = arena_strdup(&l->arena, value);
        l->quiz = strcmp(value, "quiz") == 0;
    } else if (strcmp(key, "title") == 0) {
        set_text(p, &l->title, key, value, line);
    } else if (strcmp(key, "description") == 0) {
        set_text(p, &l->description, key, value, line);
    } else if (strcmp(key, "picture") == 0) {
        set_text(p, &l->picture, key, value, line);
    } else if (strcmp(key, "source") == 0) {
        l->source = arena_strdup(&l->arena, value);
    } else if (strcmp(key, "start") == 0) {
        p->start = (Link){arena_strdup(&l->arena, value), line};
    }
}

static void scene_key(Parser *p, const char *key, const char *value, int line)
{
    Scene *s = cur_scene(p);
    int si = p->l->nscenes - 1;
    if (strcmp(key, "title") == 0) {
        set_text(p, &s->title, key, value, line);
    } else if (strcmp(key, "text") == 0) {
        set_text(p, &s->text, key, value, line);
    } else if (strcmp(key, "explain") == 0) {
        if (!p->l->quiz)
            lesson_err(p, line,
                "'explain' belongs to quiz questions (kind: quiz); "
                "a lesson's choices have feedback");
        set_text(p, &s->explain, key, value, line);
    } else if (strcmp(key, "topic") == 0) {
        s->topic = topic_from_id(value);
        if (s->topic == TOPIC_NONE)
            lesson_err(p, line,
                "unknown topic '%s' (topics: confidentiality, "
                "integrity, availability, responsibility, ciso, "
                "systematic)",
                value);
    } else if (strcmp(key, "next") == 0) {
        if (p->l->quiz)
            lesson_err(p, line, "a quiz question has no 'next:'");
        p->scene_next[si] = (Link){arena_strdup(&p->l->arena, value), line};
    }
}

static void choice_key(Parser *p, const char *key, const char *value, int line)
{
    Scene *s = cur_scene(p);
    Choice *c = cur_choice(p);
    int si = p->l->nscenes - 1;
    if (strcmp(key, "result") == 0) {
        int r = result_from_id(value);
        if (r < 0)
            lesson_err(p, line, "result must be correct, partly or wrong, not '%s'",
                value);
        /* -2: given but bad, reported here; -1 (unset) is reported later */
        c->result = r < 0 ? (Result)-2 : (Result)r;
    } else if (strcmp(key, "feedback") == 0) {
        set_text(p, &c->feedback, key, value, line);
    } else if (strcmp(key, "effect") == 0) {
        if (p->l->quiz)
            lesson_err(p, line, "a quiz question has no 'effect:'");
        parse_effect(p, c, value, line);
    } else if (strcmp(key, "next") == 0) {
        if (p->l->quiz)
            lesson_err(p, line, "a quiz question has no 'next:'");
        p->choice_next[si][s->nchoices - 1] =
            (Link){arena_strdup(&p->l->arena, value), line};
    } else if (strcmp(key, "set") == 0) {
        if (p->l->quiz)
            lesson_err(p, line, "a quiz question has no 'set:'");
        parse_sets(p, c, value, line);
    }
}

/* Which section each key may appear in (bit per Section). */
static const struct {
    const char *key;
    unsigned sections;
    const char *where;
} keys[] = {
    {"lesson", 1u << SEC_HEADER, "the header"},
    {"version", 1u << SEC_HEADER, "the header"},
    {"kind", 1u << SEC_HEADER, "the header"},
    {"order", 1u << SEC_HEADER, "the header"},
    {"description", 1u << SEC_HEADER, "the header"},
    {"picture", 1u << SEC_HEADER, "the header"},
    {"source", 1u << SEC_HEADER, "the header"},
    {"start", 1u << SEC_HEADER, "the header"},
    {"title", 1u << SEC_HEADER | 1u << SEC_SCENE | 1u << SEC_VARIANT,
     "the header or a scene"},
    {"text", 1u << SEC_SCENE | 1u << SEC_VARIANT, "a scene"},
    {"if", 1u << SEC_SCENE | 1u << SEC_VARIANT, "a scene, before its choices"},
    {"explain", 1u << SEC_SCENE, "a quiz question"},
    {"topic", 1u << SEC_SCENE, "a scene"},
    {"next", 1u << SEC_SCENE | 1u << SEC_VARIANT | 1u << SEC_CHOICE,
     "a scene or a choice"},
    {"result", 1u << SEC_CHOICE, "a choice"},
    {"feedback", 1u << SEC_CHOICE, "a choice"},
    {"effect", 1u << SEC_CHOICE, "a choice"},
    {"set", 1u << SEC_CHOICE, "a choice"},
    {"point", 1u << SEC_SUMMARY, "the summary"},
    {"ask", 1u << SEC_SUMMARY, "the summary"},
    {"scene", ~0u, ""},
    {"choice", ~0u, ""},
    {"summary", ~0u, ""},
};

static const char *section_name(Section s)
{
    switch (s) {
    case SEC_HEADER: return "the header";
    case SEC_SCENE: return "a scene";
    case SEC_VARIANT: return "an 'if:' of a scene";
    case SEC_CHOICE: return "a choice";
    case SEC_SUMMARY: return "the summary";
    }
    return "";
}

static void apply(Parser *p, const char *key, const char *value, int line)
{
    size_t k;
    for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (strcmp(keys[k].key, key) == 0)
            break;
    if (k == sizeof keys / sizeof keys[0]) {
        lesson_err(p, line, "unknown key '%s'", key);
        return;
    }
    if (strcmp(key, "scene") == 0) {
        add_scene(p, value, line);
        return;
    }
    if (strcmp(key, "choice") == 0) {
        add_choice(p, value, line);
        return;
    }
    if (strcmp(key, "summary") == 0) {
        if (p->l->summary.src)
            lesson_err(p, line, "'summary' given twice (first at line %d)",
                p->l->summary.line);
        else
            set_text(p, &p->l->summary, key, value, line);
        p->summary_line = line;
        p->sec = SEC_SUMMARY;
        return;
    }
    if (!(keys[k].sections & (1u << p->sec))) {
        lesson_err(p, line, "'%s' cannot appear in %s (it belongs in %s)", key,
            section_name(p->sec), keys[k].where);
        return;
    }
    if (strcmp(key, "if") == 0) {
        if (p->l->quiz)
            lesson_err(p, line, "a quiz question has no 'if:'");
        add_variant(p, value, line);
        return;
    }
    switch (p->sec) {
    case SEC_HEADER: header_key(p, key, value, line); break;
    case SEC_SCENE: scene_key(p, key, value, line); break;
    case SEC_VARIANT: variant_key(p, key, value, line); break;
    case SEC_CHOICE: choice_key(p, key, value, line); break;
    case SEC_SUMMARY:
        if (strcmp(key, "point") == 0)
            add_list_text(p, &p->l->points, &p->l->npoints, key, value, line);
        else
            add_list_text(p, &p->l->asks, &p->l->nasks, key, value, line);
        break;
    }
}

static void parse_lines(Parser *p, const char *text, size_t len)
{
    StrBuf value = {0};
    char key[32] = "";
    int key_line = 0;
    bool open = false, after_blank = false;
    int lineno = 0;
    size_t pos = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        char *line = xstrndup(text + pos, end - pos);
        pos = end + 1;
        lineno++;
        char *t = vk_trim(line);
        if (line[0] == '#' || (!*t && (after_blank = true))) {
            free(line);
            continue;
        }
        if (line[0] == ' ' || line[0] == '\t') {
            if (!open)
                lesson_err(p, lineno,
                    "indented line continues nothing: keys start "
                    "at the beginning of a line");
            else if (after_blank)
                lesson_err(p, lineno,
                    "continuation after a blank line: remove the "
                    "blank line or the indentation");
            else {
                strbuf_append(&value, " ", 1);
                strbuf_append(&value, t, strlen(t));
            }
            free(line);
            continue;
        }
        if (open)
            apply(p, key, value.data ? value.data : "", key_line);
        open = false;
        after_blank = false;
        char *colon = strchr(line, ':');
        size_t klen = colon ? (size_t)(colon - line) : 0;
        bool ok = colon && klen > 0 && klen < sizeof key;
        for (size_t i = 0; ok && i < klen; i++)
            ok = islower((unsigned char)line[i]) != 0;
        if (!ok) {
            lesson_err(p, lineno, "expected 'key: value', got '%.40s'", t);
            free(line);
            continue;
        }
        memcpy(key, line, klen);
        key[klen] = '\0';
        key_line = lineno;
        value.len = 0;
        char *v = vk_trim(colon + 1);
        strbuf_append(&value, v, strlen(v));
        open = true;
        free(line);
    }
    if (open)
        apply(p, key, value.data ? value.data : "", key_line);
    p->last_line = lineno;
    free(value.data);
}

static int line_of_offset(const char *text, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

static Lesson *parse(const char *path, const char *text, size_t len,
                     Diags *diags, bool walk);

Lesson *lesson_parse(const char *path, const char *text, size_t len,
                     Diags *diags)
{
    return parse(path, text, len, diags, true);
}

static Lesson *parse(const char *path, const char *text, size_t len,
                     Diags *diags, bool walk)
{
    size_t bad;
    if (!utf8_valid(text, len, &bad)) {
        diags_add(diags, path, line_of_offset(text, bad),
                  "bad UTF-8 (byte 0x%02x): save the file as UTF-8",
                  (unsigned char)text[bad]);
        return NULL;
    }
    if (memchr(text, '\0', len)) {
        diags_add(
            diags, path,
            line_of_offset(
                text, (size_t)((const char *)memchr(text, '\0', len) - text)),
            "NUL byte in a text file");
        return NULL;
    }
    Lesson *l = xcalloc(1, sizeof *l);
    l->path = arena_strdup(&l->arena, path);
    l->kind = "course";
    Parser p = {.l = l, .path = path, .diags = diags, .sec = SEC_HEADER};
    parse_lines(&p, text, len);
    int first = 1;
    if (!l->id)
        lesson_err(&p, first, "missing 'lesson:' (the lesson's id)");
    if (!l->version)
        lesson_err(&p, first, "missing 'version:'");
    if (!l->title.src)
        lesson_err(&p, first, "missing 'title:'");
    lesson_check(&p);
    if (walk && p.errors == 0 && !l->quiz)
        p.errors += lesson_check_paths(l, path, diags);
    if (!l->summary.src && !l->quiz)
        lesson_err(&p, p.last_line ? p.last_line : 1,
            "missing 'summary:' at the end of the lesson");
    for (int i = 0; i < l->nscenes; i++) {
        free(p.choice_next[i]);
        free(p.variant_next[i]);
    }
    free(p.variant_next);
    free(p.choice_next);
    free(p.scene_next);
    if (p.errors) {
        lesson_free(l);
        return NULL;
    }
    lesson_collect_texts(l);
    return l;
}

Lesson *lesson_load_with(const char *path, Diags *diags, bool walk)
{
    size_t len;
    char *text = read_file_diag(path, &len, diags);
    if (!text)
        return NULL;
    Lesson *l = parse(path, text, len, diags, walk);
    free(text);
    return l;
}

Lesson *lesson_load(const char *path, Diags *diags)
{
    return lesson_load_with(path, diags, true);
}
