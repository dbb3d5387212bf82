/*
 * Custom containers as a cmark-gfm block extension (see container.h for
 * the syntax).
 *
 * cmark-gfm asks a block extension two things: whether a line opens one
 * of its blocks (the open function, tried when no standard block starts
 * there) and whether an open one goes on (the match function, called for
 * each line while it is open, outermost first). A container has no line
 * prefix, so it goes on until a closing marker. The closer line is the
 * hard part: cmark-gfm lets an extension keep a block open or not, but
 * not swallow a line. So the container that a closer closes says "no
 * match" (it and everything in it close), and the open function, which
 * cmark-gfm then calls for the same line, puts a hidden node after it
 * holding the line as an indented code block. That keeps every flag
 * cmark uses to tell tight lists from loose ones as a line of content
 * would leave it (a blank line would make the list around a container
 * loose, which VuePress's is not), and no paragraph is left open for the
 * next line to continue lazily. Both renderers write nothing for the
 * hidden node and what is in it.
 *
 * The private headers (parser.h, node.h, render.h) come with Debian's
 * libcmark-gfm-dev, whose package name carries the exact version (see
 * html.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <cmark-gfm/parser.h>
#include <cmark-gfm/node.h>
#include <cmark-gfm/render.h>
#include <cmark-gfm/houdini.h>

#include "container.h"

typedef struct {
    int closer;          /* the hidden node a closing marker leaves */
    int count;           /* colons in the opener */
    int depth;           /* containers around it, itself included */
    int closed;          /* a closing marker closed it */
    int closing_line;    /* the line of that marker */
    const char *element; /* "div" or "details" */
    const char *klass;   /* "custom-block NAME" */
    const char *title;   /* NULL: none */
} container_t;

static cmark_syntax_extension *ext;
static cmark_node_type type_container, type_closer;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static container_t *data_of(cmark_node *node)
{
    if (node == NULL || node->extension != ext
        || (node->type != type_container && node->type != type_closer)) {
        return NULL;
    }
    return node->as.opaque;
}

static int is_open(const cmark_node *node)
{
    return (node->flags & CMARK_NODE__OPEN) != 0;
}

