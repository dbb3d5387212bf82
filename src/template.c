/*
 * The Mustache subset. Compilation turns the source into an array of
 * segments; a section segment knows the index just past its closing tag,
 * so expansion never searches.
 */
#include <stdarg.h>
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "template.h"

typedef enum {
    SEG_TEXT,
    SEG_VAR,          /* escaped */
    SEG_RAW,          /* unescaped */
    SEG_SECTION,
    SEG_INVERTED,
    SEG_END
} seg_type_e;

typedef struct {
    seg_type_e type;
    const char *text;        /* SEG_TEXT: bytes; others: the tag name */
    apr_size_t len;
    const char **parts;      /* dotted name split; NULL for "." */
    unsigned int *hashes;    /* each part's landing_value_key_hash() */
    int nparts;
    int end;                 /* sections: index of the matching SEG_END */
    int line;
} seg_t;

struct landing_template_t {
    const char *name;
    seg_t *segs;
    int nsegs;
    apr_size_t literal;
};

typedef struct {
    apr_pool_t *p;
    const landing_partials_t *partials;
    seg_t *segs;
    int nsegs;
    int cap;
    int open[LANDING_TEMPLATE_MAX_NESTING];
    int depth;                   /* sections open, across partials */
    /* The files being compiled, outermost first: a partial found here
     * again would include itself. */
    const char *chain[LANDING_TEMPLATE_MAX_PARTIAL_DEPTH + 1];
    int nchain;
    apr_size_t compiled;         /* source bytes, each inclusion counted */
    apr_size_t literal;
    const char *err;
} compiler_t;

static seg_t *add_seg(compiler_t *c, seg_type_e type, int line)
{
    seg_t *s;
    if (c->nsegs == c->cap) {
        int cap = c->cap ? c->cap * 2 : 32;
        seg_t *n = apr_palloc(c->p, sizeof(seg_t) * cap);
        if (c->nsegs) {
            memcpy(n, c->segs, sizeof(seg_t) * c->nsegs);
        }
        c->segs = n;
        c->cap = cap;
    }
    s = &c->segs[c->nsegs++];
    memset(s, 0, sizeof(*s));
    s->type = type;
    s->line = line;
    return s;
}

static apr_status_t fail(compiler_t *c, const char *file, int line,
                         const char *fmt, ...)
{
    va_list ap;
    const char *msg;

    va_start(ap, fmt);
    msg = apr_pvsprintf(c->p, fmt, ap);
    va_end(ap);
    c->err = apr_psprintf(c->p, "%s:%d: %s", file, line, msg);
    return APR_EINVAL;
}

static int count_lines(const char *s, const char *e)
{
    int n = 0;
    for (; s < e; s++) {
        n += (*s == '\n');
    }
    return n;
}

static void add_text(compiler_t *c, const char *b, const char *e, int line)
{
    seg_t *seg;

    if (e > b) {
        seg = add_seg(c, SEG_TEXT, line);
        seg->text = b;
        seg->len = e - b;
        c->literal += seg->len;
    }
}

static const char *trim(const char **b, const char *e)
{
    while (*b < e && (**b == ' ' || **b == '\t')) {
        (*b)++;
    }
    while (e > *b && (e[-1] == ' ' || e[-1] == '\t')) {
        e--;
    }
    return e;
}

/* Check a tag name and split it at dots. */
static apr_status_t set_name(compiler_t *c, const char *file, seg_t *s,
                             const char *b, const char *e, int line)
{
    const char *q;
    int n = 1, i = 0;

    e = trim(&b, e);
    s->text = apr_pstrmemdup(c->p, b, e - b);
    s->len = e - b;
    if (b == e) {
        return fail(c, file, line, "empty tag name");
    }
    if (s->len == 1 && *b == '.') {
        s->parts = NULL;
        s->nparts = 0;
        return APR_SUCCESS;
    }
    for (q = b; q < e; q++) {
        if (*q == '.') {
            if (q == b || q + 1 == e || q[1] == '.') {
                return fail(c, file, line, "bad name '%s'", s->text);
            }
            n++;
        }
        else if (!apr_isalnum(*q) && *q != '_' && *q != '-') {
            return fail(c, file, line, "bad character in name '%s'",
                        s->text);
        }
    }
    s->parts = apr_palloc(c->p, sizeof(char *) * n);
    s->hashes = apr_palloc(c->p, sizeof(unsigned int) * n);
    s->nparts = n;
    for (q = b; ; ) {
        const char *dot = memchr(q, '.', e - q);
        const char *pe = dot ? dot : e;
        s->parts[i] = apr_pstrmemdup(c->p, q, pe - q);
        s->hashes[i] = landing_value_key_hash(s->parts[i]);
        i++;
        if (!dot) {
            break;
        }
        q = dot + 1;
    }
    return APR_SUCCESS;
}

