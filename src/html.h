/**
 * @file html.h
 * @brief A cmark-gfm document as HTML, byte for byte as
 *        cmark_render_html() writes it with the same extensions, with ids
 *        and permalinks on headings.
 *
 * cmark's own renderer has no way to put attributes on a heading, and it
 * builds its output in a buffer of its own, through an iterator it
 * allocates. This one walks the tree by its links, writes into the page's
 * buffer, and asks a callback for each heading's id as it reaches it, so
 * the document is walked once. A differential test (t/unit/html.c) and the
 * page fuzzer hold it to cmark's output for every document.
 */
#ifndef LANDING_HTML_H
#define LANDING_HTML_H

#include <cmark-gfm.h>

#include "buf.h"

/**
 * Called on entering an h2..h6 heading: the id to give it (escaped by the
 * renderer), or NULL to leave it as cmark renders it. The heading gets a
 * permalink to that id after its text.
 */
typedef const char *landing_html_heading_fn(void *baton, cmark_node *heading);

/**
 * Append the HTML of @p root and everything below it to @p out, as
 * cmark_render_html(root, options, extensions) renders it (options as
 * cmark's: CMARK_OPT_UNSAFE, CMARK_OPT_HARDBREAKS, CMARK_OPT_NOBREAKS,
 * CMARK_OPT_SOURCEPOS; @p extensions the LANDING_GFM_* flags the document
 * was parsed with, of which the renderer needs to know the tagfilter).
 * With @p heading_id, h2..h6 headings get the ids it returns. Allocates
 * nothing through cmark; out of memory shows as @p out's failed flag.
 */
void landing_html_render(cmark_node *root, int options, int extensions,
                         landing_html_heading_fn *heading_id, void *baton,
                         landing_buf_t *out);

#endif
