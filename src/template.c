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
    const char *name;
    seg_t *segs;
    int nsegs;
    int cap;
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

static apr_status_t fail(compiler_t *c, int line, const char *fmt, ...)
{
    va_list ap;
    const char *msg;

    va_start(ap, fmt);
    msg = apr_pvsprintf(c->p, fmt, ap);
    va_end(ap);
    c->err = apr_psprintf(c->p, "%s:%d: %s", c->name, line, msg);
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

/* Check a tag name and split it at dots. */
static apr_status_t set_name(compiler_t *c, seg_t *s, const char *b,
                             const char *e, int line)
{
    const char *q;
    int n = 1, i = 0;

    while (b < e && (*b == ' ' || *b == '\t')) {
        b++;
    }
    while (e > b && (e[-1] == ' ' || e[-1] == '\t')) {
        e--;
    }
    s->text = apr_pstrmemdup(c->p, b, e - b);
    s->len = e - b;
    if (b == e) {
        return fail(c, line, "empty tag name");
    }
    if (s->len == 1 && *b == '.') {
        s->parts = NULL;
        s->nparts = 0;
        return APR_SUCCESS;
    }
    for (q = b; q < e; q++) {
        if (*q == '.') {
            if (q == b || q + 1 == e || q[1] == '.') {
                return fail(c, line, "bad name '%s'", s->text);
            }
            n++;
        }
        else if (!apr_isalnum(*q) && *q != '_' && *q != '-') {
            return fail(c, line, "bad character in name '%s'", s->text);
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

apr_status_t landing_template_compile(apr_pool_t *p, const char *src,
                                      apr_size_t len, const char *name,
                                      landing_template_t **tpl,
                                      const char **err)
{
    compiler_t c;
    const char *s = src, *end = src + len;
    int line = 1;
    int open[LANDING_TEMPLATE_MAX_NESTING];
    int depth = 0;
    apr_size_t literal = 0;
    apr_status_t rv;
    landing_template_t *t;

    memset(&c, 0, sizeof(c));
    c.p = p;
    c.name = name ? name : "template";
    *tpl = NULL;
    *err = NULL;

    while (s < end) {
        const char *tag = NULL, *q, *close, *nb, *ne;
        seg_t *seg;
        int tag_line;

        for (q = s; q + 1 < end; q++) {
            if (q[0] == '{' && q[1] == '{') {
                tag = q;
                break;
            }
        }
        if (tag == NULL) {
            tag = end;
        }
        if (tag > s) {
            seg = add_seg(&c, SEG_TEXT, line);
            seg->text = s;
            seg->len = tag - s;
            literal += seg->len;
            line += count_lines(s, tag);
        }
        if (tag == end) {
            break;
        }
        tag_line = line;
        if (tag + 2 < end && tag[2] == '{') {
            /* {{{name}}} */
            nb = tag + 3;
            close = NULL;
            for (q = nb; q + 2 < end; q++) {
                if (q[0] == '}' && q[1] == '}' && q[2] == '}') {
                    close = q;
                    break;
                }
            }
            if (close == NULL) {
                rv = fail(&c, tag_line, "unclosed '{{{' tag");
                goto failed;
            }
            seg = add_seg(&c, SEG_RAW, tag_line);
            if ((rv = set_name(&c, seg, nb, close, tag_line))) {
                goto failed;
            }
            line += count_lines(tag, close);
            s = close + 3;
            continue;
        }
        close = NULL;
        for (q = tag + 2; q + 1 < end; q++) {
            if (q[0] == '}' && q[1] == '}') {
                close = q;
                break;
            }
        }
        if (close == NULL) {
            rv = fail(&c, tag_line, "%sunclosed '{{' tag", "");
            goto failed;
        }
        line += count_lines(tag, close);
        s = close + 2;
        nb = tag + 2;
        ne = close;
        switch (nb < ne ? *nb : '\0') {
        case '!':
            continue;
        case '>':
            rv = fail(&c, tag_line, "%spartials ({{>...}}) are not supported", "");
            goto failed;
        case '=':
            rv = fail(&c, tag_line, "%sdelimiter changes are not supported", "");
            goto failed;
        case '#':
        case '^':
            if (depth == LANDING_TEMPLATE_MAX_NESTING) {
                rv = fail(&c, tag_line, "%ssections nest too deep", "");
                goto failed;
            }
            seg = add_seg(&c, *nb == '#' ? SEG_SECTION : SEG_INVERTED,
                          tag_line);
            if ((rv = set_name(&c, seg, nb + 1, ne, tag_line))) {
                goto failed;
            }
            open[depth++] = c.nsegs - 1;
            continue;
        case '/': {
            seg_t tmp;
            memset(&tmp, 0, sizeof(tmp));
            if ((rv = set_name(&c, &tmp, nb + 1, ne, tag_line))) {
                goto failed;
            }
            if (depth == 0) {
                rv = fail(&c, tag_line, "'{{/%s}}' closes no open section",
                     tmp.text);
                goto failed;
            }
            if (strcmp(c.segs[open[depth - 1]].text, tmp.text) != 0) {
                rv = fail(&c, tag_line, "'{{/%s}}' does not match '{{#%s}}' "
                          "opened on line %d", tmp.text,
                          c.segs[open[depth - 1]].text,
                          c.segs[open[depth - 1]].line);
                goto failed;
            }
            seg = add_seg(&c, SEG_END, tag_line);
            seg->text = tmp.text;
            c.segs[open[--depth]].end = c.nsegs - 1;
            continue;
        }
        case '&':
            seg = add_seg(&c, SEG_RAW, tag_line);
            nb++;
            break;
        default:
            seg = add_seg(&c, SEG_VAR, tag_line);
            break;
        }
        if ((rv = set_name(&c, seg, nb, ne, tag_line))) {
            goto failed;
        }
    }
    if (depth > 0) {
        seg_t *o = &c.segs[open[depth - 1]];
        rv = fail(&c, o->line, "section '%s' is never closed", o->text);
        goto failed;
    }

    t = apr_palloc(p, sizeof(*t));
    t->name = c.name;
    t->segs = c.segs;
    t->nsegs = c.nsegs;
    t->literal = literal;
    *tpl = t;
    return APR_SUCCESS;

failed:
    *err = c.err;
    return rv;
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
            if (v && v->type == LANDING_VALUE_STRING) {
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
