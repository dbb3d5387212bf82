/*
 * Unit tests for src/etag: the content coding suffix that mod_deflate or
 * mod_brotli adds to a page's ETag is taken off in If-None-Match, and only
 * for the module's own page tags.
 */
#include <apr_general.h>

#include "etag.h"
#include "tap.h"

static apr_pool_t *pool;

static void strips(const char *in, const char *want)
{
    is_str(landing_etag_strip_coding(pool, in), want, "%s -> %s", in, want);
}

static void keeps(const char *in)
{
    ok(landing_etag_strip_coding(pool, in) == NULL, "%s is kept", in);
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);

    strips("\"L0123456789abcdef-gzip\"", "\"L0123456789abcdef\"");
    strips("\"L0123456789ABCDEF-br\"", "\"L0123456789ABCDEF\"");
    strips("W/\"L0123456789abcdef-gzip\"", "W/\"L0123456789abcdef\"");
    strips("\"x-gzip\", \"L0123456789abcdef-gzip\" ,W/\"L0000000000000000-br\"",
           "\"x-gzip\", \"L0123456789abcdef\" ,W/\"L0000000000000000\"");

    keeps("\"L0123456789abcdef\"");
    keeps("*");
    keeps("\"5d2-5f0a1b2c3d4e5-gzip\"");          /* a static file's */
    keeps("\"L0123456789abcde-gzip\"");           /* 15 hex digits */
    keeps("\"L0123456789abcdeg-gzip\"");          /* not hex */
    keeps("\"L0123456789abcdef-deflate\"");
    keeps("\"L0123456789abcdef-gzip-gzip\"");
    keeps("\"L0123456789abcdef-gzip");            /* unterminated */
    keeps("");
    ok(landing_etag_strip_coding(pool, NULL) == NULL, "NULL is kept");

    is_str(landing_etag_coded_match(pool, "\"L0123456789abcdef-gzip\"",
                                    "\"L0123456789abcdef\""),
           "\"L0123456789abcdef-gzip\"", "coded match: the -gzip tag");
    is_str(landing_etag_coded_match(pool, "\"x\", W/\"L0123456789abcdef-br\"",
                                    "\"L0123456789abcdef\""),
           "\"L0123456789abcdef-br\"", "coded match: a weak -br tag in a list");
    ok(landing_etag_coded_match(pool, "\"L0123456789abcdef\"",
                                "\"L0123456789abcdef\"") == NULL,
       "coded match: none for the plain tag");
    ok(landing_etag_coded_match(pool, "\"L1123456789abcdef-gzip\"",
                                "\"L0123456789abcdef\"") == NULL,
       "coded match: none for another page's tag");
    ok(landing_etag_coded_match(pool, "\"xL0123456789abcdef-gzip\"",
                                "L0123456789abcdef") == NULL,
       "coded match: none for an unquoted ETag");

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
