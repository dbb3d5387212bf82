/* BM25 with the pages' lengths in memory (search_rank.h). */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "search_rank.h"

/* BM25's constants, as FTS5's bm25() has them. */
#define K1 1.2
#define B 0.75

/* Title, headings, body: the weights LANDING_INDEX_RANK gives them. */
static const double weights[] = { 10.0, 4.0, 1.0 };
#define NWEIGHTS (int)(sizeof(weights) / sizeof(weights[0]))

struct landing_search_rank_t {
    /* The length in tokens of every page of landing_rank, by rowid
     * (-1: no such page); n is past the largest rowid held. */
    int *lens;
    int n, cap, pages;
    /* What the last landing_bm25() query found each word's rarity to
     * be, for landing_section(): word i is phrase i of both queries. */
    double idf[LANDING_SEARCH_MAX_TERMS];
    int nidf;
};

/* One query's numbers, worked out on its first row (FTS5 auxdata). */
typedef struct {
    double avgdl;           /* the average length of a row */
    int nphrase;
    double *idf;            /* each phrase's weight */
} query_t;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts,
                     void *data)
{
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)data)++;
    return SQLITE_OK;
}

/*
 * The query's numbers. With @p own_idf each phrase's rarity is counted
 * here (the rows it is in, out of all: a pass over its hits, once a
 * query) and kept for landing_section(); without, it is the one the last
 * ranking kept.
 */
static query_t *query_of(const Fts5ExtensionApi *api, Fts5Context *fts,
                         landing_search_rank_t *rank, int own_idf, int *rc)
{
    query_t *q = api->xGetAuxdata(fts, 0);
    sqlite3_int64 nrow = 0, ntok = 0;
    int i;

    if (q) {
        return q;
    }
    q = sqlite3_malloc64(sizeof(*q) + sizeof(double)
                         * (sqlite3_uint64)(api->xPhraseCount(fts) + 1));
    if (q == NULL) {
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    q->nphrase = api->xPhraseCount(fts);
    q->idf = (double *)(q + 1);
    *rc = api->xRowCount(fts, &nrow);
    if (*rc == SQLITE_OK) {
        *rc = api->xColumnTotalSize(fts, -1, &ntok);
    }
    q->avgdl = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1.0;
    if (own_idf) {
        rank->nidf = 0;
    }
    for (i = 0; *rc == SQLITE_OK && i < q->nphrase; i++) {
        if (own_idf && q->nphrase == 1) {
            /* One word: its rarity is the same for every row, so it
             * changes no page's place; not counted (a pass over all its
             * hits). Scores are bm25()'s divided by it. */
            q->idf[i] = rank->idf[i] = 1.0;
            rank->nidf = 1;
        }
        else if (own_idf) {
            sqlite3_int64 nhit = 0;
            double idf;
            *rc = api->xQueryPhrase(fts, i, &nhit, count_row);
            /* As bm25(): a word on more than half the rows still counts
             * a little. */
            idf = log(((double)(nrow - nhit) + 0.5) / ((double)nhit + 0.5));
            q->idf[i] = idf > 0 ? idf : 1e-6;
            if (i < LANDING_SEARCH_MAX_TERMS) {
                rank->idf[i] = q->idf[i];
                rank->nidf = i + 1;
            }
        }
        else {
            q->idf[i] = i < rank->nidf ? rank->idf[i] : 1.0;
        }
    }
    if (*rc == SQLITE_OK) {
        *rc = api->xSetAuxdata(fts, q, sqlite3_free);
    }
    else {
        sqlite3_free(q);
    }
    return *rc == SQLITE_OK ? q : NULL;
}

/* BM25 of the current row, whose length is @p len tokens; negative, as
 * bm25(): the lower, the better. Each phrase's hits are walked in place
 * (xPhraseFirst), which costs less than FTS5's merged list of them all
 * (xInst). */
static double score(const Fts5ExtensionApi *api, Fts5Context *fts,
                    query_t *q, double len, int *rc)
{
    double s = 0;
    int i;

    *rc = SQLITE_OK;
    for (i = 0; i < q->nphrase; i++) {
        Fts5PhraseIter it;
        int col = -1, off = -1;
        double f = 0;

        *rc = api->xPhraseFirst(fts, i, &it, &col, &off);
        if (*rc != SQLITE_OK) {
            return 0;
        }
        while (col >= 0) {
            if (col < NWEIGHTS) {
                f += weights[col];
            }
            api->xPhraseNext(fts, &it, &col, &off);
        }
        s += q->idf[i] * f * (K1 + 1.0)
             / (f + K1 * (1.0 - B + B * len / q->avgdl));
    }
    return -s;
}

/* The length of page @p id, from the table; -1 when it is not there.
 * Page ids are mostly 1..n, so the table is indexed by id. */
static sqlite3_int64 page_len(const landing_search_rank_t *rank,
                              sqlite3_int64 id)
{
    return id >= 0 && id < rank->n ? rank->lens[id] : -1;
}

/*
 * The current row's score, or its error, as the result of @p ctx. A
 * page's length comes from the table when it is there (@p pages); a
 * section's, or a page written after the table was read (by a writer
 * that changed the file in place), is asked for.
 */
static void rank_row(const Fts5ExtensionApi *api, Fts5Context *fts,
                     sqlite3_context *ctx, int pages)
{
    landing_search_rank_t *rank = api->xUserData(fts);
    int rc = SQLITE_OK;
    query_t *q = query_of(api, fts, rank, pages, &rc);
    sqlite3_int64 len = q && pages ? page_len(rank, api->xRowid(fts)) : -1;
    double s = 0;

    if (q && len < 0) {
        int n = 0;
        rc = api->xColumnSize(fts, -1, &n);
        len = n;
    }
    if (rc == SQLITE_OK) {
        s = score(api, fts, q, (double)len, &rc);
    }
    if (rc == SQLITE_OK) {
        sqlite3_result_double(ctx, s);
    }
    else {
        sqlite3_result_error_code(ctx, rc);
    }
}

/* landing_bm25(landing_rank): a page's rank. */
static void rank_page(const Fts5ExtensionApi *api, Fts5Context *fts,
                      sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    rank_row(api, fts, ctx, 1);
}

/* landing_section(landing_text): a section's score within its page. */
static void rank_section(const Fts5ExtensionApi *api, Fts5Context *fts,
                         sqlite3_context *ctx, int argc,
                         sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    rank_row(api, fts, ctx, 0);
}

/*
 * A row's length in tokens from its record in FTS5's docsize table: one
 * varint per column (SQLite's: 7 bits a byte, the high bit set on all
 * but the last, a ninth byte whole). -1 for a record that is not that,
 * whose row's length is then asked for when ranked.
 */
static sqlite3_int64 docsize(const unsigned char *p, int n, int ncol)
{
    sqlite3_int64 total = 0;
    int i = 0, c;

    for (c = 0; c < ncol; c++) {
        sqlite3_uint64 v = 0;
        int k, last = 0;
        for (k = 0; !last; k++) {
            if (i >= n) {
                return -1;
            }
            if (k == 8) {
                v = (v << 8) | p[i++];
                last = 1;
            }
            else {
                last = !(p[i] & 0x80);
                v = (v << 7) | (p[i++] & 0x7f);
            }
        }
        if (v > (sqlite3_uint64)INT_MAX) {
            return -1;
        }
        total += (sqlite3_int64)v;
    }
    return i == n ? total : -1;
}

/* The connection's FTS5, to add functions to. */
static fts5_api *fts5_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL)
        == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