/* The spec's indentation of a standalone partial: @p ind before every
 * line of its source that is not empty. */
static const char *indent_source(apr_pool_t *p, const char *src,
                                 apr_size_t *len, const char *ind,
                                 apr_size_t ilen)
{
    apr_size_t i, n = 0, o = 0;
    char *out;

    for (i = 0; i < *len; i++) {
        n += ((i == 0 || src[i - 1] == '\n') && src[i] != '\n');
    }
    out = apr_palloc(p, *len + n * ilen + 1);
    for (i = 0; i < *len; i++) {
        if ((i == 0 || src[i - 1] == '\n') && src[i] != '\n') {
            memcpy(out + o, ind, ilen);
            o += ilen;
        }
        out[o++] = src[i];
    }
    out[o] = '\0';
    *len = o;
    return out;
}

static apr_status_t compile_source(compiler_t *c, const char *file,
                                   const char *src, apr_size_t len);

/* {{> name}} in @p file: its template's segments take the tag's place.
 * @p ind is the indentation of a standalone tag (else NULL). */
static apr_status_t compile_partial(compiler_t *c, const char *file,
                                    int line, const char *b, const char *e,
                                    const char *ind, apr_size_t ilen)
{
    const char *name, *pfile, *psrc, *q, *err = NULL;
    apr_size_t plen;
    apr_status_t rv;
    int i;

    e = trim(&b, e);
    name = apr_pstrmemdup(c->p, b, e - b);
    if (b == e) {
        return fail(c, file, line, "empty partial name");
    }
    for (q = b; q < e; q++) {
        if (apr_isspace(*q)) {
            return fail(c, file, line, "bad character in partial name "
                        "'%s'", name);
        }
    }
    if (c->partials == NULL) {
        return fail(c, file, line, "partials ({{>%s}}) are not available "
                    "here", name);
    }
    rv = c->partials->load(c->partials->baton, c->p, file, name, &pfile,
                           &psrc, &plen, &err);
    if (rv != APR_SUCCESS) {
        return fail(c, file, line, "partial '%s': %s", name,
                    err ? err : "not found");
    }
    for (i = 0; i < c->nchain; i++) {
        if (strcmp(c->chain[i], pfile) == 0) {
            const char *path = c->chain[i];
            int j;
            for (j = i + 1; j < c->nchain; j++) {
                path = apr_pstrcat(c->p, path, " > ", c->chain[j], NULL);
            }
            return fail(c, file, line, "partial '%s' includes itself "
                        "(%s > %s)", name, path, pfile);
        }
    }
    if (c->nchain > LANDING_TEMPLATE_MAX_PARTIAL_DEPTH) {
        return fail(c, file, line, "partials nest more than %d deep",
                    LANDING_TEMPLATE_MAX_PARTIAL_DEPTH);
    }
    if (ind && ilen) {
        psrc = indent_source(c->p, psrc, &plen, ind, ilen);
    }
    c->chain[c->nchain++] = pfile;
    rv = compile_source(c, pfile, psrc, plen);
    c->nchain--;
    return rv;
}

/* The tags that may stand alone on a line, which the line then leaves
 * (spec: "Standalone" cases). */
static int may_stand_alone(char kind)
{
    return kind == '#' || kind == '^' || kind == '/' || kind == '!'
           || kind == '>' || kind == '=';
}

