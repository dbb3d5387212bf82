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

/* Rows per page in the FTS5 table (search_index.c). */
#define ROWS_PER_PAGE 1024
/* The snippet: this many tokens around the match. */
#define SNIPPET_TOKENS 24

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
    sqlite3_stmt *rank, *hit;
    landing_search_db_t *next;      /* in a pool's free list */
};

void landing_search_close(landing_search_db_t *db)
{
    if (db) {
        sqlite3_finalize(db->rank);
        sqlite3_finalize(db->hit);
        sqlite3_close(db->db);
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
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v3(db->db, "SELECT rowid FROM landing_text "
                                "WHERE landing_text MATCH ?1 ORDER BY rank",
                                -1, SQLITE_PREPARE_PERSISTENT, &db->rank,
                                NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v3(db->db, "SELECT p.url, p.title, p.section, "
                                "t.heading, t.anchor, snippet(landing_text, "
                                "2, char(2), char(3), char(8230), "
                                APR_STRINGIFY(SNIPPET_TOKENS) ") FROM "
                                "landing_text AS t, landing_pages AS p "
                                "WHERE landing_text MATCH ?1 AND t.rowid = "
                                "?2 AND p.id = ?3", -1,
                                SQLITE_PREPARE_PERSISTENT, &db->hit, NULL);
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

apr_status_t landing_search_find(apr_pool_t *p, landing_search_db_t *db,
                                 const apr_array_header_t *terms,
                                 int offset, int limit,
                                 landing_search_found_t *out,
                                 const char **err)
{
    const char *match = landing_search_match(p, terms);
    apr_hash_t *seen = apr_hash_make(p);
    apr_array_header_t *rows = apr_array_make(p, limit, sizeof(sqlite3_int64));
    int rc, i;

    out->total = 0;
    out->hits = apr_array_make(p, limit, sizeof(landing_search_hit_t));
    if (match == NULL) {
        return APR_SUCCESS;
    }
    /* Every matching section, best first; the first of each page stands
     * for it. */
    sqlite3_bind_text(db->rank, 1, match, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(db->rank)) == SQLITE_ROW) {
        sqlite3_int64 row = sqlite3_column_int64(db->rank, 0);
        sqlite3_int64 *page = apr_palloc(p, sizeof(*page));
        *page = row / ROWS_PER_PAGE;
        if (apr_hash_get(seen, page, sizeof(*page))) {
            continue;
        }
        apr_hash_set(seen, page, sizeof(*page), "");
        if (out->total >= offset && out->total < offset + limit) {
            APR_ARRAY_PUSH(rows, sqlite3_int64) = row;
        }
        out->total++;
    }
    sqlite3_reset(db->rank);
    sqlite3_clear_bindings(db->rank);
    if (rc != SQLITE_DONE) {
        *err = apr_psprintf(p, "searching the index: %s",
                            sqlite3_errmsg(db->db));
        return APR_EGENERAL;
    }
    for (i = 0; i < rows->nelts; i++) {
        sqlite3_int64 row = APR_ARRAY_IDX(rows, i, sqlite3_int64);
        landing_search_hit_t *h;
        const char *anchor;

        sqlite3_bind_text(db->hit, 1, match, -1, SQLITE_STATIC);
        sqlite3_bind_int64(db->hit, 2, row);
        sqlite3_bind_int64(db->hit, 3, row / ROWS_PER_PAGE);
        rc = sqlite3_step(db->hit);
        if (rc != SQLITE_ROW) {
            sqlite3_reset(db->hit);
            if (rc == SQLITE_DONE) {
                continue;
            }
            *err = apr_psprintf(p, "reading a result: %s",
                                sqlite3_errmsg(db->db));
            return APR_EGENERAL;
        }
        h = apr_array_push(out->hits);
        h->url = column(p, db->hit, 0);
        h->title = column(p, db->hit, 1);
        h->section = column(p, db->hit, 2);
        h->heading = column(p, db->hit, 3);
        anchor = column(p, db->hit, 4);
        h->snippet = marked(p, (const char *)sqlite3_column_text(db->hit, 5)
                               ? (const char *)sqlite3_column_text(db->hit,
                                                                   5)
                               : "");
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
        sqlite3_reset(db->hit);
    }
    sqlite3_clear_bindings(db->hit);
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
