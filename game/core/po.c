/*
 * po.c - a PO reader (see po.h). The translated, non-fuzzy entries are
 * kept in util's map: "ctx\004msgid" keys, each with its msgstr; the Po
 * owns both.
 */
#include "po.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Po {
    char *path;
    char language[32];
    VkMap keys; /* key -> char *msgstr, both owned by the Po */
};

typedef enum { F_NONE, F_CTX, F_ID, F_PLURAL, F_STR } Field;

typedef struct Entry {
    StrBuf ctx, id, str;
    bool has_ctx, has_id, fuzzy, translated;
    int line;
} Entry;

/* Adds key and its translation; the map then owns both. */
static void set_insert(Po *po, char *key, const char *str)
{
    if (vk_map_find(&po->keys, key))
        free(key); /* the same entry again */
    else
        *(char **)vk_map_get(&po->keys, key) = xstrdup(str);
}

static char *make_key(const char *ctx, const char *msgid)
{
    return ctx ? xasprintf("%s\004%s", ctx, msgid) : xstrdup(msgid);
}

bool po_translated(const Po *po, const char *ctx, const char *msgid)
{
    return po_lookup(po, ctx, msgid) != NULL;
}

const char *po_lookup(const Po *po, const char *ctx, const char *msgid)
{
    char *key = make_key(ctx, msgid);
    char **str = vk_map_find(&po->keys, key);
    free(key);
    return str ? *str : NULL;
}

/* Appends the C-escaped string that starts at the quote in s. */
static bool unquote(const char *s, StrBuf *out)
{
    if (*s != '"')
        return false;
    for (s++; *s && *s != '"'; s++) {
        char c = *s;
        if (c == '\\') {
            s++;
            switch (*s) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            default: return false;
            }
        }
        strbuf_append(out, &c, 1);
    }
    if (*s != '"')
        return false;
    for (s++; *s == ' ' || *s == '\t' || *s == '\r'; s++)
        ;
    return *s == '\0';
}

static void header_language(Po *po, const char *header)
{
    const char *l = strstr(header, "Language:");
    if (!l)
        return;
    l += 9;
    while (*l == ' ')
        l++;
    size_t n = strcspn(l, "\n");
    snprintf(po->language, sizeof po->language, "%.*s", (int)n, l);
}

static void finish_entry(Po *po, Entry *e)
{
    const char *id = e->id.data ? e->id.data : "";
    if (e->has_id) {
        if (!*id && !e->has_ctx)
            header_language(po, e->str.data ? e->str.data : "");
        else if (!e->fuzzy && e->translated)
            set_insert(
                po,
                make_key(e->has_ctx ? (e->ctx.data ? e->ctx.data : "") : NULL,
                         id),
                e->str.data ? e->str.data : "");
    }
    e->ctx.len = e->id.len = e->str.len = 0;
    if (e->ctx.data)
        e->ctx.data[0] = '\0';
    if (e->id.data)
        e->id.data[0] = '\0';
    if (e->str.data)
        e->str.data[0] = '\0';
    e->has_ctx = e->has_id = e->fuzzy = e->translated = false;
}

static bool parse_po(Po *po, const char *text, Diags *diags)
{
    Entry e = {0};
    Field field = F_NONE;
    int lineno = 0, errors = 0;
    bool after_str = false;
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        char *line = xstrndup(p, n);
        p += n + (p[n] == '\n');
        lineno++;
        char *t = line;
        while (*t == ' ' || *t == '\t')
            t++;
        if (!*t || *t == '\r') {
            free(line);
            continue;
        }
        bool keyword = *t != '"' && *t != '#';
        if (after_str && (keyword || t[0] == '#')) {
            /* a new entry begins */
            if (keyword && strncmp(t, "msgstr", 6) == 0) {
                /* msgstr[1] and so on belong to the same entry */
            } else {
                finish_entry(po, &e);
                after_str = false;
            }
        }
        if (t[0] == '#') {
            if (t[1] == ',' && strstr(t, "fuzzy"))
                e.fuzzy = true;
            /* obsolete entries ("#~") are kept by msgmerge, not used */
            free(line);
            continue;
        }
        StrBuf *target = NULL;
        const char *rest = t;
        if (strncmp(t, "msgctxt ", 8) == 0) {
            field = F_CTX, e.has_ctx = true, target = &e.ctx, rest = t + 8;
        } else if (strncmp(t, "msgid_plural ", 13) == 0) {
            field = F_PLURAL, rest = t + 13;
        } else if (strncmp(t, "msgid ", 6) == 0) {
            field = F_ID, e.has_id = true, target = &e.id, rest = t + 6;
            e.line = lineno;
        } else if (strncmp(t, "msgstr", 6) == 0) {
            rest = strchr(t, ' ');
            field = F_STR, target = &e.str, after_str = true;
            rest = rest ? rest + 1 : t + strlen(t);
        } else if (*t == '"') {
            target = field == F_CTX   ? &e.ctx
                     : field == F_ID  ? &e.id
                     : field == F_STR ? &e.str
                                      : NULL;
            if (field == F_NONE) {
                diags_add(diags, po->path, lineno, "string outside an entry");
                errors++;
            }
        } else {
            diags_add(diags, po->path, lineno, "unknown keyword in '%.30s'", t);
            errors++;
            free(line);
            continue;
        }
        while (*rest == ' ')
            rest++;
        StrBuf tmp = {0};
        if (!unquote(rest, &tmp)) {
            diags_add(diags, po->path, lineno,
                      "bad string: expected text "
                      "in double quotes");
            errors++;
        } else if (target) {
            strbuf_append(target, tmp.data ? tmp.data : "", tmp.len);
            if (field == F_STR && tmp.len)
                e.translated = true;
        } else if (field == F_PLURAL) {
            /* plural ids do not take part in lookups here */
        }
        free(tmp.data);
        free(line);
    }
    finish_entry(po, &e);
    free(e.ctx.data);
    free(e.id.data);
    free(e.str.data);
    return errors == 0;
}

Po *po_load(const char *path, Diags *diags)
{
    VkError err;
    size_t len;
    char *text = read_file(path, &len, &err);
    if (!text) {
        diags_add(diags, path, 0, "cannot read this translation file");
        return NULL;
    }
    size_t bad;
    Po *po = xcalloc(1, sizeof *po);
    po->path = xstrdup(path);
    vk_map_init_strings(&po->keys, sizeof(char *), 256);
    bool ok = true;
    if (!utf8_valid(text, len, &bad)) {
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        diags_add(diags, path, line, "bad UTF-8: save the file as UTF-8");
        ok = false;
    } else {
        ok = parse_po(po, text, diags);
    }
    free(text);
    if (!ok) {
        po_free(po);
        return NULL;
    }
    if (!po->language[0]) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        snprintf(po->language, sizeof po->language, "%.*s",
                 (int)strcspn(base, "."), base);
    }
    return po;
}

void po_free(Po *po)
{
    if (!po)
        return;
    const void *key;
    void *str;
    for (size_t at = 0; vk_map_next(&po->keys, &at, &key, &str);) {
        free((void *)key);
        free(*(char **)str);
    }
    vk_map_free(&po->keys);
    free(po->path);
    free(po);
}

const char *po_language(const Po *po)
{
    return po->language;
}

const char *po_path(const Po *po)
{
    return po->path;
}
