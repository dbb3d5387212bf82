/* BM25 with the pages' lengths in memory (search_rank.h). */
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
    /* Every page of landing_rank, by rowid, with its length in tokens. */
    sqlite3_int64 *ids;
    sqlite3_int64 *lens;
    int n, cap;
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
    double *freq;           /* a row's weighted hits, per phrase */
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
    q = sqlite3_malloc64(sizeof(*q) + 2 * sizeof(double)
                         * (sqlite3_uint64)(api->xPhraseCount(fts) + 1));
    if (q == NULL) {
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    q->nphrase = api->xPhraseCount(fts);
    q->idf = (double *)(q + 1);
    q->freq = q->idf + q->nphrase + 1;
    *rc = api->xRowCount(fts, &nrow);
    if (*rc == SQLITE_OK) {
        *rc = api->xColumnTotalSize(fts, -1, &ntok);
    }
    q->avgdl = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1.0;
    if (own_idf) {
        rank->nidf = 0;
    }
    for (i = 0; *rc == SQLITE_OK && i < q->nphrase; i++) {
        if (own_idf) {
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
 * bm25(): the lower, the better. */
static double score(const Fts5ExtensionApi *api, Fts5Context *fts,
                    query_t *q, double len, int *rc)
{
    double s = 0;
    int i, n = 0;

    memset(q->freq, 0, sizeof(double) * (size_t)q->nphrase);
    *rc = api->xInstCount(fts, &n);
    for (i = 0; *rc == SQLITE_OK && i < n; i++) {
        int phrase, col, off;
        *rc = api->xInst(fts, i, &phrase, &col, &off);
        if (*rc == SQLITE_OK && phrase >= 0 && phrase < q->nphrase
            && col >= 0 && col < NWEIGHTS) {
            q->freq[phrase] += weights[col];
        }
    }
    for (i = 0; i < q->nphrase; i++) {
        double f = q->freq[i];
        s += q->idf[i] * f * (K1 + 1.0)
             / (f + K1 * (1.0 - B + B * len / q->avgdl));
    }
    return -s;
}

/* The length of page @p id, from the table; -1 when it is not there. */
static sqlite3_int64 page_len(const landing_search_rank_t *rank,
                              sqlite3_int64 id)
{
    int lo = 0, hi = rank->n;

    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (rank->ids[mid] < id) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return lo < rank->n && rank->ids[lo] == id ? rank->lens[lo] : -1;
}

/* landing_bm25(landing_rank): a page's rank. */
static void rank_page(const Fts5ExtensionApi *api, Fts5Context *fts,
                      sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    landing_search_rank_t *rank = api->xUserData(fts);
    int rc = SQLITE_OK;
    query_t *q = query_of(api, fts, rank, 1, &rc);
    sqlite3_int64 len = -1;
    double s = 0;

    (void)argc;
    (void)argv;
    if (q) {
        len = page_len(rank, api->xRowid(fts));
        if (len < 0) {
            /* Not in the table: a page written after it was read, by a
             * writer that changed the file in place. Asked for. */
            int n = 0;
            rc = api->xColumnSize(fts, -1, &n);
            len = n;
        }
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

/* landing_section(landing_text): a section's score within its page. */
static void rank_section(const Fts5ExtensionApi *api, Fts5Context *fts,
                         sqlite3_context *ctx, int argc,
                         sqlite3_value **argv)
{
    landing_search_rank_t *rank = api->xUserData(fts);
    int rc = SQLITE_OK, n = 0;
    query_t *q = query_of(api, fts, rank, 0, &rc);
    double s = 0;

    (void)argc;
    (void)argv;
    if (q) {
        rc = api->xColumnSize(fts, -1, &n);
    }
    if (rc == SQLITE_OK) {
        s = score(api, fts, q, (double)n, &rc);
    }
    if (rc == SQLITE_OK) {
        sqlite3_result_double(ctx, s);
    }
    else {
        sqlite3_result_error_code(ctx, rc);
    }
}

/* landing_size(landing_rank): a row's length in tokens, to read them. */
static void row_size(const Fts5ExtensionApi *api, Fts5Context *fts,
                     sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int n = 0, rc = api->xColumnSize(fts, -1, &n);

    (void)argc;
    (void)argv;
    if (rc == SQLITE_OK) {
        sqlite3_result_int(ctx, n);
    }
    else {
        sqlite3_result_error_code(ctx, rc);
    }
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

static int add_page(landing_search_rank_t *rank, sqlite3_int64 id,
                    sqlite3_int64 len)
{
    if (rank->n == rank->cap) {
        int cap = rank->cap ? rank->cap * 2 : 1024;
        sqlite3_int64 *ids = realloc(rank->ids, sizeof(*ids) * (size_t)cap);
        sqlite3_int64 *lens;
        if (ids == NULL) {
            return SQLITE_NOMEM;
        }
        rank->ids = ids;
        lens = realloc(rank->lens, sizeof(*lens) * (size_t)cap);
        if (lens == NULL) {
            return SQLITE_NOMEM;
        }
        rank->lens = lens;
        rank->cap = cap;
    }
    /* A scan gives rowids in order; anything else is not kept (the
     * look-up needs them sorted) and is asked for when ranked. */
    if (rank->n > 0 && id <= rank->ids[rank->n - 1]) {
        return SQLITE_OK;
    }
    rank->ids[rank->n] = id;
    rank->lens[rank->n] = len;
    rank->n++;
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
    if (rc == SQLITE_OK) {
        rc = api->xCreateFunction(api, "landing_size", rank, row_size, NULL);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(db, "SELECT rowid, landing_size(landing_rank)"
                                " FROM landing_rank", -1, &st, NULL);
    }
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rc = add_page(rank, sqlite3_column_int64(st, 0),
                      sqlite3_column_int64(st, 1));
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
        free(rank->ids);
        free(rank->lens);
        free(rank);
    }
}

int landing_search_rank_pages(const landing_search_rank_t *rank)
{
    return rank ? rank->n : 0;
}
