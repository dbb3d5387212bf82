/*
 * cmark's HTML, written by walking the tree. The output is cmark 0.30's
 * renderer's, byte for byte (t/unit/html.c checks it document by
 * document); what differs is how it is made:
 *
 * - the tree is walked through the nodes' own links, so no iterator is
 *   allocated and nothing is allocated through cmark at all (which lets
 *   a guarded document go with its arena, see mdguard.c);
 * - the output goes straight into the caller's buffer, escaped run by
 *   run, instead of a cmark_strbuf that is copied out afterwards;
 * - headings get their ids and permalinks as they are reached, instead of
 *   being rendered once more each and spliced.
 */
#include <stdio.h>
#include <string.h>

#include "html.h"

/* --- output ------------------------------------------------------------- */

static void put(landing_buf_t *b, const char *s, apr_size_t n)
{
    /* The common case, room left, without a call. */
    if (b->cap - b->len > n || landing_buf_reserve(b, n)) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
    }
}

#define PUTS(b, lit) put((b), (lit), sizeof(lit) - 1)

static void put_str(landing_buf_t *b, const char *s)
{
    put(b, s, strlen(s));
}

/* A newline, unless the output is empty or ends with one: cmark's cr(). */
static void cr(landing_buf_t *b)
{
    if (b->len && b->data[b->len - 1] != '\n') {
        PUTS(b, "\n");
    }
}

/* What cmark escapes in text and attribute values: " & < > (not ' and
 * not /, as cmark 0.30 renders them). */
static const unsigned char html_special[256] = {
    ['"'] = 1, ['&'] = 2, ['<'] = 3, ['>'] = 4
};
static const char *const html_refs[] = { "", "&quot;", "&amp;", "&lt;",
                                         "&gt;" };
static const unsigned char html_ref_len[] = { 0, 6, 5, 4, 4 };

static void escape_html(landing_buf_t *b, const char *s, apr_size_t len)
{
    apr_size_t i = 0, run = 0;

    while (i < len) {
        unsigned char k = html_special[(unsigned char)s[i]];
        if (k == 0) {
            i++;
            continue;
        }
        put(b, s + run, i - run);
        put(b, html_refs[k], html_ref_len[k]);
        run = ++i;
    }
    put(b, s + run, len - run);
}

/* Bytes a URL keeps as they are; the rest are percent-encoded, except &
 * and ', which become references (cmark's houdini_escape_href). */
static int href_safe(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')) {
        return 1;
    }
    return c != 0 && strchr("!#$%()*+,-./:;=?@_~", c) != NULL;
}

static void escape_href(landing_buf_t *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    apr_size_t i, run = 0;

    for (i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        char pct[3];
        if (href_safe(c)) {
            continue;
        }
        put(b, s + run, i - run);
        run = i + 1;
        if (c == '&') {
            PUTS(b, "&amp;");
        }
        else if (c == '\'') {
            PUTS(b, "&#x27;");
        }
        else {
            pct[0] = '%';
            pct[1] = hex[c >> 4];
            pct[2] = hex[c & 15];
            put(b, pct, 3);
        }
    }
    put(b, s + run, i - run);
}

static int prefix_nocase(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (c != *prefix) {
            return 0;
        }
    }
    return 1;
}

/* A URL that safe mode drops: javascript:, vbscript:, file:, and data:
 * unless it is an image in one of four formats. */
static int dangerous_url(const char *url)
{
    if (prefix_nocase(url, "javascript:") || prefix_nocase(url, "vbscript:")
        || prefix_nocase(url, "file:")) {
        return 1;
    }
    if (prefix_nocase(url, "data:")) {
        const char *t = url + 5;
        return !(prefix_nocase(t, "image/png") || prefix_nocase(t, "image/gif")
                 || prefix_nocase(t, "image/jpeg")
                 || prefix_nocase(t, "image/webp"));
    }
    return 0;
}

static void put_url(landing_buf_t *b, cmark_node *node, int options)
{
    const char *url = cmark_node_get_url(node);

    if (url && !(!(options & CMARK_OPT_UNSAFE) && dangerous_url(url))) {
        escape_href(b, url);
    }
}

static void put_int(landing_buf_t *b, int n)
{
    char num[16];
    int len = snprintf(num, sizeof(num), "%d", n);
    put(b, num, (apr_size_t)len);
}

static void sourcepos(landing_buf_t *b, cmark_node *node, int options)
{
    if (options & CMARK_OPT_SOURCEPOS) {
        char pos[80];
        int len = snprintf(pos, sizeof(pos), " data-sourcepos=\"%d:%d-%d:%d\"",
                           cmark_node_get_start_line(node),
                           cmark_node_get_start_column(node),
                           cmark_node_get_end_line(node),
                           cmark_node_get_end_column(node));
        put(b, pos, (apr_size_t)len);
    }
}