static apr_status_t compile_source(compiler_t *c, const char *file,
                                   const char *src, apr_size_t len)
{
    const char *s = src, *end = src + len;
    int line = 1;
    int base = c->depth;
    apr_status_t rv;

    c->compiled += len;
    if (c->compiled > LANDING_TEMPLATE_MAX_SOURCE) {
        return fail(c, file, 1, "with its partials, the template is more "
                    "than %d MB", LANDING_TEMPLATE_MAX_SOURCE >> 20);
    }
    while (s < end) {
        const char *tag = NULL, *q, *close, *nb, *ne, *after, *ind;
        seg_t *seg;
        int tag_line;
        char kind;

        if (c->nsegs > LANDING_TEMPLATE_MAX_SEGMENTS) {
            return fail(c, file, line, "with its partials, the template has "
                        "more than %d parts", LANDING_TEMPLATE_MAX_SEGMENTS);
        }
        for (q = s; q + 1 < end; q++) {
            if (q[0] == '{' && q[1] == '{') {
                tag = q;
                break;
            }
        }
        if (tag == NULL) {
            add_text(c, s, end, line);
            break;
        }
        tag_line = line + count_lines(s, tag);
        if (tag + 2 < end && tag[2] == '{') {
            /* {{{name}}} */
            kind = '{';
            nb = tag + 3;
            close = NULL;
            for (q = nb; q + 2 < end; q++) {
                if (q[0] == '}' && q[1] == '}' && q[2] == '}') {
                    close = q;
                    break;
                }
            }
            if (close == NULL) {
                return fail(c, file, tag_line, "unclosed '{{{' tag");
            }
            ne = close;
            after = close + 3;
        }
        else {
            close = NULL;
            for (q = tag + 2; q + 1 < end; q++) {
                if (q[0] == '}' && q[1] == '}') {
                    close = q;
                    break;
                }
            }
            if (close == NULL) {
                return fail(c, file, tag_line, "unclosed '{{' tag");
            }
            nb = tag + 2;
            ne = close;
            kind = nb < ne ? *nb : '\0';
            after = close + 2;
        }

        /* Standalone: only blanks before the tag since the line began
         * (and no other tag), only blanks after it up to the line's end.
         * The whole line goes; a partial's blanks become its indent. */
        ind = NULL;
        if (may_stand_alone(kind)) {
            const char *b = tag, *a = after;
            while (b > s && (b[-1] == ' ' || b[-1] == '\t')) {
                b--;
            }
            while (a < end && (*a == ' ' || *a == '\t')) {
                a++;
            }
            if ((b == src || b[-1] == '\n')
                && (a == end || *a == '\n'
                    || (*a == '\r' && a + 1 < end && a[1] == '\n'))) {
                ind = b;
                after = a == end ? a : a + (*a == '\r' ? 2 : 1);
            }
        }
        add_text(c, s, ind ? ind : tag, line);
        line = tag_line + count_lines(tag, after);
        s = after;

        switch (kind) {
        case '{':
            seg = add_seg(c, SEG_RAW, tag_line);
            if ((rv = set_name(c, file, seg, nb, ne, tag_line))) {
                return rv;
            }
            continue;
        case '!':
            continue;
        case '>':
            rv = compile_partial(c, file, tag_line, nb + 1, ne, ind,
                                 ind ? (apr_size_t)(tag - ind) : 0);
            if (rv != APR_SUCCESS) {
                return rv;
            }
            continue;
        case '=':
            return fail(c, file, tag_line, "delimiter changes are not "
                        "supported");
        case '#':
        case '^':
            if (c->depth == LANDING_TEMPLATE_MAX_NESTING) {
                return fail(c, file, tag_line, "sections nest too deep");
            }
            seg = add_seg(c, kind == '#' ? SEG_SECTION : SEG_INVERTED,
                          tag_line);
            if ((rv = set_name(c, file, seg, nb + 1, ne, tag_line))) {
                return rv;
            }
            c->open[c->depth++] = c->nsegs - 1;
            continue;
        case '/': {
            seg_t tmp;
            const seg_t *o;
            memset(&tmp, 0, sizeof(tmp));
            if ((rv = set_name(c, file, &tmp, nb + 1, ne, tag_line))) {
                return rv;
            }
            if (c->depth == base) {
                return fail(c, file, tag_line, "'{{/%s}}' closes no open "
                            "section", tmp.text);
            }
            o = &c->segs[c->open[c->depth - 1]];
            if (strcmp(o->text, tmp.text) != 0) {
                return fail(c, file, tag_line, "'{{/%s}}' does not match "
                            "'{{#%s}}' opened on line %d", tmp.text,
                            o->text, o->line);
            }
            seg = add_seg(c, SEG_END, tag_line);
            seg->text = tmp.text;
            c->segs[c->open[--c->depth]].end = c->nsegs - 1;
            continue;
        }
        case '&':
            seg = add_seg(c, SEG_RAW, tag_line);
            nb++;
            break;
        default:
            seg = add_seg(c, SEG_VAR, tag_line);
            break;
        }
        if ((rv = set_name(c, file, seg, nb, ne, tag_line))) {
            return rv;
        }
    }
    if (c->depth > base) {
        const seg_t *o = &c->segs[c->open[c->depth - 1]];
        return fail(c, file, o->line, "section '%s' is never closed",
                    o->text);
    }
    return APR_SUCCESS;
}

apr_status_t landing_template_compile_with(apr_pool_t *p, const char *src,
                                           apr_size_t len, const char *name,
                                           const landing_partials_t *partials,
                                           landing_template_t **tpl,
                                           const char **err)
{
    compiler_t c;
    apr_status_t rv;
    landing_template_t *t;

    memset(&c, 0, sizeof(c));
    c.p = p;
    c.partials = partials;
    name = name ? name : "template";
    c.chain[c.nchain++] = name;
    *tpl = NULL;
    *err = NULL;

    rv = compile_source(&c, name, src, len);
    if (rv != APR_SUCCESS) {
        *err = c.err;
        return rv;
    }
    t = apr_palloc(p, sizeof(*t));
    t->name = name;
    t->segs = c.segs;
    t->nsegs = c.nsegs;
    t->literal = c.literal;
    *tpl = t;
    return APR_SUCCESS;
}

