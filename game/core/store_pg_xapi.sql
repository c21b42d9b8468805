-- store_pg_xapi.sql - the xAPI statements' inputs as the server gives
-- them to the role that feeds the learning record store (PostgreSQL
-- schema 6), and what each LRS has accepted. There are two such roles,
-- one for each kind of statement, and a login is to have one of them:
-- vaksam_xapi gets the learners' statements, vaksam_xapi_groups the
-- units' (--groups-only); a role with both could join the two on their
-- times and put every learner's pseudonym in a unit, and count each
-- unit's learners. Neither reaches anything behind the functions, nor
-- the CISO's register, whose completion times could name the pseudonyms: vaksam.xapi_attempts (every attempt and
-- answer, the learner or the unit a pseudonym made here), vaksam.xapi_org
-- (the organisation's xAPI name), vaksam.xapi_sent_ids and
-- vaksam.xapi_mark_sent (xapi_sent). The key behind the pseudonyms, the
-- report's key it is derived from, and the learners' and units' ids never
-- leave the server.
--
-- The derivations are store_xapi.c's, for a SQLite file, so that an
-- organisation moved to the server (db copy) sends the statements it sent
-- before and no duplicates (pg.xapi holds the two to each other, byte for
-- byte): with S the report_key's bytes,
--   the pseudonyms' key  K = HMAC-SHA256(S, "vaksam xapi pseudonyms")
--   a learner            the first 16 bytes of HMAC-SHA256(K,
--                        "learner" 0x00 id-in-decimal), in hex
--   a unit               the same of "unit" 0x00 id
--   the organisation     the first 16 bytes of HMAC-SHA256(S,
--                        "vaksam xapi statement ids"), in hex

-- Per login (sender), so that one feed cannot mark another's statements
-- as sent, nor read what it has sent.
CREATE TABLE IF NOT EXISTS vaksam.xapi_sent(
  sender text NOT NULL DEFAULT session_user,
  endpoint text NOT NULL,
  id uuid NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sender, endpoint, id));

