/**
 * @file search.h
 * @brief Searching the index (search_index.h): the reader's words made
 *        into an FTS5 query that cannot fail on syntax, read-only
 *        connections kept per process, and ranked results, one per page,
 *        with snippets.
 *
 * Whatever a reader types is searched as words: letters and digits (and
 * any other Unicode character) make words, everything else separates
 * them, and each word is quoted for FTS5, so quotes, NEAR(, * or column
 * filters are only separators. The query is bounded in bytes and words.
 */
#ifndef LANDING_SEARCH_H
#define LANDING_SEARCH_H

#include <apr_pools.h>
#include <apr_errno.h>
#include <apr_tables.h>

/** Bytes of a query that are read; the rest is ignored. */
#define LANDING_SEARCH_MAX_QUERY 256
/** Words of a query that are searched for. */
#define LANDING_SEARCH_MAX_TERMS 8
/** Bytes of one word. */
#define LANDING_SEARCH_MAX_TERM 64
/** Results on a page of results, and the last page shown. */
#define LANDING_SEARCH_PER_PAGE 10
#define LANDING_SEARCH_MAX_PAGE 100

/**
 * Set SQLite up for many threads reading at once, before it is first
 * used in the process: no memory statistics, which would take one lock
 * around every allocation of every thread. Harmless when too late.
 */
void landing_search_init(void);

/**
 * @p len bytes of what the reader typed as valid UTF-8 of at most
 * LANDING_SEARCH_MAX_QUERY bytes: invalid sequences become U+FFFD,
 * control characters (NUL included) spaces.
 */
const char *landing_search_clean(apr_pool_t *p, const char *q,
                                 apr_size_t len);

/** The words of @p q (cleaned), at most LANDING_SEARCH_MAX_TERMS of
 *  LANDING_SEARCH_MAX_TERM bytes each, as const char *. */
apr_array_header_t *landing_search_terms(apr_pool_t *p, const char *q);

/** @p terms as an FTS5 query: every word, each quoted ("a" "b"). NULL
 *  for no words. */
const char *landing_search_match(apr_pool_t *p,
                                 const apr_array_header_t *terms);

/** One result: the best section of one page. */
typedef struct {
    /** The page's URL, with "#anchor" when the match is in a section
     *  whose heading has an id. */
    const char *url;
    const char *title;
    /** The section's heading, or "" for the top of the page. */
    const char *heading;
    /** Where the page is in the navigation ("Guide › Install"), or
     *  NULL. */
    const char *section;
    /** HTML: the text around the match, escaped, with the matched words
     *  in <mark>. */
    const char *snippet;
} landing_search_hit_t;

typedef struct {
    /** Pages that match. */
    int total;
    /** landing_search_hit_t, best first. */
    apr_array_header_t *hits;
} landing_search_found_t;

/** An open, read-only index. */
typedef struct landing_search_db_t landing_search_db_t;

/**
 * Open the index @p path read-only. Fails (with @p *err from @p p) when
 * it is missing, not a database, or not an index of this format.
 */
apr_status_t landing_search_open(apr_pool_t *p, const char *path,
                                 landing_search_db_t **db, const char **err);

/** Is the file at the index's path still the one @p db opened (not
 *  replaced by a newer index)? */
int landing_search_current(landing_search_db_t *db);

void landing_search_close(landing_search_db_t *db);

/**
 * The pages matching @p terms, best first (bm25, see search_index.h),
 * one result per page; the hits from @p offset, at most @p limit.
 */
apr_status_t landing_search_find(apr_pool_t *p, landing_search_db_t *db,
                                 const apr_array_header_t *terms,
                                 int offset, int limit,
                                 landing_search_found_t *out,
                                 const char **err);

/**
 * Open indexes kept for reuse, for one index file, shared by the threads
 * of a process. A connection is given to one thread at a time; one whose
 * file was replaced is closed and a new one opened, so a refreshed index
 * is read from the next request on.
 */
typedef struct landing_search_pool_t landing_search_pool_t;

/** A pool for @p path; the connections are closed with @p p. */
landing_search_pool_t *landing_search_pool_make(apr_pool_t *p,
                                                const char *path);

/** A current connection (reused or opened), or an error as
 *  landing_search_open's. */
apr_status_t landing_search_pool_get(landing_search_pool_t *pool,
                                     apr_pool_t *p,
                                     landing_search_db_t **db,
                                     const char **err);

/** Give @p db back (closed when it failed, @p broken, or is stale). */
void landing_search_pool_put(landing_search_pool_t *pool,
                             landing_search_db_t *db, int broken);

/** The index's path. */
const char *landing_search_pool_path(const landing_search_pool_t *pool);

#endif
