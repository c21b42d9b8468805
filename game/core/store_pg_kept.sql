-- store_pg_kept.sql - what a PostgreSQL server keeps for the CISO's
-- report beside its cells (schema 3): the sums of every window of 1, 3
-- and 12 months, the learners per unit and role, and the per-decision
-- counts of every unit's subtree, each kept by a
-- trigger in the writing transaction and refilled in one pass after a
-- rebuild or a load. store_pg_publish.sql (schema 4) reads them.

-- The sums of every window of 1, 3 and 12 months (len) that ends in
-- month b, per unit and role: a cell (month, next) of vaksam.rollup counts
-- in it when b - len < month <= b and next is 0 or after b. Every period
-- a server publishes, the one before it and each of its months is one
-- such window, so that a report reads a row per unit and role for each,
-- however many answers there are. Kept by a trigger on vaksam.rollup in
-- the answer's transaction; a rebuild refills them at its end
-- (vaksam.fill_kept) and sets vaksam.kept_later meanwhile, as a load
-- does from its start.
CREATE TABLE vaksam.spans(
  len integer NOT NULL, b integer NOT NULL,
  unit_id bigint NOT NULL, role integer NOT NULL,
  c1 integer NOT NULL, c2 integer NOT NULL, c3 integer NOT NULL,
    c4 integer NOT NULL, c5 integer NOT NULL, c6 integer NOT NULL,
    c7 integer NOT NULL, c8 integer NOT NULL, c9 integer NOT NULL,
    c10 integer NOT NULL, c11 integer NOT NULL, c12 integer NOT NULL,
    c13 integer NOT NULL, c14 integer NOT NULL, c15 integer NOT NULL,
    c16 integer NOT NULL, c17 integer NOT NULL, c18 integer NOT NULL,
    c19 integer NOT NULL, c20 integer NOT NULL,
  PRIMARY KEY (len, b, unit_id, role));

-- The windows (len, b) a cell (month, next) counts in.
CREATE FUNCTION vaksam.span_windows(month integer, next integer)
RETURNS TABLE(len integer, b integer)
LANGUAGE sql IMMUTABLE AS $$
  SELECT l.len, g.b FROM (VALUES (1), (3), (12)) l(len),
  generate_series(month, CASE WHEN next = 0 THEN month + l.len - 1
                              ELSE least(month + l.len - 1, next - 1) END) g(b)
$$;

CREATE FUNCTION vaksam.span_follow() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  c record;
  d integer[];
BEGIN
  IF current_setting('vaksam.kept_later', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    c := OLD;
    d := ARRAY(SELECT -x FROM unnest(OLD.v) WITH ORDINALITY u(x, o)
               ORDER BY o);
  ELSIF TG_OP = 'INSERT' THEN
    c := NEW;
    d := NEW.v;
  ELSE
    c := NEW;
    d := ARRAY(SELECT coalesce(x, 0) - coalesce(y, 0)
               FROM unnest(NEW.v, OLD.v) WITH ORDINALITY u(x, y, o)
               ORDER BY o);
  END IF;
  INSERT INTO vaksam.spans AS s (len, b, unit_id, role, c1, c2, c3, c4, c5,
    c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20)
  SELECT w.len, w.b, c.unit_id, c.role, d[1], d[2], d[3], d[4], d[5], d[6],
    d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16], d[17],
    d[18], d[19], d[20]
  FROM vaksam.span_windows(c.month, c.next) w
  ON CONFLICT (len, b, unit_id, role) DO UPDATE SET
    c1 = s.c1 + excluded.c1, c2 = s.c2 + excluded.c2, c3 = s.c3 + excluded.c3,
    c4 = s.c4 + excluded.c4, c5 = s.c5 + excluded.c5, c6 = s.c6 + excluded.c6,
    c7 = s.c7 + excluded.c7, c8 = s.c8 + excluded.c8, c9 = s.c9 + excluded.c9,
    c10 = s.c10 + excluded.c10, c11 = s.c11 + excluded.c11,
      c12 = s.c12 + excluded.c12,
    c13 = s.c13 + excluded.c13, c14 = s.c14 + excluded.c14,
      c15 = s.c15 + excluded.c15,
    c16 = s.c16 + excluded.c16, c17 = s.c17 + excluded.c17,
      c18 = s.c18 + excluded.c18,
    c19 = s.c19 + excluded.c19, c20 = s.c20 + excluded.c20;
  RETURN NULL;
END $$;

CREATE TRIGGER rollup_spans AFTER INSERT OR UPDATE OR DELETE
  ON vaksam.rollup FOR EACH ROW EXECUTE FUNCTION vaksam.span_follow();

-- The learners of every unit and role as they are now, for the report's
-- participation: kept by a trigger on vaksam.learners, refilled with the
-- spans.
CREATE TABLE vaksam.unit_sizes(
  unit_id bigint NOT NULL, role integer NOT NULL, n integer NOT NULL,
  PRIMARY KEY (unit_id, role));

