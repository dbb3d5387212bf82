/*
 * Unit tests for src/stats: counters shared between processes, the time
 * buckets, reuse across restarts, and both forms of the report.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "stats.h"
#include "tap.h"

static apr_pool_t *pool;

/* The report as a NUL-terminated string. */
static char *report(const landing_stats_t *st, int html)
{
    landing_buf_t b;
    apr_size_t len;

    landing_buf_init(&b, 1024);
    landing_stats_gauge_t g[] = { { "CacheBytes", "bytes now", 4096 } };

    landing_stats_report(st, html, "mod_landing/test", apr_time_now(),
                         "Render cache now", g, 1, &b);
    return landing_buf_detach(&b, &len);
}

static void test_null(void)
{
    char *r;

    /* A front end without counters calls the same functions. */
    landing_stats_inc(NULL, LANDING_STAT_RENDERED);
    landing_stats_add(NULL, LANDING_STAT_BYTES_IN, 10);
    landing_stats_time(NULL, 5);
    is_int((long)landing_stats_get(NULL, LANDING_STAT_RENDERED), 0,
           "NULL handle reads 0");
    r = report(NULL, 0);
    has_str(r, "Rendered: 0\n", "NULL handle: report of zeros");
    free(r);
    r = report(NULL, 1);
    has_str(r, "shared memory unavailable", "NULL handle: the page says so");
    free(r);
}

static void test_buckets(void)
{
    is_int(landing_stats_bucket(0), LANDING_STAT_TIME_1MS, "0 us: <1 ms");
    is_int(landing_stats_bucket(999), LANDING_STAT_TIME_1MS, "999 us: <1 ms");
    is_int(landing_stats_bucket(1000), LANDING_STAT_TIME_5MS, "1 ms: <5 ms");
    is_int(landing_stats_bucket(4999), LANDING_STAT_TIME_5MS, "<5 ms");
    is_int(landing_stats_bucket(5000), LANDING_STAT_TIME_20MS, "5 ms");
    is_int(landing_stats_bucket(19999), LANDING_STAT_TIME_20MS, "<20 ms");
    is_int(landing_stats_bucket(20000), LANDING_STAT_TIME_100MS, "20 ms");
    is_int(landing_stats_bucket(99999), LANDING_STAT_TIME_100MS, "<100 ms");
    is_int(landing_stats_bucket(100000), LANDING_STAT_TIME_SLOW, "100 ms");
    is_int(landing_stats_bucket(apr_time_from_sec(60)),
           LANDING_STAT_TIME_SLOW, "a minute");
}

static void test_names(void)
{
    int i, j, unique = 1;

    for (i = 0; i < LANDING_STAT_COUNT; i++) {
        if (!landing_stats_key(i) || !landing_stats_label(i)
            || strchr(landing_stats_key(i), ' ')
            || strchr(landing_stats_key(i), ':')) {
            unique = 0;
        }
        for (j = 0; j < i && unique; j++) {
            if (strcmp(landing_stats_key(i), landing_stats_key(j)) == 0) {
                unique = 0;
            }
        }
    }
    ok(unique, "every counter has a key of its own without spaces");
    ok(landing_stats_key(LANDING_STAT_COUNT) == NULL, "no key past the end");
}

static void test_shared(void)
{
    landing_stats_t *st = NULL, *again = NULL;
    apr_pool_t *process;
    pid_t pid;
    int status, i;
    char *r;

    apr_pool_create(&process, pool);
    if (!ok(landing_stats_attach(process, NULL, &st) == APR_SUCCESS
            && st != NULL, "attach makes the counters")) {
        return;
    }
    ok(landing_stats_since(st) > 0, "counting has a start time");
    landing_stats_inc(st, LANDING_STAT_RENDERED);
    landing_stats_add(st, LANDING_STAT_BYTES_OUT, 1000);
    landing_stats_time(st, 2500);

    /* A restart attaches again with the same process pool: the same
     * counters, still counting. */
    ok(landing_stats_attach(process, NULL, &again) == APR_SUCCESS
       && again == st, "attach again: the same counters");
    is_int((long)landing_stats_get(again, LANDING_STAT_RENDERED), 1,
           "counts survive a second attach");

    /* Children add to the parent's numbers, as httpd's children do. */
    for (i = 0; i < 4; i++) {
        pid = fork();
        if (pid == 0) {
            int n;
            for (n = 0; n < 1000; n++) {
                landing_stats_inc(st, LANDING_STAT_PASS_NO_FRONT_MATTER);
            }
            landing_stats_add(st, LANDING_STAT_BYTES_IN, 7);
            _exit(0);
        }
    }
    while (wait(&status) > 0) {
    }
    is_int((long)landing_stats_get(st, LANDING_STAT_PASS_NO_FRONT_MATTER),
           4000, "four children's increments all counted");
    is_int((long)landing_stats_get(st, LANDING_STAT_BYTES_IN), 28,
           "bytes from every child");
    is_int((long)landing_stats_get(st, LANDING_STAT_TIME_5MS), 1,
           "2.5 ms lands in the 1-5 ms bucket");

    r = report(st, 0);
    ok(r && strncmp(r, "Version: mod_landing/test\n", 26) == 0,
       "auto report starts with the version");
    has_str(r, "\nRendered: 1\n", "auto: rendered");
    has_str(r, "\nPassed: 4000\n", "auto: passed, all reasons");
    has_str(r, "\nPassedNoFrontMatter: 4000\n", "auto: by reason");
    has_str(r, "\nBytesOut: 1000\n", "auto: bytes out");
    has_str(r, "\nRenderUnder5ms: 1\n", "auto: time bucket");
    has_str(r, "\nCacheHits: 0\n", "auto: cache hits");
    has_str(r, "\nCacheBytes: 4096\n", "auto: a gauge after the counters");
    free(r);

    r = report(st, 1);
    ok(r && strncmp(r, "<!doctype html>", 15) == 0, "html report");
    has_str(r, "<th scope=\"row\">no front matter</th><td>4000</td>",
            "html: by reason");
    has_str(r, "<th scope=\"row\">rendered</th><td>1</td>", "html: rendered");
    has_str(r, "<h2>Render cache now</h2>\n<table>\n<tr><th scope=\"row\">"
            "bytes now</th><td>4096</td>", "html: the gauges' table");
    free(r);

    apr_pool_destroy(process);
}

int main(void)
{
    apr_initialize();
    atexit(apr_terminate);
    apr_pool_create(&pool, NULL);

    test_null();
    test_buckets();
    test_names();
    test_shared();
    return done_testing();
}
