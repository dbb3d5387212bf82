/* cmark glue: parse, pick out the first H1, give headings ids, render,
 * tie memory to a pool. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <cmark.h>

#include "buf.h"
#include "markdown.h"
#include "mdguard.h"
#include "slug.h"

static apr_status_t free_html(void *data)
{
    landing_mdguard_free(data);
    return APR_SUCCESS;
}

/* The text of @p heading: text and code spans, breaks as spaces. With
 * @p alt, the alt text of images too; without it, as VuePress slugs a
 * heading (markdown-it-anchor joins only text and code_inline tokens). */
static const char *heading_text(apr_pool_t *p, cmark_node *heading, int alt)
{
    cmark_iter *it = cmark_iter_new(heading);
    cmark_event_type ev;
    landing_buf_t b;
    const char *res;
    apr_size_t len;
    int in_image = 0;
    char *d;

    landing_buf_init(&b, 128);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (cmark_node_get_type(n) == CMARK_NODE_IMAGE) {
            in_image += (ev == CMARK_EVENT_ENTER) ? 1 : -1;
            continue;
        }
        if (ev != CMARK_EVENT_ENTER || (in_image && !alt)) {
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
            return heading_text(p, n, 1);
        }
    }
    return NULL;
}

/*
 * Heading ids. cmark's HTML renderer has no attributes for headings, so
 * each h2..h6 is rendered on its own by cmark, the id and the permalink
 * are spliced into that HTML, and the heading is replaced by a custom
 * block that prints it. A custom block prints a newline before and after
 * its text, as a heading does, so the rest of the document renders byte
 * for byte as cmark would render it.
 */
static apr_status_t set_heading_html(cmark_node *heading, int opts,
                                     const char *id)
{
    char *html = cmark_render_html(heading, opts);
    apr_size_t len;
    landing_buf_t b;
    char *text;
    cmark_node *block;
    int ok;

    if (html == NULL) {
        return APR_ENOMEM;
    }
    /* cmark wrote "<hN>" + inlines + "</hN>\n". */
    len = strlen(html);
    if (len < 10 || html[0] != '<' || html[3] != '>') {
        landing_mdguard_free(html);
        return APR_EGENERAL;  /* not what we expect: leave it as it is */
    }
    landing_buf_init(&b, len + 2 * strlen(id) + 128);
    landing_buf_add(&b, html, 3);
    landing_buf_puts(&b, " id=\"");
    landing_buf_add_escaped(&b, id, strlen(id));
    landing_buf_puts(&b, "\">");
    landing_buf_add(&b, html + 4, len - 4 - 6);
    /* The permalink is hidden from assistive technology and the tab
     * order: read inside the heading it would become part of every
     * heading's name, and the "On this page" list gives keyboard and
     * screen reader users the same links. */
    landing_buf_puts(&b, "<a class=\"header-anchor\" href=\"#");
    landing_buf_add_escaped(&b, id, strlen(id));
    landing_buf_puts(&b, "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
    landing_buf_add(&b, html + len - 6, 5);
    landing_mdguard_free(html);
    text = landing_buf_detach(&b, &len);
    if (text == NULL) {
        return APR_ENOMEM;
    }
    block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    ok = block && cmark_node_set_on_enter(block, text)
         && cmark_node_set_on_exit(block, "")
         && cmark_node_replace(heading, block);
    free(text);
    if (!ok) {
        if (block) {
            cmark_node_free(block);
        }
        return APR_ENOMEM;
    }
    cmark_node_free(heading);
    return APR_SUCCESS;
}

static apr_status_t add_heading_ids(apr_pool_t *p, cmark_node *doc, int opts,
                                    apr_array_header_t *headings)
{
    landing_slugger_t *slugger = landing_slugger_create(p);
    apr_array_header_t *nodes = apr_array_make(p, 16, sizeof(cmark_node *));
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    int i;

    /* Collect first: replacing nodes while iterating would confuse the
     * iterator. Headings in quotes and lists count, as in VuePress. */
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER
            && cmark_node_get_type(n) == CMARK_NODE_HEADING
            && cmark_node_get_heading_level(n) >= 2) {
            APR_ARRAY_PUSH(nodes, cmark_node *) = n;
        }
    }
    cmark_iter_free(it);

    for (i = 0; i < nodes->nelts; i++) {
        cmark_node *n = APR_ARRAY_IDX(nodes, i, cmark_node *);
        const char *slug_text = heading_text(p, n, 0);
        landing_md_heading_t *h = apr_array_push(headings);

        h->level = cmark_node_get_heading_level(n);
        h->text = heading_text(p, n, 1);
        if (slug_text == NULL || h->text == NULL) {
            return APR_ENOMEM;
        }
        h->id = landing_slugger_next(slugger, slug_text, strlen(slug_text));
        if (h->id) {
            apr_status_t rv = set_heading_html(n, opts, h->id);
            if (rv == APR_EGENERAL) {
                h->id = NULL;
            }
            else if (rv != APR_SUCCESS) {
                return rv;
            }
        }
    }
    return APR_SUCCESS;
}

apr_status_t landing_md_render(apr_pool_t *p, const char *body,
                               apr_size_t len, int flags, landing_md_t *out)
{
    int opts = CMARK_OPT_VALIDATE_UTF8;
    cmark_node *doc;
    apr_status_t rv;
    char *html;

    memset(out, 0, sizeof(*out));
    if (flags & LANDING_MD_RAW_HTML) {
        opts |= CMARK_OPT_UNSAFE;
    }
    /* Within bounds of time and memory, whatever the input: see
     * mdguard.h. */
    rv = landing_mdguard_parse(body, len, opts, &doc);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    out->h1 = first_h1(p, doc);
    out->headings = apr_array_make(p, 16, sizeof(landing_md_heading_t));
    if (!(flags & LANDING_MD_NO_HEADING_IDS)
        && add_heading_ids(p, doc, opts, out->headings) != APR_SUCCESS) {
        landing_mdguard_free_doc(doc);
        return APR_ENOMEM;
    }
    html = cmark_render_html(doc, opts);
    landing_mdguard_free_doc(doc);
    if (html == NULL) {
        return APR_ENOMEM;
    }
    apr_pool_cleanup_register(p, html, free_html, apr_pool_cleanup_null);
    out->html = html;
    out->html_len = strlen(html);
    return APR_SUCCESS;
}