static int is_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int is_blank_char(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The colons at the start of @p s (@p len bytes). */
static int colons(const unsigned char *s, int len)
{
    int n = 0;
    while (n < len && s[n] == ':') {
        n++;
    }
    return n;
}

/* The line without its line ending. */
static int content_end(const unsigned char *input, int len)
{
    while (len > 0 && (input[len - 1] == '\n' || input[len - 1] == '\r')) {
        len--;
    }
    return len;
}

/*
 * Does a closer of @p n colons, indented @p indent columns past the
 * content of container @p a, close @p a? It closes the innermost
 * container it can reach with a marker of @p n colons or fewer, and the
 * ones around that up to the first with exactly @p n. It reaches down
 * through the open blocks as cmark-gfm will match the line: lists, list
 * items it is indented enough for, containers; not into a block quote (the
 * line has no '>'). When the line reaches a fenced code block (or an
 * indented one, or an unfinished raw HTML block of kinds 1 to 5) it is
 * that block's content, and closes nothing. Out of line: its array would
 * give match_block, called for every line inside a container, a
 * stack-protector check in hardened builds.
 */
static __attribute__((noinline)) int closes(cmark_node *a, int n,
                                            int indent)
{
    int counts[LANDING_CONTAINER_MAX_DEPTH + 1];
    int k = 0, c, j, rem = indent;
    cmark_node *node;

    counts[k++] = ((container_t *)a->as.opaque)->count;
    for (node = a->last_child; node && is_open(node);
         node = node->last_child) {
        container_t *d = data_of(node);
        if (d) {
            if (d->closer || rem >= 4 || k > LANDING_CONTAINER_MAX_DEPTH) {
                break;
            }
            counts[k++] = d->count;
            continue;
        }
        if (node->type == CMARK_NODE_LIST) {
            continue;
        }
        if (node->type == CMARK_NODE_ITEM) {
            int w = node->as.list.marker_offset + node->as.list.padding;
            if (rem < w) {
                break;
            }
            rem -= w;
            continue;
        }
        if (node->type == CMARK_NODE_FOOTNOTE_DEFINITION) {
            if (rem < 4) {
                break;
            }
            rem -= 4;
            continue;
        }
        if ((node->type == CMARK_NODE_CODE_BLOCK
             && (node->as.code.fenced || rem >= 4))
            || (node->type == CMARK_NODE_HTML_BLOCK
                && node->as.html_block_type >= 1
                && node->as.html_block_type <= 5)) {
            return 0;
        }
        break;
    }
    for (c = k - 1; c >= 0 && counts[c] > n; c--) {
    }
    if (c < 0) {
        return 0;
    }
    for (j = c; j > 0; j--) {
        if (counts[j] == n || counts[j - 1] > n) {
            return 0;
        }
    }
    return 1;
}

static int match_block(cmark_syntax_extension *self, cmark_parser *parser,
                       unsigned char *input, int len, cmark_node *node)
{
    container_t *d = node->as.opaque;
    int fn = cmark_parser_get_first_nonspace(parser);
    int end = content_end(input, len), n, i;

    (void)self;
    if (d->closer) {
        /* It held its line; the next one goes elsewhere. */
        return 0;
    }
    if (cmark_parser_get_indent(parser) >= 4 || fn >= end) {
        return 1;
    }
    n = colons(input + fn, end - fn);
    if (n < 3) {
        return 1;
    }
    for (i = fn + n; i < end; i++) {
        if (!is_blank_char(input[i])) {
            return 1;
        }
    }
    if (!closes(node, n, cmark_parser_get_indent(parser))) {
        return 1;
    }
    /* Closed here: open_block, called next for this line, takes it. */
    d->closing_line = cmark_parser_get_line_number(parser);
    d->closed = 1;
    return 0;
}

static container_t *new_data(cmark_mem *mem, size_t extra)
{
    return mem->calloc(1, sizeof(container_t) + extra);
}

/* The line of a closing marker, after the container it closes: a hidden
 * node holding it as code (see the top of the file). */
static cmark_node *take_closer(cmark_parser *parser, cmark_node *parent,
                               int fn)
{
    cmark_node *closer, *code;
    container_t *d;

    closer = cmark_parser_add_child(parser, parent, type_closer, fn + 1);
    cmark_node_set_syntax_extension(closer, ext);
    d = new_data(parser->mem, 0);
    d->closer = 1;
    closer->as.opaque = d;
    code = cmark_parser_add_child(parser, closer, CMARK_NODE_CODE_BLOCK,
                                  fn + 1);
    code->as.code.fenced = 0;
    code->as.code.info = cmark_chunk_literal("");
    return code;
}

static const char *default_title(const char *name, size_t len)
{
    static const struct {
        const char *name;
        const char *title;
    } known[] = {
        { "tip", "TIP" },
        { "warning", "WARNING" },
        { "danger", "DANGER" },
        { "details", "Details" },
    };
    size_t i;

    for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strlen(known[i].name) == len
            && memcmp(known[i].name, name, len) == 0) {
            return known[i].title;
        }
    }
    return NULL;
}

/* A line that starts with a colon, not indented: an opener, a closer or
 * text. Out of line, so that open_block's test stays a few instructions
 * (GCC and Clang both know the attribute). */
