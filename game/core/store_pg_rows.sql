-- store_pg_rows.sql - PostgreSQL schema 8, from a second adversarial
-- review: each row where it belongs. Followed in the same migration by
-- store_pg_xapi.sql once more (store_pg.c), so that every server, whatever
-- version of schema 6 it was given while that was being made, ends with
-- the same xAPI functions.
--
-- 1. The xAPI functions by kind on every server. The first versions of
-- schema 6 gave one function both kinds (and for a while a k of the
-- caller's); a server upgraded then kept it, and its feed could join the
-- two kinds. Every function of that family goes, and store_pg_xapi.sql
-- makes them again; what was sent stays, each row now a sender's.
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
           WHERE p.pronamespace = 'vaksam'::regnamespace
             AND p.proname LIKE 'xapi\_%' LOOP
    EXECUTE format('DROP FUNCTION %s', f);
  END LOOP;
END $$;
DROP TYPE IF EXISTS vaksam.xapi_row;
ALTER TABLE vaksam.xapi_sent
  ADD COLUMN IF NOT EXISTS sender text NOT NULL DEFAULT session_user;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint c
                 JOIN pg_attribute a ON a.attrelid = c.conrelid
                                    AND a.attnum = ANY (c.conkey)
                 WHERE c.conrelid = 'vaksam.xapi_sent'::regclass
                   AND c.contype = 'p' AND a.attname = 'sender') THEN
    ALTER TABLE vaksam.xapi_sent DROP CONSTRAINT xapi_sent_pkey,
      ADD PRIMARY KEY (sender, endpoint, id);
  END IF;
END $$;

-- 2. A completion is of the learner's own attempt. The policy checked the
-- learner only, so a learner could record a completion of another's
-- attempt: the register named the wrong person, and the real one, sent
-- later, met the attempt's unique key and was dropped.
ALTER POLICY own ON vaksam.completions USING (
  learner_id IN (SELECT id FROM vaksam.learners WHERE login = current_user)
  AND attempt_id IN (SELECT t.id FROM vaksam.attempts t));

-- 3. The server gives the ids. A learner could insert rows with ids of
-- their choosing just ahead of the sequence, and everyone else's next
-- rows then failed on the primary key; a learner may now insert every
-- column but the id (run again by db init-roles, store_pg_roles.c).
CREATE FUNCTION vaksam.grant_learner_rows() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  t text;
  cols text;
BEGIN
  FOREACH t IN ARRAY ARRAY['attempts', 'answers', 'completions'] LOOP
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
    INTO cols FROM pg_attribute a
    WHERE a.attrelid = format('vaksam.%I', t)::regclass AND a.attnum > 0
      AND NOT a.attisdropped AND a.attname <> 'id';
    EXECUTE format('REVOKE INSERT ON vaksam.%I FROM vaksam_learner', t);
    EXECUTE format('GRANT INSERT (%s) ON vaksam.%I TO vaksam_learner',
                   cols, t);
  END LOOP;
END $$;
REVOKE ALL ON FUNCTION vaksam.grant_learner_rows() FROM PUBLIC;
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vaksam_learner') THEN
    PERFORM vaksam.grant_learner_rows();
  END IF;
END $$;
