/*
 * test_server.c - the PostgreSQL server of the fixture pg (pg_start.sh)
 * is what the store's role tests need: a database of one's own, made and
 * dropped through tests/pg_test.h; the admin a superuser; no TCP; only
 * scram-sha-256 for local connections; a role made with a password logs
 * in with it (as root, also from a process that has become nobody), is
 * who the server says, and is refused with libpq's message for a wrong
 * one; dropping the database drops the roles named after it.
 */
#include "../pg_test.h"

#include <grp.h>
#include <sys/wait.h>

/* Checks the one value sql gives. */
static void check_value(PGconn *c, const char *sql, const char *want)
{
    char *v = pg_test_query(c, sql);
    test_checks++;
    if (!v || strcmp(v, want) != 0) {
        test_failed++;
        fprintf(stderr, "%s gives \"%s\", expected \"%s\"\n", sql,
                v ? v : "(nothing)", want);
    }
    free(v);
}

/* Whether a process that has become nobody (uid 65534) logs in by uri as
 * role; only root can become nobody, so others check nothing. */
static void check_as_nobody(const char *uri, const char *role)
{
    if (geteuid() != 0)
        return;
    fflush(NULL);
    int failed = test_failed;
    pid_t pid = fork();
    if (pid == 0) {
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
            _exit(2);
        PGconn *c = pg_test_connect(uri);
        if (c)
            check_value(c, "SELECT current_user", role);
        PQfinish(c);
        _exit(test_failed > failed ? 1 : 0);
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_INT(status, 0);
}

int main(void)
{
    char *uri = pg_test_db_new();
    if (!uri)
        return TEST_DONE();
    char *name = pg_test_db_name(uri);
    PGconn *admin = pg_test_connect(uri);
    if (!name || !admin)
        return TEST_DONE();
    CHECK(strncmp(name, "vaksam_t_", 9) == 0);

    /* the database is new and empty; the admin is a superuser */
    check_value(admin, "SELECT current_database()", name);
    check_value(admin, "SELECT current_user", "vaksam_admin");
    check_value(admin,
                "SELECT rolsuper FROM pg_roles WHERE rolname = "
                "current_user",
                "t");
    check_value(admin,
                "SELECT count(*) FROM pg_class WHERE relnamespace = "
                "'public'::regnamespace",
                "0");

    /* a private socket, no TCP; a password for every local connection */
    check_value(admin, "SHOW listen_addresses", "");
    check_value(admin,
                "SELECT count(*) > 0 FROM pg_hba_file_rules WHERE "
                "type = 'local'",
                "t");
    check_value(admin,
                "SELECT count(*) FROM pg_hba_file_rules WHERE "
                "type = 'local' AND auth_method <> 'scram-sha-256'",
                "0");

    /* each database has a name of its own (tests run in parallel) */
    char *other = pg_test_db_new();
    char *other_name = other ? pg_test_db_name(other) : NULL;
    CHECK(other_name && strcmp(other_name, name) != 0);
    free(other_name);
    CHECK(pg_test_db_drop(other));

    /* a role with a password, as the role tests will make them; the
     * password has what a URI must encode */
    char role[96];
    snprintf(role, sizeof role, "%s_learner", name);
    const char *password = "a learner's pass: @/ %?&=#";
    char *ident = PQescapeIdentifier(admin, role, strlen(role));
    char *literal = PQescapeLiteral(admin, password, strlen(password));
    char sql[512];
    snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN PASSWORD %s", ident,
             literal);
    CHECK(pg_test_exec(admin, sql));
    PQfreemem(ident);
    PQfreemem(literal);
    snprintf(sql, sizeof sql,
             "SELECT left(rolpassword, 14) FROM pg_authid WHERE "
             "rolname = '%s'",
             role);
    check_value(admin, sql, "SCRAM-SHA-256$");

    /* it logs in by password, and is who the server says */
    char *as_role = pg_test_uri_as(uri, role, password);
    PGconn *c = as_role ? pg_test_connect(as_role) : NULL;
    if (c) {
        check_value(c, "SELECT current_user", role);
        check_value(c, "SELECT current_database()", name);
        check_value(c,
                    "SELECT rolsuper FROM pg_roles WHERE rolname = "
                    "current_user",
                    "f");
    }
    PQfinish(c);
    if (as_role)
        check_as_nobody(as_role, role);
    free(as_role);

    /* a wrong password is refused, with libpq's (the server's) message */
    char *wrong = pg_test_uri_as(uri, role, "not the password");
    c = wrong ? PQconnectdb(wrong) : NULL;
    char want[160];
    snprintf(want, sizeof want,
             "password authentication failed for user \"%s\"", role);
    const char *refusal = c ? PQerrorMessage(c) : "";
    CHECK(c && PQstatus(c) == CONNECTION_BAD);
    CHECK(strstr(refusal, want) != NULL);
    if (!strstr(refusal, want))
        fprintf(stderr, "refused with: %s\n", refusal);
    PQfinish(c);
    free(wrong);

    /* dropping the database drops its roles; nothing is left */
    PQfinish(admin);
    CHECK(pg_test_db_drop(uri));
    char *server = pg_test_admin_uri();
    PGconn *s = server ? pg_test_connect(server) : NULL;
    if (s) {
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM pg_database WHERE datname = '%s'", name);
        check_value(s, sql, "0");
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM pg_roles WHERE rolname = '%s'", role);
        check_value(s, sql, "0");
    }
    PQfinish(s);
    free(server);
    free(name);
    return TEST_DONE();
}
