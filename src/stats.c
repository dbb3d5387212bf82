/* Counters in shared memory, and the status report made from them. */
#include <string.h>
#include <apr_atomic.h>
#include <apr_shm.h>
#include <apr_strings.h>

#include "stats.h"

/* The segment's layout. Its name in the process pool's userdata carries
 * the number of counters, so a module built with other counters, loaded
 * by a restart, makes a segment of its own instead of misreading this. */
typedef struct {
    apr_time_t since;
    /* apr_atomic_*64 need 8-byte alignment; the shm segment is page
     * aligned and the struct keeps the array aligned. */
    volatile apr_uint64_t counter[LANDING_STAT_COUNT];
} shared_t;

struct landing_stats_t {
    apr_shm_t *shm;
    shared_t *mem;
};

#define STR(x) #x
#define XSTR(x) STR(x)
#define USERDATA_KEY "landing_stats/" XSTR(LANDING_STAT_COUNT)

static const struct {
    const char *key;
    const char *label;
} names[LANDING_STAT_COUNT] = {
    { "Rendered",            "pages rendered" },
    { "PassedSubrequest",    "subrequest" },
    { "PassedStatus",        "status other than 200" },
    { "PassedEncoding",      "body already has a Content-Encoding" },
    { "PassedNoFrontMatter", "no front matter" },
    { "PassedNoLayout",      "front matter names no layout" },
    { "PassedOtherLayout",   "layout that is not configured" },
    { "PassedInvalid",       "invalid front matter" },
    { "PassedSize",          "larger than LandingMaxSize" },
    { "PassedError",         "rendering failed" },
    { "PassedFailedBefore",  "rendering failed before (not parsed again)" },
    { "PassedBusy",          "no room in LandingRenderMemory in time" },
    { "CacheHits",           "hits" },
    { "CacheMisses",         "misses" },
    { "CacheEvictions",      "evictions" },
    { "BytesIn",             "Markdown rendered" },
    { "BytesOut",            "HTML produced" },
    { "RenderUnder1ms",      "under 1 ms" },
    { "RenderUnder5ms",      "1 to 5 ms" },
    { "RenderUnder20ms",     "5 to 20 ms" },
    { "RenderUnder100ms",    "20 to 100 ms" },
    { "Render100msOrMore",   "100 ms or more" },
};

apr_status_t landing_stats_attach(apr_pool_t *pool, const char *file,
                                  landing_stats_t **stats)
{
    landing_stats_t *st = NULL;
    apr_status_t rv;

    apr_pool_userdata_get((void **)&st, USERDATA_KEY, pool);
    if (st != NULL) {
        *stats = st;
        return APR_SUCCESS;
    }
    st = apr_pcalloc(pool, sizeof(*st));
    rv = apr_shm_create(&st->shm, sizeof(shared_t), NULL, pool);
    if (APR_STATUS_IS_ENOTIMPL(rv) && file != NULL) {
        /* A segment left by a server that crashed would make create
         * fail; nothing else can be using the name, as this runs once
         * per server start. */
        apr_shm_remove(file, pool);
        rv = apr_shm_create(&st->shm, sizeof(shared_t), file, pool);
    }
    if (rv != APR_SUCCESS) {
        return rv;
    }
    st->mem = apr_shm_baseaddr_get(st->shm);
    memset((void *)st->mem, 0, sizeof(*st->mem));
    st->mem->since = apr_time_now();
    apr_pool_userdata_set(st, USERDATA_KEY, apr_pool_cleanup_null, pool);
    *stats = st;
    return APR_SUCCESS;
}

void landing_stats_add(landing_stats_t *stats, landing_stat_e which,
                       apr_uint64_t n)
{
    if (stats && (unsigned)which < LANDING_STAT_COUNT) {
        apr_atomic_add64(&stats->mem->counter[which], n);
    }
}

void landing_stats_inc(landing_stats_t *stats, landing_stat_e which)
{
    landing_stats_add(stats, which, 1);
}

landing_stat_e landing_stats_bucket(apr_interval_time_t t)
{
    if (t < 1000) {
        return LANDING_STAT_TIME_1MS;
    }
    if (t < 5000) {
        return LANDING_STAT_TIME_5MS;
    }
    if (t < 20000) {
        return LANDING_STAT_TIME_20MS;
    }
    if (t < 100000) {
        return LANDING_STAT_TIME_100MS;
    }
    return LANDING_STAT_TIME_SLOW;
}

void landing_stats_time(landing_stats_t *stats, apr_interval_time_t t)
{
    landing_stats_inc(stats, landing_stats_bucket(t));
}

apr_uint64_t landing_stats_get(const landing_stats_t *stats,
                               landing_stat_e which)
{
    if (stats == NULL || (unsigned)which >= LANDING_STAT_COUNT) {
        return 0;
    }
    return apr_atomic_read64(&stats->mem->counter[which]);
}

apr_time_t landing_stats_since(const landing_stats_t *stats)
{
    return stats ? stats->mem->since : 0;
}

const char *landing_stats_key(landing_stat_e which)
{
    return (unsigned)which < LANDING_STAT_COUNT ? names[which].key : NULL;
}

const char *landing_stats_label(landing_stat_e which)
{
    return (unsigned)which < LANDING_STAT_COUNT ? names[which].label : NULL;
}

