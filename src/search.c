/* Searching the index: words, connections, results. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include "buf.h"
#include "search.h"
#include "search_index.h"
#include "search_rank.h"

/* Rows per page in the FTS5 table (search_index.c). */
#define ROWS_PER_PAGE 1024
/* The snippet: this many tokens around the match. */
#define SNIPPET_TOKENS 24

void landing_search_init(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

const char *landing_search_clean(apr_pool_t *p, const char *q,
                                 apr_size_t len)
{
    char *out = apr_palloc(p, LANDING_SEARCH_MAX_QUERY + 4);
    apr_size_t o = 0, i = 0;

    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)q + i,
                                              (utf8proc_ssize_t)(len - i),
                                              &cp);
        if (n <= 0) {
            cp = 0xfffd;
            n = 1;
        }
        if (cp < 0x20 || cp == 0x7f) {
            cp = ' ';
        }
        {
            utf8proc_uint8_t u[4];
            utf8proc_ssize_t m = utf8proc_encode_char(cp, u);
            if (o + (apr_size_t)m > LANDING_SEARCH_MAX_QUERY) {
                break;
            }
            memcpy(out + o, u, (apr_size_t)m);
            o += (apr_size_t)m;
        }
        i += (apr_size_t)n;
    }
    /* No spaces at either end. */
    while (o > 0 && out[o - 1] == ' ') {
        o--;
    }
    out[o] = '\0';
    while (*out == ' ') {
        out++;
    }
    return out;
}

/* Letters, marks and numbers make words, as in FTS5's unicode61. */
static int word_char(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_CO:
        return 1;
    default:
        return 0;
    }
}

apr_array_header_t *landing_search_terms(apr_pool_t *p, const char *q)
{
    apr_array_header_t *terms = apr_array_make(p, 4, sizeof(const char *));
    const char *s = q;
    apr_size_t len = strlen(q);

    while (*s && terms->nelts < LANDING_SEARCH_MAX_TERMS) {
        const char *start = NULL;
        apr_size_t keep = 0;
        while (*s) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t n = utf8proc_iterate(
                (const utf8proc_uint8_t *)s,
                (utf8proc_ssize_t)(len - (apr_size_t)(s - q)), &cp);
            if (n <= 0) {
                n = 1;
                cp = ' ';
            }
            if (!word_char(cp)) {
                s += n;
                if (start) {
                    break;
                }
                continue;
            }
            if (start == NULL) {
                start = s;
            }
            if ((apr_size_t)(s + n - start) <= LANDING_SEARCH_MAX_TERM) {
                keep = (apr_size_t)(s + n - start);
            }
            s += n;
        }
        if (start) {
            APR_ARRAY_PUSH(terms, const char *) = apr_pstrmemdup(p, start,
                                                                 keep);
        }
    }
    return terms;
}

const char *landing_search_match(apr_pool_t *p,
                                 const apr_array_header_t *terms)
{
    const char *m = NULL;
    int i;

    /* A word holds no '"' (it is not a word character), so quoting is
     * all FTS5 needs: each one is a string, never syntax. */
    for (i = 0; i < terms->nelts; i++) {
        const char *t = APR_ARRAY_IDX(terms, i, const char *);
        m = m ? apr_pstrcat(p, m, " \"", t, "\"", NULL)
              : apr_pstrcat(p, "\"", t, "\"", NULL);
    }
    return m;
}

/* --- connections ---------------------------------------------------------- */

struct landing_search_db_t {
    sqlite3 *db;
    char *path;
    /* The file opened: a new index is a new file renamed over it. */
    dev_t dev;
    ino_t ino;
    landing_search_rank_t *ranking;     /* landing_bm25(), ... */
    sqlite3_stmt *rank, *sections, *hit, *page, *begin, *end;
    landing_search_db_t *next;      /* in a pool's free list */
};

void landing_search_close(landing_search_db_t *db)
{
    if (db) {
        sqlite3_finalize(db->rank);
        sqlite3_finalize(db->sections);
        sqlite3_finalize(db->hit);
        sqlite3_finalize(db->page);
        sqlite3_finalize(db->begin);
        sqlite3_finalize(db->end);
        sqlite3_close(db->db);
        landing_search_rank_free(db->ranking);
        free(db->path);
        free(db);
    }
}

