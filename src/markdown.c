/* cmark glue: parse, pick out the first H1, render, tie memory to a pool. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <cmark.h>

#include "buf.h"
#include "markdown.h"

static apr_status_t free_html(void *data)
{
    free(data);
    return APR_SUCCESS;
}

/* The text of @p heading: text and code spans, breaks as spaces. */
static const char *heading_text(apr_pool_t *p, cmark_node *heading)
{
    cmark_iter *it = cmark_iter_new(heading);
    cmark_event_type ev;
    landing_buf_t b;
    const char *res;
    apr_size_t len;
    char *d;

    landing_buf_init(&b, 128);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER) {
            continue;
        }
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            landing_buf_puts(&b, cmark_node_get_literal(n));
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            landing_buf_add(&b, " ", 1);
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    d = landing_buf_detach(&b, &len);
    res = d ? apr_pstrmemdup(p, d, len) : NULL;
    free(d);
    return res;
}

static const char *first_h1(apr_pool_t *p, cmark_node *doc)
{
    cmark_node *n;
    /* Only top-level blocks: an H1 inside a list or quote is no title. */
    for (n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING
            && cmark_node_get_heading_level(n) == 1) {
            return heading_text(p, n);
        }
    }
    return NULL;
}

apr_status_t landing_md_render(apr_pool_t *p, const char *body,
                               apr_size_t len, int flags, landing_md_t *out)
{
    int opts = CMARK_OPT_VALIDATE_UTF8;
    cmark_parser *parser;
    cmark_node *doc;
    char *html;

    memset(out, 0, sizeof(*out));
    if (flags & LANDING_MD_RAW_HTML) {
        opts |= CMARK_OPT_UNSAFE;
    }
    parser = cmark_parser_new(opts);
    cmark_parser_feed(parser, body, len);
    doc = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    if (doc == NULL) {
        return APR_ENOMEM;
    }
    out->h1 = first_h1(p, doc);
    html = cmark_render_html(doc, opts);
    cmark_node_free(doc);
    if (html == NULL) {
        return APR_ENOMEM;
    }
    apr_pool_cleanup_register(p, html, free_html, apr_pool_cleanup_null);
    out->html = html;
    out->html_len = strlen(html);
    return APR_SUCCESS;
}
