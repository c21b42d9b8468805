/*
 * store_relay.c - the learner's store when the organisation keeps its
 * answers on a PostgreSQL server (store.h: store_relay_open): a SQLite
 * file on the workstation that takes every answer first, durably, and
 * the server that gets it from there, exactly once, in order.
 *
 * Every write goes to the local file (a queue: store_sqlite_queue.c) and
 * is then sent on at once when the server is there (store_pg_queue.c);
 * when it is not, the learner goes on against the file, and what waits is
 * sent once the server answers again. Rows keep their uid everywhere, so
 * one sent twice (the reply lost) lands once. On opening, with the server
 * there, the learner's units come from it, and so do attempts made on
 * other machines: the server is the truth once it can be reached, and a
 * learner who moves desks goes on where they were. Reports and the
 * CISO's commands go to the server.
 *
 * Trying the server again never waits for it: a try (at most every
 * RETRY_SECONDS at the next write, or at once by store_send_now) is a
 * connection made without blocking (store_pg_connect.c), taken a step
 * further at each write and each store_send_now, which the window calls
 * often while a try is under way. Only once the server has answered and
 * the connection is up does the relay sign in, check the schema and send
 * the queue. So a server whose host drops packets costs the learner
 * nothing; one that stops answering in the middle of a statement still
 * holds that statement up (libpq's statements wait for their reply), and
 * opening waits for the server, as it must tell a refused login at once.
 */
#include "store_queue.h"
#include "store_sqlite.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { RETRY_SECONDS = 30 };

typedef struct RelayStore {
    const StoreOps *ops; /* first: store_backend.h */
    Store *local;        /* the queue */
    Store *server;       /* NULL while it cannot be reached */
    StorePgConnect *connecting; /* a try under way, or NULL */
    char *uri, *where;
    time_t next_try;
    bool learner_sent; /* this connection has the learner's row */
    char login[128];   /* the learner, as the server knows them */
    /* HR's list as the server last said (learners import): whether it
     * is kept, and whether the learner is on it or has left */
    bool roster, listed, left;
    char problem[1024]; /* why the last sending stopped, "" when it did not */
} RelayStore;

static RelayStore *relay(const Store *s)
{
    return (RelayStore *)(void *)s;
}

static void go_away(RelayStore *r, const char *why)
{
    store_close(r->server);
    r->server = NULL;
    store_pg_connect_free(r->connecting);
    r->connecting = NULL;
    r->learner_sent = false;
    r->next_try = time(NULL) + RETRY_SECONDS;
    snprintf(r->problem, sizeof r->problem, "%s", why);
}

/* The learner's row on the server, as this machine has it. */
static int send_learner(RelayStore *r, VkError *err)
{
    Learner le, out;
    int found = store_find_learner(r->local, r->login, &le, err);
    if (found <= 0 || r->learner_sent)
        return found < 0 ? -1 : 0;
    if (store_save_learner(r->server, r->login, le.unit_id, le.role, &out,
                           err) < 0)
        return -1;
    r->learner_sent = true;
    return 0;
}

static int course_lessons(RelayStore *r)
{
    char *v = NULL;
    VkError err;
    int n = store_get_setting(r->local, "queue_course_lessons", &v, &err) == 1
                ? atoi(v)
                : 0;
    free(v);
    return n;
}

/* Sends what waits, oldest first, until nothing does or the server stops
 * taking it. Never fails the learner's own write: what could not go
 * stays in the queue, and the problem is kept for the status line. */
static void deliver(RelayStore *r)
{
    VkError err;
    if (!r->server || send_learner(r, &err) < 0) {
        if (r->server)
            snprintf(r->problem, sizeof r->problem, "%s", err.msg);
        return;
    }
    int lessons = course_lessons(r);
    for (;;) {
        QueuedAttempt a;
        int got = sq_queue_next(r->local, &a, &err);
        if (got <= 0) {
            if (got < 0)
                snprintf(r->problem, sizeof r->problem, "%s", err.msg);
            else
                r->problem[0] = '\0';
            return;
        }
        int rc = pgs_queue_put(r->server, &a, lessons, &err);
        if (rc == 0)
            rc = sq_queue_sent(r->local, &a, &err);
        queued_clear(&a);
        if (rc < 0) {
            if (!pgs_connected(r->server))
                go_away(r, err.msg);
            else
                snprintf(r->problem, sizeof r->problem, "%s", err.msg);
            return;
        }
    }
}

