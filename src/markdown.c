/* cmark-gfm glue: parse, pick out the first H1, give headings ids,
 * render (html.c), tie memory to a pool. */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <cmark-gfm.h>

#include "buf.h"
#include "container.h"
#include "html.h"
#include "markdown.h"
#include "mdguard.h"
#include "slug.h"
#include "utf8.h"

static apr_status_t free_html(void *data)
{
    landing_buf_release(data);
    return APR_SUCCESS;
}

/* The text of @p heading: text and code spans, breaks as spaces. With
 * @p alt, the alt text of images too; without it, as VuePress slugs a
 * heading (markdown-it-anchor joins only text and code_inline tokens).
 * The walk follows the nodes' links, with no iterator; the literals
 * cmark copies out go to the entered document's arena (mdguard.h). */
static const char *heading_text(apr_pool_t *p, cmark_node *heading, int alt)
{
    landing_buf_t b;
    const char *res;
    apr_size_t len;
    cmark_node *n = cmark_node_first_child(heading);
    char *d;

    landing_buf_init(&b, 128);
    while (n) {
        cmark_node *next;
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
        /* Down into inlines that hold others (not into an image without
         * @p alt), else across, else up and across. */
        next = (alt || cmark_node_get_type(n) != CMARK_NODE_IMAGE)
                   ? cmark_node_first_child(n) : NULL;
        while (next == NULL && n != heading) {
            next = cmark_node_next(n);
            if (next == NULL) {
                n = cmark_node_parent(n);
            }
        }
        n = next;
    }
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

/* Heading ids, given as the renderer reaches each h2..h6 (html.h). */
typedef struct {
    apr_pool_t *pool;
    landing_slugger_t *slugger;
    apr_array_header_t *headings;
    int failed;
} heading_ids_t;

static const char *heading_id(void *baton, cmark_node *n)
{
    heading_ids_t *ids = baton;
    const char *slug_text = heading_text(ids->pool, n, 0);
    landing_md_heading_t *h = apr_array_push(ids->headings);

    /* Headings in quotes and lists count, as in VuePress. */
    h->level = cmark_node_get_heading_level(n);
    h->text = heading_text(ids->pool, n, 1);
    h->id = NULL;
    if (slug_text == NULL || h->text == NULL) {
        ids->failed = 1;
        return NULL;
    }
    h->id = landing_slugger_next(ids->slugger, slug_text, strlen(slug_text));
    return h->id;
}

/* Containers left open (closed by the end of their parent), for
 * --check. Only blocks that hold blocks are walked into, by the nodes'
 * links; a page with no ":::" is not walked at all. */
static apr_array_header_t *open_containers(apr_pool_t *p, cmark_node *doc)
{
    apr_array_header_t *problems = NULL;
    cmark_node *n = doc;

    while (n) {
        cmark_node *next = NULL;
        int into = 0;
        if (landing_container_is(n)) {
            into = 1;
            if (!landing_container_closed(n)) {
                landing_md_problem_t *pr;
                if (problems == NULL) {
                    problems = apr_array_make(p, 4, sizeof(*pr));
                }
                else if (problems->nelts >= LANDING_MD_MAX_PROBLEMS) {
                    break;
                }
                pr = apr_array_push(problems);
                pr->line = cmark_node_get_start_line(n);
                /* The class is "custom-block NAME". */
                pr->message = apr_psprintf(
                    p, "custom container '::: %s' is not closed (':::'); "
                    "it ends with the block around it",
                    landing_container_class(n) + sizeof("custom-block"));
            }
        }
        else {
            switch (cmark_node_get_type(n)) {
            case CMARK_NODE_DOCUMENT:
            case CMARK_NODE_BLOCK_QUOTE:
            case CMARK_NODE_LIST:
            case CMARK_NODE_ITEM:
            case CMARK_NODE_FOOTNOTE_DEFINITION:
                into = 1;
                break;
            default:
                break;
            }
        }
        if (into) {
            next = cmark_node_first_child(n);
        }
        while (next == NULL && n != doc) {
            next = cmark_node_next(n);
            if (next == NULL) {
                n = cmark_node_parent(n);
            }
        }
        n = next;
    }
    return problems;
}

/* Does @p s hold ":::"? memchr to each ':' is some times faster than
 * memmem(3), and most pages have few. */
static int has_fence(const char *s, apr_size_t len)
{
    const char *end = s + len, *c = s;

    while (end - c >= 3 && (c = memchr(c, ':', (apr_size_t)(end - c - 2)))) {
        if (c[1] != ':') {
            c += 2;
        }
        else if (c[2] != ':') {
            c += 3;
        }
        else {
            return 1;
        }
    }
    return 0;
}

apr_status_t landing_md_render(apr_pool_t *p, const char *body,
                               apr_size_t len, int flags, landing_md_t *out)
{
    int opts = 0;
    cmark_node *doc;
    apr_status_t rv;
    heading_ids_t ids;
    landing_buf_t html;
    char *data;

    memset(out, 0, sizeof(*out));
    /* Invalid UTF-8 becomes U+FFFD; cmark checks line by line only when
     * there is some to replace (utf8.h). */
    if (!landing_utf8_valid(body, len)) {
        opts |= CMARK_OPT_VALIDATE_UTF8;
    }
    if (flags & LANDING_MD_RAW_HTML) {
        opts |= CMARK_OPT_UNSAFE;
    }
    /* Within bounds of time and memory, whatever the input: see
     * mdguard.h. */
    rv = landing_mdguard_parse(body, len, opts, flags & LANDING_GFM_ALL, &doc);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    /* The literals cmark copies out for the walks below go to the
     * document's arena, and so nothing needs freeing one by one. */
    landing_mdguard_enter(doc);
    out->h1 = first_h1(p, doc);
    if (has_fence(body, len)) {
        out->problems = open_containers(p, doc);
    }
    out->headings = apr_array_make(p, 16, sizeof(landing_md_heading_t));
    ids.pool = p;
    ids.slugger = landing_slugger_create(p);
    ids.headings = out->headings;
    ids.failed = 0;
    /* HTML is a little larger than its Markdown. */
    landing_buf_init_big(&html, len + len / 4 + 256);
    landing_html_render(doc, opts, flags & LANDING_GFM_ALL,
                        (flags & LANDING_MD_NO_HEADING_IDS) ? NULL
                                                            : heading_id,
                        &ids, &html);
    landing_mdguard_free_doc(doc);
    data = landing_buf_detach(&html, &out->html_len);
    if (data == NULL || ids.failed) {
        landing_buf_release(data);
        return APR_ENOMEM;
    }
    apr_pool_cleanup_register(p, data, free_html, apr_pool_cleanup_null);
    out->html = data;
    return APR_SUCCESS;
}
