/*
 * store_sqlite_schema.c - the SQLite store's schema as its migrations
 * (store_sqlite.h: st_migrations), one per version, run forward by
 * store_sqlite.c in one transaction; the span totals' triggers are built
 * from the macros here (store_spans.c reads what they keep).
 */
#include "store_sqlite.h"

/* The spans of store_spans.c: calendar months, quarters and years (roll
 * 0), and every run of 3 or 12 months (roll 1, the k-th of those that
 * hold a month), as rows (len, roll, k). */
/* clang-format off */
#define SPANS                                                                  \
    "(SELECT column1 AS len, column2 AS roll, column3 AS k FROM (VALUES "      \
    "(1, 0, 0), (3, 0, 0), (12, 0, 0), (3, 1, 0), (3, 1, 1), (3, 1, 2), "     \
    "(12, 1, 0), (12, 1, 1), (12, 1, 2), (12, 1, 3), (12, 1, 4), (12, 1, 5), " \
    "(12, 1, 6), (12, 1, 7), (12, 1, 8), (12, 1, 9), (12, 1, 10), "           \
    "(12, 1, 11)))"
/* The first month of the span (len, roll, k) that holds row's month. */
#define BLOCK(row)                                                             \
    "(CASE roll WHEN 0 THEN " row ".month - " row ".month % len "             \
    "ELSE " row ".month - k END)"
/* A change of a cell of rollup (the row "NEW" or "OLD"; its counters new
 * minus old, each a column or NULL) added to the spans it counts in:
 * those that hold its month, unless it was superseded within them. */
#define SPAN_ADD(row, new, old)                                                \
    "INSERT INTO rollup_spans(span, block, unit_id, role, v) "                 \
    "SELECT len + 100 * roll, " BLOCK(row) ", " row ".unit_id, "               \
           row ".role, vk_span(" new ", " old ", " row ".next = 0) "           \
    "FROM " SPANS " WHERE " row ".next = 0 OR "                                \
           row ".next >= " BLOCK(row) " + len "                                \
    "ON CONFLICT(span, block, unit_id, role) "                                 \
    "DO UPDATE SET v = vk_span_add(v, excluded.v);"
/* clang-format on */
#define SAME_CELL                                                              \
    "NEW.unit_id = OLD.unit_id AND NEW.role = OLD.role AND "                   \
    "NEW.month = OLD.month AND NEW.next = OLD.next"