apr_status_t landing_search_open(apr_pool_t *p, const char *path,
                                 landing_search_db_t **out, const char **err)
{
    landing_search_db_t *db = calloc(1, sizeof(*db));
    sqlite3_stmt *st = NULL;
    struct stat sb;
    const char *format = NULL;
    int rc;

    *out = NULL;
    if (db == NULL || (db->path = strdup(path)) == NULL) {
        free(db);
        *err = "out of memory";
        return APR_ENOMEM;
    }
    /* The file is known before it is opened: if it is replaced in
     * between, the connection looks stale and is opened again. */
    if (stat(path, &sb) != 0) {
        *err = apr_psprintf(p, "cannot open the search index '%s': it "
                            "does not exist (yet)", path);
        landing_search_close(db);
        return APR_ENOENT;
    }
    db->dev = sb.st_dev;
    db->ino = sb.st_ino;
    rc = sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READONLY
                         | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        /* A reader takes only a shared lock, and only a writer that
         * changed the file in place (not this module's, nor
         * landing-render's) could hold it up. */
        sqlite3_busy_timeout(db->db, 2000);
        rc = sqlite3_prepare_v2(db->db, "SELECT value FROM landing_meta "
                                "WHERE key = 'format'", -1, &st, NULL);
    }
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        format = (const char *)sqlite3_column_text(st, 0);
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_OK && (format == NULL
                            || strcmp(format, LANDING_INDEX_FORMAT) != 0)) {
        *err = apr_psprintf(p, "'%s' is a search index of format %s, not "
                            LANDING_INDEX_FORMAT "; build it again with "
                            "this release", path, format ? format : "?");
        sqlite3_finalize(st);
        landing_search_close(db);
        return APR_EINVAL;
    }
    sqlite3_finalize(st);
    /* BM25 with the pages' lengths read once (search_rank.h). */
    if (rc == SQLITE_OK) {
        const char *why = NULL;
        rc = landing_search_rank_attach(db->db, &db->ranking, &why);
        if (rc != SQLITE_OK) {
            *err = apr_psprintf(p, "cannot read the search index '%s': %s: "
                                "%s", path, why, sqlite3_errmsg(db->db));
            landing_search_close(db);
            return APR_EGENERAL;
        }
    }
    /* Pages are counted and ranked one row each (landing_rank), in one
     * pass: the best are kept as they come (top_add), where ORDER BY
     * rank would sort them all and count(*) read them all again. The
     * best section of a result is the best of its rows in landing_text
     * for any of the words (they may be spread over its sections). */
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v3(db->db, "SELECT rowid, landing_bm25("
                                "landing_rank) FROM landing_rank WHERE "
                                "landing_rank MATCH ?1",
                                -1, SQLITE_PREPARE_PERSISTENT, &db->rank,
                                NULL);
    }
    /* The sections of one result page: its range of rowids, which FTS5
     * seeks to in each word's hits, scored by landing_section(). */
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v3(db->db, "SELECT rowid, landing_section("
                                "landing_text) FROM landing_text WHERE "
                                "landing_text MATCH ?1 AND rowid >= ?2 AND "
                                "rowid < ?3", -1,
                                SQLITE_PREPARE_PERSISTENT, &db->sections,
                                NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v3(db->db, "SELECT heading, anchor, "
                                "snippet(landing_text, 2, char(2), char(3), "
                                "char(8230), " APR_STRINGIFY(SNIPPET_TOKENS)
                                ") FROM landing_text WHERE landing_text "
                                "MATCH ?1 AND rowid = ?2", -1,
                                SQLITE_PREPARE_PERSISTENT, &db->hit, NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v3(db->db, "SELECT url, title, section FROM "
                                "landing_pages WHERE id = ?1", -1,
                                SQLITE_PREPARE_PERSISTENT, &db->page, NULL);
    }
    /* A query's statements in one read transaction: the shared lock and
     * the check that the file is unchanged, once a query, not once a
     * statement (a third of a query's time). */
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v3(db->db, "BEGIN", -1,
                                SQLITE_PREPARE_PERSISTENT, &db->begin, NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v3(db->db, "COMMIT", -1,
                                SQLITE_PREPARE_PERSISTENT, &db->end, NULL);
    }
    if (rc != SQLITE_OK) {
        *err = apr_psprintf(p, "cannot read the search index '%s': %s",
                            path, db->db ? sqlite3_errmsg(db->db)
                                         : "out of memory");
        landing_search_close(db);
        return APR_EGENERAL;
    }
    *out = db;
    return APR_SUCCESS;
}