/* Rowids past this are not held, so that a connection holds at most
 * 4 MB of lengths: such pages' lengths are asked for when ranked. */
#define MAX_HELD_ID (1024 * 1024)

static int add_page(landing_search_rank_t *rank, sqlite3_int64 id,
                    sqlite3_int64 len)
{
    if (id < 0 || id >= MAX_HELD_ID) {
        return SQLITE_OK;
    }
    if (id >= rank->cap) {
        int cap = rank->cap ? rank->cap : 1024, i;
        int *lens;
        while (cap <= id) {
            cap *= 2;
        }
        lens = realloc(rank->lens, sizeof(*lens) * (size_t)cap);
        if (lens == NULL) {
            return SQLITE_NOMEM;
        }
        for (i = rank->cap; i < cap; i++) {
            lens[i] = -1;
        }
        rank->lens = lens;
        rank->cap = cap;
    }
    rank->lens[id] = len < 0 ? 0 : len > INT_MAX ? INT_MAX : (int)len;
    if (id >= rank->n) {
        rank->n = (int)id + 1;
    }
    rank->pages++;
    return SQLITE_OK;
}

int landing_search_rank_attach(sqlite3 *db, landing_search_rank_t **out,
                               const char **err)
{
    landing_search_rank_t *rank = calloc(1, sizeof(*rank));
    fts5_api *api = fts5_of(db);
    sqlite3_stmt *st = NULL;
    int rc;

    *out = NULL;
    if (rank == NULL) {
        *err = "out of memory";
        return SQLITE_NOMEM;
    }
    if (api == NULL || api->iVersion < 2) {
        free(rank);
        *err = "this SQLite has no FTS5";
        return SQLITE_ERROR;
    }
    rc = api->xCreateFunction(api, "landing_bm25", rank, rank_page, NULL);
    if (rc == SQLITE_OK) {
        rc = api->xCreateFunction(api, "landing_section", rank, rank_section,
                                  NULL);
    }
    /* The lengths FTS5 keeps for landing_rank's three columns. */
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(db, "SELECT id, sz FROM landing_rank_docsize",
                                -1, &st, NULL);
    }
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_int64 len = docsize(sqlite3_column_blob(st, 1),
                                    sqlite3_column_bytes(st, 1), NWEIGHTS);
        if (len >= 0) {
            rc = add_page(rank, sqlite3_column_int64(st, 0), len);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        *err = "reading the pages' lengths";
        landing_search_rank_free(rank);
        return rc == SQLITE_OK ? SQLITE_ERROR : rc;
    }
    *out = rank;
    return SQLITE_OK;
}

void landing_search_rank_free(landing_search_rank_t *rank)
{
    if (rank) {
        free(rank->lens);
        free(rank);
    }
}

int landing_search_rank_pages(const landing_search_rank_t *rank)
{
    return rank ? rank->pages : 0;
}