/* Brings the server's side in: units, the learner's row, and the
 * learner's attempts from other machines. */
static int take_in(RelayStore *r, VkError *err)
{
    Unit *units;
    int n;
    if (store_list_units(r->server, &units, &n, err) < 0)
        return -1;
    int rc = sq_queue_units(r->local, units, n, err);
    free(units);
    Learner here, there;
    if (rc == 0)
        rc = store_roster_kept(r->server, &r->roster, err);
    int found = rc < 0 ? -1 : store_find_learner(r->server, r->login, &there, err);
    r->listed = found > 0 && there.listed;
    r->left = found > 0 && there.left;
    if (found <= 0)
        return found;
    if (store_save_learner(r->local, r->login, there.unit_id, there.role,
                           &here, err) < 0)
        return -1;
    r->learner_sent = true;
    QueuedAttempt *all;
    if (pgs_queue_all(r->server, &all, &n, err) < 0)
        return -1;
    for (int i = 0; i < n && rc == 0; i++)
        rc = sq_queue_take(r->local, here.id, &all[i], err);
    queued_free_all(all, n);
    return rc;
}

/* The server has answered: what this machine did while away goes
 * first, then what others did. */
static void arrive(RelayStore *r, Store *server)
{
    VkError err;
    r->server = server;
    snprintf(r->login, sizeof r->login, "%s", store_login(server));
    deliver(r);
    if (r->server && take_in(r, &err) < 0) {
        if (!pgs_connected(r->server))
            go_away(r, err.msg);
        else
            snprintf(r->problem, sizeof r->problem, "%s", err.msg);
    }
}

/* Takes the try at the server as far as it goes without waiting,
 * starting one when it is time: 0 when the server is there,
 * STORE_TRYING while a try goes on, -1 (err) when it failed or none is
 * due. */
static int reach(RelayStore *r, VkError *err)
{
    if (r->server)
        return 0;
    if (!r->connecting) {
        if (time(NULL) < r->next_try) {
            vk_error_set(err, "%s", r->problem);
            return -1;
        }
        r->connecting = store_pg_connect_start(r->uri, err);
        if (!r->connecting) {
            go_away(r, err->msg);
            return -1;
        }
    }
    Store *server;
    bool unreachable;
    int rc = store_pg_connect_step(r->connecting, &server, &unreachable, err);
    if (rc == STORE_PG_CONNECTING)
        return STORE_TRYING;
    store_pg_connect_free(r->connecting);
    r->connecting = NULL;
    if (rc < 0) {
        go_away(r, err->msg);
        return -1;
    }
    arrive(r, server);
    if (r->server)
        return 0;
    vk_error_set(err, "%s", r->problem);
    return -1;
}

/* After a write to the queue: on to the server, if it is there. */
static void pass_on(RelayStore *r)
{
    VkError err;
    if (r->server)
        deliver(r);
    else
        reach(r, &err);
}

static void rl_close(Store *s)
{
    RelayStore *r = relay(s);
    store_pg_connect_free(r->connecting);
    store_close(r->server);
    store_close(r->local);
    free(r->uri);
    free(r->where);
    free(r);
}

static void rl_set_clock(Store *s, long long t)
{
    store_set_clock(relay(s)->local, t);
    if (relay(s)->server)
        store_set_clock(relay(s)->server, t);
}

static const char *rl_login(const Store *s)
{
    return relay(s)->login;
}

/* The units are the server's, brought in when it was reached. */
static int rl_seed_units(Store *s, const UnitSeed *units, int n, bool *created,
                         VkError *err)
{
    (void)units;
    (void)n;
    *created = false;
    Unit *have;
    int count;
    if (store_list_units(relay(s)->local, &have, &count, err) < 0)
        return -1;
    free(have);
    if (count > 0)
        return 0;
    vk_error_set(err,
                 _("%s: the organisation has no units yet; its administrator "
                   "imports them (vaksam units import)"),
                 relay(s)->where);
    return -1;
}