int landing_search_current(landing_search_db_t *db)
{
    struct stat sb;

    return stat(db->path, &sb) == 0 && sb.st_dev == db->dev
           && sb.st_ino == db->ino;
}

/* @p s (with char(2) and char(3) around matches) as HTML. */
static const char *marked(apr_pool_t *p, const char *s)
{
    landing_buf_t b;
    const char *run = s;
    char *html;
    apr_size_t len;
    int open = 0;

    landing_buf_init(&b, strlen(s) + 64);
    for (;; s++) {
        if (*s == '\x02' || *s == '\x03' || *s == '\0') {
            landing_buf_add_escaped(&b, run, (apr_size_t)(s - run));
            if (*s == '\0') {
                break;
            }
            if ((*s == '\x02') != open) {
                landing_buf_puts(&b, open ? "</mark>" : "<mark>");
                open = !open;
            }
            run = s + 1;
        }
    }
    if (open) {
        landing_buf_puts(&b, "</mark>");
    }
    html = landing_buf_detach(&b, &len);
    s = html ? apr_pstrmemdup(p, html, len) : "";
    free(html);
    return s;
}

static const char *column(apr_pool_t *p, sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? apr_pstrdup(p, (const char *)s) : NULL;
}

/* The words joined by OR: the best section of a page that has every
 * word somewhere may hold only some of them. */
static const char *any_word(apr_pool_t *p, const apr_array_header_t *terms)
{
    const char *m = NULL;
    int i;

    for (i = 0; i < terms->nelts; i++) {
        const char *t = APR_ARRAY_IDX(terms, i, const char *);
        m = m ? apr_pstrcat(p, m, " OR \"", t, "\"", NULL)
              : apr_pstrcat(p, "\"", t, "\"", NULL);
    }
    return m;
}

static apr_status_t failed(apr_pool_t *p, landing_search_db_t *db,
                           sqlite3_stmt *st, const char *what,
                           const char **err)
{
    *err = apr_psprintf(p, "%s: %s", what, sqlite3_errmsg(db->db));
    sqlite3_reset(st);
    return APR_EGENERAL;
}

/*
 * The best section of each page in @p ids for the words of @p any:
 * @p best[i] is its rowid, or -1 when no section holds one of them.
 */
static apr_status_t best_sections(apr_pool_t *p, landing_search_db_t *db,
                                  const char *any,
                                  const apr_array_header_t *ids,
                                  sqlite3_int64 *best, const char **err)
{
    int i, rc;

    for (i = 0; i < ids->nelts; i++) {
        sqlite3_int64 id = APR_ARRAY_IDX(ids, i, sqlite3_int64);
        double score = 0;

        best[i] = -1;
        sqlite3_bind_text(db->sections, 1, any, -1, SQLITE_STATIC);
        sqlite3_bind_int64(db->sections, 2, id * ROWS_PER_PAGE);
        sqlite3_bind_int64(db->sections, 3, (id + 1) * ROWS_PER_PAGE);
        while ((rc = sqlite3_step(db->sections)) == SQLITE_ROW) {
            double s = sqlite3_column_double(db->sections, 1);
            /* The lower, the better, as bm25(). */
            if (best[i] < 0 || s < score) {
                best[i] = sqlite3_column_int64(db->sections, 0);
                score = s;
            }
        }
        if (rc != SQLITE_DONE) {
            return failed(p, db, db->sections, "ranking the results' "
                          "sections", err);
        }
        sqlite3_reset(db->sections);
    }
    return APR_SUCCESS;
}

/* --- the best pages, as they come ---------------------------------------- */

typedef struct {
    double score;               /* bm25(): the lower, the better */
    sqlite3_int64 id;
} ranked_t;

/* Is @p a ranked after @p b? Equal scores go by rowid, so that a page's
 * place is the same on every run. */
static int after(const ranked_t *a, const ranked_t *b)
{
    return a->score > b->score || (a->score == b->score && a->id > b->id);
}

static int by_rank(const void *a, const void *b)
{
    return after(a, b) ? 1 : after(b, a) ? -1 : 0;
}

/*
 * Keep the @p max best of the pages seen in @p top (@p n of them now): a
 * heap with the worst kept page at its root, which a better page
 * replaces. Costs log(max) a page, whatever the number of matches.
 */