apr_status_t landing_template_compile(apr_pool_t *p, const char *src,
                                      apr_size_t len, const char *name,
                                      landing_template_t **tpl,
                                      const char **err)
{
    return landing_template_compile_with(p, src, len, name, NULL, tpl, err);
}

apr_size_t landing_template_literal_size(const landing_template_t *tpl)
{
    return tpl->literal;
}

/* --- expansion ---------------------------------------------------------- */

typedef struct {
    const landing_value_t *stack[LANDING_TEMPLATE_MAX_NESTING + 2];
    int depth;
    landing_buf_t *out;
    apr_size_t steps;        /* against limit */
    apr_size_t limit;        /* LANDING_TEMPLATE_MAX_STEPS, or a budget */
} expander_t;

/* Mustache name resolution: the first part is looked up from the
 * innermost context outwards; the rest descend from what it found. */
static const landing_value_t *resolve(expander_t *x, const seg_t *s)
{
    const landing_value_t *v = NULL;
    int i;

    if (s->parts == NULL) {
        return x->stack[x->depth - 1];
    }
    for (i = x->depth - 1; i >= 0; i--) {
        /* A look-up reads a map's entries one by one (unless the map
         * has an index): count them. */
        if (x->stack[i]->type == LANDING_VALUE_MAP) {
            x->steps += landing_value_lookup_cost(x->stack[i]);
        }
        v = landing_value_get_hashed(x->stack[i], s->parts[0],
                                     s->hashes[0]);
        if (v) {
            break;
        }
    }
    for (i = 1; v && i < s->nparts; i++) {
        v = landing_value_get_hashed(v, s->parts[i], s->hashes[i]);
    }
    return v;
}

static void expand_range(expander_t *x, const seg_t *segs, int from, int to)
{
    int i = from;

    while (i < to) {
        const seg_t *s = &segs[i];
        const landing_value_t *v;

        /* Sections over lists multiply: nested ones over a page's
         * (aliased, so cheap) lists could run for hours and print
         * nothing. Stop at the work bound, or once the output is full. */
        if (x->out->failed || ++x->steps > x->limit) {
            if (!x->out->failed) {
                x->out->failed = LANDING_BUF_TOO_BIG;
            }
            return;
        }
        switch (s->type) {
        case SEG_TEXT:
            landing_buf_add(x->out, s->text, s->len);
            i++;
            break;
        case SEG_VAR:
        case SEG_RAW:
            v = resolve(x, s);
            /* A YAML null ("~", "null") prints as nothing, as the
             * spec's null does. */
            if (v && v->type == LANDING_VALUE_STRING
                && v->falsy != LANDING_VALUE_NULL) {
                if (s->type == SEG_VAR) {
                    landing_buf_add_escaped(x->out, v->str, v->len);
                }
                else {
                    landing_buf_add(x->out, v->str, v->len);
                }
            }
            i++;
            break;
        case SEG_SECTION:
            v = resolve(x, s);
            if (landing_value_truthy(v)) {
                if (v->type == LANDING_VALUE_LIST) {
                    const landing_entry_t *e;
                    for (e = v->first; e; e = e->next) {
                        x->stack[x->depth++] = e->value;
                        expand_range(x, segs, i + 1, s->end);
                        x->depth--;
                    }
                }
                else {
                    x->stack[x->depth++] = v;
                    expand_range(x, segs, i + 1, s->end);
                    x->depth--;
                }
            }
            i = s->end + 1;
            break;
        case SEG_INVERTED:
            v = resolve(x, s);
            if (!landing_value_truthy(v)) {
                expand_range(x, segs, i + 1, s->end);
            }
            i = s->end + 1;
            break;
        case SEG_END:
            i++;
            break;
        }
    }
}

void landing_template_expand_budget(const landing_template_t *tpl,
                                    const landing_value_t *root,
                                    landing_buf_t *out, apr_size_t *budget)
{
    expander_t x;
    x.stack[0] = root;
    x.depth = 1;
    x.out = out;
    x.steps = 0;
    x.limit = *budget;
    expand_range(&x, tpl->segs, 0, tpl->nsegs);
    /* Map look-ups count too, so steps can pass the limit a little. */
    *budget = x.steps < *budget ? *budget - x.steps : 0;
}

void landing_template_expand(const landing_template_t *tpl,
                             const landing_value_t *root, landing_buf_t *out)
{
    apr_size_t budget = LANDING_TEMPLATE_MAX_STEPS;
    landing_template_expand_budget(tpl, root, out, &budget);
}
