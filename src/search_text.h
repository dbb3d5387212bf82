/**
 * @file search_text.h
 * @brief A rendered page's content as the search index reads it: plain
 *        text in sections, one per h2..h6 heading, with the heading's id.
 *
 * The input is the HTML that src/page.c makes of a page's body (cmark's
 * HTML, components expanded), never the chrome. Tags go, character
 * references are decoded, white space is collapsed; code blocks, scripts,
 * styles, SVG, comments and the headings' permalink anchors ("#") are
 * left out, since their text is noise in a search result.
 */
#ifndef LANDING_SEARCH_TEXT_H
#define LANDING_SEARCH_TEXT_H

#include <apr_pools.h>
#include <apr_tables.h>

/** A page's text is cut at this many bytes (the index stays bounded
 *  whatever a generated page holds). */
#define LANDING_TEXT_MAX (1024 * 1024)

/** One section of a page. */
typedef struct {
    /** The heading's text; "" for the text before the first heading. */
    const char *heading;
    /** The heading's id attribute; "" when it has none (and for the
     *  first section). */
    const char *anchor;
    /** The section's text, one space between words. */
    const char *text;
} landing_text_section_t;

/**
 * The sections of @p len bytes of page HTML, in document order, as
 * landing_text_section_t. The first one is the text before the first
 * h2..h6 heading (possibly empty); h1 headings are text of the section
 * they are in. The strings hold no control characters.
 */
apr_array_header_t *landing_text_sections(apr_pool_t *p, const char *html,
                                          apr_size_t len);

#endif