static __attribute__((noinline)) cmark_node *
open_colon_line(cmark_parser *parser, cmark_node *parent,
                unsigned char *input, int len)
{
    int fn = parser->first_nonspace;
    int end, n, i, name, name_len, depth = 1;
    int title, title_end;
    cmark_node *node, *up;
    container_t *d;
    char *s;

    end = content_end(input, len);
    n = colons(input + fn, end - fn);
    if (n < 3) {
        return NULL;
    }
    for (i = fn + n; i < end && (input[i] == ' ' || input[i] == '\t'); i++) {
    }
    if (i == end || input[i] == '\r') {
        /* A closer: the one match_block just took, or a stray one (text,
         * as in VuePress). */
        cmark_node *last = parent->last_child;
        d = data_of(last);
        if (d && !d->closer && is_open(last)
            && d->closing_line == cmark_parser_get_line_number(parser)) {
            return take_closer(parser, parent, fn);
        }
        return NULL;
    }
    name = i;
    while (i < end && is_name_char(input[i])) {
        i++;
    }
    name_len = i - name;
    if (name_len > LANDING_CONTAINER_MAX_NAME
        || (i < end && input[i] != ' ' && input[i] != '\t')) {
        return NULL;
    }
    for (up = parent; up; up = up->parent) {
        container_t *u = data_of(up);
        if (u && !u->closer) {
            depth = u->depth + 1;
            break;
        }
    }
    if (depth > LANDING_CONTAINER_MAX_DEPTH) {
        return NULL;
    }
    while (i < end && is_blank_char(input[i])) {
        i++;
    }
    title = i;
    title_end = end;
    while (title_end > title && is_blank_char(input[title_end - 1])) {
        title_end--;
    }

    /* One block: the record, then the class, then the title. */
    d = new_data(parser->mem, sizeof("custom-block ") + name_len
                                  + (title_end - title) + 1);
    d->count = n;
    d->depth = depth;
    s = (char *)(d + 1);
    memcpy(s, "custom-block ", sizeof("custom-block ") - 1);
    memcpy(s + sizeof("custom-block ") - 1, input + name, name_len);
    d->klass = s;
    s += sizeof("custom-block ") + name_len;
    if (title_end > title) {
        memcpy(s, input + title, title_end - title);
        d->title = s;
    }
    else {
        d->title = default_title((const char *)input + name, name_len);
    }
    d->element = (name_len == 7 && memcmp(input + name, "details", 7) == 0)
                 ? "details" : "div";

    node = cmark_parser_add_child(parser, parent, type_container, fn + 1);
    cmark_node_set_syntax_extension(node, ext);
    node->as.opaque = d;
    /* The rest of the line is the marker's. */
    cmark_parser_advance_offset(parser, (const char *)input,
                                end - cmark_parser_get_offset(parser), 0);
    return node;
}

/* Called for most lines of every page: out at once unless the line
 * starts with a colon (the parser's field, read directly, spares the
 * library a call per line). */
static cmark_node *open_block(cmark_syntax_extension *self, int indented,
                              cmark_parser *parser, cmark_node *parent,
                              unsigned char *input, int len)
{
    int fn = parser->first_nonspace;

    (void)self;
    if (indented || fn >= len || input[fn] != ':') {
        return NULL;
    }
    return open_colon_line(parser, parent, input, len);
}

static int can_contain(cmark_syntax_extension *self, cmark_node *node,
                       cmark_node_type child)
{
    container_t *d = data_of(node);

    (void)self;
    if (d == NULL) {
        return 0;
    }
    if (d->closer) {
        return child == CMARK_NODE_CODE_BLOCK;
    }
    /* What a block quote holds. */
    return CMARK_NODE_TYPE_BLOCK_P(child) && child != CMARK_NODE_ITEM
           && child != CMARK_NODE_DOCUMENT;
}

static const char *type_string(cmark_syntax_extension *self,
                               cmark_node *node)
{
    (void)self;
    return node->type == type_closer ? "custom_block_closer"
                                     : "custom_block";
}

static void opaque_free(cmark_syntax_extension *self, cmark_mem *mem,
                        cmark_node *node)
{
    (void)self;
    if (node->as.opaque) {
        mem->free(node->as.opaque);
        node->as.opaque = NULL;
    }
}

