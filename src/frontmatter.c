/*
 * Front matter: find the fences, then build a value tree from libyaml's
 * event stream. The builder keeps its own stack of open containers, so the
 * depth of the input never becomes depth of the C stack.
 */
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <yaml.h>

#include "frontmatter.h"

static const landing_fm_limits_t default_limits = {
    LANDING_FM_MAX_SIZE, LANDING_FM_MAX_DEPTH, LANDING_FM_MAX_NODES
};

const landing_fm_limits_t *landing_fm_default_limits(void)
{
    return &default_limits;
}

static const char bom[] = "\xEF\xBB\xBF";

/* Length of a leading byte order mark, -1 if the bytes are a prefix of
 * one and more are needed. */
static int bom_len(const char *buf, apr_size_t len, int at_end)
{
    apr_size_t n = len < 3 ? len : 3;
    if (memcmp(buf, bom, n) != 0) {
        return 0;
    }
    if (n == 3) {
        return 3;
    }
    return at_end ? 0 : -1;
}

/* Is [s, s+len) a fence line "---" or "..." (trailing blanks and a CR
 * allowed)? @p dots also accepts "...". */
static int is_fence(const char *s, apr_size_t len, int dots)
{
    while (len > 3 && (s[len - 1] == ' ' || s[len - 1] == '\t'
                       || s[len - 1] == '\r')) {
        len--;
    }
    if (len != 3) {
        return 0;
    }
    return memcmp(s, "---", 3) == 0 || (dots && memcmp(s, "...", 3) == 0);
}

int landing_fm_sniff(const char *buf, apr_size_t len, int at_end)
{
    int b = bom_len(buf, len, at_end);
    apr_size_t i;

    if (b < 0) {
        return -1;
    }
    buf += b;
    len -= b;
    for (i = 0; i < len && i < 3; i++) {
        if (buf[i] != '-') {
            return 0;
        }
    }
    if (len < 3) {
        return at_end ? (len == 3) : -1;
    }
    /* "---" then optional blanks, then the end of the line. Blanks are
     * bounded so that a hostile prefix cannot keep us undecided. */
    for (i = 3; i < len && i < 64; i++) {
        if (buf[i] == '\n') {
            return 1;
        }
        if (buf[i] == '\r') {
            if (i + 1 < len) {
                return buf[i + 1] == '\n';
            }
            return at_end ? 0 : -1;
        }
        if (buf[i] != ' ' && buf[i] != '\t') {
            return 0;
        }
    }
    if (i >= 64) {
        return 0;
    }
    return at_end ? 1 : -1;
}

/* --- the tree builder --------------------------------------------------- */

typedef struct {
    landing_value_t *node;     /* list or map */
    const char *key;           /* a map's key awaiting its value */
    const char *anchor;        /* registered when the container closes */
} frame_t;

typedef struct {
    apr_pool_t *p;
    const landing_fm_limits_t *limits;
    frame_t *stack;
    int depth;
    int nodes;
    landing_value_t *root;
    apr_hash_t *anchors;
    const char *error;
    int first_line;            /* line number of the YAML's first line */
    const char *what;          /* "front matter", for messages */
} builder_t;

static void builder_init(builder_t *b, apr_pool_t *p,
                         const landing_fm_limits_t *limits, const char *what)
{
    memset(b, 0, sizeof(*b));
    b->p = p;
    b->limits = limits;
    b->what = what;
    b->anchors = apr_hash_make(p);
    b->stack = apr_palloc(p, sizeof(frame_t) * (limits->max_depth + 1));
}

/* Plain scalars YAML 1.1 reads as null or false are falsy in templates,
 * so "showToc: false" hides what it names; a null also prints as
 * nothing. Quoted "false" is a string. */
