-- store_pg_publish.sql - the CISO's report as the server publishes it
-- (PostgreSQL schema 4), from the sums of store_pg_kept.sql (schema 3).
-- The rule is the one of shown.h and publish.h, written a second time
-- for the server, so that a connection that may read the report never
-- reads what it is made from: the role vaksam_ciso may run vaksam.report
-- and vaksam.register (and read and set k) and nothing else of the
-- totals, answers, learners or key. pg.same holds these figures to the
-- ones the C code publishes from a SQLite file of the same history, byte
-- for byte; a change to one is a change to both.
--
-- The noise is a keyed hash of a figure's exact inputs: HMAC-SHA256 with
-- the database's report_key, of the tag as 4 bytes big-endian, the item's
-- UTF-8 bytes and a 0 byte (when there is an item), then each number as
-- 8 bytes big-endian; its first 8 bytes, big-endian, are the 64 bits
-- publish.c draws from. Floating point is IEEE double on both sides, in
-- the same order of operations.
--
-- Every function here runs as the schema's owner only through
-- vaksam.report and vaksam.register (SECURITY DEFINER, with a fixed
-- search_path, under which the helpers run: they have none of their own,
-- so that the planner may inline them); none is executable by PUBLIC.
-- The numbers hashed are two or three (pub_hash).

CREATE TYPE vaksam.fig AS (
  value integer, learners integer, answers integer,
  empty boolean, suppressed boolean);

-- The key's HMAC pads: ipad (64 bytes) then opad (64 bytes).
CREATE FUNCTION vaksam.pub_pads() RETURNS bytea
LANGUAGE plpgsql STABLE AS $$
DECLARE
  hex text;
  k bytea;
  p bytea;