/* st_migrations[i] takes the schema from version i to i + 1. */
const char *const st_migrations[STORE_SCHEMA_VERSION] = {
    "CREATE TABLE units("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  parent_id INTEGER REFERENCES units(id));"
    "CREATE TABLE learners("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL UNIQUE,"
    "  unit_id INTEGER NOT NULL REFERENCES units(id),"
    "  role TEXT NOT NULL CHECK (role IN ('manager', 'staff')),"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE attempts("
    "  id INTEGER PRIMARY KEY,"
    "  learner_id INTEGER NOT NULL REFERENCES learners(id),"
    "  lesson_id TEXT NOT NULL,"
    "  lesson_version INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  started_at TEXT NOT NULL,"
    "  finished_at TEXT,"
    "  position TEXT NOT NULL DEFAULT '',"
    "  points INTEGER NOT NULL DEFAULT 0,"
    "  max_points INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX attempts_by_learner ON attempts(learner_id, lesson_id, id);"
    "CREATE TABLE answers("
    "  id INTEGER PRIMARY KEY,"
    "  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
    "  seq INTEGER NOT NULL,"
    "  scene_id TEXT NOT NULL,"
    "  choice INTEGER NOT NULL,"
    "  topic TEXT NOT NULL,"
    "  result TEXT NOT NULL CHECK (result IN ('correct', 'partly', 'wrong')),"
    "  answered_at TEXT NOT NULL,"
    "  UNIQUE (attempt_id, seq));",
    /* 1 -> 2: quizzes keep the questions they drew */
    "ALTER TABLE attempts ADD COLUMN plan TEXT NOT NULL DEFAULT '';",
    /* 2 -> 3: settings of the organisation (the CISO's password hash) */
    "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    /* 3 -> 4: units keep the id an HR system knows them by */
    "ALTER TABLE units ADD COLUMN hr_id TEXT;"
    "CREATE UNIQUE INDEX units_by_hr_id ON units(hr_id);",
    /* 4 -> 5: the CISO's report. Answers keep the learner's unit and role
     * when given; completions are the register; the rest are running
     * totals (rollup.h), filled from the answers by st_rebuild. Roles and
     * topics are stored by their index there. */
    "ALTER TABLE answers ADD COLUMN unit_id INTEGER;"
    "ALTER TABLE answers ADD COLUMN role TEXT;"
    "UPDATE answers SET (unit_id, role) = (SELECT l.unit_id, l.role "
    "  FROM attempts t JOIN learners l ON l.id = t.learner_id "
    "  WHERE t.id = answers.attempt_id);"
    "CREATE INDEX learners_by_unit ON learners(unit_id, role);"
    "CREATE TABLE completions("
    "  id INTEGER PRIMARY KEY,"
    "  learner_id INTEGER NOT NULL REFERENCES learners(id),"
    "  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('course', 'quiz')),"
    "  unit_id INTEGER NOT NULL,"
    "  role TEXT NOT NULL,"
    "  completed_at TEXT NOT NULL);"
    "CREATE INDEX completions_by_learner ON completions(learner_id, kind);"
    "CREATE INDEX completions_by_time ON completions(completed_at);"
    "INSERT INTO completions(learner_id, attempt_id, kind, unit_id, role, "
    "  completed_at) SELECT t.learner_id, t.id, 'quiz', l.unit_id, l.role, "
    "  t.finished_at FROM attempts t JOIN learners l ON l.id = t.learner_id "
    "  WHERE t.kind = 'quiz' AND t.finished_at IS NOT NULL ORDER BY t.id;"
    "CREATE TABLE learner_items("
    "  learner_id INTEGER NOT NULL, item TEXT NOT NULL,"
    "  month INTEGER NOT NULL, credit INTEGER NOT NULL,"
    "  unit_id INTEGER NOT NULL, role INTEGER NOT NULL,"
    "  topic INTEGER NOT NULL,"
    "  PRIMARY KEY (learner_id, item)) WITHOUT ROWID;"
    "CREATE TABLE learner_presence("
    "  learner_id INTEGER NOT NULL, what INTEGER NOT NULL,"
    "  month INTEGER NOT NULL, unit_id INTEGER NOT NULL,"
    "  role INTEGER NOT NULL,"
    "  PRIMARY KEY (learner_id, what)) WITHOUT ROWID;"
    "CREATE TABLE rollup("
    "  unit_id INTEGER NOT NULL, role INTEGER NOT NULL,"
    "  month INTEGER NOT NULL, next INTEGER NOT NULL,"
    "  v BLOB NOT NULL," /* ROLL_COLS counters, 32-bit little-endian */
    "  PRIMARY KEY (month, next, unit_id, role)) WITHOUT ROWID;"
    "CREATE TABLE item_months("
    "  unit_id INTEGER NOT NULL," /* 0: the whole organisation */
    "  month INTEGER NOT NULL, role INTEGER NOT NULL,"
    "  item TEXT NOT NULL,"      /* lesson/scene or pool/question */
    "  choice INTEGER NOT NULL," /* -1: learners who answered */
    "  result INTEGER NOT NULL, n INTEGER NOT NULL,"
    "  PRIMARY KEY (unit_id, month, role, item, choice)) WITHOUT ROWID;",
    /* 5 -> 6: the secret behind the report's perturbation (publish.h);
     * SQLite's randomness is a ChaCha20 generator seeded from the OS */
    "INSERT OR IGNORE INTO settings(key, value) "
    "  VALUES ('report_key', lower(hex(randomblob(16))));",
    /* 6 -> 7: what a report reads instead of counting: learners per unit
     * and role (role 0 manager, 1 staff), kept by triggers wherever a
     * learner is saved, moved or loaded in bulk. Written to run again on
     * a file taken back to an older schema: it refills what it keeps. */
    "CREATE TABLE IF NOT EXISTS unit_sizes("
    "  unit_id INTEGER NOT NULL, role INTEGER NOT NULL, n INTEGER NOT NULL,"
    "  PRIMARY KEY (unit_id, role)) WITHOUT ROWID;"
    "CREATE TRIGGER IF NOT EXISTS unit_sizes_insert AFTER INSERT ON learners "
    "BEGIN"
    "  INSERT INTO unit_sizes VALUES (NEW.unit_id, NEW.role = 'staff', 1)"
    "  ON CONFLICT(unit_id, role) DO UPDATE SET n = n + 1; "
    "END;"
    "CREATE TRIGGER IF NOT EXISTS unit_sizes_update "
    "AFTER UPDATE OF unit_id, role ON learners "
    "WHEN NEW.unit_id IS NOT OLD.unit_id OR NEW.role IS NOT OLD.role "
    "BEGIN"
    "  UPDATE unit_sizes SET n = n - 1"
    "  WHERE unit_id = OLD.unit_id AND role = (OLD.role = 'staff');"
    "  INSERT INTO unit_sizes VALUES (NEW.unit_id, NEW.role = 'staff', 1)"
    "  ON CONFLICT(unit_id, role) DO UPDATE SET n = n + 1; "
    "END;"
    "CREATE TRIGGER IF NOT EXISTS unit_sizes_delete AFTER DELETE ON learners "
    "BEGIN"
    "  UPDATE unit_sizes SET n = n - 1"
    "  WHERE unit_id = OLD.unit_id AND role = (OLD.role = 'staff'); "
    "END;"
    "DELETE FROM unit_sizes;"
    "INSERT INTO unit_sizes(unit_id, role, n) SELECT unit_id, role = 'staff', "
    "  count(*) FROM learners GROUP BY 1, 2;"
    /* and the cells' sums by span (store_spans.c): filled from the cells
     * by st_fill_spans after the migrations, kept by triggers after that */
    "CREATE TABLE IF NOT EXISTS rollup_spans("
    "  span INTEGER NOT NULL, block INTEGER NOT NULL,"
    "  unit_id INTEGER NOT NULL, role INTEGER NOT NULL,"
    "  v BLOB NOT NULL," /* 2 x ROLL_COLS counters: live, then after */
    "  PRIMARY KEY (span, block, unit_id, role)) WITHOUT ROWID;"
    /* clang-format off */
    "CREATE TRIGGER IF NOT EXISTS rollup_spans_insert AFTER INSERT ON rollup "
    "WHEN vk_spans_kept() "
    "BEGIN " SPAN_ADD("NEW", "NEW.v", "NULL") " END;"
    "CREATE TRIGGER IF NOT EXISTS rollup_spans_update AFTER UPDATE ON rollup "
    "WHEN vk_spans_kept() AND " SAME_CELL " "
    "BEGIN " SPAN_ADD("NEW", "NEW.v", "OLD.v") " END;"
    "CREATE TRIGGER IF NOT EXISTS rollup_spans_move AFTER UPDATE ON rollup "
    "WHEN vk_spans_kept() AND NOT (" SAME_CELL ") "
    "BEGIN " SPAN_ADD("OLD", "NULL", "OLD.v") " "
             SPAN_ADD("NEW", "NEW.v", "NULL") " END;"
    "CREATE TRIGGER IF NOT EXISTS rollup_spans_delete AFTER DELETE ON rollup "
    "WHEN vk_spans_kept() "
    "BEGIN " SPAN_ADD("OLD", "NULL", "OLD.v") " END;",
    /* clang-format on */
    /* 7 -> 8: a learner's store on a workstation can be the queue of
     * what goes to the organisation's server (store_relay.c). Attempts
     * and answers keep the id they have everywhere (uid, given by the
     * program; NULL for rows from before and for demo data); in a queue
     * (the setting "queue"), what the server does not have yet waits */
    "ALTER TABLE attempts ADD COLUMN uid TEXT;"
    "ALTER TABLE attempts ADD COLUMN waiting INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE answers ADD COLUMN uid TEXT;"
    "ALTER TABLE answers ADD COLUMN waiting INTEGER NOT NULL DEFAULT 0;"
    "CREATE UNIQUE INDEX attempts_by_uid ON attempts(uid);"
    "CREATE UNIQUE INDEX answers_by_uid ON answers(uid);"
    "CREATE INDEX attempts_waiting ON attempts(id) WHERE waiting = 1;"
    "CREATE INDEX answers_waiting ON answers(attempt_id) WHERE waiting = 1;",
    /* 8 -> 9: the xAPI statements each learning record store has
     * accepted, so that `xapi send` goes on where it stopped */
    "CREATE TABLE IF NOT EXISTS xapi_sent("
    "  endpoint TEXT NOT NULL, id TEXT NOT NULL,"
    "  PRIMARY KEY (endpoint, id)) WITHOUT ROWID;",
    /* 9 -> 10: learners from HR's list (learners import, store_roster.c):
     * their name there, whether the list sets their unit and role
     * (listed), and whether they are still on it (active). A learner
     * who has left keeps their history and counts in no unit's size */
    "ALTER TABLE learners ADD COLUMN name TEXT;"
    "ALTER TABLE learners ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE learners ADD COLUMN active INTEGER NOT NULL DEFAULT 1;"
    "DROP TRIGGER IF EXISTS unit_sizes_insert;"
    "DROP TRIGGER IF EXISTS unit_sizes_update;"
    "DROP TRIGGER IF EXISTS unit_sizes_delete;"
    "CREATE TRIGGER unit_sizes_insert AFTER INSERT ON learners "
    "WHEN NEW.active BEGIN"
    "  INSERT INTO unit_sizes VALUES (NEW.unit_id, NEW.role = 'staff', 1)"
    "  ON CONFLICT(unit_id, role) DO UPDATE SET n = n + 1; "
    "END;"
    "CREATE TRIGGER unit_sizes_update "
    "AFTER UPDATE OF unit_id, role, active ON learners "
    "WHEN NEW.unit_id IS NOT OLD.unit_id OR NEW.role IS NOT OLD.role "
    "  OR NEW.active IS NOT OLD.active "
    "BEGIN"
    "  UPDATE unit_sizes SET n = n - 1 WHERE OLD.active"
    "  AND unit_id = OLD.unit_id AND role = (OLD.role = 'staff');"
    "  INSERT INTO unit_sizes SELECT NEW.unit_id, NEW.role = 'staff', 1"
    "  WHERE NEW.active ON CONFLICT(unit_id, role) DO UPDATE SET n = n + 1; "
    "END;"
    "CREATE TRIGGER unit_sizes_delete AFTER DELETE ON learners "
    "WHEN OLD.active BEGIN"
    "  UPDATE unit_sizes SET n = n - 1"
    "  WHERE unit_id = OLD.unit_id AND role = (OLD.role = 'staff'); "
    "END;",
};
