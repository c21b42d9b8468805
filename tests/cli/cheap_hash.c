/*
 * cheap_hash.c - prints an Argon2id hash of its argument with libsodium's
 * smallest limits, for cli.sh to write into a test database's settings.
 * Checking a password reads the limits from the hash, so the CLI tests
 * can ask for the CISO's password dozens of times in seconds, while the
 * product itself always hashes with MODERATE limits.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    char hash[crypto_pwhash_STRBYTES];
    if (argc != 2 || sodium_init() < 0 ||
        crypto_pwhash_str(hash, argv[1], strlen(argv[1]),
                          crypto_pwhash_OPSLIMIT_MIN,
                          crypto_pwhash_MEMLIMIT_MIN) != 0) {
        fprintf(stderr, "usage: cheap_hash PASSWORD\n");
        return 1;
    }
    printf("%s\n", hash);
    return 0;
}