BEGIN
  SELECT value INTO hex FROM vaksam.settings WHERE key = 'report_key';
  IF hex IS NULL OR hex !~ '^[0-9a-fA-F]{32}$' THEN
    RAISE EXCEPTION 'the database has no key for the report''s privacy %',
      'protection'
      USING ERRCODE = 'VK001';
  END IF;
  k := decode(hex, 'hex') || decode(repeat('00', 48), 'hex');
  p := k || k;
  FOR i IN 0..63 LOOP
    p := set_byte(p, i, get_byte(k, i) # 54);
    p := set_byte(p, 64 + i, get_byte(k, i) # 92);
  END LOOP;
  RETURN p;
END $$;

CREATE FUNCTION vaksam.pub_hash(pads bytea, tag integer, item text,
                                v bigint[]) RETURNS bit(64)
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  -- plpgsql: a simple expression, cheaper than a SQL function's call
  RETURN ('x' || encode(substring(sha256(substring(pads FROM 65 FOR 64) ||
    sha256(substring(pads FROM 1 FOR 64) || int4send(tag) ||
      coalesce(convert_to(item, 'UTF8') || '\x00'::bytea, ''::bytea) ||
      int8send(v[1]) || int8send(v[2]) ||
      coalesce(int8send(v[3]), ''::bytea)))
    FROM 1 FOR 8), 'hex'))::bit(64);
END $$;

-- Uniform in [-1, 1): publish.c's unit_noise.
CREATE FUNCTION vaksam.pub_unit(h bit(64)) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
  SELECT ((h >> 11)::bigint)::float8 / 4503599627370496::float8
         - 1::float8 $$;

-- Two-sided geometric: publish.c's count_noise.
CREATE FUNCTION vaksam.pub_count_noise(h bit(64)) RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  sgn integer := CASE WHEN substring(h FROM 64 FOR 1) = B'1' THEN 1
                      ELSE -1 END;
  u float8 := ((h >> 12)::bigint)::float8 / 4503599627370496::float8;
  rest float8;
  m integer := 1;
BEGIN
  IF u < 1::float8 / 3::float8 THEN
    RETURN 0;
  END IF;
  rest := (u - 1::float8 / 3::float8) / (2::float8 / 3::float8);
  WHILE rest >= 0.5::float8 AND m < 60 LOOP
    rest := (rest - 0.5::float8) * 2::float8;
    m := m + 1;
  END LOOP;
  RETURN sgn * m;
END $$;

-- A shown count, moved by noise; never below k.
CREATE FUNCTION vaksam.pub_noisy(k integer, h bit(64), n bigint)
RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT greatest(n + vaksam.pub_count_noise(h), k)::integer $$;

CREATE FUNCTION vaksam.pub_round(x double precision) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT least(greatest(floor(x + 0.5::float8), 0::float8),
               100::float8)::integer $$;

-- publish_group: the overall figure first, then one per topic, from a
-- group's summed cells (20 counters) where ok allows each topic.
CREATE FUNCTION vaksam.pub_group(pads bytea, k integer, v bigint[],
                                 ok boolean[]) RETURNS vaksam.fig[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  f vaksam.fig[] := ARRAY[NULL, NULL, NULL, NULL, NULL, NULL, NULL];
  fi vaksam.fig;
  inp bigint[];
  who bigint[] := ARRAY[v[19], v[20]];
  total float8 := 0;
  shown integer := 0;
  seen integer := 0;
  answers integer := 0;
  z float8;
  x float8;
BEGIN
  FOR t IN 0..5 LOOP
    inp := ARRAY[v[1 + t], v[7 + t], v[13 + t]];
    fi := ROW(0, 0, 0, false, false);
    IF inp[2] <= 0 THEN
      fi.empty := true;
    ELSE
      seen := seen + 1;
      IF inp[3] < k OR NOT ok[1 + t] THEN
        fi.suppressed := true;
      ELSE
        z := (vaksam.pub_unit(vaksam.pub_hash(pads, 2 + t, NULL, inp)) +
              vaksam.pub_unit(vaksam.pub_hash(pads, 10 + t, NULL, inp)))
             / 2::float8;
        x := 100::float8 * inp[1]::float8 / (2::float8 * inp[2]::float8) +
             z * 100::float8 / inp[3]::float8;
        x := CASE WHEN x < 0 THEN 0::float8
                  WHEN x > 100 THEN 100::float8 ELSE x END;
        fi.value := vaksam.pub_round(x);
        fi.learners := vaksam.pub_noisy(
          k, vaksam.pub_hash(pads, 102 + t, NULL, inp), inp[3]);
        fi.answers := vaksam.pub_noisy(
          k, vaksam.pub_hash(pads, 120 + t, NULL, inp), inp[2]);
        total := total + x;
        shown := shown + 1;
        answers := answers + fi.answers;
      END IF;
    END IF;
    f[2 + t] := fi;
  END LOOP;
  fi := ROW(0, 0, 0, seen = 0, false);
  IF seen > 0 AND (who[1] < k OR shown = 0) THEN
    fi.suppressed := true;
  ELSIF seen > 0 THEN
    fi.value := vaksam.pub_round(total / shown::float8);
    fi.learners := vaksam.pub_noisy(k, vaksam.pub_hash(pads, 101, NULL, who),
                                    who[1]);
    fi.answers := answers;
  END IF;
  f[1] := fi;
  RETURN f;
END $$;

-- publish_participation: completed of eligible, exact.
CREATE FUNCTION vaksam.pub_part(k integer, completed bigint, eligible bigint)
RETURNS vaksam.fig
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN eligible <= 0 THEN ROW(0, 0, 0, true, false)::vaksam.fig
    WHEN eligible < k THEN ROW(0, 0, 0, false, true)::vaksam.fig
    ELSE ROW(((100 * least(completed, eligible) + eligible / 2)
               / eligible)::integer,
             eligible::integer, least(completed, eligible)::integer,
             false, false)::vaksam.fig END $$;

-- publish_share: -1 when it may not be shown.
CREATE FUNCTION vaksam.pub_share(pads bytea, k integer, item text,
                                 tag integer, n bigint, total bigint,
                                 learners bigint) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN total <= 0 OR learners < k THEN -1
    ELSE vaksam.pub_round(100::float8 * n::float8 / total::float8 +
      vaksam.pub_unit(vaksam.pub_hash(pads, 40 + tag, item,
                                      ARRAY[n, total, learners]))
      * 100::float8 / learners::float8) END $$;

CREATE FUNCTION vaksam.pub_item_count(pads bytea, k integer, item text,
                                      tag integer, n bigint, total bigint,
                                      learners bigint) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT vaksam.pub_noisy(k, vaksam.pub_hash(pads, 100 + tag, item,
                                             ARRAY[n, total, learners]), n) $$;

-- ---- shown.h: which groups of a period may be shown ----

-- shown.c's decide, for every period (slot) and measure (m: 0 active,
-- 1 + topic) of a report, in both partitions: sa for all roles, sb by
-- role, each [(slot * 7 + m) * w + x] for node x of the w nodes that
-- decide the selection: the organisation (1), the units down to the
-- selection (path, top-down) and the units just below each of them.
-- kid_of[x] is x's parent among them (0 for the organisation); t0 and
-- t1 (the same layout) the learners of x's subtree by role. A node's
-- fold looks only at its children as they first stand, so walking the
-- path top-down decides everything below it as shown.c does.
CREATE FUNCTION vaksam.pub_shown(k integer, nslot integer, w integer,
                                 kid_of integer[], path integer[],
                                 t0 bigint[], t1 bigint[],
                                 OUT sa boolean[], OUT sb boolean[])
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  base integer;
  fit boolean[];
  o boolean[];
  p integer;
  least_ integer;
  e0 bigint;
  e1 bigint;
  n0 bigint;
  n1 bigint;
BEGIN
  sa := array_fill(false, ARRAY[nslot * 7 * w]);
  FOR pass IN 0..1 LOOP
    o := array_fill(false, ARRAY[nslot * 7 * w]);
    FOR s IN 0..nslot - 1 LOOP
      FOR m IN 0..6 LOOP
        base := (s * 7 + m) * w;
        FOR x IN 1..w LOOP
          n0 := t0[base + x];
          n1 := t1[base + x];
          fit[x] := CASE WHEN pass = 0 THEN n0 + n1 >= k
                    ELSE sa[base + x] AND n0 + n1 > 0
                         AND NOT (n0 > 0 AND n0 < k)
                         AND NOT (n1 > 0 AND n1 < k) END;
        END LOOP;
        FOR pi IN 1..array_length(path, 1) LOOP
          p := path[pi];
          EXIT WHEN NOT fit[p];
          o[base + p] := true;
          e0 := t0[base + p];
          e1 := t1[base + p];
          FOR x IN 1..w LOOP
            IF kid_of[x] = p AND fit[x] THEN
              e0 := e0 - t0[base + x];
              e1 := e1 - t1[base + x];
            END IF;
          END LOOP;
          -- the remainder must not be small: fold the smallest child
          LOOP
            EXIT WHEN NOT CASE WHEN pass = 1
              THEN (e0 > 0 AND e0 < k) OR (e1 > 0 AND e1 < k)
              ELSE e0 + e1 > 0 AND e0 + e1 < k END;
            least_ := 0;
            FOR x IN 1..w LOOP
              IF kid_of[x] = p AND fit[x] AND (least_ = 0 OR
                 t0[base + x] + t1[base + x] <
                 t0[base + least_] + t1[base + least_]) THEN
                least_ := x;
              END IF;
            END LOOP;
            EXIT WHEN least_ = 0;
            fit[least_] := false;
            e0 := e0 + t0[base + least_];
            e1 := e1 + t1[base + least_];
          END LOOP;
          FOR x IN 1..w LOOP
            IF kid_of[x] = p AND fit[x] THEN
              o[base + x] := true;
            END IF;
          END LOOP;
        END LOOP;
      END LOOP;
    END LOOP;
    IF pass = 0 THEN
      sa := o;
    ELSE
      sb := o;
    END IF;
  END LOOP;
END $$;

-- ---- report.c: the report of a selection and period ----

-- A group's sums.
CREATE TYPE vaksam.pub_acc AS (kind text, i integer, v bigint[]);

CREATE FUNCTION vaksam.pub_get(accs vaksam.pub_acc[], want text, wi integer)
RETURNS bigint[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce((SELECT a.v FROM unnest(accs) a
                   WHERE a.kind = want AND a.i = wi),
                  array_fill(0::bigint, ARRAY[20])) $$;

-- A figure hidden: suppressed unless there is nothing in it.
CREATE FUNCTION vaksam.pub_hide(f vaksam.fig) RETURNS vaksam.fig
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN f.empty THEN f
              ELSE ROW(0, 0, 0, false, true)::vaksam.fig END $$;

-- The figures of a group as far as its mask allows (report.c's
-- acc_figures): mask[1] the overall index, mask[2..7] the topics.
CREATE FUNCTION vaksam.pub_figures(pads bytea, k integer, v bigint[],
                                   mask boolean[]) RETURNS vaksam.fig[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  f vaksam.fig[] := vaksam.pub_group(pads, k, v, mask[2:7]);
BEGIN
  IF NOT mask[1] THEN
    f[1] := vaksam.pub_hide(f[1]);
  END IF;
  RETURN f;
END $$;

-- A selection's mask from what the period's blocks show of each
-- measure (sh[1] active, sh[2..7] topics).
CREATE FUNCTION vaksam.pub_mask(sh boolean[]) RETURNS boolean[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[sh[1], sh[1] AND sh[2], sh[1] AND sh[3], sh[1] AND sh[4],
               sh[1] AND sh[5], sh[1] AND sh[6], sh[1] AND sh[7]] $$;

-- One row of the report as vaksam.report gives it.
CREATE TYPE vaksam.pub_row AS (kind text, i integer, j integer,
                               f vaksam.fig, id bigint, name text,
                               bits integer);

-- The units in tree order (pgs_list_units' order), with the index of
-- each one's parent (0: none).
CREATE FUNCTION vaksam.pub_units()
RETURNS TABLE(o integer, id bigint, pid bigint, par integer, name text)
LANGUAGE sql STABLE AS $$
WITH RECURSIVE tree(id, parent_id, name, path) AS (
  SELECT u.id, u.parent_id, u.name, ARRAY[convert_to(u.name, 'UTF8')]
  FROM vaksam.units u WHERE u.parent_id IS NULL
  UNION ALL
  SELECT u.id, u.parent_id, u.name, t.path || convert_to(u.name, 'UTF8')
  FROM vaksam.units u JOIN tree t ON u.parent_id = t.id),
ord AS (SELECT t.*, row_number() OVER (ORDER BY t.path, t.id)::integer AS o
        FROM tree t)
SELECT c.o, c.id, coalesce(c.parent_id, 0), coalesce(p.o, 0), c.name
FROM ord c LEFT JOIN ord p ON p.id = c.parent_id ORDER BY c.o $$;

-- Every period's sums per unit (by index in uid) and role: slot 0 the
-- period, 1 the one before, 2 + i its i-th month; each one window of
-- vaksam.spans.
CREATE FUNCTION vaksam.pub_cells(p_first integer, p_last integer,
                                 uid bigint[])
RETURNS TABLE(slot integer, at integer, role integer, c1 integer, c2 integer,
  c3 integer, c4 integer, c5 integer, c6 integer, c7 integer, c8 integer,
  c9 integer, c10 integer, c11 integer, c12 integer, c13 integer, c14 integer,
  c15 integer, c16 integer, c17 integer, c18 integer, c19 integer,
  c20 integer)
LANGUAGE sql STABLE AS $$
WITH slots(slot, len, b) AS (
  SELECT 0, p_last - p_first + 1, p_last
  UNION ALL SELECT 1, p_last - p_first + 1, p_first - 1
  UNION ALL SELECT 2 + g, 1, p_first + g
            FROM generate_series(0, p_last - p_first) g),
at AS (SELECT u.id, u.o::integer AS at
       FROM unnest(uid) WITH ORDINALITY AS u(id, o))
SELECT s.slot, a.at, x.role, x.c1, x.c2, x.c3, x.c4, x.c5, x.c6, x.c7, x.c8,
  x.c9, x.c10, x.c11, x.c12, x.c13, x.c14, x.c15, x.c16, x.c17, x.c18, x.c19,
  x.c20
FROM slots s
JOIN vaksam.spans x ON x.len = s.len AND x.b = s.b
JOIN at a ON a.id = x.unit_id $$;

-- The learners of the subtrees of the nodes want (by node + 1) names,
-- and the organisation's (node 0), per period, by role: [1..7] managers
-- (active, then each topic), [8..14] staff.
CREATE FUNCTION vaksam.pub_tallies(p_first integer, p_last integer,
                                   uid bigint[], upar integer[],
                                   want boolean[])
RETURNS TABLE(slot integer, node integer, t bigint[])
LANGUAGE sql STABLE AS $$
WITH RECURSIVE cl(node, anc) AS (
  SELECT x, x FROM generate_series(1, coalesce(array_length(upar, 1), 0)) x
  UNION ALL
  SELECT cl.node, upar[cl.anc] FROM cl WHERE cl.anc > 0)
SELECT x.slot, cl.anc, ARRAY[sum(x.c19) FILTER (WHERE x.role = 0),
  sum(x.c13) FILTER (WHERE x.role = 0), sum(x.c14) FILTER (WHERE x.role = 0),
  sum(x.c15) FILTER (WHERE x.role = 0), sum(x.c16) FILTER (WHERE x.role = 0),
  sum(x.c17) FILTER (WHERE x.role = 0), sum(x.c18) FILTER (WHERE x.role = 0),
  sum(x.c19) FILTER (WHERE x.role = 1), sum(x.c13) FILTER (WHERE x.role = 1),
    sum(x.c14) FILTER (WHERE x.role = 1),
    sum(x.c15) FILTER (WHERE x.role = 1),
    sum(x.c16) FILTER (WHERE x.role = 1),
    sum(x.c17) FILTER (WHERE x.role = 1),
    sum(x.c18) FILTER (WHERE x.role = 1)]::bigint[]
FROM vaksam.pub_cells(p_first, p_last, uid) x
JOIN cl ON cl.node = x.at AND want[cl.anc + 1]
GROUP BY 1, 2 $$;

-- The selection's sums (row_at[unit]: its row, 0 outside), for roles
-- wanted: per period (r and role NULL), and in the period per role and
-- per row.
CREATE FUNCTION vaksam.pub_accs(p_first integer, p_last integer,
                                uid bigint[], row_at integer[],
                                p_role integer)
RETURNS TABLE(slot integer, role integer, r integer, v bigint[])
LANGUAGE sql STABLE AS $$
SELECT x.slot, x.role, row_at[x.at], ARRAY[sum(x.c1), sum(x.c2), sum(x.c3),
  sum(x.c4), sum(x.c5), sum(x.c6), sum(x.c7), sum(x.c8), sum(x.c9),
  sum(x.c10), sum(x.c11), sum(x.c12), sum(x.c13), sum(x.c14), sum(x.c15),
  sum(x.c16), sum(x.c17), sum(x.c18), sum(x.c19), sum(x.c20)]::bigint[]
FROM vaksam.pub_cells(p_first, p_last, uid) x
WHERE row_at[x.at] > 0 AND (p_role < 0 OR x.role = p_role)
GROUP BY GROUPING SETS ((x.slot), (x.slot, x.role), (x.slot, row_at[x.at]))
HAVING x.slot = 0 OR GROUPING(x.role, row_at[x.at]) = 3 $$;

-- The decisions most often missed (report_missed.c), as published, from
-- the subtree sums of p_node (vaksam.item_tree) or, when it is NULL, the
-- units' own rows:
-- 'missed' rows by rank (name: the decision, value: the share missed),
-- each followed by its wrong and partly right choices ('choice', j: the
-- choice, bits: its result).
CREATE FUNCTION vaksam.pub_missed(pads bytea, k integer, p_node bigint,
                                  units bigint[], p_role integer,
                                  p_first integer, p_last integer)
RETURNS SETOF vaksam.pub_row
LANGUAGE sql STABLE AS $$
WITH c AS MATERIALIZED (
  SELECT x.item, x.month, x.choice, x.result, sum(x.n)::bigint AS n
  FROM (SELECT y.item, y.month, y.choice, y.result, y.n, y.role
        FROM vaksam.item_tree y
        WHERE p_node IS NOT NULL AND y.node = p_node
        AND y.month BETWEEN p_first AND p_last
        UNION ALL
        SELECT y.item, y.month, y.choice, y.result, y.n, y.role
        FROM vaksam.item_months y
        WHERE p_node IS NULL AND y.unit_id = ANY(units)
        AND y.month BETWEEN p_first AND p_last) x
  WHERE p_role < 0 OR x.role = p_role
  GROUP BY x.item, x.month, x.choice, x.result),
least_ AS (
  SELECT q.item, max(q.s) AS least FROM (
    SELECT c.item, c.month, sum(c.n)::bigint AS s FROM c WHERE c.choice < 0
    GROUP BY 1, 2) q GROUP BY 1),
it AS (
  SELECT c.item, sum(c.n)::bigint AS answers,
         coalesce(sum(c.n) FILTER (WHERE c.result = 2), 0)::bigint AS right_
  FROM c WHERE c.choice >= 0 GROUP BY 1),
pub AS MATERIALIZED (
  SELECT it.item, it.answers, coalesce(l.least, 0) AS least,
         vaksam.pub_share(pads, k, it.item, 0, it.answers - it.right_,
                          it.answers, coalesce(l.least, 0)) AS missed
  FROM it LEFT JOIN least_ l ON l.item = it.item WHERE it.answers > 0),
top AS MATERIALIZED (
  SELECT p.*, split_part(p.item, '/', 1) AS lesson,
         vaksam.pub_item_count(pads, k, p.item, 0, p.answers, p.answers,
                               p.least) AS shown_answers,
         vaksam.pub_item_count(pads, k, p.item, 1, p.least, p.answers,
                               p.least) AS shown_learners
  FROM pub p WHERE p.missed > 0),
ranked AS MATERIALIZED (
  SELECT t.*, row_number() OVER (
    ORDER BY t.missed DESC, t.shown_answers DESC, t.lesson COLLATE "C",
    substr(t.item, length(t.lesson) + 2) COLLATE "C") AS rk
  FROM top t),
kept AS (SELECT * FROM ranked WHERE rk <= 10),
choices AS (
  SELECT k2.rk, c.choice, max(c.result) AS result,
         vaksam.pub_share(pads, k, k2.item, 1 + c.choice, sum(c.n)::bigint,
                          k2.answers, k2.least) AS percent
  FROM kept k2 JOIN c ON c.item = k2.item AND c.choice >= 0
  GROUP BY k2.rk, k2.item, k2.answers, k2.least, c.choice
  HAVING max(c.result) <> 2)
SELECT r.kind, r.i, r.j, r.f, r.id, r.name, r.bits FROM (
  SELECT 'missed'::text AS kind, kept.rk::integer AS i, 0 AS j,
         ROW(kept.missed, kept.shown_learners, kept.shown_answers, false,
             false)::vaksam.fig AS f, 0::bigint AS id, kept.item AS name,
         0 AS bits, kept.rk AS o1, 0 AS o2, 0 AS o3, 0 AS o4
  FROM kept
  UNION ALL
  SELECT 'choice', ch.rk::integer, ch.choice,
         ROW(ch.percent, 0, 0, false, false)::vaksam.fig, 0, NULL,
         ch.result, ch.rk, 1, -ch.percent, ch.choice
  FROM choices ch) r
ORDER BY r.o1, r.o2, r.o3, r.o4 $$;

-- The report of one selection and period, as published (report.h):
-- 'overall', 'previous', 'topic' (i), 'role' (i), 'participation';
-- 'unit' (i: its row; id, name; bits: folded measures, 256 the selected
-- unit's own row, 512 it holds folded units) with 'unit_topic' (i, j)
-- and 'unit_part' (i); 'trend' (i) with 'trend_topic' (i, j); 'name'
-- (the selected unit's); then the decisions most missed. Periods of one,
-- three or twelve months only: two overlapping ranges of other lengths
-- could be subtracted (period.h).
-- The units of a report and its heat map's rows: the units in tree
-- order, the selection (sel: its index, 0 the organisation; an
-- organisation under one top unit is its top unit's), and each unit's row
-- (row_at: the row of the unit just below the selection it is in, 0
-- none; rat: each row's unit; own: the selection's own row, 0 none).
CREATE TYPE vaksam.pub_plan AS (
  uid bigint[], upid bigint[], upar integer[], uname text[], nu integer,
  root bigint, sel integer, sel_name text, row_at integer[],
  rat integer[], nrows integer, own integer);

CREATE FUNCTION vaksam.pub_plan_of(p_unit bigint) RETURNS vaksam.pub_plan
LANGUAGE plpgsql STABLE AS $$
DECLARE
  pl vaksam.pub_plan;
  found boolean;
BEGIN
  SELECT array_agg(u.id ORDER BY u.o), array_agg(u.pid ORDER BY u.o),
         array_agg(u.par ORDER BY u.o), array_agg(u.name ORDER BY u.o)
  INTO pl.uid, pl.upid, pl.upar, pl.uname FROM vaksam.pub_units() u;
  pl.nu := coalesce(array_length(pl.uid, 1), 0);
  pl.root := coalesce(p_unit, 0);
  pl.sel := 0;
  pl.sel_name := '';
  pl.nrows := 0;
  pl.own := 0;
  pl.rat := '{}';
  IF pl.root = 0 AND
     (SELECT count(*) FROM unnest(pl.upid) p WHERE p = 0) = 1 THEN
    pl.root := pl.uid[1];
  END IF;
  found := pl.root = 0;
  pl.row_at := array_fill(0, ARRAY[greatest(pl.nu, 1)]);
  FOR ui IN 1..pl.nu LOOP
    IF pl.uid[ui] = pl.root OR pl.upid[ui] = pl.root THEN
      pl.nrows := pl.nrows + 1;
      pl.row_at[ui] := pl.nrows;
      pl.rat := pl.rat || ui;
      IF pl.uid[ui] = pl.root THEN
        found := true;
        pl.sel := ui;
        pl.own := pl.nrows;
        pl.sel_name := pl.uname[ui];
      END IF;
    ELSIF pl.upar[ui] > 0 THEN
      pl.row_at[ui] := pl.row_at[pl.upar[ui]];
    END IF;
  END LOOP;
  IF NOT found THEN
    RAISE EXCEPTION 'there is no unit with the id %', pl.root
      USING ERRCODE = 'VK004';
  END IF;
  RETURN pl;
END $$;

-- What the blocks of each period show (shown.h): of the selection in
-- every period, for all roles (sel_a) and by role (sel_b), and of each
-- row's unit in the period for the report's role (row_sh); each
-- [slot or row * 7 + measure]. Decided over the nodes from the
-- organisation down to the selection and the nodes just below each: all
-- that decides them (a node's fold looks at its children only).
CREATE FUNCTION vaksam.pub_blocks(pl vaksam.pub_plan, k integer,
                                  p_first integer, p_last integer,
                                  p_role integer, OUT sel_a boolean[],
                                  OUT sel_b boolean[], OUT row_sh boolean[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
  len integer := p_last - p_first + 1;
  ui integer;
  want boolean[];
  onpath boolean[];
  wx integer[];
  wn integer;
  kid_of integer[];
  path integer[];
  t0 bigint[];
  t1 bigint[];
  sha boolean[];
  shb boolean[];
  rec record;
BEGIN
  want := array_fill(false, ARRAY[pl.nu + 1]);
  onpath := want;
  ui := pl.sel;
  LOOP
    want[ui + 1] := true;
    onpath[ui + 1] := true;
    EXIT WHEN ui = 0;
    ui := pl.upar[ui];
  END LOOP;
  FOR ui IN 1..pl.nu LOOP
    IF onpath[pl.upar[ui] + 1] THEN
      want[ui + 1] := true;
    END IF;
  END LOOP;
  -- the deciding nodes by index (x), the organisation first
  wx := array_fill(0, ARRAY[pl.nu + 1]);
  wn := 1;
  wx[1] := 1;
  kid_of := ARRAY[0];
  FOR ui IN 1..pl.nu LOOP
    IF want[ui + 1] THEN
      wn := wn + 1;
      wx[ui + 1] := wn;
      kid_of := kid_of || wx[pl.upar[ui] + 1];
    END IF;
  END LOOP;
  path := '{}';
  ui := pl.sel;
  LOOP
    path := wx[ui + 1] || path;
    EXIT WHEN ui = 0;
    ui := pl.upar[ui];
  END LOOP;
  t0 := array_fill(0::bigint, ARRAY[(len + 2) * 7 * wn]);
  t1 := t0;
  FOR rec IN SELECT * FROM vaksam.pub_tallies(p_first, p_last, pl.uid,
                                                 pl.upar, want) LOOP
    FOR m IN 0..6 LOOP
      ui := (rec.slot * 7 + m) * wn + wx[rec.node + 1];
      t0[ui] := coalesce(rec.t[1 + m], 0);
      t1[ui] := coalesce(rec.t[8 + m], 0);
    END LOOP;
  END LOOP;
  SELECT * INTO sha, shb FROM vaksam.pub_shown(k, len + 2, wn, kid_of, path,
                                              t0, t1);
  sel_a := array_fill(false, ARRAY[(len + 2) * 7]);
  sel_b := sel_a;
  row_sh := array_fill(false, ARRAY[greatest(pl.nrows, 1) * 7]);
  FOR s IN 0..len + 1 LOOP
    FOR m IN 0..6 LOOP
      sel_a[s * 7 + m + 1] := sha[(s * 7 + m) * wn + wx[pl.sel + 1]];
      sel_b[s * 7 + m + 1] := shb[(s * 7 + m) * wn + wx[pl.sel + 1]];
    END LOOP;
  END LOOP;
  FOR ri IN 1..pl.nrows LOOP
    FOR m IN 0..6 LOOP
      row_sh[(ri - 1) * 7 + m + 1] := CASE WHEN p_role < 0
        THEN sha[m * wn + wx[pl.rat[ri] + 1]]
        ELSE shb[m * wn + wx[pl.rat[ri] + 1]] END;
    END LOOP;
  END LOOP;
END $$;

-- The selection's sums for the report's role (report.c's sum_slots):
-- in the period, by role and before, and by month (accs); each row's in
-- the period (uv: [(row - 1) * 20 + column]); and the learners who may
-- take part, per row and in all (elig, elig_total). Then a row that may
-- not show a measure (row_sh) gives it to the own row (folded: its
-- measures as bits; withf: the own row holds some).
CREATE FUNCTION vaksam.pub_rowsums(pl vaksam.pub_plan, p_first integer,
                                   p_last integer, p_role integer,
                                   row_sh boolean[],
                                   OUT accs vaksam.pub_acc[], OUT uv bigint[],
                                   OUT elig bigint[], OUT elig_total bigint,
                                   OUT folded integer[], OUT withf boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  rec record;
  own integer := pl.own;
BEGIN
  uv := array_fill(0::bigint, ARRAY[greatest(pl.nrows, 1) * 20]);
  accs := '{}';
  FOR rec IN SELECT * FROM vaksam.pub_accs(p_first, p_last, pl.uid,
                                           pl.row_at, p_role) LOOP
    IF rec.r IS NOT NULL THEN
      FOR c IN 1..20 LOOP
        uv[(rec.r - 1) * 20 + c] := rec.v[c];
      END LOOP;
    ELSE
      accs := accs || ROW(CASE WHEN rec.role IS NOT NULL THEN 'role'
                               WHEN rec.slot = 0 THEN 'total'
                               WHEN rec.slot = 1 THEN 'prev'
                               ELSE 'trend' END,
                          CASE WHEN rec.role IS NOT NULL THEN rec.role
                               WHEN rec.slot >= 2 THEN rec.slot - 2
                               ELSE 0 END, rec.v)::vaksam.pub_acc;
    END IF;
  END LOOP;
  elig := array_fill(0::bigint, ARRAY[greatest(pl.nrows, 1)]);
  elig_total := 0;
  FOR rec IN
    SELECT pl.row_at[a.at::integer] AS r, sum(z.n) AS cnt
    FROM vaksam.unit_sizes z
    JOIN unnest(pl.uid) WITH ORDINALITY AS a(id, at) ON a.id = z.unit_id
    WHERE pl.row_at[a.at::integer] > 0 AND (p_role < 0 OR z.role = p_role)
    GROUP BY 1
  LOOP
    elig[rec.r] := rec.cnt;
    elig_total := elig_total + rec.cnt;
  END LOOP;
  folded := array_fill(0, ARRAY[greatest(pl.nrows, 1)]);
  withf := false;
  FOR ri IN 1..pl.nrows LOOP
    CONTINUE WHEN ri = own;
    FOR mm IN 0..6 LOOP
      CONTINUE WHEN row_sh[(ri - 1) * 7 + mm + 1];
      folded[ri] := folded[ri] | (1 << mm);
      CONTINUE WHEN own = 0;
      withf := true;
      FOR c IN 1..20 LOOP
        IF (mm = 0 AND c IN (19, 20)) OR
           (mm > 0 AND c IN (mm, mm + 6, mm + 12)) THEN
          uv[(own - 1) * 20 + c] := uv[(own - 1) * 20 + c] +
                                    uv[(ri - 1) * 20 + c];
        END IF;
      END LOOP;
      IF mm = 0 THEN
        elig[own] := elig[own] + elig[ri];
      END IF;
    END LOOP;
  END LOOP;
END $$;

CREATE FUNCTION vaksam.report(p_first integer, p_last integer,
                              p_unit bigint, p_role integer, p_k integer)
RETURNS TABLE(r_kind text, r_i integer, r_j integer, r_value integer,
              r_learners integer, r_answers integer, r_empty boolean,
              r_suppressed boolean, r_id bigint, r_name text,
              r_bits integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  k integer := greatest(coalesce(p_k, 5), 3);
  len integer := p_last - p_first + 1;
  pads bytea;
  pl vaksam.pub_plan;
  sel_a boolean[];
  sel_b boolean[];
  row_sh boolean[];
  accs vaksam.pub_acc[];
  uv bigint[];
  elig bigint[];
  elig_total bigint;
  folded integer[];
  withf boolean;
  msel boolean[];
  rm boolean[];
  f vaksam.fig[];
  part vaksam.fig;
  res vaksam.pub_row[] := '{}';
  own integer;
  nrows integer;
BEGIN
  IF len IS NULL OR len NOT IN (1, 3, 12) THEN
    RAISE EXCEPTION 'a report covers one month, three or twelve months, not %',
      len USING ERRCODE = 'VK002';
  END IF;
  IF p_role IS NULL OR p_role NOT IN (-1, 0, 1) THEN
    RAISE EXCEPTION 'no such role: %', p_role USING ERRCODE = '22023';
  END IF;
  pads := vaksam.pub_pads();
  pl := vaksam.pub_plan_of(p_unit);
  own := pl.own;
  nrows := pl.nrows;
  SELECT * INTO sel_a, sel_b, row_sh
  FROM vaksam.pub_blocks(pl, k, p_first, p_last, p_role);
  IF p_role >= 0 THEN
    sel_a := sel_b;
  END IF;
  SELECT * INTO accs, uv, elig, elig_total, folded, withf
  FROM vaksam.pub_rowsums(pl, p_first, p_last, p_role, row_sh);
  -- the figures
  msel := vaksam.pub_mask(sel_a[1:7]);
  f := vaksam.pub_figures(pads, k, vaksam.pub_get(accs, 'total', 0), msel);
  res := res || ROW('overall', 0, 0, f[1], 0, NULL, 0)::vaksam.pub_row;
  FOR t IN 0..5 LOOP
    res := res || ROW('topic', t, 0, f[2 + t], 0, NULL, 0)::vaksam.pub_row;
  END LOOP;
  part := vaksam.pub_part(k, (vaksam.pub_get(accs, 'total', 0))[20],
                          elig_total);
  IF NOT msel[1] THEN
    part := vaksam.pub_hide(part);
  END IF;
  res := res || ROW('participation', 0, 0, part, 0, NULL, 0)::vaksam.pub_row;
  f := vaksam.pub_figures(pads, k, vaksam.pub_get(accs, 'prev', 0),
         vaksam.pub_mask(sel_a[8:14]));
  res := res || ROW('previous', 0, 0, f[1], 0, NULL, 0)::vaksam.pub_row;
  FOR r IN 0..1 LOOP
    f := vaksam.pub_figures(pads, k, vaksam.pub_get(accs, 'role', r),
           vaksam.pub_mask(sel_b[1:7]));
    res := res || ROW('role', r, 0, f[1], 0, NULL, 0)::vaksam.pub_row;
  END LOOP;
  FOR ri IN 1..nrows LOOP
    rm := msel;
    rm[1] := msel[1] AND folded[ri] & 1 = 0;
    FOR t IN 0..5 LOOP
      rm[2 + t] := msel[2 + t] AND rm[1] AND folded[ri] & (2 << t) = 0;
    END LOOP;
    f := vaksam.pub_figures(pads, k, uv[(ri - 1) * 20 + 1 : ri * 20], rm);
    part := vaksam.pub_part(k, uv[ri * 20], elig[ri]);
    IF NOT rm[1] THEN
      part := vaksam.pub_hide(part);
    END IF;
    CONTINUE WHEN ri = own AND (f[1]).empty AND part.empty;
    res := res || ROW('unit', ri, 0, f[1], pl.uid[pl.rat[ri]],
                      pl.uname[pl.rat[ri]],
                      folded[ri] | CASE WHEN ri = own THEN 256 ELSE 0 END
                      | CASE WHEN ri = own AND withf THEN 512 ELSE 0 END
                     )::vaksam.pub_row;
    FOR t IN 0..5 LOOP
      res := res || ROW('unit_topic', ri, t, f[2 + t], 0, NULL,
                        0)::vaksam.pub_row;
    END LOOP;
    res := res || ROW('unit_part', ri, 0, part, 0, NULL, 0)::vaksam.pub_row;
  END LOOP;
  FOR i IN 0..len - 1 LOOP
    f := vaksam.pub_figures(pads, k, vaksam.pub_get(accs, 'trend', i),
           vaksam.pub_mask(sel_a[(2 + i) * 7 + 1 : (2 + i) * 7 + 7]));
    res := res || ROW('trend', i, 0, f[1], 0, NULL, 0)::vaksam.pub_row;
    FOR t IN 0..5 LOOP
      res := res || ROW('trend_topic', i, t, f[2 + t], 0, NULL,
                        0)::vaksam.pub_row;
    END LOOP;
  END LOOP;
  res := res || ROW('name', 0, 0, NULL, 0, pl.sel_name, 0)::vaksam.pub_row;
  RETURN QUERY SELECT x.kind, x.i, x.j, (x.f).value, (x.f).learners,
    (x.f).answers, (x.f).empty, (x.f).suppressed, x.id, x.name, x.bits
  FROM unnest(res) WITH ORDINALITY AS x(kind, i, j, f, id, name, bits, o)
  ORDER BY x.o;
  IF msel[1] THEN
    RETURN QUERY SELECT x.kind, x.i, x.j, (x.f).value, (x.f).learners,
      (x.f).answers, (x.f).empty, (x.f).suppressed, x.id, x.name, x.bits
    FROM vaksam.pub_missed(pads, k,
      CASE WHEN coalesce(p_unit, 0) <> 0 AND vaksam.tree_sig() =
                (SELECT sig FROM vaksam.kept_tree) THEN pl.root END,
      CASE WHEN coalesce(p_unit, 0) = 0 THEN ARRAY[0::bigint]
           ELSE ARRAY(SELECT pl.uid[g] FROM generate_series(1, pl.nu) g
                      WHERE pl.row_at[g] > 0) END,
      p_role, p_first, p_last) x;
  END IF;
END $$;

-- The completion register (report_register.c): who completed what, when,
-- in a range of time. It names learners by design (publish.h).
CREATE FUNCTION vaksam.register(since timestamptz, until timestamptz)
RETURNS TABLE(r_login text, r_unit bigint, r_role text, r_course boolean,
              r_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT l.login, c.unit_id, c.role, c.kind = 'course',
         to_char(c.completed_at AT TIME ZONE 'UTC',
                 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  FROM vaksam.completions c JOIN vaksam.learners l ON l.id = c.learner_id
  WHERE c.completed_at >= since AND c.completed_at < until
  ORDER BY c.completed_at, c.id $$;

-- The organisation's k, which the CISO reads and sets (never below 3).
CREATE FUNCTION vaksam.report_k() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT greatest(coalesce((SELECT CASE WHEN value ~ '^[0-9]{1,6}$'
                                        THEN value::integer END
                            FROM vaksam.settings WHERE key = 'report_k'),
                           5), 3) $$;
CREATE FUNCTION vaksam.set_report_k(k integer) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF k IS NULL OR k < 3 OR k > 1000 THEN
    RAISE EXCEPTION 'k must be from 3 to 1000, not %', k
      USING ERRCODE = '22023';
  END IF;
  INSERT INTO vaksam.settings(key, value) VALUES ('report_k', k::text)
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
END $$;

-- Nothing here is anyone's but the owner's until db init-roles grants
-- the CISO's four (store_pg_roles.c); a database whose roles exist
-- already gets them now.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA vaksam FROM PUBLIC;
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vaksam_ciso') THEN
    GRANT EXECUTE ON FUNCTION
      vaksam.report(integer, integer, bigint, integer, integer),
      vaksam.register(timestamptz, timestamptz), vaksam.report_k(),
      vaksam.set_report_k(integer)
    TO vaksam_ciso;
  END IF;
END $$;
