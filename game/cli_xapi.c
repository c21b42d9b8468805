/*
 * cli_xapi.c - the learning record store's commands: `xapi export`
 * writes the statements of xapi.h to a file, `xapi send` posts them to an
 * LRS in batches (libcurl, opened by curl_load.c), remembering in the
 * database which ones each LRS has accepted, so that the next run goes on
 * where one stopped. Both read every learner's answers (pseudonymous):
 * on a file they are the CISO's, on a server the LRS feed's own role's
 * (vaksam_xapi). Neither holds
 * the statements in memory: export writes each as it is made, and send
 * keeps the ones the LRS lacks in a private spool file (unlinked at once)
 * while the store is read, then posts them from there.
 */
#include "cli.h"

#include "i18n.h"
#include "report.h"
#include "xapi.h"

#include "curl_load.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { XAPI_BATCH = 50, XAPI_TIMEOUT_S = 60, XAPI_REPLY_SHOWN = 300 };

/* A date YYYY-MM-DD that exists. */
static bool good_date(const char *s)
{
    int y, m, d;
    char end;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 2000 && m >= 1 && m <= 12 && d >= 1 &&
           d <= days[m - 1] - (m == 2 && !leap);
}

/* The options of `xapi export` and `xapi send`: -1 when they are good. */
static int xapi_options(const Options *o, bool send)
{
    if (o->since && !good_date(o->since))
        return bad_usage(_("--since takes a date as YYYY-MM-DD, not '%s'"),
                         o->since);
    if (!send && !o->out)
        return bad_usage("%s", _("say where to write the statements: 'vaksam "
                                 "xapi export --out FILE'"));
    return -1;
}

/* The lessons, the CISO signed in and what the statements are made
 * with; NULL store when it could not (said why). */
static Store *open_export(const Options *o, XapiOptions *xo,
                          LessonSet *course, LessonSet *pools)
{
    Diags d = {0};
    lessonset_load_dir(course, o->cfg.lessons, &d);
    lessonset_take_quizzes(course, pools);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    diags_free(&d);
    char *db;
    Store *s = open_for_xapi(o, &db);
    free(db);
    if (!s)
        return NULL;
    VkError err;
    xo->course = course;
    xo->pools = pools;
    xo->groups_only = o->groups_only;
    if (report_k(s, &xo->k, &err) < 0 ||
        xapi_load(xo, s, o->cfg.xapi_homepage, &err) < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
        store_close(s);
        return NULL;
    }
    return s;
}

/* Makes the statements, each handed to l's sink: 0, or 1 having said
 * why not. */
static int gather(const Options *o, Store *s, const XapiOptions *xo,
                  XapiList *l)
{
    VkError err;
    if (xapi_collect(s, xo, o->since, l, &err) < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
        return 1;
    }
    if (l->left_out)
        fprintf(stderr,
                _("Left out %d attempts of learners in units of fewer than "
                  "%d learners (--groups-only).\n"),
                l->left_out, xo->k);
    else if (xo->groups_only && store_publishes(s))
        fprintf(stderr,
                _("Left out the attempts of learners in units of fewer than "
                  "%d learners (--groups-only); the server does not say how "
                  "many, since the count would tell when they were made.\n"),
                xo->k);
    return 0;
}

/* The export's file, written as the statements are made: one JSON
 * array, every write checked. It is opened at the first statement (or
 * at the end, for none), so a refused password leaves a file as it was. */
typedef struct Out {
    FILE *f;
    const char *path;
    int written;
} Out;

static int out_fail(const Out *w, VkError *err)
{
    vk_error_set(err, _("%s: cannot write the file: %s"), w->path,
                 strerror(errno));
    return -1;
}

static int out_open(Out *w, VkError *err)
{
    if (!w->f && (!(w->f = fopen_private(w->path)) || fputs("[", w->f) == EOF))
        return out_fail(w, err);
    return 0;
}

static int write_one(void *ctx, const XapiStatement *x, VkError *err)
{
    Out *w = ctx;
    size_t n = strlen(x->json);
    if (out_open(w, err) < 0)
        return -1;
    if (fputs(w->written ? ",\n" : "\n", w->f) == EOF ||
        fwrite(x->json, 1, n, w->f) != n)
        return out_fail(w, err);
    w->written++;
    return 0;
}

/* Ends the array and closes the file: 0, or 1 having said why; a file
 * left incomplete is removed, so that no half an array is loaded. */