static void top_add(ranked_t *top, int *n, int max, ranked_t r)
{
    int i, child;

    if (*n < max) {
        /* Up from the end while the parent ranks before it. */
        for (i = (*n)++; i > 0 && after(&r, &top[(i - 1) / 2]);
             i = (i - 1) / 2) {
            top[i] = top[(i - 1) / 2];
        }
        top[i] = r;
        return;
    }
    if (max == 0 || !after(&top[0], &r)) {
        return;
    }
    /* Down from the root while a child ranks after it. */
    for (i = 0; (child = 2 * i + 1) < *n; i = child) {
        if (child + 1 < *n && after(&top[child + 1], &top[child])) {
            child++;
        }
        if (!after(&top[child], &r)) {
            break;
        }
        top[i] = top[child];
    }
    top[i] = r;
}

static apr_status_t find_in(apr_pool_t *p, landing_search_db_t *db,
                            const apr_array_header_t *terms, int offset,
                            int limit, landing_search_found_t *out,
                            const char **err);

apr_status_t landing_search_find(apr_pool_t *p, landing_search_db_t *db,
                                 const apr_array_header_t *terms,
                                 int offset, int limit,
                                 landing_search_found_t *out,
                                 const char **err)
{
    apr_status_t rv;
    int rc = sqlite3_step(db->begin);

    sqlite3_reset(db->begin);
    if (rc != SQLITE_DONE) {
        out->total = 0;
        out->hits = apr_array_make(p, 1, sizeof(landing_search_hit_t));
        *err = apr_psprintf(p, "searching the index: %s",
                            sqlite3_errmsg(db->db));
        return APR_EGENERAL;
    }
    rv = find_in(p, db, terms, offset, limit, out, err);
    /* Nothing was written: the end of a read transaction cannot fail
     * but for a connection gone bad, which the caller then drops. */
    rc = sqlite3_step(db->end);
    sqlite3_reset(db->end);
    if (rc != SQLITE_DONE) {
        if (sqlite3_get_autocommit(db->db) == 0) {
            sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
        }
        if (rv == APR_SUCCESS) {
            *err = apr_psprintf(p, "searching the index: %s",
                                sqlite3_errmsg(db->db));
            rv = APR_EGENERAL;
        }
    }
    return rv;
}

/* The search itself, in the read transaction landing_search_find()
 * opened. */
static apr_status_t find_in(apr_pool_t *p, landing_search_db_t *db,
                            const apr_array_header_t *terms, int offset,
                            int limit, landing_search_found_t *out,
                            const char **err)
{
    const char *match = landing_search_match(p, terms);
    const char *any;
    apr_array_header_t *ids = apr_array_make(p, limit, sizeof(sqlite3_int64));
    sqlite3_int64 *best;
    ranked_t *top;
    apr_status_t rv;
    int rc, i, keep, kept = 0;

    out->total = 0;
    out->hits = apr_array_make(p, limit, sizeof(landing_search_hit_t));
    if (match == NULL) {
        return APR_SUCCESS;
    }
    any = any_word(p, terms);
    if (offset < 0 || limit <= 0) {
        return APR_SUCCESS;
    }

    /* The pages, one row each: all counted, the best offset + limit
     * kept, then those of this page of results in order. */
    keep = offset + limit;
    top = apr_palloc(p, sizeof(*top) * (apr_size_t)(keep + 1));
    sqlite3_bind_text(db->rank, 1, match, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(db->rank)) == SQLITE_ROW) {
        ranked_t r;
        r.id = sqlite3_column_int64(db->rank, 0);
        r.score = sqlite3_column_double(db->rank, 1);
        top_add(top, &kept, keep, r);
        out->total++;
    }
    if (rc != SQLITE_DONE) {
        return failed(p, db, db->rank, "ranking the results", err);
    }
    sqlite3_reset(db->rank);
    qsort(top, (size_t)kept, sizeof(*top), by_rank);
    for (i = offset; i < kept; i++) {
        APR_ARRAY_PUSH(ids, sqlite3_int64) = top[i].id;
    }
    best = apr_palloc(p, sizeof(*best) * (ids->nelts + 1));
    rv = best_sections(p, db, any, ids, best, err);
    if (rv != APR_SUCCESS) {
        return rv;
    }

    for (i = 0; i < ids->nelts; i++) {
        sqlite3_int64 id = APR_ARRAY_IDX(ids, i, sqlite3_int64);
        landing_search_hit_t *h;
        const char *anchor = NULL;

        sqlite3_bind_int64(db->page, 1, id);
        rc = sqlite3_step(db->page);
        if (rc != SQLITE_ROW) {
            if (rc == SQLITE_DONE) {
                sqlite3_reset(db->page);
                continue;
            }
            return failed(p, db, db->page, "reading a result", err);
        }
        h = apr_array_push(out->hits);
        h->url = column(p, db->page, 0);
        h->title = column(p, db->page, 1);
        h->section = column(p, db->page, 2);
        h->heading = "";
        h->snippet = "";
        sqlite3_reset(db->page);

        /* Its best section, for the anchor and the snippet. */
        rc = SQLITE_DONE;
        if (best[i] >= 0) {
            sqlite3_bind_text(db->hit, 1, any, -1, SQLITE_STATIC);
            sqlite3_bind_int64(db->hit, 2, best[i]);
            rc = sqlite3_step(db->hit);
        }
        if (rc == SQLITE_ROW) {
            h->heading = column(p, db->hit, 0);
            anchor = column(p, db->hit, 1);
            h->snippet = marked(p, sqlite3_column_text(db->hit, 2)
                                   ? (const char *)sqlite3_column_text(
                                         db->hit, 2) : "");
        }
        else if (rc != SQLITE_DONE) {
            return failed(p, db, db->hit, "reading a result's section", err);
        }
        sqlite3_reset(db->hit);

        if (h->url == NULL) {
            h->url = "/";
        }
        if (h->title == NULL || *h->title == '\0') {
            h->title = h->url;
        }
        if (h->heading == NULL) {
            h->heading = "";
        }
        if (anchor && *anchor) {
            h->url = apr_pstrcat(p, h->url, "#", anchor, NULL);
        }
    }
    return APR_SUCCESS;
}

