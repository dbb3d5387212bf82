/*
 * cmark-gfm's HTML, written by walking the tree. The output is
 * cmark_render_html()'s, byte for byte, with GitHub's extensions too
 * (t/unit/html.c checks it document by document, for every set of
 * extensions); what differs is how it is made:
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
#include <cmark-gfm-core-extensions.h>
/* Debian installs cmark-gfm's private headers (libcmark-gfm-dev). The
 * footnote nodes' labels, counts and links are only there; the library's
 * package name carries its exact version, so the layout cannot change
 * under a build. */
#include <cmark-gfm/node.h>

#include "container.h"
#include "gfm.h"
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

static void escape_href(landing_buf_t *b, const char *s, apr_size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    apr_size_t i, run = 0;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
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
            PUTS(b, "%");
            put(b, hex + (c >> 4), 1);
            put(b, hex + (c & 15), 1);
        }
    }
    put(b, s + run, i - run);
}

static int prefix_nocase(const char *s, apr_size_t len, const char *prefix)
{
    for (; *prefix; s++, prefix++, len--) {
        char c;
        if (len == 0) {
            return 0;
        }
        c = *s;
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
static int dangerous_url(const char *url, apr_size_t len)
{
    if (prefix_nocase(url, len, "javascript:")
        || prefix_nocase(url, len, "vbscript:")
        || prefix_nocase(url, len, "file:")) {
        return 1;
    }
    if (prefix_nocase(url, len, "data:")) {
        const char *t = url + 5;
        len -= 5;
        return !(prefix_nocase(t, len, "image/png")
                 || prefix_nocase(t, len, "image/gif")
                 || prefix_nocase(t, len, "image/jpeg")
                 || prefix_nocase(t, len, "image/webp"));
    }
    return 0;
}

/* What cmark holds for a node's text, URL, title or info string: the
 * bytes cmark_render_html() writes from. Read where cmark keeps them
 * (node.h), not through cmark_node_get_literal() and the like, which copy
 * each into a new string the first time they are asked. */
#define CHUNK(c) (const char *)(c).data, (apr_size_t)(c).len

static void put_url(landing_buf_t *b, cmark_node *node, int options)
{
    const char *url = (const char *)node->as.link.url.data;
    apr_size_t len = (apr_size_t)node->as.link.url.len;

    if (len > 0
        && ((options & CMARK_OPT_UNSAFE) || !dangerous_url(url, len))) {
        escape_href(b, url, len);
    }
}

/* put_int and write_sourcepos are out of line: their arrays on the stack
 * would give render_node, called for every node, a stack-protector check
 * in hardened builds. */
static __attribute__((noinline)) void put_int(landing_buf_t *b, int n)
{
    char num[16];
    int len = snprintf(num, sizeof(num), "%d", n);
    put(b, num, (apr_size_t)len);
}

static __attribute__((noinline)) void write_sourcepos(landing_buf_t *b,
                                                      cmark_node *node)
{
    char pos[80];
    int len = snprintf(pos, sizeof(pos), " data-sourcepos=\"%d:%d-%d:%d\"",
                       cmark_node_get_start_line(node),
                       cmark_node_get_start_column(node),
                       cmark_node_get_end_line(node),
                       cmark_node_get_end_column(node));
    put(b, pos, (apr_size_t)len);
}

static void sourcepos(landing_buf_t *b, cmark_node *node, int options)
{
    if (options & CMARK_OPT_SOURCEPOS) {
        write_sourcepos(b, node);
    }
}

/* The text of a text, code, inline HTML or code block node. */
static const cmark_chunk *literal_of(cmark_node *node)
{
    return node->type == CMARK_NODE_CODE_BLOCK ? &node->as.code.literal
                                               : &node->as.literal;
}

static void literal(landing_buf_t *b, cmark_node *node)
{
    const cmark_chunk *c = literal_of(node);

    if (c->len > 0) {
        escape_html(b, CHUNK(*c));
    }
}

/* GitHub's tagfilter: is @p s (@p len bytes, starting with '<') an
 * opening or closing tag of one of the elements that would change how
 * the rest of the page is parsed? Then its '<' is written as "&lt;". */
static int filtered_tag(const char *s, apr_size_t len)
{
    static const char *const tags[] = { "title", "textarea", "style",
                                        "xmp", "iframe", "noembed",
                                        "noframes", "script", "plaintext" };
    apr_size_t t;

    for (t = 0; t < sizeof(tags) / sizeof(tags[0]); t++) {
        const char *name = tags[t];
        apr_size_t i = (len > 1 && s[1] == '/') ? 2 : 1;
        if (len < 3) {
            return 0;
        }
        for (; i < len && *name; i++, name++) {
            char c = s[i];
            if (c >= 'A' && c <= 'Z') {
                c = (char)(c - 'A' + 'a');
            }
            if (c != *name) {
                break;
            }
        }
        if (*name || i == len) {
            continue;
        }
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'
            || s[i] == '>') {
            return 1;
        }
        if (s[i] == '/' && i + 1 < len && s[i + 1] == '>') {
            return 1;
        }
    }
    return 0;
}

/* An HTML block with the tagfilter: each '<' that opens a filtered tag
 * becomes "&lt;". */
static void filter_block(landing_buf_t *b, const char *s, apr_size_t len)
{
    const char *end = s + len, *lt;

    while ((lt = memchr(s, '<', (apr_size_t)(end - s))) != NULL) {
        put(b, s, (apr_size_t)(lt - s));
        if (filtered_tag(lt, (apr_size_t)(end - lt))) {
            PUTS(b, "&lt;");
        }
        else {
            PUTS(b, "<");
        }
        s = lt + 1;
    }
    put(b, s, (apr_size_t)(end - s));
}

static void raw_literal(landing_buf_t *b, cmark_node *node, int options,
                        int tagfilter)
{
    if (options & CMARK_OPT_UNSAFE) {
        const char *s = (const char *)node->as.literal.data;
        apr_size_t len = (apr_size_t)node->as.literal.len;
        if (len == 0) {
            return;
        }
        if (!tagfilter) {
            put(b, s, len);
        }
        else if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
            filter_block(b, s, len);
        }
        else if (filtered_tag(s, len)) {
            /* An inline is one tag: only its first '<' can open one. */
            PUTS(b, "&lt;");
            put(b, s + 1, len - 1);
        }
        else {
            put(b, s, len);
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
    int tagfilter;
    landing_html_heading_fn *heading_id;
    void *baton;
    /* The id of the heading being written: a heading holds only inlines,
     * so there is never more than one. */
    const char *id;
    /* The table being written (tables hold no tables): its alignments
     * and columns, whether the row is the header, whether a <tbody> is
     * open, and the column of the next cell, counted as the cells come
     * rather than found by a walk along the row for each (which made
     * cmark-gfm's own renderer quadratic in the columns,
     * CVE-2023-37463). */
    const uint8_t *align;
    int columns;
    int in_header;
    int in_body;
    int column;
    /* Footnote definitions written so far, and the last one whose
     * back-reference is written. */
    int footnotes;
    int backref_written;
} walk_t;

/* "↩", the back-reference's text. */
#define BACKREF_ARROW "\xe2\x86\xa9"

/* A footnote's label (a definition's name, or a reference's number), as
 * cmark-gfm writes it into ids and links: URL-escaped. */
static void put_label(landing_buf_t *b, cmark_node *node)
{
    escape_href(b, (const char *)node->as.literal.data,
                (apr_size_t)node->as.literal.len);
}

/* The link back from footnote definition @p def to where it is cited,
 * and to each further citation; once per definition, after its last
 * paragraph or, failing one, at its end. 1 when written now. */
static int footnote_backref(walk_t *w, cmark_node *def)
{
    landing_buf_t *b = w->b;
    int i;

    if (w->backref_written >= w->footnotes) {
        return 0;
    }
    w->backref_written = w->footnotes;
    PUTS(b, "<a href=\"#fnref-");
    put_label(b, def);
    PUTS(b, "\" class=\"footnote-backref\" data-footnote-backref "
            "aria-label=\"Back to content\">" BACKREF_ARROW "</a>");
    for (i = 2; i <= def->footnote.def_count; i++) {
        PUTS(b, " <a href=\"#fnref-");
        put_label(b, def);
        PUTS(b, "-");
        put_int(b, i);
        PUTS(b, "\" class=\"footnote-backref\" data-footnote-backref "
                "aria-label=\"Back to content\">" BACKREF_ARROW
                "<sup class=\"footnote-ref\">");
        put_int(b, i);
        PUTS(b, "</sup></a>");
    }
    return 1;
}

/* The nodes of GitHub's extensions: tables, strikethrough, task-list
 * items, as their extensions render them; and custom containers. */
static void render_extension(walk_t *w, cmark_node *node, cmark_node_type t,
                             int entering)
{
    landing_buf_t *b = w->b;
    int options = w->options;

    if (landing_container_is(node)) {
        /* A custom container (container.h), as VuePress writes it. */
        const char *el = landing_container_element(node);
        cr(b);
        if (entering) {
            const char *title = landing_container_title(node);
            const char *klass = landing_container_class(node);
            PUTS(b, "<");
            put_str(b, el);
            PUTS(b, " class=\"");
            escape_html(b, klass, strlen(klass));
            PUTS(b, "\"");
            sourcepos(b, node, options);
            PUTS(b, ">");
            if (title && el[1] == 'e') {
                PUTS(b, "<summary>");
                escape_html(b, title, strlen(title));
                PUTS(b, "</summary>");
            }
            else if (title) {
                PUTS(b, "<p class=\"custom-block-title\">");
                escape_html(b, title, strlen(title));
                PUTS(b, "</p>");
            }
            PUTS(b, "\n");
        }
        else {
            PUTS(b, "</");
            put_str(b, el);
            PUTS(b, ">\n");
        }
    }
    else if (t == CMARK_NODE_TABLE) {
        if (entering) {
            cr(b);
            PUTS(b, "<table");
            sourcepos(b, node, options);
            PUTS(b, ">");
            w->align = cmark_gfm_extensions_get_table_alignments(node);
            w->columns = cmark_gfm_extensions_get_table_columns(node);
            w->in_body = 0;
        }
        else {
            if (w->in_body) {
                cr(b);
                PUTS(b, "</tbody>");
                cr(b);
            }
            w->in_body = 0;
            cr(b);
            PUTS(b, "</table>");
            cr(b);
        }
    }
    else if (t == CMARK_NODE_TABLE_ROW) {
        int header = cmark_gfm_extensions_get_table_row_is_header(node);
        if (entering) {
            cr(b);
            if (header) {
                w->in_header = 1;
                PUTS(b, "<thead>");
                cr(b);
            }
            else if (!w->in_body) {
                PUTS(b, "<tbody>");
                cr(b);
                w->in_body = 1;
            }
            PUTS(b, "<tr");
            sourcepos(b, node, options);
            PUTS(b, ">");
            w->column = 0;
        }
        else {
            cr(b);
            PUTS(b, "</tr>");
            if (header) {
                cr(b);
                PUTS(b, "</thead>");
                w->in_header = 0;
            }
        }
    }
    else if (t == CMARK_NODE_TABLE_CELL) {
        if (entering) {
            uint8_t a = (w->align && w->column < w->columns)
                            ? w->align[w->column] : 0;
            cr(b);
            if (w->in_header) {
                PUTS(b, "<th");
            }
            else {
                PUTS(b, "<td");
            }
            if (a == 'l') {
                PUTS(b, " align=\"left\"");
            }
            else if (a == 'c') {
                PUTS(b, " align=\"center\"");
            }
            else if (a == 'r') {
                PUTS(b, " align=\"right\"");
            }
            sourcepos(b, node, options);
            PUTS(b, ">");
            w->column++;
        }
        else if (w->in_header) {
            PUTS(b, "</th>");
        }
        else {
            PUTS(b, "</td>");
        }
    }
    else if (t == CMARK_NODE_STRIKETHROUGH) {
        if (entering) {
            PUTS(b, "<del>");
        }
        else {
            PUTS(b, "</del>");
        }
    }
    else if (t == CMARK_NODE_ITEM) {
        /* A task-list item. */
        if (entering) {
            cr(b);
            PUTS(b, "<li");
            sourcepos(b, node, options);
            PUTS(b, ">");
            if (node->as.list.checked) {
                PUTS(b, "<input type=\"checkbox\" checked=\"\" "
                        "disabled=\"\" /> ");
            }
            else {
                PUTS(b, "<input type=\"checkbox\" disabled=\"\" /> ");
            }
        }
        else {
            PUTS(b, "</li>\n");
        }
    }
}

/* Write @p node's start (@p entering) or end. Returns 1 when its children
 * are written already, or it has none: the walk does not go into them. */
static int render_node(walk_t *w, cmark_node *node, cmark_node_type t,
                       int entering)
{
    landing_buf_t *b = w->b;
    int options = w->options;

    /* An extension's node is written as its extension writes it. What a
     * closing marker of a container leaves is written as nothing, with
     * what it holds. */
    if (node->extension) {
        if (landing_container_is_closer(node)) {
            return 1;
        }
        render_extension(w, node, t, entering);
        return 0;
    }
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
        /* "h1" to "h6", from a table rather than an array on the stack,
         * which would give every node a stack-protector check in
         * hardened builds. */
        int level = node->as.heading.level;
        const char *tag = "h1h2h3h4h5h6"
                          + 2 * (level >= 1 && level <= 6 ? level - 1 : 5);
        if (entering) {
            const char *id = NULL;
            if (w->heading_id && tag[1] >= '2') {
                id = w->heading_id(w->baton, node);
            }
            cr(b);
            PUTS(b, "<");
            put(b, tag, 2);
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
            put(b, tag, 2);
            PUTS(b, ">\n");
        }
        break;
    }
    case CMARK_NODE_CODE_BLOCK: {
        const char *info = (const char *)node->as.code.info.data;
        apr_size_t len = (apr_size_t)node->as.code.info.len, n = 0;
        cr(b);
        PUTS(b, "<pre");
        sourcepos(b, node, options);
        if (len == 0) {
            PUTS(b, "><code>");
        }
        else {
            /* The first word of the info string, as cmark_isspace()
             * ends it (space, tab, CR and LF only). */
            while (n < len && info[n] != ' ' && info[n] != '\t'
                   && info[n] != '\n' && info[n] != '\r') {
                n++;
            }
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
        raw_literal(b, node, options, w->tagfilter);
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
            if (cmark_node_get_type(parent) == CMARK_NODE_FOOTNOTE_DEFINITION
                && cmark_node_next(node) == NULL) {
                PUTS(b, " ");
                footnote_backref(w, parent);
            }
            PUTS(b, "</p>\n");
        }
        break;
    }
    case CMARK_NODE_FOOTNOTE_DEFINITION:
        if (entering) {
            if (w->footnotes++ == 0) {
                PUTS(b, "<section class=\"footnotes\" data-footnotes>\n"
                        "<ol>\n");
            }
            PUTS(b, "<li id=\"fn-");
            put_label(b, node);
            PUTS(b, "\">\n");
        }
        else {
            if (footnote_backref(w, node)) {
                PUTS(b, "\n");
            }
            PUTS(b, "</li>\n");
        }
        break;
    case CMARK_NODE_FOOTNOTE_REFERENCE: {
        cmark_node *def = node->parent_footnote_def;
        PUTS(b, "<sup class=\"footnote-ref\"><a href=\"#fn-");
        put_label(b, def);
        PUTS(b, "\" id=\"fnref-");
        put_label(b, def);
        if (node->footnote.ref_ix > 1) {
            PUTS(b, "-");
            put_int(b, node->footnote.ref_ix);
        }
        PUTS(b, "\" data-footnote-ref>");
        put_label(b, node);
        PUTS(b, "</a></sup>");
        return 1;
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
        raw_literal(b, node, options, w->tagfilter);
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
            PUTS(b, "<a href=\"");
            put_url(b, node, options);
            if (node->as.link.title.len > 0) {
                PUTS(b, "\" title=\"");
                escape_html(b, CHUNK(node->as.link.title));
            }
            PUTS(b, "\">");
        }
        else {
            PUTS(b, "</a>");
        }
        break;
    case CMARK_NODE_IMAGE:
        PUTS(b, "<img src=\"");
        put_url(b, node, options);
        PUTS(b, "\" alt=\"");
        image_alt(b, node);
        if (node->as.link.title.len > 0) {
            PUTS(b, "\" title=\"");
            escape_html(b, CHUNK(node->as.link.title));
        }
        PUTS(b, "\" />");
        return 1;
    default:
        break;
    }
    return is_leaf(t);
}

void landing_html_render(cmark_node *root, int options, int extensions,
                         landing_html_heading_fn *heading_id, void *baton,
                         landing_buf_t *out)
{
    walk_t w;
    cmark_node *node = root;
    int exiting = 0;

    memset(&w, 0, sizeof(w));
    w.b = out;
    w.options = options;
    w.tagfilter = (extensions & LANDING_GFM_TAGFILTER) != 0;
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
    if (w.footnotes) {
        PUTS(out, "</ol>\n</section>\n");
    }
}