static int out_close(Out *w, bool complete)
{
    VkError err;
    bool ok = complete && out_open(w, &err) == 0 &&
              fputs("\n]\n", w->f) != EOF && fflush(w->f) == 0 &&
              !ferror(w->f);
    if (complete && !ok)
        fprintf(stderr, "vaksam: %s\n", (out_fail(w, &err), err.msg));
    if (w->f && fclose(w->f) != 0 && ok) {
        fprintf(stderr, "vaksam: %s\n", (out_fail(w, &err), err.msg));
        ok = false;
    }
    if (w->f && !ok)
        unlink(w->path);
    return ok ? 0 : 1;
}

static int cmd_export(const Options *o)
{
    XapiOptions xo = {0};
    Out w = {NULL, o->out, 0};
    XapiList l = {.sink = write_one, .sink_ctx = &w};
    LessonSet course = {0}, pools = {0};
    Store *s = open_export(o, &xo, &course, &pools);
    int status = out_close(&w, s && gather(o, s, &xo, &l) == 0);
    if (s)
        store_close(s);
    if (status == 0)
        fprintf(stderr, _("Wrote %d xAPI statements of %d attempts to %s.\n"),
                l.count, l.attempts, o->out);
    xapi_unload(&xo);
    xapi_list_free(&l);
    lessonset_free(&course);
    lessonset_free(&pools);
    return status;
}

/* ---- sending ---- */

typedef struct Sender {
    CURL *curl;
    char *url; /* ENDPOINT/statements */
    StrBuf reply;
    char curl_error[CURL_ERROR_SIZE];
} Sender;

static size_t take_reply(char *p, size_t size, size_t n, void *ctx)
{
    StrBuf *sb = ctx;
    if (sb->len < 4096)
        strbuf_append(sb, p, size * n);
    return size * n;
}

/* A password others can read is everyone's: refused for sending. */
static bool password_kept_private(const Options *o)
{
    ConfigSource src = o->cfg.from[CONFIG_XAPI_PASSWORD];
    struct stat st;
    if (!o->cfg.xapi_password || !src.where || src.layer == CONFIG_ENV ||
        stat(src.where, &st) != 0 || !(st.st_mode & (S_IRGRP | S_IROTH)))
        return true;
    fprintf(stderr,
            _("vaksam: %s:%d: the xapi-password is in a file others can "
              "read; nothing was sent (make it private with 'chmod 600 %s')\n"),
            src.where, src.line, src.where);
    return false;
}

