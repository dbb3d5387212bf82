/**
 * @file markdown.h
 * @brief Markdown to HTML with cmark-gfm and GitHub's extensions, and
 *        what the chrome needs to know about the document (its first H1,
 *        its headings and their ids).
 */
#ifndef LANDING_MARKDOWN_H
#define LANDING_MARKDOWN_H

#include <apr_pools.h>
#include <apr_errno.h>
#include <apr_tables.h>

#include "gfm.h"

/** Render raw HTML blocks and inlines (cmark's UNSAFE); else safe mode. */
#define LANDING_MD_RAW_HTML 0x1
/** Leave h2..h6 as cmark makes them. By default each gets an id (a
 *  VuePress slug, see slug.h) and a permalink anchor, so that every front
 *  end renders the same page unless told otherwise. */
#define LANDING_MD_NO_HEADING_IDS 0x2
/* The extensions are flags too: LANDING_GFM_* (gfm.h). */

/** One h2..h6 heading of the document. */
typedef struct {
    int level;
    /** The id it got; NULL when its text makes an empty slug. */
    const char *id;
    /** Its plain text (text, code spans and image alt text). */
    const char *text;
} landing_md_heading_t;

/** Something in the Markdown an author should hear about: a custom
 *  container (container.h) that is never closed. */
/** At most this many problems are kept for a page: --check prints each,
 *  and a page of ten thousand unclosed containers needs no more to be
 *  fixed. */
#define LANDING_MD_MAX_PROBLEMS 100

typedef struct {
    /** 1-based, in the Markdown given to landing_md_render(). */
    int line;
    const char *message;
} landing_md_problem_t;

typedef struct {
    /** The HTML, NUL-terminated; freed when the pool is cleared. */
    const char *html;
    apr_size_t html_len;
    /** The plain text of the first level-1 heading, or NULL. */
    const char *h1;
    /** landing_md_heading_t in document order (headings written in raw
     *  HTML are not among them); empty with LANDING_MD_NO_HEADING_IDS. */
    apr_array_header_t *headings;
    /** landing_md_problem_t in document order, the first
     *  LANDING_MD_MAX_PROBLEMS of them; NULL when there are none. */
    apr_array_header_t *problems;
} landing_md_t;

/**
 * Render @p len bytes of CommonMark, with the GitHub extensions in
 * @p flags (LANDING_GFM_*). Invalid UTF-8 is replaced with
 * U+FFFD (CMARK_OPT_VALIDATE_UTF8). Input that would make cmark take too
 * long or too much memory is refused with LANDING_MD_TOO_COMPLEX (see
 * mdguard.h); APR_ENOMEM when memory ran out.
 */
apr_status_t landing_md_render(apr_pool_t *p, const char *body,
                               apr_size_t len, int flags, landing_md_t *out);

#endif