static void cr(cmark_strbuf *html)
{
    if (html->size && html->ptr[html->size - 1] != '\n') {
        cmark_strbuf_putc(html, '\n');
    }
}

static void escape(cmark_strbuf *html, const char *s)
{
    houdini_escape_html0(html, (const uint8_t *)s, (bufsize_t)strlen(s), 0);
}

/* cmark_render_html()'s bytes for a container: the same as html.c's. */
static void html_render(cmark_syntax_extension *self,
                        cmark_html_renderer *renderer, cmark_node *node,
                        cmark_event_type ev, int options)
{
    container_t *d = node->as.opaque;
    cmark_strbuf *html = renderer->html;

    (void)self;
    if (d->closer) {
        /* Nothing of it or in it: plain mode writes only inline text,
         * and it holds a code block. Left on its exit (cmark's html.c). */
        if (ev == CMARK_EVENT_ENTER) {
            renderer->plain = node;
        }
        return;
    }
    cr(html);
    if (ev == CMARK_EVENT_ENTER) {
        cmark_strbuf_putc(html, '<');
        cmark_strbuf_puts(html, d->element);
        cmark_strbuf_puts(html, " class=\"");
        escape(html, d->klass);
        cmark_strbuf_putc(html, '"');
        if (options & CMARK_OPT_SOURCEPOS) {
            char pos[80];
            snprintf(pos, sizeof(pos), " data-sourcepos=\"%d:%d-%d:%d\"",
                     cmark_node_get_start_line(node),
                     cmark_node_get_start_column(node),
                     cmark_node_get_end_line(node),
                     cmark_node_get_end_column(node));
            cmark_strbuf_puts(html, pos);
        }
        cmark_strbuf_putc(html, '>');
        if (d->title) {
            int details = d->element[1] == 'e';
            cmark_strbuf_puts(html, details ? "<summary>"
                                            : "<p class=\"custom-block-title\">");
            escape(html, d->title);
            cmark_strbuf_puts(html, details ? "</summary>" : "</p>");
        }
        cmark_strbuf_putc(html, '\n');
    }
    else {
        cmark_strbuf_puts(html, "</");
        cmark_strbuf_puts(html, d->element);
        cmark_strbuf_puts(html, ">\n");
    }
}

static void init_once(void)
{
    ext = cmark_syntax_extension_new("landing-container");
    type_container = cmark_syntax_extension_add_node(0);
    type_closer = cmark_syntax_extension_add_node(0);
    cmark_syntax_extension_set_open_block_func(ext, open_block);
    cmark_syntax_extension_set_match_block_func(ext, match_block);
    cmark_syntax_extension_set_can_contain_func(ext, can_contain);
    cmark_syntax_extension_set_get_type_string_func(ext, type_string);
    cmark_syntax_extension_set_html_render_func(ext, html_render);
    cmark_syntax_extension_set_opaque_free_func(ext, opaque_free);
}

void landing_container_init(void)
{
    pthread_once(&once, init_once);
}

cmark_syntax_extension *landing_container_extension(void)
{
    landing_container_init();
    return ext;
}

void landing_container_attach(cmark_parser *parser)
{
    landing_container_init();
    cmark_parser_attach_syntax_extension(parser, ext);
}

int landing_container_is(cmark_node *node)
{
    container_t *d = data_of(node);
    return d && !d->closer;
}

int landing_container_is_closer(cmark_node *node)
{
    container_t *d = data_of(node);
    return d && d->closer;
}

const char *landing_container_element(cmark_node *node)
{
    return ((container_t *)node->as.opaque)->element;
}

const char *landing_container_class(cmark_node *node)
{
    return ((container_t *)node->as.opaque)->klass;
}

const char *landing_container_title(cmark_node *node)
{
    return ((container_t *)node->as.opaque)->title;
}

int landing_container_closed(cmark_node *node)
{
    return ((container_t *)node->as.opaque)->closed;
}