static bool sender_open(Sender *x, const Options *o, const char *endpoint)
{
    memset(x, 0, sizeof *x);
    x->curl = curl_easy_init();
    if (!x->curl) {
        fprintf(stderr, "vaksam: %s\n", _("cannot start libcurl"));
        return false;
    }
    x->url = xasprintf("%s/statements", endpoint);
    curl_easy_setopt(x->curl, CURLOPT_URL, x->url);
    curl_easy_setopt(x->curl, CURLOPT_TIMEOUT, (long)XAPI_TIMEOUT_S);
    curl_easy_setopt(x->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(x->curl, CURLOPT_ERRORBUFFER, x->curl_error);
    curl_easy_setopt(x->curl, CURLOPT_WRITEFUNCTION, take_reply);
    curl_easy_setopt(x->curl, CURLOPT_WRITEDATA, &x->reply);
    curl_easy_setopt(x->curl, CURLOPT_PROTOCOLS_STR, "http,https");
    if (o->cfg.xapi_username) {
        curl_easy_setopt(x->curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(x->curl, CURLOPT_USERNAME, o->cfg.xapi_username);
        curl_easy_setopt(x->curl, CURLOPT_PASSWORD,
                         o->cfg.xapi_password ? o->cfg.xapi_password : "");
    }
    return true;
}

static void sender_close(Sender *x)
{
    if (x->curl)
        curl_easy_cleanup(x->curl);
    free(x->url);
    free(x->reply.data);
}

/* Posts one batch; true when the LRS took it, else err says why. */
static bool post(Sender *x, const StrBuf *body, VkError *err)
{
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "X-Experience-API-Version: 1.0.3");
    x->reply.len = 0;
    x->curl_error[0] = '\0';
    curl_easy_setopt(x->curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(x->curl, CURLOPT_POSTFIELDS, body->data);
    curl_easy_setopt(x->curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     (curl_off_t)body->len);
    CURLcode rc = curl_easy_perform(x->curl);
    curl_slist_free_all(h);
    long code = 0;
    curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &code);
    if (rc != CURLE_OK) {
        vk_error_set(err, "%s", x->curl_error[0] ? x->curl_error
                                                 : curl_easy_strerror(rc));
        return false;
    }
    if (code == 200 || code == 204)
        return true;
    int shown = (int)(x->reply.len < XAPI_REPLY_SHOWN ? x->reply.len
                                                      : XAPI_REPLY_SHOWN);
    vk_error_set(err, _("the server answered HTTP %ld: %.*s"), code, shown,
                 x->reply.data ? x->reply.data : "");
    return false;
}

/* The statements the endpoint lacks, spooled as they are made: the ids
 * it has, sorted (16 bytes each: a million in 16 MB), and the others
 * written to a private file, one a line: the id, a tab, the statement. */
typedef struct Spool {
    unsigned char (*sent)[UUID_BYTES];
    size_t nsent, cap;
    FILE *f;
    int total, unsent;
} Spool;

static void mark(void *ctx, const char *id)
{
    Spool *sp = ctx;
    if (sp->nsent == sp->cap) {
        sp->cap = sp->cap ? 2 * sp->cap : 1024;
        sp->sent = xrealloc(sp->sent, sp->cap * sizeof *sp->sent);
    }
    if (uuid_parse(id, sp->sent[sp->nsent]))
        sp->nsent++;
}

static int by_bytes(const void *a, const void *b)
{
    return memcmp(a, b, UUID_BYTES);
}

static bool was_sent(const Spool *sp, const char *id)
{
    unsigned char u[UUID_BYTES];
    return sp->nsent > 0 && uuid_parse(id, u) &&
           bsearch(u, sp->sent, sp->nsent, UUID_BYTES, by_bytes) != NULL;
}

static int spool_fail(VkError *err)
{
    vk_error_set(err, _("cannot write the statements to a temporary file: %s"),
                 strerror(errno));
    return -1;
}

static int spool_one(void *ctx, const XapiStatement *x, VkError *err)
{
    Spool *sp = ctx;
    sp->total++;
    if (was_sent(sp, x->id))
        return 0;
    sp->unsent++;
    if (fprintf(sp->f, "%s\t%s\n", x->id, x->json) < 0)
        return spool_fail(err);
    return 0;
}

/* A file only this process can reach: made private in $TMPDIR (or /tmp)
 * and unlinked at once. */
static FILE *spool_file(VkError *err)
{
    const char *dir = getenv("TMPDIR");
    char *path = xasprintf("%s/vaksam-xapi-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w+");
    if (fd >= 0)
        unlink(path);
    if (!f) {
        vk_error_set(err, _("%s: cannot make a temporary file: %s"), path,
                     strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    free(path);
    return f;
}

/* Spools what the endpoint lacks: 0, or 1 having said why not. */
static int spool_unsent(const Options *o, Store *s, const XapiOptions *xo,
                        const char *endpoint, Spool *sp)
{
    VkError err;
    if (store_xapi_sent(s, endpoint, mark, sp, &err) < 0 ||
        !(sp->f = spool_file(&err))) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
        return 1;
    }
    if (sp->nsent)
        qsort(sp->sent, sp->nsent, UUID_BYTES, by_bytes);
    XapiList l = {.sink = spool_one, .sink_ctx = sp};
    int status = gather(o, s, xo, &l);
    if (status == 0 && (fflush(sp->f) != 0 || ferror(sp->f))) {
        fprintf(stderr, "vaksam: %s\n", (spool_fail(&err), err.msg));
        status = 1;
    }
    rewind(sp->f);
    return status;
}

static void spool_free(Spool *sp)
{
    if (sp->f)
        fclose(sp->f);
    free(sp->sent);
}

/* The next batch from the spool: up to XAPI_BATCH statements as one JSON
 * array in body, their ids in ids (each XAPI_ID bytes); how many. */
enum { XAPI_ID = 40 };
static int next_batch(Spool *sp, StrBuf *body, char ids[][XAPI_ID],
                      char **line, size_t *cap)
{
    int n = 0;
    body->len = 0;
    strbuf_append(body, "[", 1);
    while (n < XAPI_BATCH && getline(line, cap, sp->f) > 0) {
        char *tab = strchr(*line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        snprintf(ids[n], XAPI_ID, "%s", *line);
        size_t len = strcspn(tab + 1, "\n");
        strbuf_append(body, n ? ",\n" : "\n", n ? 2 : 1);
        strbuf_append(body, tab + 1, len);
        n++;
    }
    strbuf_append(body, "\n]\n", 3);
    return n;
}

/* Sends the spooled statements in batches, each remembered in the store
 * as soon as the LRS has it; 0, or 1 having said which batch failed and
 * why. */
static int send_batches(Sender *x, Store *s, const char *endpoint, Spool *sp)
{
    int n = sp->unsent, batches = (n + XAPI_BATCH - 1) / XAPI_BATCH;
    StrBuf body = {0};
    char ids[XAPI_BATCH][XAPI_ID], *line = NULL;
    size_t cap = 0;
    int status = 0;
    for (int b = 0; b < batches && status == 0; b++) {
        int first = b * XAPI_BATCH;
        int count = next_batch(sp, &body, ids, &line, &cap);
        VkError err;
        const char *list[XAPI_BATCH];
        for (int i = 0; i < count; i++)
            list[i] = ids[i];
        bool ok = count == (n - first < XAPI_BATCH ? n - first : XAPI_BATCH);
        if (!ok)
            vk_error_set(&err, "%s",
                         _("the temporary file of the statements ended "
                           "early"));
        ok = ok && post(x, &body, &err) &&
             store_xapi_mark_sent(s, endpoint, list, count, &err) == 0;
        if (!ok) {
            fprintf(stderr,
                    _("vaksam: %s: batch %d of %d (statements %d to %d of "
                      "%d) was not sent: %s; the next 'vaksam xapi send' "
                      "goes on from there\n"),
                    x->url, b + 1, batches, first + 1, first + count, n,
                    err.msg);
            status = 1;
        } else {
            fprintf(stderr, _("Sent batch %d of %d (%d statements).\n"),
                    b + 1, batches, count);
        }
    }
    free(line);
    free(body.data);
    return status;
}

/* The endpoint as the store remembers it: the URL without trailing
 * slashes (caller frees); NULL when there is none or it is no URL. */
static char *endpoint_of(const Options *o)
{
    const char *url = o->nargs > 0 ? o->args[0] : o->cfg.xapi_endpoint;
    if (!url) {
        bad_usage("%s", _("say where to send: 'vaksam xapi send URL', or "
                          "xapi-endpoint in the configuration file"));
        return NULL;
    }
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        bad_usage(_("'xapi send' takes an http:// or https:// URL, not "
                    "'%s'"),
                  url);
        return NULL;
    }
    char *e = xstrdup(url);
    for (size_t n = strlen(e); n > 8 && e[n - 1] == '/'; n--)
        e[n - 1] = '\0';
    return e;
}

static int send_all(const Options *o, Store *s, const XapiOptions *xo,
                    const char *endpoint)
{
    Spool sp = {0};
    int status = spool_unsent(o, s, xo, endpoint, &sp);
    Sender x;
    if (status != 0) {
        /* said */
    } else if (sp.unsent == 0) {
        fprintf(stderr,
                _("%s has every one of the %d statements already.\n"),
                endpoint, sp.total);
    } else if (!sender_open(&x, o, endpoint)) {
        status = 1;
    } else {
        status = send_batches(&x, s, endpoint, &sp);
        if (status == 0)
            fprintf(stderr,
                    _("Sent %d xAPI statements to %s (%d were there "
                      "already).\n"),
                    sp.unsent, endpoint, sp.total - sp.unsent);
        sender_close(&x);
    }
    spool_free(&sp);
    return status;
}

static int cmd_send(const Options *o)
{
    char *endpoint = endpoint_of(o);
    if (!endpoint)
        return 2;
    if (!password_kept_private(o)) {
        free(endpoint);
        return 1;
    }
    VkError why;
    if (!curl_load(&why)) {
        fprintf(stderr, "vaksam: %s\n", why.msg);
        free(endpoint);
        return 1;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "vaksam: %s\n", _("cannot start libcurl"));
        free(endpoint);
        return 1;
    }
    XapiOptions xo = {0};
    LessonSet course = {0}, pools = {0};
    Store *s = open_export(o, &xo, &course, &pools);
    int status = s ? send_all(o, s, &xo, endpoint) : 1;
    if (s)
        store_close(s);
    xapi_unload(&xo);
    lessonset_free(&course);
    lessonset_free(&pools);
    curl_global_cleanup();
    free(endpoint);
    return status;
}

static int cmd_xapi(const Options *o, bool send)
{
    int status = xapi_options(o, send);
    if (status >= 0)
        return status;
    return send ? cmd_send(o) : cmd_export(o);
}

int cmd_xapi_export(const Options *o)
{
    return cmd_xapi(o, false);
}

int cmd_xapi_send(const Options *o)
{
    return cmd_xapi(o, true);
}