static void literal(landing_buf_t *b, cmark_node *node)
{
    const char *s = cmark_node_get_literal(node);
    if (s) {
        escape_html(b, s, strlen(s));
    }
}

static void raw_literal(landing_buf_t *b, cmark_node *node, int options)
{
    if (options & CMARK_OPT_UNSAFE) {
        const char *s = cmark_node_get_literal(node);
        if (s) {
            put_str(b, s);
        }
    }
    else {
        PUTS(b, "<!-- raw HTML omitted -->");
    }
}

/* --- the walk ----------------------------------------------------------- */

/* Leaves: the nodes cmark's iterator enters and never exits. */
static int is_leaf(cmark_node_type t)
{
    switch (t) {
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
        return 1;
    default:
        return 0;
    }
}

/* The next node after @p node in document order, skipping its children,
 * never leaving @p top: sets *exiting when that is a parent's exit. */
static cmark_node *after(cmark_node *node, cmark_node *top, int *exiting)
{
    cmark_node *next;

    if (node == top) {
        return NULL;
    }
    next = cmark_node_next(node);
    if (next) {
        *exiting = 0;
        return next;
    }
    *exiting = 1;
    return cmark_node_parent(node);
}

/* An image's alt text: the text below it, escaped, breaks as spaces. */
static void image_alt(landing_buf_t *b, cmark_node *image)
{
    cmark_node *node = cmark_node_first_child(image);
    int exiting = 0;

    while (node && node != image) {
        if (!exiting) {
            cmark_node_type t = cmark_node_get_type(node);
            cmark_node *child;
            switch (t) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
            case CMARK_NODE_HTML_INLINE:
                literal(b, node);
                break;
            case CMARK_NODE_LINEBREAK:
            case CMARK_NODE_SOFTBREAK:
                PUTS(b, " ");
                break;
            default:
                break;
            }
            child = is_leaf(t) ? NULL : cmark_node_first_child(node);
            if (child) {
                node = child;
                continue;
            }
        }
        node = after(node, image, &exiting);
    }
}

typedef struct {
    landing_buf_t *b;
    int options;
    landing_html_heading_fn *heading_id;
    void *baton;
    /* The id of the heading being written: a heading holds only inlines,
     * so there is never more than one. */
    const char *id;
} walk_t;

/* Write @p node's start (@p entering) or end. Returns 1 when its children
 * are written already, or it has none: the walk does not go into them. */