static int rl_list_units(Store *s, Unit **out, int *n, VkError *err)
{
    return store_list_units(relay(s)->local, out, n, err);
}

static int rl_find_learner(Store *s, const char *login, Learner *out,
                           VkError *err)
{
    RelayStore *r = relay(s);
    int found = store_find_learner(r->local, login, out, err);
    if (found > 0 && strcmp(login, r->login) == 0) {
        out->listed = r->listed;
        out->left = r->left;
    }
    return found;
}

/* As the server said when it was last reached (never: not kept). */
static int rl_roster_kept(Store *s, bool *kept, VkError *err)
{
    (void)err;
    *kept = relay(s)->roster;
    return 0;
}

static int rl_save_learner(Store *s, const char *login, long long unit_id,
                           Role role, Learner *out, VkError *err)
{
    RelayStore *r = relay(s);
    if (store_save_learner(r->local, login, unit_id, role, out, err) < 0)
        return -1;
    r->learner_sent = false;
    pass_on(r);
    return 0;
}

static int rl_latest_attempt(Store *s, long long learner, const char *lesson,
                             Attempt *out, VkError *err)
{
    return store_latest_attempt(relay(s)->local, learner, lesson, out, err);
}

static int rl_start_attempt(Store *s, long long learner, const char *lesson,
                            int version, const char *kind, const char *lang,
                            const char *position, const char *plan,
                            long long *id, VkError *err)
{
    RelayStore *r = relay(s);
    int rc = store_start_attempt(r->local, learner, lesson, version, kind,
                                 lang, position, plan, id, err);
    if (rc == 0)
        pass_on(r);
    return rc;
}

static int rl_record_answer(Store *s, long long attempt, int seq,
                            const char *scene, int choice, Topic topic,
                            Result result, VkError *err)
{
    RelayStore *r = relay(s);
    /* durable here before the learner sees the feedback; then on */
    int rc = store_record_answer(r->local, attempt, seq, scene, choice, topic,
                                 result, err);
    if (rc == 0)
        pass_on(r);
    return rc;
}

static int rl_set_position(Store *s, long long attempt, const char *scene,
                           VkError *err)
{
    RelayStore *r = relay(s);
    int rc = store_set_position(r->local, attempt, scene, err);
    if (rc == 0)
        pass_on(r);
    return rc;
}

static int rl_finish_attempt(Store *s, long long attempt, int points,
                             int max_points, int course_lessons, VkError *err)
{
    RelayStore *r = relay(s);
    char n[16];
    snprintf(n, sizeof n, "%d", course_lessons);
    if (store_set_setting(r->local, "queue_course_lessons", n, err) < 0 ||
        store_finish_attempt(r->local, attempt, points, max_points,
                             course_lessons, err) < 0)
        return -1;
    pass_on(r);
    return 0;
}

static int rl_attempt_answers(Store *s, long long attempt, StoredAnswer **out,
                              int *n, VkError *err)
{
    return store_attempt_answers(relay(s)->local, attempt, out, n, err);
}

static int rl_topic_levels(Store *s, long long learner, TopicLevels *out,
                           VkError *err)
{
    return store_topic_levels(relay(s)->local, learner, out, err);
}

static int rl_recent_correct(Store *s, long long learner, int days,
                             char ***out, int *n, VkError *err)
{
    return store_recent_correct(relay(s)->local, learner, days, out, n, err);
}

static int rl_quiz_history(Store *s, long long learner, int max,
                           QuizResult **out, int *n, VkError *err)
{
    return store_quiz_history(relay(s)->local, learner, max, out, n, err);
}

static int rl_queue_status(Store *s, StoreQueueStatus *out, VkError *err)
{
    RelayStore *r = relay(s);
    memset(out, 0, sizeof *out);
    out->relayed = true;
    out->reachable = r->server != NULL;
    out->connecting = r->connecting != NULL;
    snprintf(out->problem, sizeof out->problem, "%s", r->problem);
    int attempts;
    return sq_queue_waiting(r->local, &out->waiting, &attempts, err);
}

