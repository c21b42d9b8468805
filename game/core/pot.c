/*
 * pot.c - PO template entries for lessons, and the translation check that
 * check-lessons runs (see pot.h).
 */
#include "pot.h"

#include <string.h>

static void write_quoted(StrBuf *out, const char *s)
{
    strbuf_append(out, "\"", 1);
    for (; *s; s++) {
        switch (*s) {
        case '"': strbuf_append(out, "\\\"", 2); break;
        case '\\': strbuf_append(out, "\\\\", 2); break;
        case '\n': strbuf_append(out, "\\n", 2); break;
        case '\t': strbuf_append(out, "\\t", 2); break;
        default: strbuf_append(out, s, 1);
        }
    }
    strbuf_append(out, "\"", 1);
}

/* The field a context names, for the translator's comment. */
static const char *field_of(const char *ctx)
{
    const char *slash = strrchr(ctx, '/');
    return slash ? slash + 1 : ctx;
}

void pot_write_lessons(StrBuf *out, const LessonSet *set)
{
    for (int i = 0; i < set->count; i++) {
        const Lesson *l = set->items[i];
        for (int t = 0; t < l->ntexts; t++) {
            const Text *tx = l->texts[t];
            strbuf_printf(out, "\n#. %s\n#: %s:%d\nmsgctxt ", field_of(tx->ctx),
                          l->path, tx->line);
            write_quoted(out, tx->ctx);
            strbuf_append(out, "\nmsgid ", 7);
            write_quoted(out, tx->src);
            strbuf_append(out, "\nmsgstr \"\"\n", 11);
        }
    }
}

int pot_check_translations(const LessonSet *set, const Po *po, Diags *diags)
{
    int missing = 0;
    for (int i = 0; i < set->count; i++) {
        const Lesson *l = set->items[i];
        for (int t = 0; t < l->ntexts; t++) {
            const Text *tx = l->texts[t];
            if (po_translated(po, tx->ctx, tx->src))
                continue;
            diags_add(diags, l->path, tx->line,
                      "no %s translation for %s (in %s; run the update-po "
                      "target and translate it)",
                      po_language(po), tx->ctx, po_path(po));
            missing++;
        }
    }
    return missing;
}