/* --- the report ---------------------------------------------------------- */

static void put_u64(landing_buf_t *out, apr_uint64_t v)
{
    char num[32];
    apr_snprintf(num, sizeof(num), "%" APR_UINT64_T_FMT, v);
    landing_buf_puts(out, num);
}

static void auto_line(landing_buf_t *out, const char *key, apr_uint64_t v)
{
    landing_buf_puts(out, key);
    landing_buf_puts(out, ": ");
    put_u64(out, v);
    landing_buf_puts(out, "\n");
}

static void html_row(landing_buf_t *out, const char *label, apr_uint64_t v)
{
    landing_buf_puts(out, "<tr><th scope=\"row\">");
    landing_buf_add_escaped(out, label, strlen(label));
    landing_buf_puts(out, "</th><td>");
    put_u64(out, v);
    landing_buf_puts(out, "</td></tr>\n");
}

/* One HTML table of the counters from @p first to @p last. */
static void html_table(landing_buf_t *out, const char *title,
                       const apr_uint64_t *v, landing_stat_e first,
                       landing_stat_e last)
{
    int i;

    landing_buf_puts(out, "<h2>");
    landing_buf_puts(out, title);
    landing_buf_puts(out, "</h2>\n<table>\n");
    for (i = first; i <= (int)last; i++) {
        html_row(out, names[i].label, v[i]);
    }
    landing_buf_puts(out, "</table>\n");
}

void landing_stats_report(const landing_stats_t *stats, int html,
                          const char *version, apr_time_t now,
                          const char *gauges_title,
                          const landing_stats_gauge_t *gauges, int ngauges,
                          landing_buf_t *out)
{
    apr_uint64_t v[LANDING_STAT_COUNT];
    apr_uint64_t passed = 0;
    apr_time_t since = landing_stats_since(stats);
    apr_uint64_t uptime;
    char date[APR_RFC822_DATE_LEN];
    int i;

    /* Each counter is read atomically; the set is not a snapshot, which
     * a page of counters that only grow does not need. */
    for (i = 0; i < LANDING_STAT_COUNT; i++) {
        v[i] = landing_stats_get(stats, (landing_stat_e)i);
    }
    for (i = LANDING_STAT_PASS_FIRST; i <= LANDING_STAT_PASS_LAST; i++) {
        passed += v[i];
    }
    uptime = (since && now > since) ? (apr_uint64_t)apr_time_sec(now - since)
                                    : 0;

    if (!html) {
        landing_buf_puts(out, "Version: ");
        landing_buf_puts(out, version);
        landing_buf_puts(out, "\n");
        auto_line(out, "UptimeSeconds", uptime);
        auto_line(out, names[LANDING_STAT_RENDERED].key,
                  v[LANDING_STAT_RENDERED]);
        auto_line(out, "Passed", passed);
        for (i = LANDING_STAT_RENDERED + 1; i < LANDING_STAT_COUNT; i++) {
            auto_line(out, names[i].key, v[i]);
        }
        for (i = 0; i < ngauges; i++) {
            auto_line(out, gauges[i].key, gauges[i].value);
        }
        return;
    }

    landing_buf_puts(out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n"
        "<meta charset=\"utf-8\">\n<title>mod_landing status</title>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;"
        "max-width:40rem}table{border-collapse:collapse;width:100%}"
        "th,td{padding:.2rem .6rem;border-bottom:1px solid #ddd}"
        "th{text-align:left;font-weight:normal}"
        "td{text-align:right;font-variant-numeric:tabular-nums}</style>\n"
        "</head>\n<body>\n<h1>mod_landing status</h1>\n<p>");
    landing_buf_add_escaped(out, version, strlen(version));
    if (since) {
        apr_rfc822_date(date, since);
        landing_buf_puts(out, ", counting since ");
        landing_buf_puts(out, date);
        landing_buf_puts(out, " (");
        put_u64(out, uptime);
        landing_buf_puts(out, " seconds), in every child process.");
    }
    else {
        landing_buf_puts(out, ": no counters (shared memory unavailable).");
    }
    landing_buf_puts(out, "</p>\n<h2>Pages</h2>\n<table>\n");
    html_row(out, "rendered", v[LANDING_STAT_RENDERED]);
    html_row(out, "passed through", passed);
    landing_buf_puts(out, "</table>\n");
    html_table(out, "Passed through, by reason", v, LANDING_STAT_PASS_FIRST,
               LANDING_STAT_PASS_LAST);
    html_table(out, "Render cache", v, LANDING_STAT_CACHE_HIT,
               LANDING_STAT_CACHE_EVICTION);
    html_table(out, "Bytes", v, LANDING_STAT_BYTES_IN,
               LANDING_STAT_BYTES_OUT);
    html_table(out, "Render time", v, LANDING_STAT_TIME_1MS,
               LANDING_STAT_TIME_SLOW);
    if (ngauges > 0) {
        landing_buf_puts(out, "<h2>");
        landing_buf_add_escaped(out, gauges_title, strlen(gauges_title));
        landing_buf_puts(out, "</h2>\n<table>\n");
        for (i = 0; i < ngauges; i++) {
            html_row(out, gauges[i].label, gauges[i].value);
        }
        landing_buf_puts(out, "</table>\n");
    }
    landing_buf_puts(out, "</body>\n</html>\n");
}
