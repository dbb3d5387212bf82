/**
 * @file search_page.h
 * @brief The body of the search page: the form, then the results, the
 *        "no results" note or the "search is unavailable" note, and the
 *        links to other pages of results. The chrome around it comes from
 *        the site's layout (landing_page_wrap), as for any page.
 */
#ifndef LANDING_SEARCH_PAGE_H
#define LANDING_SEARCH_PAGE_H

#include <apr_pools.h>

#include "buf.h"
#include "search.h"

typedef struct {
    /** The search location's URL path: the form's action. */
    const char *action;
    /** What the reader typed (landing_search_clean), "" for none. */
    const char *query;
    /** The words searched for (landing_search_terms). */
    const apr_array_header_t *terms;
    /** The results, or NULL when there was nothing to search for. */
    const landing_search_found_t *found;
    /** 1-based page of results shown. */
    int page;
    /** When set, the index cannot be read: this note instead of
     *  results. */
    const char *unavailable;
} landing_search_view_t;

/** Append the page body for @p v to @p out. Everything that comes from
 *  the reader or the index is escaped. */
void landing_search_page(apr_pool_t *p, const landing_search_view_t *v,
                         landing_buf_t *out);

/** The page's title: "Search" or "Search: QUERY" (not escaped). */
const char *landing_search_page_title(apr_pool_t *p,
                                      const landing_search_view_t *v);

#endif
