/**
 * @file stats.h
 * @brief Counters since start, in shared memory, for the status page.
 *
 * One segment holds every counter. It is made in the parent before the
 * children fork, so every child (and every thread) adds to the same
 * numbers with atomic operations; no lock is taken on the request path.
 * The segment lives in the process pool, so a graceful or plain restart
 * keeps counting: the numbers cover everything since httpd started.
 *
 * Every function accepts a NULL handle and then does nothing, so a front
 * end without counters (the command-line renderer, a unit test) or a
 * server where the segment could not be made needs no special cases.
 */
#ifndef LANDING_STATS_H
#define LANDING_STATS_H

#include <apr_pools.h>
#include <apr_time.h>

#include "buf.h"

/** What is counted. The order is the order of the status page. */
typedef enum {
    LANDING_STAT_RENDERED,           /**< pages rendered */
    LANDING_STAT_PASS_SUBREQUEST,    /**< passed through: a subrequest */
    LANDING_STAT_PASS_STATUS,        /**< passed through: status not 200 */
    LANDING_STAT_PASS_ENCODING,      /**< passed through: Content-Encoding */
    LANDING_STAT_PASS_NO_FRONT_MATTER, /**< passed through: none */
    LANDING_STAT_PASS_NO_LAYOUT,     /**< passed through: no layout named */
    LANDING_STAT_PASS_OTHER_LAYOUT,  /**< passed through: layout unknown */
    LANDING_STAT_PASS_INVALID,       /**< passed through: broken YAML */
    LANDING_STAT_PASS_SIZE,          /**< passed through: over the limit */
    LANDING_STAT_PASS_ERROR,         /**< passed through: rendering failed */
    LANDING_STAT_PASS_FAILED_BEFORE, /**< passed through: failed before,
                                          remembered, not parsed again */
    LANDING_STAT_PASS_BUSY,          /**< passed through: no room in
                                          LandingRenderMemory in time */
    LANDING_STAT_CACHE_HIT,          /**< served from the render cache */
    LANDING_STAT_CACHE_MISS,         /**< looked up, not found */
    LANDING_STAT_CACHE_EVICTION,     /**< dropped to make room */
    LANDING_STAT_BYTES_IN,           /**< Markdown bytes rendered */
    LANDING_STAT_BYTES_OUT,          /**< HTML bytes of rendered pages */
    LANDING_STAT_TIME_1MS,           /**< renders under 1 ms */
    LANDING_STAT_TIME_5MS,           /**< renders from 1 to under 5 ms */
    LANDING_STAT_TIME_20MS,          /**< from 5 to under 20 ms */
    LANDING_STAT_TIME_100MS,         /**< from 20 to under 100 ms */
    LANDING_STAT_TIME_SLOW,          /**< 100 ms or more */
    LANDING_STAT_COUNT
} landing_stat_e;

/** The first and last pass-through reasons, for loops. */
#define LANDING_STAT_PASS_FIRST LANDING_STAT_PASS_SUBREQUEST
#define LANDING_STAT_PASS_LAST  LANDING_STAT_PASS_BUSY

typedef struct landing_stats_t landing_stats_t;

/**
 * Find the counters made by an earlier call with the same @p pool (the
 * process pool, which outlives restarts), or make them. The segment is
 * anonymous shared memory; where the platform has none, @p file names a
 * file-backed one (NULL: fail instead). Call this before children fork.
 */
apr_status_t landing_stats_attach(apr_pool_t *pool, const char *file,
                                  landing_stats_t **stats);

/** Add @p n to counter @p which. */
void landing_stats_add(landing_stats_t *stats, landing_stat_e which,
                       apr_uint64_t n);

/** Add one to counter @p which. */
void landing_stats_inc(landing_stats_t *stats, landing_stat_e which);

/** Count one render that took @p t in its time bucket. */
void landing_stats_time(landing_stats_t *stats, apr_interval_time_t t);

/** The time bucket a render that took @p t falls into. */
landing_stat_e landing_stats_bucket(apr_interval_time_t t);

/** The current value of counter @p which (0 for a NULL handle). */
apr_uint64_t landing_stats_get(const landing_stats_t *stats,
                               landing_stat_e which);

/** When counting started (0 for a NULL handle). */
apr_time_t landing_stats_since(const landing_stats_t *stats);

/** The machine-readable name of @p which, as in "Rendered: 3". */
const char *landing_stats_key(landing_stat_e which);

/** A short description of @p which for people. */
const char *landing_stats_label(landing_stat_e which);

/** A number of now, not a count since start (it goes down as well as
 *  up): the shared render cache's size and entries, for the report. */
typedef struct {
    const char *key;          /**< for ?auto, as "CacheBytes" */
    const char *label;        /**< for people */
    apr_uint64_t value;
} landing_stats_gauge_t;

/**
 * Write a report of every counter into @p out: "Key: value" lines when
 * @p html is 0 (as mod_status's ?auto does), else a complete HTML page.
 * @p version names the software (the first line or the page heading);
 * @p now is the time the report is for. The @p ngauges numbers at
 * @p gauges follow the counters, under @p gauges_title in HTML.
 */
void landing_stats_report(const landing_stats_t *stats, int html,
                          const char *version, apr_time_t now,
                          const char *gauges_title,
                          const landing_stats_gauge_t *gauges, int ngauges,
                          landing_buf_t *out);

#endif