static int render_node(walk_t *w, cmark_node *node, cmark_node_type t,
                       int entering)
{
    landing_buf_t *b = w->b;
    int options = w->options;

    switch (t) {
    case CMARK_NODE_DOCUMENT:
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        cr(b);
        if (entering) {
            PUTS(b, "<blockquote");
            sourcepos(b, node, options);
            PUTS(b, ">\n");
        }
        else {
            PUTS(b, "</blockquote>\n");
        }
        break;
    case CMARK_NODE_LIST: {
        int bullet = cmark_node_get_list_type(node) == CMARK_BULLET_LIST;
        if (entering) {
            int start = cmark_node_get_list_start(node);
            cr(b);
            if (bullet) {
                PUTS(b, "<ul");
            }
            else if (start == 1) {
                PUTS(b, "<ol");
            }
            else {
                PUTS(b, "<ol start=\"");
                put_int(b, start);
                PUTS(b, "\"");
            }
            sourcepos(b, node, options);
            PUTS(b, ">\n");
        }
        else if (bullet) {
            PUTS(b, "</ul>\n");
        }
        else {
            PUTS(b, "</ol>\n");
        }
        break;
    }
    case CMARK_NODE_ITEM:
        if (entering) {
            cr(b);
            PUTS(b, "<li");
            sourcepos(b, node, options);
            PUTS(b, ">");
        }
        else {
            PUTS(b, "</li>\n");
        }
        break;
    case CMARK_NODE_HEADING: {
        char tag[3] = { '<', 'h', (char)('0' + cmark_node_get_heading_level(
                                                 node)) };
        if (entering) {
            const char *id = NULL;
            if (w->heading_id && tag[2] >= '2') {
                id = w->heading_id(w->baton, node);
            }
            cr(b);
            put(b, tag, 3);
            sourcepos(b, node, options);
            if (id) {
                PUTS(b, " id=\"");
                escape_html(b, id, strlen(id));
                PUTS(b, "\"");
            }
            PUTS(b, ">");
            w->id = id;
        }
        else {
            const char *id = w->id;
            w->id = NULL;
            if (id) {
                /* The permalink is hidden from assistive technology and
                 * the tab order: read inside the heading it would become
                 * part of every heading's name, and the "On this page"
                 * list gives keyboard and screen reader users the same
                 * links. */
                PUTS(b, "<a class=\"header-anchor\" href=\"#");
                escape_html(b, id, strlen(id));
                PUTS(b, "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
            }
            PUTS(b, "</");
            put(b, tag + 1, 2);
            PUTS(b, ">\n");
        }
        break;
    }
    case CMARK_NODE_CODE_BLOCK: {
        const char *info = cmark_node_get_fence_info(node);
        cr(b);
        PUTS(b, "<pre");
        sourcepos(b, node, options);
        if (info == NULL || *info == '\0') {
            PUTS(b, "><code>");
        }
        else {
            /* The first word of the info string, as cmark_isspace()
             * ends it. */
            apr_size_t n = strcspn(info, " \t\n\v\f\r");
            PUTS(b, "><code class=\"language-");
            escape_html(b, info, n);
            PUTS(b, "\">");
        }
        literal(b, node);
        PUTS(b, "</code></pre>\n");
        return 1;
    }
    case CMARK_NODE_HTML_BLOCK:
        cr(b);
        raw_literal(b, node, options);
        cr(b);
        return 1;
    case CMARK_NODE_CUSTOM_BLOCK: {
        const char *s = entering ? cmark_node_get_on_enter(node)
                                 : cmark_node_get_on_exit(node);
        cr(b);
        if (s) {
            put_str(b, s);
        }
        cr(b);
        break;
    }
    case CMARK_NODE_THEMATIC_BREAK:
        cr(b);
        PUTS(b, "<hr");
        sourcepos(b, node, options);
        PUTS(b, " />\n");
        return 1;
    case CMARK_NODE_PARAGRAPH: {
        cmark_node *parent = cmark_node_parent(node);
        cmark_node *grand = parent ? cmark_node_parent(parent) : NULL;
        int tight = grand && cmark_node_get_type(grand) == CMARK_NODE_LIST
                    && cmark_node_get_list_tight(grand);
        if (tight) {
            break;
        }
        if (entering) {
            cr(b);
            PUTS(b, "<p");
            sourcepos(b, node, options);
            PUTS(b, ">");
        }
        else {
            PUTS(b, "</p>\n");
        }
        break;
    }
    case CMARK_NODE_TEXT:
        literal(b, node);
        return 1;
    case CMARK_NODE_LINEBREAK:
        PUTS(b, "<br />\n");
        return 1;
    case CMARK_NODE_SOFTBREAK:
        if (options & CMARK_OPT_HARDBREAKS) {
            PUTS(b, "<br />\n");
        }
        else if (options & CMARK_OPT_NOBREAKS) {
            PUTS(b, " ");
        }
        else {
            PUTS(b, "\n");
        }
        return 1;
    case CMARK_NODE_CODE:
        PUTS(b, "<code>");
        literal(b, node);
        PUTS(b, "</code>");
        return 1;
    case CMARK_NODE_HTML_INLINE:
        raw_literal(b, node, options);
        return 1;
    case CMARK_NODE_CUSTOM_INLINE: {
        const char *s = entering ? cmark_node_get_on_enter(node)
                                 : cmark_node_get_on_exit(node);
        if (s) {
            put_str(b, s);
        }
        break;
    }
    case CMARK_NODE_STRONG:
        if (entering) {
            PUTS(b, "<strong>");
        }
        else {
            PUTS(b, "</strong>");
        }
        break;
    case CMARK_NODE_EMPH:
        if (entering) {
            PUTS(b, "<em>");
        }
        else {
            PUTS(b, "</em>");
        }
        break;
    case CMARK_NODE_LINK:
        if (entering) {
            const char *title = cmark_node_get_title(node);
            PUTS(b, "<a href=\"");
            put_url(b, node, options);
            if (title && *title) {
                PUTS(b, "\" title=\"");
                escape_html(b, title, strlen(title));
            }
            PUTS(b, "\">");
        }
        else {
            PUTS(b, "</a>");
        }
        break;
    case CMARK_NODE_IMAGE: {
        const char *title = cmark_node_get_title(node);
        PUTS(b, "<img src=\"");
        put_url(b, node, options);
        PUTS(b, "\" alt=\"");
        image_alt(b, node);
        if (title && *title) {
            PUTS(b, "\" title=\"");
            escape_html(b, title, strlen(title));
        }
        PUTS(b, "\" />");
        return 1;
    }
    default:
        break;
    }
    return is_leaf(t);
}

void landing_html_render(cmark_node *root, int options,
                         landing_html_heading_fn *heading_id, void *baton,
                         landing_buf_t *out)
{
    walk_t w;
    cmark_node *node = root;
    int exiting = 0;

    memset(&w, 0, sizeof(w));
    w.b = out;
    w.options = options;
    w.heading_id = heading_id;
    w.baton = baton;
    while (node) {
        cmark_node_type t = cmark_node_get_type(node);
        if (!exiting) {
            if (!render_node(&w, node, t, 1)) {
                cmark_node *child = cmark_node_first_child(node);
                if (child) {
                    node = child;
                    continue;
                }
                /* An empty container: its end at once. */
                render_node(&w, node, t, 0);
            }
        }
        else {
            render_node(&w, node, t, 0);
        }
        node = after(node, root, &exiting);
    }
}
