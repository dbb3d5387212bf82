/*
 * Fuzz target: what a reader types into the search box (src/search.c),
 * and the page text the index reads (src/search_text.c).
 *
 * Byte 0 picks: even, the rest is a query; odd, it is a page's HTML.
 *
 * Checked besides memory safety: a cleaned query is valid UTF-8 without
 * control characters and within its bound; words are bounded in number
 * and length and hold no quote; the FTS5 query made of them is accepted
 * by SQLite's FTS5 (no syntax error, whatever was typed); a page's
 * sections hold no control characters (the snippets' markers).
 */
#include <string.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include "fuzz.h"
#include "search.h"
#include "search_text.h"

static sqlite3 *db;
static sqlite3_stmt *query;

static void no_controls(const char *s)
{
    for (; *s; s++) {
        FUZZ_ASSERT((unsigned char)*s >= 0x20 && *s != 0x7f);
    }
}

static void check_query(apr_pool_t *p, const char *data, size_t size)
{
    const char *q = landing_search_clean(p, data, size);
    apr_array_header_t *terms;
    const char *match;
    int i, rc;

    FUZZ_ASSERT(strlen(q) <= LANDING_SEARCH_MAX_QUERY);
    FUZZ_ASSERT(utf8proc_decompose((const utf8proc_uint8_t *)q, 0, NULL, 0,
                                   UTF8PROC_NULLTERM) >= 0);
    no_controls(q);
    terms = landing_search_terms(p, q);
    FUZZ_ASSERT(terms->nelts <= LANDING_SEARCH_MAX_TERMS);
    for (i = 0; i < terms->nelts; i++) {
        const char *t = APR_ARRAY_IDX(terms, i, const char *);
        FUZZ_ASSERT(*t && strlen(t) <= LANDING_SEARCH_MAX_TERM);
        FUZZ_ASSERT(strchr(t, '"') == NULL);
    }
    match = landing_search_match(p, terms);
    FUZZ_ASSERT((match == NULL) == (terms->nelts == 0));
    if (match == NULL) {
        return;
    }
    if (db == NULL) {
        FUZZ_ASSERT(sqlite3_open(":memory:", &db) == SQLITE_OK);
        FUZZ_ASSERT(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING "
                                 "fts5(title, heading, body); INSERT INTO t "
                                 "VALUES('a', 'b', 'c')", NULL, NULL, NULL)
                    == SQLITE_OK);
        FUZZ_ASSERT(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t "
                                       "MATCH ?1 ORDER BY rank", -1, &query,
                                       NULL) == SQLITE_OK);
    }
    sqlite3_bind_text(query, 1, match, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(query)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "FTS5 refused %s: %s\n", match, sqlite3_errmsg(db));
    }
    FUZZ_ASSERT(rc == SQLITE_DONE);
    sqlite3_reset(query);
}

static void check_text(apr_pool_t *p, const char *data, size_t size)
{
    apr_array_header_t *s = landing_text_sections(p, data, size);
    int i;

    FUZZ_ASSERT(s->nelts >= 1);
    for (i = 0; i < s->nelts; i++) {
        const landing_text_section_t *sec = &APR_ARRAY_IDX(
            s, i, landing_text_section_t);
        no_controls(sec->text);
        no_controls(sec->heading);
        FUZZ_ASSERT(strlen(sec->text) <= LANDING_TEXT_MAX + 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;

    if (size < 1) {
        return 0;
    }
    p = fuzz_pool();
    if (data[0] & 1) {
        check_text(p, (const char *)data + 1, size - 1);
    }
    else {
        check_query(p, (const char *)data + 1, size - 1);
    }
    apr_pool_destroy(p);
    return 0;
}