static int rl_send_now(Store *s, VkError *err)
{
    RelayStore *r = relay(s);
    r->next_try = 0;
    bool there = r->server != NULL;
    int rc = reach(r, err);
    if (rc == 0 && there) /* arriving sent what waited already */
        deliver(r);
    if (rc == 0 && !r->server) { /* lost on the way */
        vk_error_set(err, "%s", r->problem);
        rc = -1;
    }
    return rc;
}

static const StoreOps relay_ops = {
    .name = "PostgreSQL",
    .close = rl_close,
    .set_clock = rl_set_clock,
    .login = rl_login,
    .seed_units = rl_seed_units,
    .list_units = rl_list_units,
    .find_learner = rl_find_learner,
    .save_learner = rl_save_learner,
    .roster_kept = rl_roster_kept,
    .latest_attempt = rl_latest_attempt,
    .start_attempt = rl_start_attempt,
    .record_answer = rl_record_answer,
    .set_position = rl_set_position,
    .finish_attempt = rl_finish_attempt,
    .attempt_answers = rl_attempt_answers,
    .topic_levels = rl_topic_levels,
    .recent_correct = rl_recent_correct,
    .quiz_history = rl_quiz_history,
    .queue_status = rl_queue_status,
    .send_now = rl_send_now,
};

/* The queue's file: one per server, in the learner's data folder. */
static char *queue_path(const char *where)
{
    uint64_t h = vk_hash(where, strlen(where));
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg == '/')
        return xasprintf("%s/vaksam/queue-%016llx.db", xdg,
                         (unsigned long long)h);
    return xasprintf("%s/.local/share/vaksam/queue-%016llx.db",
                     home && *home ? home : ".", (unsigned long long)h);
}

/* Opens the queue and marks it as this server's; refuses another's. */
static int open_queue(RelayStore *r, const char *path, VkError *err)
{
    r->local = store_open(path, err);
    if (!r->local)
        return -1;
    char *owner = NULL, *login = NULL;
    int found = store_get_setting(r->local, "queue", &owner, err);
    if (found == 0 &&
        store_set_setting(r->local, "queue", r->where, err) == 0)
        found = 1, owner = xstrdup(r->where);
    int rc = found < 0 ? -1 : 0;
    if (rc == 0 && strcmp(owner, r->where) != 0) {
        vk_error_set(err,
                     _("%s: this file keeps the answers for another server "
                       "(%s), not for %s"),
                     path, owner, r->where);
        rc = -1;
    }
    if (rc == 0 &&
        store_get_setting(r->local, "queue_login", &login, err) == 1)
        snprintf(r->login, sizeof r->login, "%s", login);
    ((struct Store *)r->local)->queue = true;
    free(owner);
    free(login);
    return rc;
}

Store *store_relay_open(const char *uri, const char *queue, VkError *err)
{
    RelayStore *r = xcalloc(1, sizeof *r);
    r->ops = &relay_ops;
    r->uri = xstrdup(uri);
    r->where = store_display_name(uri);
    char *path = queue ? xstrdup(queue) : queue_path(r->where);
    int rc = open_queue(r, path, err);
    free(path);
    bool unreachable = false;
    if (rc == 0) {
        r->server = store_pg_open(uri, &unreachable, err);
        if (!r->server && !unreachable)
            rc = -1; /* a refused login, a newer schema: say so now */
    }
    if (rc == 0 && r->server) {
        snprintf(r->login, sizeof r->login, "%s", store_login(r->server));
        rc = store_set_setting(r->local, "queue_login", r->login, err);
        deliver(r);
        if (rc == 0 && r->server && take_in(r, err) < 0)
            rc = -1;
    } else if (rc == 0) {
        go_away(r, err->msg);
        if (!r->login[0]) { /* never signed in here: nothing to go on with */
            vk_error_set(err,
                         _("%s; this computer has not been signed in to it "
                           "before, so there is nothing to go on with yet"),
                         r->problem);
            rc = -1;
        }
    }
    if (rc < 0) {
        rl_close((Store *)r);
        return NULL;
    }
    return (Store *)r;
}
