/*
 * store_pg_totals.c - the report's running totals in the PostgreSQL store:
 * the same cells as SQLite's (rollup.h: per unit, role, month and the
 * month of the learner's next answer, ROLL_COLS counters) and the same
 * per-decision counts, kept by the server itself in the transaction of
 * every answer and completion, whoever's connection stores it.
 *
 * SQLite applies the rule of rollup.c to a learner's latest state, and
 * replays a learner whose answer arrives late. Here the rule is written
 * once more, as a query: vaksam.cells(learner) gives every cell a
 * learner's answers and completions count in, straight from the rows, in
 * any order they arrived. An answer changes the totals by cells(learner)
 * minus cells(learner without it); a late answer, a second machine's or
 * one delivered from a queue needs nothing more. A rebuild is the same
 * query for every learner (the bulk loader and the copy of a file run it
 * once, after their rows). The report's tests hold both rules to the same
 * brute-force reading of the answers.
 *
 * The triggers run as the schema's owner (SECURITY DEFINER): a learner's
 * role writes its answers, never a total, and each learner's answers are
 * added one at a time (the learner's row is locked first).
 */
#include "store_pg.h"

#include "i18n.h"

/* A rollup row's counters from (col, n) rows: column i's sum, 0 when
 * none. */
#define VCOL(i) "coalesce(sum(n) FILTER (WHERE col = " #i "), 0)"
#define VCOLS                                                                  \
    VCOL(0) ", " VCOL(1) ", " VCOL(2) ", " VCOL(3) ", " VCOL(4) ", " VCOL(5)   \
    ", " VCOL(6) ", " VCOL(7) ", " VCOL(8) ", " VCOL(9) ", " VCOL(10) ", "     \
    VCOL(11) ", " VCOL(12) ", " VCOL(13) ", " VCOL(14) ", " VCOL(15) ", "      \
    VCOL(16) ", " VCOL(17) ", " VCOL(18) ", " VCOL(19)