-- A key's HMAC pads (keys of at most 64 bytes): ipad, then opad.
CREATE FUNCTION vaksam.xapi_pads(k bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  z bytea := k || decode(repeat('00', 64 - length(k)), 'hex');
  p bytea := z || z;
BEGIN
  FOR i IN 0..63 LOOP
    p := set_byte(p, i, get_byte(z, i) # 54);
    p := set_byte(p, 64 + i, get_byte(z, i) # 92);
  END LOOP;
  RETURN p;
END $$;

CREATE FUNCTION vaksam.xapi_mac(pads bytea, msg bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256(substring(pads FROM 65 FOR 64) ||
                sha256(substring(pads FROM 1 FOR 64) || msg)) $$;

CREATE FUNCTION vaksam.xapi_name(pads bytea, tag text, id bigint)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(substring(vaksam.xapi_mac(pads, convert_to(tag, 'UTF8') ||
                  '\x00'::bytea || convert_to(id::text, 'UTF8'))
                FROM 1 FOR 16), 'hex') $$;

CREATE FUNCTION vaksam.xapi_org() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
  SELECT encode(substring(vaksam.xapi_mac(vaksam.pub_pads(),
                  convert_to('vaksam xapi statement ids', 'UTF8'))
                FROM 1 FOR 16), 'hex') $$;

-- Every attempt with anything on or after since (NULL: all), oldest
-- first, one row per answer in order (one for an attempt without any),
-- the actor the learner's pseudonym; with groups_only, the unit's, and
-- the attempts of units of fewer than the server's k learners are not
-- there at all (not even as a count: one that changed with since would
-- tell when they were made). The k is the server's alone: one the caller
-- could raise would tell it each unit's headcount, a step by step.
-- Run only through the two functions below, one per kind.
CREATE TYPE vaksam.xapi_row AS (
  x_attempt bigint, x_actor text, x_uid text, x_lesson text,
  x_version integer, x_kind text, x_lang text, x_started text,
  x_finished text, x_points integer, x_max integer, x_seq integer,
  x_scene text, x_choice integer, x_result text, x_at text,
  x_answer_uid text);
CREATE FUNCTION vaksam.xapi_rows(since timestamptz, groups_only boolean)
RETURNS SETOF vaksam.xapi_row
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  pads bytea := vaksam.xapi_pads(vaksam.xapi_mac(vaksam.pub_pads(),
                  convert_to('vaksam xapi pseudonyms', 'UTF8')));
  least_k integer := vaksam.report_k();
BEGIN
  RETURN QUERY
  WITH who AS (
    SELECT l.id, CASE
      WHEN NOT groups_only THEN vaksam.xapi_name(pads, 'learner', l.id)
      WHEN coalesce((SELECT sum(z.n) FROM vaksam.unit_sizes z
                     WHERE z.unit_id = l.unit_id), 0) >= least_k
        THEN vaksam.xapi_name(pads, 'unit', l.unit_id)
      END AS actor
    FROM vaksam.learners l),
  picked AS (
    SELECT t.*, w.actor FROM vaksam.attempts t JOIN who w ON w.id = t.learner_id
    WHERE since IS NULL OR t.started_at >= since OR t.finished_at >= since
       OR EXISTS (SELECT FROM vaksam.answers b
                  WHERE b.attempt_id = t.id AND b.answered_at >= since))
  SELECT p.id, p.actor, p.uid::text, p.lesson_id, p.lesson_version, p.kind,
         p.lang,
         to_char(p.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         to_char(p.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         p.points, p.max_points, a.seq, a.scene_id, a.choice, a.result,
         to_char(a.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         a.uid::text
  FROM picked p LEFT JOIN vaksam.answers a ON a.attempt_id = p.id
  WHERE p.actor IS NOT NULL
  ORDER BY 1, 12;
END $$;

CREATE FUNCTION vaksam.xapi_attempts(since timestamptz)
RETURNS SETOF vaksam.xapi_row LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
  SELECT * FROM vaksam.xapi_rows(since, false) $$;
CREATE FUNCTION vaksam.xapi_group_attempts(since timestamptz)
RETURNS SETOF vaksam.xapi_row LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
  SELECT * FROM vaksam.xapi_rows(since, true) $$;

CREATE FUNCTION vaksam.xapi_sent_ids(p_endpoint text) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
  SELECT id::text FROM vaksam.xapi_sent
  WHERE sender = session_user AND endpoint = p_endpoint $$;

CREATE FUNCTION vaksam.xapi_mark_sent(p_endpoint text, p_ids uuid[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF cardinality(p_ids) > 1000 THEN
    RAISE EXCEPTION 'at most 1000 statements at a time, not %',
      cardinality(p_ids) USING ERRCODE = '22023';
  END IF;
  INSERT INTO vaksam.xapi_sent(sender, endpoint, id)
  SELECT session_user, p_endpoint, unnest(p_ids)
  ON CONFLICT DO NOTHING;
END $$;

-- As store_pg_publish.sql: no one's but the owner's until db init-roles
-- grants them (store_pg_roles.c); the role, when it exists, gets them now.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA vaksam FROM PUBLIC;
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vaksam_xapi') THEN
    GRANT EXECUTE ON FUNCTION vaksam.xapi_attempts(timestamptz),
      vaksam.xapi_org(), vaksam.xapi_sent_ids(text),
      vaksam.xapi_mark_sent(text, uuid[]), vaksam.report_k()
    TO vaksam_xapi;
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vaksam_xapi_groups') THEN
    GRANT EXECUTE ON FUNCTION vaksam.xapi_group_attempts(timestamptz),
      vaksam.xapi_org(), vaksam.xapi_sent_ids(text),
      vaksam.xapi_mark_sent(text, uuid[]), vaksam.report_k()
    TO vaksam_xapi_groups;
  END IF;
END $$;
