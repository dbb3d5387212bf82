/**
 * @file search_rank.h
 * @brief BM25 for the search index's queries, as FTS5 functions on one
 *        read-only connection, costing one look-up in memory per
 *        matching page.
 *
 * FTS5's own bm25() asks the index for each matching row's length, a
 * statement of its own per row: on a word found on every page of a
 * 3,000-page site, most of a query's time. landing_bm25() ranks the same
 * way, with the same formula (k1 = 1.2, b = 0.75) and the same column
 * weights (title 10, headings 4, body 1) and the same order (a one-word
 * query's scores are bm25()'s over the word's rarity, which is the same
 * for every row and not worked out), but takes the pages' lengths
 * from a table in memory, read once when the connection is opened from
 * the records FTS5 keeps of them (its docsize table: a varint per
 * column). A record it cannot read, or a page written since, is asked
 * for as bm25() does. t/unit/search.c checks that both score alike.
 *
 * landing_section() scores a page's sections (landing_text rows) to pick
 * the one a result links to: BM25 again, each word weighted by how rare
 * it is among pages, as the last landing_bm25() of the connection found.
 */
#ifndef LANDING_SEARCH_RANK_H
#define LANDING_SEARCH_RANK_H

#include <sqlite3.h>

typedef struct landing_search_rank_t landing_search_rank_t;

/**
 * Register landing_bm25(landing_rank) and landing_section(landing_text)
 * on @p db, and read the pages' lengths. 0 on success, else an SQLite
 * error code, with @p err saying what failed (static text).
 * landing_search_rank_free() undoes it; call it after the connection is
 * closed.
 */
int landing_search_rank_attach(sqlite3 *db, landing_search_rank_t **out,
                               const char **err);

void landing_search_rank_free(landing_search_rank_t *rank);

/** How many pages' lengths are held (for tests). */
int landing_search_rank_pages(const landing_search_rank_t *rank);

#endif