/* clang-format off */
const char PG_TOTALS_SQL[] =
    /* months as report.h counts them, topics and roles by index (NULL
     * for none). These run for every answer a rebuild reads: date_part's
     * double is exact for these and a quarter of the cost of extract's
     * numeric, and a CASE costs less than a search of an array. */
    "CREATE FUNCTION vaksam.month_of(timestamptz) RETURNS integer "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (date_part('year', "
    "  $1 AT TIME ZONE 'UTC') * 12 + date_part('month', $1 AT TIME ZONE "
    "  'UTC') - 1)::integer $$;"
    "CREATE FUNCTION vaksam.topic_index(text) RETURNS integer "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE $1 "
    "  WHEN 'confidentiality' THEN 0 WHEN 'integrity' THEN 1 "
    "  WHEN 'availability' THEN 2 WHEN 'responsibility' THEN 3 "
    "  WHEN 'ciso' THEN 4 WHEN 'systematic' THEN 5 END $$;"
    "CREATE FUNCTION vaksam.result_index(text) RETURNS integer "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE $1 "
    "  WHEN 'wrong' THEN 0 WHEN 'partly' THEN 1 WHEN 'correct' THEN 2 END $$;"
    "CREATE FUNCTION vaksam.item_of(kind text, lesson text, scene text) "
    "RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE "
    "  kind WHEN 'quiz' THEN scene ELSE lesson || '/' || scene END $$;"
    /* a cell's counters: added element by element */
    "CREATE FUNCTION vaksam.vadd(a integer[], b integer[]) "
    "RETURNS integer[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "  SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) "
    "  FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i) $$;"
    "CREATE AGGREGATE vaksam.vsum(integer[]) "
    "  (SFUNC = vaksam.vadd, STYPE = integer[], PARALLEL = SAFE);"
    "CREATE FUNCTION vaksam.vput(s integer[], col integer, n integer) "
    "RETURNS integer[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$ "
    "  BEGIN s[col + 1] := s[col + 1] + n; RETURN s; END $$;"
    "CREATE AGGREGATE vaksam.vcols(integer, integer) "
    "  (SFUNC = vaksam.vput, STYPE = integer[], "
    "  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}');"
    "CREATE TABLE vaksam.rollup("
    "  month integer NOT NULL, next integer NOT NULL,"
    "  unit_id bigint NOT NULL, role integer NOT NULL,"
    "  v integer[] NOT NULL,"
    "  PRIMARY KEY (month, next, unit_id, role));"
    "CREATE TABLE vaksam.item_months("
    "  unit_id bigint NOT NULL," /* 0: the whole organisation */
    "  month integer NOT NULL, role integer NOT NULL,"
    "  item text NOT NULL,"
    "  choice integer NOT NULL," /* -1: learners who answered */
    "  result integer NOT NULL, n integer NOT NULL,"
    "  PRIMARY KEY (unit_id, month, role, item, choice));"
    /* The rule (rollup.h) as a query: for a learner, without one answer
     * or completion (0: none), the cells their rows count in, as (cell,
     * column, amount); parts says which (1: per decision, only
     * only_item's when given; 2: per topic, only only_topic's when given;
     * 4: active; 8: completed), so that an answer reads only the rows its
     * change can reach. Per decision, month by month, the latest answer
     * of the month, superseded by the next month they answered it; per
     * topic and for anything, the learner by their latest answer of the
     * month; completions that count (the course for managers, a quiz for
     * staff) the same. Columns: credit + topic, answers 6 + topic,
     * learners 12 + topic, active 18, completed 19. One learner at a
     * time, also in a rebuild (vaksam.rebuild, learner by learner): a
     * learner's rows are read by index and sorted in memory, where one
     * query over everyone sorted ten million answers twice. Each window
     * reads the order its DISTINCT ON left (no second sort). */
    "CREATE FUNCTION vaksam.cells(l bigint, skip_answer bigint, "
    "  skip_completion bigint, only_item text, only_topic integer, "
    "  parts integer) RETURNS TABLE(unit_id bigint, role integer, "
    "  month integer, next integer, col integer, n integer) "
    "LANGUAGE sql STABLE AS $$ "
    "WITH a AS (SELECT x.id, x.unit_id, "
    "    (x.role = 'staff')::integer AS role, "
    "    vaksam.month_of(x.answered_at) AS month, x.answered_at AS at, "
    "    vaksam.topic_index(x.topic) AS topic, "
    "    vaksam.result_index(x.result) AS credit, " /* 2, 1, 0 */
    "    vaksam.item_of(t.kind, t.lesson_id, x.scene_id) COLLATE \"C\" "
    "    AS item "
    "  FROM vaksam.attempts t JOIN vaksam.answers x ON x.attempt_id = t.id "
    "  WHERE t.learner_id = l AND x.id <> skip_answer "
    "  AND parts & 7 <> 0 AND vaksam.topic_index(x.topic) IS NOT NULL), "
    "i AS (SELECT unit_id, role, month, coalesce(lead(month) OVER w, 0) "
    "    AS next, topic, credit "
    "  FROM (SELECT DISTINCT ON (item, month) item, month, unit_id, role, "
    "      topic, credit FROM a WHERE parts & 1 <> 0 "
    "    AND (only_item IS NULL OR item = only_item) "
    "    ORDER BY item, month, at DESC, id DESC) d "
    "  WINDOW w AS (PARTITION BY item ORDER BY month)), "
    "t AS (SELECT unit_id, role, month, coalesce(lead(month) OVER w, 0) "
    "    AS next, topic "
    "  FROM (SELECT DISTINCT ON (topic, month) topic, month, unit_id, role "
    "    FROM a WHERE parts & 2 <> 0 "
    "    AND (only_topic IS NULL OR topic = only_topic) "
    "    ORDER BY topic, month, at DESC, id DESC) d "
    "  WINDOW w AS (PARTITION BY topic ORDER BY month)), "
    "p AS (SELECT unit_id, role, month, "
    "    coalesce(lead(month) OVER (ORDER BY month), 0) AS next "
    "  FROM (SELECT DISTINCT ON (month) month, unit_id, role FROM a "
    "    WHERE parts & 4 <> 0 ORDER BY month, at DESC, id DESC) d), "
    "c AS (SELECT unit_id, role, month, "
    "    coalesce(lead(month) OVER (ORDER BY month), 0) AS next "
    "  FROM (SELECT DISTINCT ON (vaksam.month_of(completed_at)) "
    "      vaksam.month_of(completed_at) AS month, unit_id, "
    "      (role = 'staff')::integer AS role FROM vaksam.completions "
    "    WHERE parts & 8 <> 0 AND learner_id = l "
    "    AND id <> skip_completion "
    "    AND (kind = 'course') = (role = 'manager') "
    "    ORDER BY vaksam.month_of(completed_at), completed_at DESC, "
    "    id DESC) d) "
    /* an answer's credit and the answer itself, from one row */
    "SELECT unit_id, role, month, next, topic + k, "
    "  CASE k WHEN 0 THEN credit ELSE 1 END "
    "  FROM i, (VALUES (0), (6)) v(k) "
    "UNION ALL SELECT unit_id, role, month, next, 12 + topic, 1 FROM t "
    "UNION ALL SELECT unit_id, role, month, next, 18, 1 FROM p "
    "UNION ALL SELECT unit_id, role, month, next, 19, 1 FROM c $$;"
    /* a learner's rows, with against without one of them: the change */
    "CREATE FUNCTION vaksam.apply(l bigint, skip_answer bigint, "
    "  skip_completion bigint, only_item text, only_topic integer, "
    "  parts integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN " /* plans kept */
    "INSERT INTO vaksam.rollup AS r (unit_id, role, month, next, v) "
    "SELECT d.unit_id, d.role, d.month, d.next, vaksam.vcols(d.col, d.n) "
    "FROM (SELECT c.unit_id, c.role, c.month, c.next, c.col, "
    "    sum(c.n)::integer AS n FROM ("
    "    SELECT * FROM vaksam.cells(l, 0, 0, only_item, only_topic, parts) "
    "    UNION ALL SELECT x.unit_id, x.role, x.month, x.next, x.col, -x.n "
    "    FROM vaksam.cells(l, skip_answer, skip_completion, only_item, "
    "      only_topic, parts) x) c "
    "  GROUP BY 1, 2, 3, 4, 5 HAVING sum(c.n) <> 0) d "
    "GROUP BY 1, 2, 3, 4 "
    "ON CONFLICT (month, next, unit_id, role) "
    "DO UPDATE SET v = vaksam.vadd(r.v, excluded.v); END $$;"
    /* one answer: its cells, and its decision's counts for its unit and
     * the organisation (unit 0); the learner counted once a month, in
     * the unit and role of their first answer to it that month (a late
     * answer may become the first, and moves the count) */
    "CREATE FUNCTION vaksam.item_add(u bigint, m integer, r integer, "
    "  it text, c integer, res integer, d integer) RETURNS void "
    "LANGUAGE sql AS $$ INSERT INTO vaksam.item_months AS im "
    "  VALUES (u, m, r, it, c, res, d), (0, m, r, it, c, res, d) "
    "  ON CONFLICT (unit_id, month, role, item, choice) "
    "  DO UPDATE SET n = im.n + excluded.n, "
    "  result = CASE WHEN excluded.choice >= 0 "
    "    THEN greatest(im.result, excluded.result) "
    "    ELSE im.result END; "
    "  DELETE FROM vaksam.item_months WHERE d < 0 AND n = 0 "
    "  AND unit_id IN (u, 0) AND month = m AND role = r AND item = it "
    "  AND choice = c $$;"
    "CREATE FUNCTION vaksam.answer_totals() RETURNS trigger "
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp "
    "AS $$ DECLARE who bigint; it text; m integer; r integer; "
    "  f record; BEGIN "
    "  IF vaksam.topic_index(NEW.topic) IS NULL THEN RETURN NULL; END IF; "
    "  SELECT t.learner_id, vaksam.item_of(t.kind, t.lesson_id, NEW.scene_id) "
    "    INTO who, it FROM vaksam.attempts t WHERE t.id = NEW.attempt_id; "
    "  PERFORM 1 FROM vaksam.learners WHERE id = who FOR UPDATE; "
    "  PERFORM vaksam.apply(who, NEW.id, 0, it, "
    "    vaksam.topic_index(NEW.topic), 7); "
    "  m := vaksam.month_of(NEW.answered_at); "
    "  r := (NEW.role = 'staff')::integer; "
    "  PERFORM vaksam.item_add(NEW.unit_id, m, r, it, NEW.choice, "
    "    vaksam.result_index(NEW.result), 1); "
    "  SELECT x.unit_id, (x.role = 'staff')::integer AS role, "
    "    x.answered_at AS at, x.id INTO f FROM vaksam.answers x "
    "    JOIN vaksam.attempts t ON t.id = x.attempt_id "
    "    WHERE t.learner_id = who AND x.id <> NEW.id "
    "    AND vaksam.month_of(x.answered_at) = m "
    "    AND vaksam.topic_index(x.topic) IS NOT NULL "
    "    AND vaksam.item_of(t.kind, t.lesson_id, x.scene_id) = it "
    "    ORDER BY x.answered_at, x.id LIMIT 1; "
    "  IF NOT FOUND THEN "
    "    PERFORM vaksam.item_add(NEW.unit_id, m, r, it, -1, -1, 1); "
    "  ELSIF (NEW.answered_at, NEW.id) < (f.at, f.id) AND "
    "    (f.unit_id, f.role) IS DISTINCT FROM (NEW.unit_id, r) THEN "
    "    PERFORM vaksam.item_add(f.unit_id, m, f.role, it, -1, -1, -1); "
    "    PERFORM vaksam.item_add(NEW.unit_id, m, r, it, -1, -1, 1); "
    "  END IF; "
    "  RETURN NULL; END $$;"
    "CREATE TRIGGER answers_totals AFTER INSERT ON vaksam.answers "
    "  FOR EACH ROW EXECUTE FUNCTION vaksam.answer_totals();"
    "CREATE FUNCTION vaksam.completion_totals() RETURNS trigger "
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp "
    "AS $$ BEGIN "
    "  IF (NEW.kind = 'course') = (NEW.role = 'manager') THEN "
    "    PERFORM 1 FROM vaksam.learners WHERE id = NEW.learner_id FOR UPDATE; "
    "    PERFORM vaksam.apply(NEW.learner_id, 0, NEW.id, NULL, NULL, 8); "
    "  END IF; "
    "  RETURN NULL; END $$;"
    "CREATE TRIGGER completions_totals AFTER INSERT ON vaksam.completions "
    "  FOR EACH ROW EXECUTE FUNCTION vaksam.completion_totals();"
    /* A learner's decisions, each once a month: in the unit and role of
     * their first answer to it that month, and for the organisation
     * (unit 0); each one learner of the decision's count there. */
    "CREATE FUNCTION vaksam.item_learners(l bigint) RETURNS TABLE("
    "  unit_id bigint, month integer, role integer, item text) "
    "LANGUAGE sql STABLE AS $$ "
    "SELECT v.u, f.m, f.r, f.it FROM ("
    "  SELECT DISTINCT ON (it, m) x.unit_id AS u, "
    "    vaksam.month_of(x.answered_at) AS m, "
    "    (x.role = 'staff')::integer AS r, "
    "    vaksam.item_of(t.kind, t.lesson_id, x.scene_id) AS it "
    "  FROM vaksam.attempts t JOIN vaksam.answers x ON x.attempt_id = t.id "
    "  WHERE t.learner_id = l AND vaksam.topic_index(x.topic) IS NOT NULL "
    "  ORDER BY it, m, x.answered_at, x.id) f "
    "CROSS JOIN LATERAL (VALUES (f.u), (0::bigint)) v(u) $$;"
    /* Everything again from the rows: an upgrade, a repair, a load. The
     * cells learner by learner, summed and spread into their columns;
     * the per-decision counts by one pass over the answers, the
     * organisation's from the units', and the learners learner by
     * learner (never a count(DISTINCT) over every answer twice). Its own
     * work_mem for the sums, and no JIT, whose compiling costs more than
     * it saves here. */
    "CREATE FUNCTION vaksam.rebuild() RETURNS void LANGUAGE sql "
    "SET work_mem = '256MB' SET jit = off AS $$ "
    "DELETE FROM vaksam.rollup; DELETE FROM vaksam.item_months; "
    "INSERT INTO vaksam.rollup(unit_id, role, month, next, v) "
    "SELECT unit_id, role, month, next, ARRAY[" VCOLS "]::integer[] FROM ("
    "  SELECT c.unit_id, c.role, c.month, c.next, c.col, "
    "    sum(c.n)::integer AS n FROM vaksam.learners l "
    "  CROSS JOIN LATERAL vaksam.cells(l.id, 0, 0, NULL, NULL, 15) c "
    "  GROUP BY 1, 2, 3, 4, 5) x "
    "GROUP BY 1, 2, 3, 4; "
    "INSERT INTO vaksam.item_months SELECT * FROM ("
    "WITH c AS (SELECT x.unit_id, vaksam.month_of(x.answered_at) AS m, "
    "    (x.role = 'staff')::integer AS r, "
    "    vaksam.item_of(t.kind, t.lesson_id, x.scene_id) AS it, x.choice, "
    "    max(vaksam.result_index(x.result)) AS res, count(*) AS n "
    "  FROM vaksam.answers x JOIN vaksam.attempts t ON t.id = x.attempt_id "
    "  WHERE vaksam.topic_index(x.topic) IS NOT NULL "
    "  GROUP BY 1, 2, 3, 4, 5) "
    "SELECT * FROM c "
    "UNION ALL SELECT 0, m, r, it, choice, max(res), sum(n) FROM c "
    "  GROUP BY 2, 3, 4, 5 "
    "UNION ALL SELECT w.unit_id, w.month, w.role, w.item, -1, -1, count(*) "
    "  FROM vaksam.learners l "
    "  CROSS JOIN LATERAL vaksam.item_learners(l.id) w "
    "  GROUP BY 1, 2, 3, 4) u "
    "ORDER BY 1, 2, 3, 4, 5 $$;" /* in the key's order: a cheaper insert */
    "SELECT vaksam.rebuild();";
/* clang-format on */

int pg_rebuild_totals(PgStore *p, VkError *err, const char *what)
{
    /* no answer may slip in between the delete and the refill */
    return pg_do(p,
                 "LOCK TABLE vaksam.answers, vaksam.completions IN SHARE MODE; "
                 /* the span totals and unit sizes once, after the cells (schema 3) */
                 "SELECT set_config('vaksam.kept_later', 'on', true); "
                 "SELECT vaksam.rebuild(); SELECT vaksam.fill_kept(); "
                 "SELECT vaksam.fill_sizes()",
                 NULL, err, what);
}

static int rebuild(PgStore *p, void *ctx, VkError *err)
{
    (void)ctx;
    return pg_rebuild_totals(p, err, _("rebuild the report's totals"));
}

int pgs_rebuild_report(Store *s, VkError *err)
{
    return pg_write((PgStore *)s, rebuild, NULL, err,
                    _("rebuild the report's totals"));
}