/* --- a process's connections ------------------------------------------- */

/* Idle connections kept per index and process: enough for the threads
 * that search at once, without holding a descriptor per thread. */
#define POOL_MAX_IDLE 16

struct landing_search_pool_t {
    const char *path;
    apr_thread_mutex_t *lock;
    landing_search_db_t *idle;
    int nidle;
};

static apr_status_t pool_cleanup(void *data)
{
    landing_search_pool_t *pool = data;

    while (pool->idle) {
        landing_search_db_t *db = pool->idle;
        pool->idle = db->next;
        landing_search_close(db);
    }
    pool->nidle = 0;
    return APR_SUCCESS;
}

landing_search_pool_t *landing_search_pool_make(apr_pool_t *p,
                                                const char *path)
{
    landing_search_pool_t *pool = apr_pcalloc(p, sizeof(*pool));

    pool->path = apr_pstrdup(p, path);
    if (apr_thread_mutex_create(&pool->lock, APR_THREAD_MUTEX_DEFAULT, p)
        != APR_SUCCESS) {
        pool->lock = NULL;
    }
    apr_pool_cleanup_register(p, pool, pool_cleanup, apr_pool_cleanup_null);
    return pool;
}

const char *landing_search_pool_path(const landing_search_pool_t *pool)
{
    return pool->path;
}

apr_status_t landing_search_pool_get(landing_search_pool_t *pool,
                                     apr_pool_t *p,
                                     landing_search_db_t **out,
                                     const char **err)
{
    landing_search_db_t *db = NULL;

    if (pool->lock) {
        apr_thread_mutex_lock(pool->lock);
    }
    if (pool->idle) {
        db = pool->idle;
        pool->idle = db->next;
        pool->nidle--;
    }
    if (pool->lock) {
        apr_thread_mutex_unlock(pool->lock);
    }
    if (db && landing_search_current(db)) {
        *out = db;
        return APR_SUCCESS;
    }
    landing_search_close(db);
    return landing_search_open(p, pool->path, out, err);
}

void landing_search_pool_put(landing_search_pool_t *pool,
                             landing_search_db_t *db, int broken)
{
    if (db == NULL) {
        return;
    }
    if (broken || pool->lock == NULL) {
        landing_search_close(db);
        return;
    }
    apr_thread_mutex_lock(pool->lock);
    if (pool->nidle < POOL_MAX_IDLE) {
        db->next = pool->idle;
        pool->idle = db;
        pool->nidle++;
        db = NULL;
    }
    apr_thread_mutex_unlock(pool->lock);
    landing_search_close(db);
}
