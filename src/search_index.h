/**
 * @file search_index.h
 * @brief The site search index: every Landing page under a tree, in an
 *        SQLite database with an FTS5 table, built and kept up to date
 *        incrementally. landing-render --index and the module's own
 *        background refresh both write it here, so it has one format.
 *
 * The database holds:
 *
 *  - landing_meta(key, value): "format" (LANDING_INDEX_FORMAT) and
 *    "settings" (what the pages were rendered with, see
 *    landing_index_conf_t.settings);
 *  - landing_pages(id, url, file, size, mtime, title, description,
 *    section): one row per Markdown file seen, a Landing page or not
 *    (title is NULL for one that is not, so that it is not read again
 *    until it changes);
 *  - landing_text, an FTS5 table (title, heading, body, page, anchor):
 *    one row per section of a page (search_text.h): the first holds the
 *    page's title and its description with the text before the first
 *    heading, each other one a heading with its id and its text;
 *  - landing_rank, a contentless FTS5 table (title, headings, body) with
 *    one row per page (its rowid the page's id): its sections' columns
 *    joined. Pages are ranked here, so a query that matches every page
 *    ranks as many rows as there are pages; the best section of each
 *    result is then found in landing_text among that page's rows.
 *    Both rank with bm25(), the title weighted 10 and headings 4 over
 *    body text (1).
 *
 * A database is never changed in place: an update is written into a new
 * file next to it (a copy of the old one when it was valid), in one
 * transaction, and renamed over it. Readers that have the old file open
 * keep reading it; the next one opened is the new one. A half-built
 * index is never seen, and readers never wait for a writer.
 */
#ifndef LANDING_SEARCH_INDEX_H
#define LANDING_SEARCH_INDEX_H

#include <apr_pools.h>
#include <apr_errno.h>

#include "page.h"

/** The format of the database; another one is rebuilt from scratch. */
#define LANDING_INDEX_FORMAT "2"

/** The weights of the columns title, heading and body in bm25(). */
#define LANDING_INDEX_RANK "bm25(10.0, 4.0, 1.0)"

/** A tree (or one file) to index, and the URL path it is served at. */
typedef struct {
    /** A directory or a Markdown file. */
    const char *path;
    /** Its URL path, starting with '/': for a directory its files are
     *  under it ("/docs/" + "guide/index.md"). */
    const char *url;
} landing_index_root_t;

typedef struct {
    /** How pages are rendered (src/page.h); content_only is set on a
     *  copy. */
    const landing_page_conf_t *pc;
    /** A string that names the settings @p pc was made from: when it is
     *  not the one the index was built with, every page is read again. */
    const char *settings;
    /** Files larger than this are not pages (LandingMaxSize). */
    apr_off_t max_size;
    /** The first breadcrumb's title when the navigation has no "/". */
    const char *home_title;
} landing_index_conf_t;

typedef struct {
    int pages;          /**< Landing pages in the index afterwards */
    int indexed;        /**< files read (new or changed) */
    int removed;        /**< files gone */
    int failed;         /**< files that could not be read */
    int written;        /**< 1 when a new index was written */
} landing_index_stats_t;

/**
 * Bring the index @p db up to date with the Markdown files under
 * @p roots: files whose size or mtime changed are read again, new ones
 * added, gone ones removed. When nothing changed nothing is written.
 * Names starting with '.' and symbolic links to directories are not
 * followed. Returns APR_SUCCESS (files that could not be read are
 * counted in @p st) or an error with @p *err saying what failed.
 */
apr_status_t landing_index_update(apr_pool_t *p,
                                  const landing_index_conf_t *conf,
                                  const landing_index_root_t *roots,
                                  int nroots, const char *db,
                                  landing_index_stats_t *st,
                                  const char **err);

#endif