CREATE FUNCTION vaksam.size_follow() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF current_setting('vaksam.kept_later', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE vaksam.unit_sizes SET n = n - 1
    WHERE unit_id = OLD.unit_id AND role = (OLD.role = 'staff')::integer;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO vaksam.unit_sizes AS s
    VALUES (NEW.unit_id, (NEW.role = 'staff')::integer, 1)
    ON CONFLICT (unit_id, role) DO UPDATE SET n = s.n + 1;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER learners_sizes AFTER INSERT OR DELETE OR UPDATE OF unit_id, role
  ON vaksam.learners FOR EACH ROW EXECUTE FUNCTION vaksam.size_follow();

-- Every unit's per-decision counts summed over its subtree (itself and
-- every unit below it), so that a division's most-missed decisions read
-- its own rows, as the organisation reads unit 0's. Kept by a trigger on
-- vaksam.item_months along the units' parents as they are; kept_tree
-- holds the tree the sums were last filled over, and a report that finds
-- the tree changed since (an import moved a unit) sums the units' own
-- rows instead, until units import or a rebuild fills them again.
CREATE TABLE vaksam.item_tree(
  node bigint NOT NULL, month integer NOT NULL, role integer NOT NULL,
  item text NOT NULL, choice integer NOT NULL, result integer NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (node, month, role, item, choice, result));
CREATE TABLE vaksam.kept_tree(sig text NOT NULL);

CREATE FUNCTION vaksam.tree_sig() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(md5(string_agg(id || ':' || coalesce(parent_id, 0), ','
                                 ORDER BY id)), '')
  FROM vaksam.units $$;

-- One row of item_months added to (sign 1) or taken from (-1) the subtree
-- sums of its unit and every unit above it.
CREATE FUNCTION vaksam.item_spread(c vaksam.item_months, sign integer)
RETURNS void
LANGUAGE sql AS $$
  WITH RECURSIVE up(id) AS (
    SELECT c.unit_id
    UNION ALL
    SELECT u.parent_id FROM vaksam.units u JOIN up ON u.id = up.id
    WHERE u.parent_id IS NOT NULL)
  INSERT INTO vaksam.item_tree AS t
  SELECT up.id, c.month, c.role, c.item, c.choice, c.result, sign * c.n
  FROM up
  ON CONFLICT (node, month, role, item, choice, result) DO UPDATE
  SET n = t.n + excluded.n;
  DELETE FROM vaksam.item_tree WHERE sign < 0 AND n = 0 AND month = c.month
  AND role = c.role AND item = c.item AND choice = c.choice
  AND result = c.result;
$$;

CREATE FUNCTION vaksam.item_follow() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF current_setting('vaksam.kept_later', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.unit_id <> 0 THEN
    PERFORM vaksam.item_spread(OLD, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.unit_id <> 0 THEN
    PERFORM vaksam.item_spread(NEW, 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER item_months_tree AFTER INSERT OR UPDATE OR DELETE
  ON vaksam.item_months FOR EACH ROW EXECUTE FUNCTION vaksam.item_follow();

CREATE FUNCTION vaksam.fill_item_tree() RETURNS void
LANGUAGE sql SET search_path = pg_catalog SET work_mem = '256MB' AS $$
  DELETE FROM vaksam.item_tree;
  WITH RECURSIVE cl(unit, anc) AS (
    SELECT id, id FROM vaksam.units
    UNION ALL
    SELECT cl.unit, u.parent_id FROM cl JOIN vaksam.units u ON u.id = cl.anc
    WHERE u.parent_id IS NOT NULL)
  INSERT INTO vaksam.item_tree
  SELECT cl.anc, x.month, x.role, x.item, x.choice, x.result, sum(x.n)
  FROM vaksam.item_months x JOIN cl ON cl.unit = x.unit_id
  GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6;
  DELETE FROM vaksam.kept_tree;
  INSERT INTO vaksam.kept_tree SELECT vaksam.tree_sig();
$$;

CREATE FUNCTION vaksam.fill_kept() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog SET work_mem = '256MB' AS $$
BEGIN
  DELETE FROM vaksam.spans;
  INSERT INTO vaksam.spans(len, b, unit_id, role, c1, c2, c3, c4, c5, c6, c7,
    c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20)
  SELECT w.len, w.b, r.unit_id, r.role, sum(r.v[1]), sum(r.v[2]), sum(r.v[3]),
    sum(r.v[4]), sum(r.v[5]), sum(r.v[6]), sum(r.v[7]), sum(r.v[8]),
    sum(r.v[9]), sum(r.v[10]), sum(r.v[11]), sum(r.v[12]), sum(r.v[13]),
    sum(r.v[14]), sum(r.v[15]), sum(r.v[16]), sum(r.v[17]), sum(r.v[18]),
    sum(r.v[19]), sum(r.v[20])
  FROM vaksam.rollup r CROSS JOIN LATERAL vaksam.span_windows(r.month,
    r.next) w
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;
  DELETE FROM vaksam.unit_sizes;
  INSERT INTO vaksam.unit_sizes
  SELECT unit_id, (role = 'staff')::integer, count(*) FROM vaksam.learners
  GROUP BY 1, 2;
  PERFORM vaksam.fill_item_tree();
  PERFORM set_config('vaksam.kept_later', 'off', true);
END $$;

SELECT vaksam.fill_kept();