static int plain_falsy(const char *s)
{
    static const char *const nulls[] = {
        "~", "null", "Null", "NULL", NULL
    };
    static const char *const words[] = {
        "", "false", "False", "FALSE",
        "no", "No", "NO", "off", "Off", "OFF", NULL
    };
    int i;
    for (i = 0; nulls[i]; i++) {
        if (strcmp(s, nulls[i]) == 0) {
            return LANDING_VALUE_NULL;
        }
    }
    for (i = 0; words[i]; i++) {
        if (strcmp(s, words[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Attach a finished value to the open container (or make it the root). */
static int attach(builder_t *b, landing_value_t *v, const char *anchor)
{
    if (++b->nodes > b->limits->max_nodes) {
        b->error = apr_psprintf(b->p, "%s has more than %d values",
                                b->what, b->limits->max_nodes);
        return 0;
    }
    if (anchor) {
        apr_hash_set(b->anchors, apr_pstrdup(b->p, anchor),
                     APR_HASH_KEY_STRING, v);
    }
    if (b->depth == 0) {
        b->root = v;
        return 1;
    }
    else {
        frame_t *f = &b->stack[b->depth - 1];
        if (f->node->type == LANDING_VALUE_LIST) {
            landing_value_push(b->p, f->node, v);
        }
        else if (f->key == NULL) {
            /* This value is a key. */
            if (v->type != LANDING_VALUE_STRING) {
                b->error = "a mapping key must be a plain string";
                return 0;
            }
            f->key = v->str;
        }
        else {
            landing_value_set(b->p, f->node, f->key, v);
            f->key = NULL;
        }
    }
    return 1;
}

static int open_container(builder_t *b, landing_value_t *v,
                          const char *anchor)
{
    if (b->depth >= b->limits->max_depth) {
        b->error = apr_psprintf(b->p, "%s nests deeper than %d",
                                b->what, b->limits->max_depth);
        return 0;
    }
    if (b->depth > 0) {
        frame_t *f = &b->stack[b->depth - 1];
        if (f->node->type == LANDING_VALUE_MAP && f->key == NULL) {
            b->error = "a mapping key must be a plain string";
            return 0;
        }
    }
    /* The anchor is registered only when the container is complete, so
     * an alias can never point into its own ancestor: the tree stays
     * acyclic. */
    if (!attach(b, v, NULL)) {
        return 0;
    }
    b->stack[b->depth].node = v;
    b->stack[b->depth].key = NULL;
    b->stack[b->depth].anchor = anchor ? apr_pstrdup(b->p, anchor) : NULL;
    b->depth++;
    return 1;
}

/* Where @p v starts, for messages about configuration files. */
static void set_position(const builder_t *b, landing_value_t *v,
                         const yaml_event_t *ev)
{
    v->line = b->first_line + (int)ev->start_mark.line;
    v->column = (int)ev->start_mark.column + 1;
}

/* Feed one event; returns 0 on error, 1 to go on, 2 at the document end. */
static int feed(builder_t *b, yaml_event_t *ev)
{
    landing_value_t *v;
    const char *anchor;

    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        anchor = (const char *)ev->data.scalar.anchor;
        v = landing_value_str(b->p,
                              apr_pstrmemdup(b->p,
                                             (const char *)ev->data.scalar.value,
                                             ev->data.scalar.length),
                              ev->data.scalar.length);
        if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
            v->falsy = plain_falsy(v->str);
        }
        set_position(b, v, ev);
        return attach(b, v, anchor);
    case YAML_SEQUENCE_START_EVENT:
        v = landing_value_list(b->p);
        set_position(b, v, ev);
        return open_container(b, v,
                              (const char *)ev->data.sequence_start.anchor);
    case YAML_MAPPING_START_EVENT:
        v = landing_value_map(b->p);
        set_position(b, v, ev);
        return open_container(b, v,
                              (const char *)ev->data.mapping_start.anchor);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (b->depth > 0) {
            frame_t *f = &b->stack[--b->depth];
            if (f->anchor) {
                apr_hash_set(b->anchors, f->anchor, APR_HASH_KEY_STRING,
                             f->node);
            }
        }
        return 1;
    case YAML_ALIAS_EVENT:
        /* Aliases share the anchored value: no copy, so an alias bomb
         * costs one pointer per alias. */
        v = apr_hash_get(b->anchors, (const char *)ev->data.alias.anchor,
                         APR_HASH_KEY_STRING);
        if (v == NULL) {
            b->error = apr_psprintf(b->p, "unknown alias *%s",
                                    (const char *)ev->data.alias.anchor);
            return 0;
        }
        return attach(b, v, NULL);
    case YAML_DOCUMENT_END_EVENT:
    case YAML_STREAM_END_EVENT:
        return 2;
    default:
        return 1;
    }
}

/* Line and column of byte @p offset in @p yaml, counted as libyaml counts
 * marks: CRLF, LF and CR end a line, a column is a UTF-8 character. */
static void reader_position(const char *yaml, apr_size_t len,
                            apr_size_t offset, int first_line,
                            landing_fm_t *out)
{
    apr_size_t i;
    int line = 0, column = 0;

    for (i = 0; i < offset && i < len; i++) {
        if (yaml[i] == '\n'
            || (yaml[i] == '\r' && (i + 1 >= len || yaml[i + 1] != '\n'))) {
            line++;
            column = 0;
        }
        else if ((yaml[i] & 0xC0) != 0x80 && yaml[i] != '\r') {
            column++;
        }
    }
    out->line = first_line + line;
    out->column = column + 1;
}

/* Parse @p yaml into b->root; on error set out->error and position. */
static int parse_yaml(builder_t *b, const char *yaml, apr_size_t len,
                      int first_line, landing_fm_t *out)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    int rc = 1;

    if (!yaml_parser_initialize(&parser)) {
        out->error = "out of memory initializing the YAML parser";
        return 0;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    b->first_line = first_line;
    while (rc == 1) {
        if (!yaml_parser_parse(&parser, &ev)) {
            out->error = parser.context
                ? apr_psprintf(b->p, "%s: %s", parser.context, parser.problem)
                : apr_pstrdup(b->p, parser.problem ? parser.problem
                                                   : "invalid YAML");
            if (parser.error == YAML_READER_ERROR) {
                /* Bad bytes (invalid UTF-8, control characters): libyaml
                 * gives only a byte offset, no mark. */
                reader_position(yaml, len, parser.problem_offset,
                                first_line, out);
            }
            else {
                out->line = first_line + (int)parser.problem_mark.line;
                out->column = (int)parser.problem_mark.column + 1;
            }
            rc = 0;
            break;
        }
        rc = feed(b, &ev);
        if (rc == 0) {
            out->error = b->error;
            out->line = first_line + (int)ev.start_mark.line;
            out->column = (int)ev.start_mark.column + 1;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return rc != 0;
}

/*
 * Most front matter is a few "key: value" lines, and libyaml's set-up for
 * a document (its buffers, its token queue, an event per scalar) costs
 * more than the page's own cmark work on a short page. Lines that are
 * plainly one key and one plain scalar are read here; anything else
 * (quotes, lists, nesting, comments, blank lines, non-ASCII, tabs, CR)
 * goes to libyaml. A differential test holds the two to the same tree.
 */
static int key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

int landing_fm_simple(apr_pool_t *p, const char *yaml, apr_size_t len,
                      int first_line, const landing_fm_limits_t *limits,
                      landing_value_t **root)
{
    const char *s = yaml, *end = yaml + len;
    landing_value_t *map = NULL;
    int line = 0, nodes = 1;

    if (limits == NULL) {
        limits = &default_limits;
    }
    *root = NULL;
    if (len > limits->max_size) {
        return 0;   /* libyaml's path says so */
    }
    while (s < end) {
        const char *k = s, *colon, *v, *e;
        landing_value_t *val;

        /* The key: a letter, digit or _ first, then those and -. */
        if (!key_char(*s) || *s == '-') {
            return 0;
        }
        while (s < end && key_char(*s)) {
            s++;
        }
        colon = s;
        if (s + 2 >= end || s[0] != ':' || s[1] != ' ') {
            return 0;
        }
        s++;
        while (s < end && *s == ' ') {
            s++;
        }
        /* The value: printable ASCII up to the end of the line, not
         * starting with an indicator, with no ": " or " #" in it, no
         * space or ':' at its end. */
        v = s;
        if (s >= end || strchr("-?:,[]{}#&*!|>'\"%@`", *s) != NULL) {
            return 0;
        }
        for (; s < end && *s != '\n'; s++) {
            if (*s < 0x20 || *s > 0x7e
                || (*s == ':' && (s + 1 == end || s[1] == ' '
                                  || s[1] == '\n'))
                || (*s == '#' && s[-1] == ' ')) {
                return 0;
            }
        }
        if (s >= end) {
            return 0;   /* every line of front matter ends with \n */
        }
        e = s++;
        if (e[-1] == ' ') {
            return 0;
        }
        nodes += 2;
        if (nodes > limits->max_nodes) {
            return 0;   /* libyaml's path says so, with the position */
        }
        if (map == NULL) {
            map = landing_value_map(p);
            map->line = first_line + line;
            map->column = 1;
        }
        val = landing_value_str(p, apr_pstrmemdup(p, v, e - v), e - v);
        val->falsy = plain_falsy(val->str);
        val->line = first_line + line;
        val->column = (int)(v - k) + 1;
        landing_value_set(p, map, apr_pstrmemdup(p, k, colon - k), val);
        line++;
    }
    *root = map;
    return 1;
}

landing_fm_status_e landing_fm_parse(apr_pool_t *p, const char *buf,
                                     apr_size_t len,
                                     const landing_fm_limits_t *limits,
                                     landing_fm_t *out)
{
    const char *s, *end = buf + len, *yaml, *nl;
    apr_size_t yaml_len = 0;
    int line, b;
    builder_t bld;
    landing_value_t *root;

    memset(out, 0, sizeof(*out));
    out->body = buf;
    out->body_len = len;
    if (limits == NULL) {
        limits = &default_limits;
    }
    if (landing_fm_sniff(buf, len, 1) != 1) {
        return LANDING_FM_NONE;
    }
    b = bom_len(buf, len, 1);
    s = buf + b;
    nl = memchr(s, '\n', end - s);
    yaml = nl ? nl + 1 : end;
    line = 2;
    for (s = yaml; ; line++) {
        apr_size_t ll;
        if (s >= end) {
            out->error = "front matter has no closing '---' or '...' line";
            out->line = 1;
            out->column = 1;
            return LANDING_FM_INVALID;
        }
        if ((apr_size_t)(s - yaml) > limits->max_size) {
            out->error = apr_psprintf(p, "front matter is larger than %"
                                      APR_SIZE_T_FMT " bytes",
                                      limits->max_size);
            return LANDING_FM_INVALID;
        }
        nl = memchr(s, '\n', end - s);
        ll = (nl ? nl : end) - s;
        if (is_fence(s, ll, 1)) {
            yaml_len = s - yaml;
            out->body = nl ? nl + 1 : end;
            out->body_len = end - out->body;
            break;
        }
        s = nl ? nl + 1 : end;
    }

    if (!landing_fm_simple(p, yaml, yaml_len, 2, limits, &root)) {
        builder_init(&bld, p, limits, "front matter");
        if (!parse_yaml(&bld, yaml, yaml_len, 2, out)) {
            out->data = NULL;
            return LANDING_FM_INVALID;
        }
        root = bld.root;
    }
    /* Front matter that is no map (or empty) has no keys. */
    out->data = (root && root->type == LANDING_VALUE_MAP)
                    ? root : landing_value_map(p);
    return LANDING_FM_OK;
}

apr_status_t landing_yaml_parse(apr_pool_t *p, const char *buf,
                                apr_size_t len,
                                const landing_fm_limits_t *limits,
                                landing_value_t **root, const char **err,
                                int *line, int *column)
{
    builder_t bld;
    landing_fm_t out;

    if (limits == NULL) {
        limits = &default_limits;
    }
    memset(&out, 0, sizeof(out));
    *root = NULL;
    if (len > limits->max_size) {
        *err = apr_psprintf(p, "larger than %" APR_SIZE_T_FMT " bytes",
                            limits->max_size);
        *line = *column = 0;
        return APR_EINVAL;
    }
    builder_init(&bld, p, limits, "the document");
    if (!parse_yaml(&bld, buf, len, 1, &out)) {
        *err = out.error;
        *line = out.line;
        *column = out.column;
        return APR_EINVAL;
    }
    *root = bld.root;
    return APR_SUCCESS;
}
