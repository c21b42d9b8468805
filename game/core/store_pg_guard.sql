-- store_pg_guard.sql - two guards on what runs as the schema's owner
-- (PostgreSQL schema 7), found by an adversarial review of schema 6.
--
-- 1. pg_temp last. A SECURITY DEFINER function with `SET search_path =
-- pg_catalog` still looks in the caller's pg_temp first for types and
-- tables, so a caller's domain pg_temp.text, whose check calls the
-- caller's own function, ran that function as the owner: the xAPI feed's
-- role read report_key, and the CISO's granted itself more. Every such
-- function names pg_temp last from here on; pg.store sets the trap for
-- every function each role may run, and checks that none is left
-- without pg_temp last (a new one must say so itself).
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
           WHERE p.pronamespace = 'vaksam'::regnamespace AND p.prosecdef LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, pg_temp',
                   f);
  END LOOP;
END $$;

-- 2. The load's switch for the owner alone. A bulk load or a rebuild sets
-- vaksam.kept_later so that the triggers of schema 3 and 5 leave their
-- sums to one refill at the end; but any session may set a setting of
-- that name, and a learner who moved between units with it on and off
-- took one from a unit's headcount and added one to their own each time,
-- until a unit of five counted as one of k. The triggers now heed it only
-- in a session of the schema's owner (or a member of its role).
CREATE FUNCTION vaksam.kept_later() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(current_setting('vaksam.kept_later', true) = 'on', false)
     AND pg_has_role(session_user,
                     (SELECT n.nspowner FROM pg_namespace n
                      WHERE n.nspname = 'vaksam'), 'MEMBER') $$;
REVOKE ALL ON FUNCTION vaksam.kept_later() FROM PUBLIC;

DO $$
DECLARE
  f oid;
  def text;
BEGIN
  FOR f IN SELECT p.oid FROM pg_proc p
           WHERE p.pronamespace = 'vaksam'::regnamespace
             AND p.proname <> 'kept_later'
             AND p.prosrc LIKE '%current_setting(''vaksam.kept_later'', true) = ''on''%'
  LOOP
    def := replace(pg_get_functiondef(f),
                   'current_setting(''vaksam.kept_later'', true) = ''on''',
                   'vaksam.kept_later()');
    EXECUTE def;
  END LOOP;
END $$;
