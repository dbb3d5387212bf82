/*
 * Components in the rendered HTML, and [[toc]].
 *
 * One pass over cmark's HTML, from '<' to '<' with memchr. Tags are
 * parsed as an HTML tokenizer would, far enough to skip attribute values,
 * comments and the raw text of <script>, <style> and <textarea>, so that
 * a '<' in any of those is never taken for a tag. The output is written
 * as the input is read; an open component remembers where its slot
 * starts in the output, and its close tag replaces everything from there
 * with the template's expansion. Each level of nesting copies its slot
 * once more, so the work is linear in the page for a bounded depth.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "chrome.h"
#include "component.h"
#include "hash.h"

/* --- the built-ins -------------------------------------------------------- */

extern const char landing_component_badge[];
extern const apr_size_t landing_component_badge_len;
extern const char landing_component_card[];
extern const apr_size_t landing_component_card_len;
extern const char landing_component_cards[];
extern const apr_size_t landing_component_cards_len;

static const struct {
    const char *name;
    const char *src;
    const apr_size_t *len;
} builtins[] = {
    { "Badge", landing_component_badge, &landing_component_badge_len },
    { "Card",  landing_component_card,  &landing_component_card_len },
    { "Cards", landing_component_cards, &landing_component_cards_len },
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

apr_status_t landing_component_builtins(apr_pool_t *p, apr_hash_t **out,
                                        const char **err)
{
    apr_hash_t *h = apr_hash_make(p);
    apr_size_t i;

    for (i = 0; i < NBUILTINS; i++) {
        landing_template_t *tpl;
        apr_size_t len = *builtins[i].len;
        apr_status_t rv;

        rv = landing_template_compile(p, builtins[i].src, len,
                                      apr_pstrcat(p, "conf/components/",
                                                  builtins[i].name, ".html",
                                                  NULL), &tpl, err);
        if (rv != APR_SUCCESS) {
            return rv;
        }
        apr_hash_set(h, builtins[i].name, APR_HASH_KEY_STRING, tpl);
    }
    *out = h;
    return APR_SUCCESS;
}

apr_uint64_t landing_component_builtins_hash(void)
{
    apr_uint64_t h = 0;
    apr_size_t i;

    for (i = 0; i < NBUILTINS; i++) {
        h = landing_hash(landing_hash_str(h, builtins[i].name),
                         builtins[i].src, *builtins[i].len);
    }
    return h;
}

const char *landing_component_check_name(apr_pool_t *p, const char *name)
{
    const char *q;

    if (!(*name >= 'A' && *name <= 'Z')) {
        return apr_psprintf(p, "component name '%s' must start with an "
                            "uppercase letter", name);
    }
    for (q = name; *q; q++) {
        if (!apr_isalnum(*q) && *q != '-') {
            return apr_psprintf(p, "component name '%s' may hold only "
                                "letters, digits and '-'", name);
        }
    }
    return NULL;
}

/* --- tags ---------------------------------------------------------------- */

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || is_upper(c);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_name_char(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_'
           || c == '.' || c == ':';
}

typedef struct {
    int closing;
    int self_closing;
    const char *name;
    apr_size_t name_len;
    const char *attrs;        /* after the name ... */
    const char *attrs_end;    /* ... up to '/>' or '>' */
    const char *end;          /* just past '>' */
} tag_t;

/* An attribute at @p s: its name, and its value without quotes (NULL
 * when it has none). Returns where it ends, or NULL at '>' or '/>'. */
static const char *next_attr(const char *s, const char *end,
                             const char **name, apr_size_t *nlen,
                             const char **val, apr_size_t *vlen)
{
    const char *n;

    for (;;) {
        while (s < end && is_space(*s)) {
            s++;
        }
        if (s >= end || *s == '>') {
            return NULL;
        }
        if (*s == '/') {
            if (s + 1 < end && s[1] == '>') {
                return NULL;
            }
            s++;
            continue;
        }
        break;
    }
    /* A name runs to a space, '/', '>' or '=' (a leading '=' is part of
     * it, as the HTML tokenizer has it). */
    n = s++;
    while (s < end && !is_space(*s) && *s != '/' && *s != '>' && *s != '='
           && *s != '"' && *s != '\'') {
        s++;
    }
    *name = n;
    *nlen = (apr_size_t)(s - n);
    *val = NULL;
    *vlen = 0;
    {
        const char *q = s;
        while (q < end && is_space(*q)) {
            q++;
        }
        if (q >= end || *q != '=') {
            return s;
        }
        q++;
        while (q < end && is_space(*q)) {
            q++;
        }
        if (q < end && (*q == '"' || *q == '\'')) {
            const char *close = memchr(q + 1, *q, (apr_size_t)(end - q - 1));
            if (close == NULL) {
                return NULL;      /* unterminated: no tag (see parse_tag) */
            }
            *val = q + 1;
            *vlen = (apr_size_t)(close - q - 1);
            return close + 1;
        }
        *val = q;
        while (q < end && !is_space(*q) && *q != '>') {
            q++;
        }
        *vlen = (apr_size_t)(q - *val);
        return q;
    }
}

/*
 * A tag at @p s ('<'): "<name attrs>", "<name attrs/>" or "</name>".
 * Returns 1 for a tag, 0 when the bytes there are no tag (the '<' is
 * text then), and -1 when the tag runs to the end of the HTML (a quote
 * or the tag is never closed): then, as in the HTML tokenizer, the rest
 * is that unfinished tag, and no later '<' starts one. Stopping there
 * keeps the pass linear: each byte is read as part of one tag at most.
 */
static int parse_tag(const char *s, const char *end, tag_t *t)
{
    const char *q = s + 1;

    memset(t, 0, sizeof(*t));
    if (q < end && *q == '/') {
        t->closing = 1;
        q++;
    }
    if (q >= end || !is_alpha(*q)) {
        return 0;
    }
    t->name = q;
    while (q < end && is_name_char(*q)) {
        q++;
    }
    t->name_len = (apr_size_t)(q - t->name);
    if (q < end && !is_space(*q) && *q != '/' && *q != '>') {
        return 0;
    }
    t->attrs = q;
    /* Walk the attributes, so that a '>' inside a quoted value does not
     * end the tag. */
    for (;;) {
        const char *n, *v;
        apr_size_t nl, vl;
        const char *next = next_attr(q, end, &n, &nl, &v, &vl);
        if (next == NULL) {
            break;
        }
        q = next;
    }
    while (q < end && (is_space(*q) || (*q == '/' && q + 1 < end
                                        && q[1] != '>'))) {
        q++;
    }
    if (q < end && *q == '/' && q + 1 < end && q[1] == '>') {
        t->attrs_end = q;
        t->self_closing = 1;
        t->end = q + 2;
        return 1;
    }
    if (q < end && *q == '>') {
        t->attrs_end = q;
        t->end = q + 1;
        return 1;
    }
    /* An unterminated quote or the end of the HTML. */
    return -1;
}

static int name_is(const char *s, apr_size_t n, const char *lower)
{
    apr_size_t i;

    for (i = 0; i < n; i++) {
        if (lower[i] == '\0' || apr_tolower(s[i]) != lower[i]) {
            return 0;
        }
    }
    return lower[n] == '\0';
}

/* Elements whose content is text to the HTML parser, up to their close
 * tag: nothing in them is a tag. */
static int raw_text_element(const char *s, apr_size_t n)
{
    static const char *const names[] = {
        "script", "style", "textarea", "title", "xmp", "iframe",
        "noembed", "noframes", "noscript", NULL
    };
    int i;

    for (i = 0; names[i]; i++) {
        if (name_is(s, n, names[i])) {
            return 1;
        }
    }
    return 0;
}

/* HTML's own elements, which old pages write in capitals (<BR>, <DIV>):
 * no template maps them, and they are no unknown component. */
static int html_element(const char *s, apr_size_t n)
{
    static const char *const names[] = {
        "a", "abbr", "address", "area", "article", "aside", "audio", "b",
        "base", "bdi", "bdo", "big", "blockquote", "body", "br", "button",
        "canvas", "caption", "center", "cite", "code", "col", "colgroup",
        "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div",
        "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure",
        "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hgroup", "hr", "html", "i", "iframe", "img", "input",
        "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark",
        "math", "menu", "meta", "meter", "nav", "noscript", "object", "ol",
        "optgroup", "option", "output", "p", "param", "picture", "pre",
        "progress", "q", "rp", "rt", "ruby", "s", "samp", "script",
        "search", "section", "select", "slot", "small", "source", "span",
        "strike", "strong", "style", "sub", "summary", "sup", "svg",
        "table", "tbody", "td", "template", "textarea", "tfoot", "th",
        "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var",
        "video", "wbr", NULL
    };
    int i;

    if (n > 10) {
        return 0;
    }
    for (i = 0; names[i]; i++) {
        if (name_is(s, n, names[i])) {
            return 1;
        }
    }
    return 0;
}

/* Where the raw text of element @p name, which starts at @p s, ends:
 * at its close tag (any case), or at the end of the HTML. */
static const char *raw_text_end(const char *s, const char *end,
                                const char *name, apr_size_t n)
{
    const char *q = s;

    while ((q = memchr(q, '<', (apr_size_t)(end - q))) != NULL) {
        if ((apr_size_t)(end - q) > n + 1 && q[1] == '/') {
            apr_size_t i;
            for (i = 0; i < n; i++) {
                if (apr_tolower(q[2 + i]) != apr_tolower(name[i])) {
                    break;
                }
            }
            if (i == n && (q + 2 + n == end || !is_name_char(q[2 + n]))) {
                return q;
            }
        }
        q++;
    }
    return end;
}

/* Past a comment, "<!...>" or "<?...>" at @p s. */
static const char *skip_markup(const char *s, const char *end)
{
    const char *q;

    if (end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
        for (q = s + 4; q + 3 <= end; q++) {
            q = memchr(q, '-', (apr_size_t)(end - q));
            if (q == NULL || q + 3 > end) {
                return end;
            }
            if (q[1] == '-' && q[2] == '>') {
                return q + 3;
            }
        }
        return end;
    }
    q = memchr(s, '>', (apr_size_t)(end - s));
    return q ? q + 1 : end;
}

/* --- attribute values ----------------------------------------------------- */

static void put_utf8(landing_buf_t *b, unsigned long c)
{
    char u[4];

    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        c = 0xFFFD;
    }
    if (c < 0x80) {
        u[0] = (char)c;
        landing_buf_add(b, u, 1);
    }
    else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        landing_buf_add(b, u, 2);
    }
    else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        landing_buf_add(b, u, 3);
    }
    else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        landing_buf_add(b, u, 4);
    }
}

/* The named references authors write in attribute values; others stay as
 * they are written (and show as written, once escaped again). */
static const struct {
    const char *name;
    unsigned long code;
} entities[] = {
    { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
    { "apos", '\'' }, { "nbsp", 0xA0 }, { "copy", 0xA9 }, { "reg", 0xAE },
    { "trade", 0x2122 }, { "hellip", 0x2026 }, { "mdash", 0x2014 },
    { "ndash", 0x2013 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
    { "ldquo", 0x201C }, { "rdquo", 0x201D }, { "middot", 0xB7 },
    { "times", 0xD7 }, { "larr", 0x2190 }, { "rarr", 0x2192 },
    { "bull", 0x2022 }, { "laquo", 0xAB }, { "raquo", 0xBB },
    { "euro", 0x20AC }, { "deg", 0xB0 }, { NULL, 0 }
};

/* @p s with character references decoded, NUL-terminated, from @p p. */
static const char *decode(apr_pool_t *p, const char *s, apr_size_t n,
                          apr_size_t *out_len)
{
    landing_buf_t b;
    const char *end = s + n, *run = s, *amp;
    char *res;
    apr_size_t len;

    if (memchr(s, '&', n) == NULL) {
        *out_len = n;
        return apr_pstrmemdup(p, s, n);
    }
    landing_buf_init(&b, n + 1);
    while ((amp = memchr(run, '&', (apr_size_t)(end - run))) != NULL) {
        const char *q = amp + 1;
        unsigned long c = 0;
        int ok = 0;

        landing_buf_add(&b, run, (apr_size_t)(amp - run));
        if (q < end && *q == '#') {
            int hex = (q + 1 < end && (q[1] == 'x' || q[1] == 'X'));
            const char *d = q + 1 + hex, *e = d;
            while (e < end && e - d < 8
                   && (hex ? apr_isxdigit(*e) : apr_isdigit(*e))) {
                c = c * (hex ? 16 : 10)
                    + (unsigned long)(apr_isdigit(*e) ? *e - '0'
                                      : apr_tolower(*e) - 'a' + 10);
                e++;
            }
            if (e > d && e < end && *e == ';') {
                put_utf8(&b, c);
                run = e + 1;
                ok = 1;
            }
        }
        else {
            int i;
            for (i = 0; entities[i].name; i++) {
                apr_size_t l = strlen(entities[i].name);
                if ((apr_size_t)(end - q) > l
                    && memcmp(q, entities[i].name, l) == 0 && q[l] == ';') {
                    put_utf8(&b, entities[i].code);
                    run = q + l + 1;
                    ok = 1;
                    break;
                }
            }
        }
        if (!ok) {
            landing_buf_add(&b, "&", 1);
            run = amp + 1;
        }
    }
    landing_buf_add(&b, run, (apr_size_t)(end - run));
    res = landing_buf_detach(&b, &len);
    if (res == NULL) {
        *out_len = 0;
        return "";
    }
    *out_len = len;
    s = apr_pstrmemdup(p, res, len);
    free(res);
    return s;
}

/* Vue's camelize: "-x" becomes "X" ("card-title" -> "cardTitle"). NULL
 * when the name has no '-' to remove. */
static const char *camelize(apr_pool_t *p, const char *name, apr_size_t n)
{
    char *c, *d;
    apr_size_t i;

    if (memchr(name, '-', n) == NULL) {
        return NULL;
    }
    c = d = apr_palloc(p, n + 1);
    for (i = 0; i < n; i++) {
        if (name[i] == '-' && i + 1 < n
            && (apr_isalnum(name[i + 1]) || name[i + 1] == '_')) {
            *d++ = (char)apr_toupper(name[++i]);
        }
        else {
            *d++ = name[i];
        }
    }
    *d = '\0';
    return c;
}

/* The value of a bound literal (`:x="true"`, `:x="3"`, `:x="'text'"`),
 * or NULL when it is an expression that would need Vue to evaluate. */
static landing_value_t *bound_literal(apr_pool_t *p, const char *s,
                                      apr_size_t n)
{
    landing_value_t *v;
    apr_size_t i = 0;

    while (n && is_space(*s)) {
        s++;
        n--;
    }
    while (n && is_space(s[n - 1])) {
        n--;
    }
    if ((n == 4 && memcmp(s, "true", 4) == 0)) {
        return landing_value_str(p, "true", 4);
    }
    if ((n == 5 && memcmp(s, "false", 5) == 0)
        || (n == 4 && memcmp(s, "null", 4) == 0)
        || (n == 9 && memcmp(s, "undefined", 9) == 0)) {
        v = landing_value_str(p, apr_pstrmemdup(p, s, n), n);
        v->falsy = 1;
        return v;
    }
    /* A number: -1, 2.5, 1e3. */
    if (i < n && (s[i] == '-' || s[i] == '+')) {
        i++;
    }
    if (i < n && (apr_isdigit(s[i]) || s[i] == '.')) {
        int digits = 0;
        while (i < n && apr_isdigit(s[i])) {
            i++;
            digits++;
        }
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && apr_isdigit(s[i])) {
                i++;
                digits++;
            }
        }
        if (digits && i < n && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            if (i < n && (s[i] == '-' || s[i] == '+')) {
                i++;
            }
            if (i == n || !apr_isdigit(s[i])) {
                return NULL;
            }
            while (i < n && apr_isdigit(s[i])) {
                i++;
            }
        }
        if (digits && i == n) {
            return landing_value_str(p, apr_pstrmemdup(p, s, n), n);
        }
        return NULL;
    }
    /* A quoted string, without the quote inside it unescaped and, in a
     * template literal, without ${...}. */
    if (n >= 2 && (s[0] == '\'' || s[0] == '"' || s[0] == '`')
        && s[n - 1] == s[0]) {
        char *d = apr_palloc(p, n), *o = d;
        for (i = 1; i + 1 < n; i++) {
            if (s[i] == s[0] || (s[0] == '`' && s[i] == '$' && i + 2 < n
                                 && s[i + 1] == '{')) {
                return NULL;
            }
            if (s[i] == '\\' && i + 2 < n) {
                i++;
                *o++ = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
                continue;
            }
            *o++ = s[i];
        }
        *o = '\0';
        v = landing_value_str(p, d, (apr_size_t)(o - d));
        v->falsy = (o == d);
        return v;
    }
    return NULL;
}

/* --- the pass ------------------------------------------------------------- */

typedef struct {
    const char *name;
    apr_size_t name_len;
    const landing_template_t *tpl;
    landing_value_t *root;
    apr_size_t out_start;     /* where the slot starts in the output */
    const char *tag;          /* the open tag, for messages */
    apr_size_t tag_len;
    int el_base;              /* elements open before the slot */
} frame_t;

/* HTML elements open inside components' slots, and close tags to drop. */
#define MAX_ELEMENTS 256

typedef struct {
    const char *name;
    apr_size_t len;
} el_t;

typedef struct {
    apr_pool_t *p;
    const landing_component_conf_t *conf;
    int components;           /* look for components at all */
    const char *copied;       /* input written out up to here */
    landing_buf_t out;
    landing_buf_t scratch;
    frame_t stack[LANDING_COMPONENT_MAX_DEPTH];
    int depth;
    int overflow;             /* known opens past the depth, still open */
    apr_size_t count;
    apr_size_t budget;        /* template steps left */
    apr_array_header_t *problems;
    apr_hash_t *unknown;      /* names reported unknown already */
    /* Elements opened inside slots and still open. When a component
     * closes around some (a list item's content runs on past </Card>,
     * as cmark nests an indented close tag into the item), they are
     * closed at the slot's end and their own close tags, which follow,
     * are dropped: the slot stays balanced, as Vue's parser makes it. */
    el_t els[MAX_ELEMENTS];
    int nels;
    el_t drops[MAX_ELEMENTS];
    int ndrops, drop_at;
    apr_status_t rv;
} pass_t;

static void problem(pass_t *x, landing_component_problem_e kind,
                    const char *name, apr_size_t name_len, const char *tag,
                    apr_size_t tag_len, const char *fmt, ...)
{
    landing_component_problem_t *pr;
    va_list ap;

    if (x->problems == NULL
        || x->problems->nelts >= LANDING_COMPONENT_MAX_PROBLEMS) {
        return;
    }
    pr = apr_array_push(x->problems);
    pr->kind = kind;
    pr->name = apr_pstrmemdup(x->p, name, name_len);
    va_start(ap, fmt);
    pr->message = apr_pvsprintf(x->p, fmt, ap);
    va_end(ap);
    pr->line = 0;
    pr->tag = tag;
    pr->tag_len = tag_len;
}

/* Write the input up to @p upto. */
static void flush(pass_t *x, const char *upto)
{
    if (upto > x->copied) {
        landing_buf_add(&x->out, x->copied, (apr_size_t)(upto - x->copied));
        x->copied = upto;
    }
}

static const landing_template_t *template_for(pass_t *x, const tag_t *t)
{
    const landing_template_t *tpl = NULL;

    if (x->conf->find) {
        tpl = x->conf->find(x->conf->baton,
                            apr_pstrmemdup(x->p, t->name, t->name_len));
    }
    if (tpl == NULL && x->conf->templates) {
        tpl = apr_hash_get(x->conf->templates, t->name,
                           (apr_ssize_t)t->name_len);
    }
    return tpl;
}

/* Attribute text for a message: at most 60 bytes of it. */
static const char *shown(apr_pool_t *p, const char *s, apr_size_t n)
{
    return n > 60 ? apr_pstrcat(p, apr_pstrmemdup(p, s, 57), "...", NULL)
                  : apr_pstrmemdup(p, s, n);
}

/* What the template of component @p t sees, but its slot. */
static landing_value_t *component_values(pass_t *x, const tag_t *t)
{
    apr_pool_t *p = x->p;
    landing_value_t *root = landing_value_map(p);
    const char *q = t->attrs;

    if (x->conf->page) {
        landing_value_set(p, root, "page", (landing_value_t *)x->conf->page);
    }
    if (x->conf->site) {
        landing_value_set(p, root, "site", (landing_value_t *)x->conf->site);
    }
    if (x->conf->path) {
        landing_value_set_cstr(p, root, "path", x->conf->path);
    }
    for (;;) {
        const char *n, *v, *key, *camel, *next;
        apr_size_t nl, vl, dl;
        landing_value_t *val;

        next = next_attr(q, t->attrs_end, &n, &nl, &v, &vl);
        if (next == NULL) {
            break;
        }
        q = next;
        if (nl > 7 && memcmp(n, "v-bind:", 7) == 0) {
            n += 6;        /* as ":name" */
            nl -= 6;
        }
        if (*n == ':' && nl > 1) {
            const char *d = v ? decode(p, v, vl, &dl) : "";
            val = v ? bound_literal(p, d, v ? dl : 0) : NULL;
            if (val == NULL) {
                problem(x, LANDING_COMPONENT_EXPRESSION, t->name,
                        t->name_len, t->name - 1,
                        (apr_size_t)(t->end - t->name + 1),
                        "<%s>: the Vue expression '%s' is not evaluated; "
                        "dropped", apr_pstrmemdup(p, t->name, t->name_len),
                        shown(p, n, (apr_size_t)(next - n)));
                continue;
            }
            n++;
            nl--;
        }
        else if (*n == '@' || *n == '#' || *n == ':'
                 || (nl > 2 && memcmp(n, "v-", 2) == 0)) {
            problem(x, LANDING_COMPONENT_EXPRESSION, t->name, t->name_len,
                    t->name - 1, (apr_size_t)(t->end - t->name + 1),
                    "<%s>: the Vue directive '%s' is not evaluated; dropped",
                    apr_pstrmemdup(p, t->name, t->name_len),
                    shown(p, n, (apr_size_t)(next - n)));
            continue;
        }
        else if (v == NULL) {
            val = landing_value_str(p, "true", 4);
        }
        else {
            const char *d = decode(p, v, vl, &dl);
            val = landing_value_str(p, d, dl);
            val->falsy = (dl == 0);
        }
        key = apr_pstrmemdup(p, n, nl);
        landing_value_set(p, root, key, val);
        camel = camelize(p, n, nl);
        if (camel) {
            landing_value_set(p, root, camel, val);
        }
    }
    return root;
}

/* Expand @p f with the output from its slot's start as the slot, in its
 * place. */
static void expand(pass_t *x, frame_t *f)
{
    landing_value_t *slot;

    if (x->rv != APR_SUCCESS) {
        return;
    }
    if (!landing_buf_reserve(&x->out, 0)) {
        x->rv = x->out.failed == LANDING_BUF_TOO_BIG ? APR_ENOSPC
                                                     : APR_ENOMEM;
        return;
    }
    /* The slot is read in place; the template writes elsewhere. */
    x->out.data[x->out.len] = '\0';
    slot = landing_value_str(x->p, x->out.data + f->out_start,
                             x->out.len - f->out_start);
    landing_value_set(x->p, f->root, "slot", slot);
    x->scratch.len = 0;
    landing_template_expand_budget(f->tpl, f->root, &x->scratch, &x->budget);
    if (x->scratch.failed) {
        x->rv = x->scratch.failed == LANDING_BUF_TOO_BIG ? APR_ENOSPC
                                                         : APR_ENOMEM;
        return;
    }
    /* A template file ends with a newline, which an inline component (a
     * badge in running text) must not add. */
    if (x->scratch.len && x->scratch.data[x->scratch.len - 1] == '\n') {
        x->scratch.len--;
    }
    x->out.len = f->out_start;
    landing_buf_add(&x->out, x->scratch.data, x->scratch.len);
    if (x->out.failed) {
        x->rv = x->out.failed == LANDING_BUF_TOO_BIG ? APR_ENOSPC
                                                     : APR_ENOMEM;
    }
}

/* Close the elements still open in @p f's slot. */
static void close_elements(pass_t *x, frame_t *f)
{
    if (x->nels > f->el_base) {
        x->ndrops = x->drop_at = 0;
    }
    while (x->nels > f->el_base) {
        el_t *e = &x->els[--x->nels];
        landing_buf_add(&x->out, "</", 2);
        landing_buf_add(&x->out, e->name, e->len);
        landing_buf_add(&x->out, ">", 1);
        x->drops[x->ndrops++] = *e;
    }
}

static int is_void(const char *s, apr_size_t n)
{
    static const char *const names[] = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr", NULL
    };
    int i;

    for (i = 0; names[i]; i++) {
        if (name_is(s, n, names[i])) {
            return 1;
        }
    }
    return 0;
}

/* An HTML tag (not a component): keep count of the elements open in
 * slots; drop the close tags of elements a slot's end closed. */
static void html_tag(pass_t *x, const char *s, const tag_t *t)
{
    int base = x->depth ? x->stack[x->depth - 1].el_base : 0, i;

    if (!t->closing) {
        x->ndrops = x->drop_at = 0;
        if (x->depth && !t->self_closing && !is_void(t->name, t->name_len)
            && x->nels < MAX_ELEMENTS) {
            x->els[x->nels].name = t->name;
            x->els[x->nels].len = t->name_len;
            x->nels++;
        }
        return;
    }
    for (i = x->nels - 1; x->depth && i >= base; i--) {
        if (x->els[i].len == t->name_len
            && strncasecmp(x->els[i].name, t->name, t->name_len) == 0) {
            x->nels = i;     /* and the ones above it, which HTML closes */
            return;
        }
    }
    if (x->drop_at < x->ndrops
        && x->drops[x->drop_at].len == t->name_len
        && strncasecmp(x->drops[x->drop_at].name, t->name,
                       t->name_len) == 0) {
        x->drop_at++;
        flush(x, s);
        x->copied = t->end;
    }
}

/* Close the frames above @p k (unclosed: their slots end here), then
 * frame @p k itself, which a close tag closed unless @p unclosed. */
static void close_to(pass_t *x, int k, int unclosed)
{
    while (x->depth > k && x->rv == APR_SUCCESS) {
        frame_t *f = &x->stack[--x->depth];
        close_elements(x, f);
        if (x->depth > k || unclosed) {
            problem(x, LANDING_COMPONENT_UNCLOSED, f->name, f->name_len,
                    f->tag, f->tag_len, "<%s> is not closed; it ends with "
                    "its parent", apr_pstrmemdup(x->p, f->name,
                                                 f->name_len));
        }
        expand(x, f);
    }
}

static void component_tag(pass_t *x, const char *s, const tag_t *t,
                          const landing_template_t *tpl)
{
    int k;

    if (t->closing) {
        for (k = x->depth - 1; k >= 0; k--) {
            if (x->stack[k].name_len == t->name_len
                && memcmp(x->stack[k].name, t->name, t->name_len) == 0) {
                break;
            }
        }
        if (k < 0 && x->overflow > 0) {
            /* Closes one of the tags left as they were: leave it too. */
            x->overflow--;
            return;
        }
        flush(x, s);
        x->copied = t->end;
        if (k < 0) {
            problem(x, LANDING_COMPONENT_STRAY, t->name, t->name_len, s,
                    (apr_size_t)(t->end - s), "</%s> closes no open <%s>; "
                    "dropped", apr_pstrmemdup(x->p, t->name, t->name_len),
                    apr_pstrmemdup(x->p, t->name, t->name_len));
            return;
        }
        close_to(x, k, 0);
        return;
    }
    if (x->depth == LANDING_COMPONENT_MAX_DEPTH) {
        if (!t->self_closing) {
            x->overflow++;
        }
        problem(x, LANDING_COMPONENT_TOO_DEEP, t->name, t->name_len, s,
                (apr_size_t)(t->end - s), "<%s> is nested deeper than %d "
                "components; left as it is",
                apr_pstrmemdup(x->p, t->name, t->name_len),
                LANDING_COMPONENT_MAX_DEPTH);
        return;
    }
    if (++x->count > LANDING_COMPONENT_MAX_COUNT) {
        x->rv = APR_ENOSPC;
        return;
    }
    flush(x, s);
    x->copied = t->end;
    {
        frame_t *f = &x->stack[x->depth++];
        f->name = t->name;
        f->name_len = t->name_len;
        f->tpl = tpl;
        f->root = component_values(x, t);
        f->out_start = x->out.len;
        f->tag = s;
        f->tag_len = (apr_size_t)(t->end - s);
        f->el_base = x->nels;
        if (t->self_closing) {
            close_to(x, x->depth - 1, 0);
        }
    }
}

/* "On this page" where a paragraph holds only [[toc]]. */
static void toc_list(landing_buf_t *b, const landing_value_t *items)
{
    const landing_entry_t *e;

    landing_buf_puts(b, "<ul>");
    for (e = items ? items->first : NULL; e; e = e->next) {
        const landing_value_t *id = landing_value_get(e->value, "id");
        const landing_value_t *text = landing_value_get(e->value, "text");
        const landing_value_t *children = landing_value_get(e->value,
                                                            "children");
        landing_buf_puts(b, "<li><a href=\"#");
        if (id) {
            landing_buf_add_escaped(b, id->str, id->len);
        }
        landing_buf_puts(b, "\">");
        if (text) {
            landing_buf_add_escaped(b, text->str, text->len);
        }
        landing_buf_puts(b, "</a>");
        if (children && children->type == LANDING_VALUE_MAP) {
            toc_list(b, landing_value_get(children, "items"));
        }
        landing_buf_puts(b, "</li>");
    }
    landing_buf_puts(b, "</ul>");
}

static const char toc_para[] = "<p>[[toc]]</p>";
#define TOC_PARA_LEN (sizeof(toc_para) - 1)

/* cmark writes a paragraph that holds only [[toc]] as exactly this. */
static int is_toc_para(const char *s, const char *end)
{
    return (apr_size_t)(end - s) >= TOC_PARA_LEN
           && memcmp(s, toc_para, TOC_PARA_LEN) == 0;
}

static void toc(pass_t *x, const char *s)
{
    flush(x, s);
    x->copied = s + TOC_PARA_LEN;
    if (x->conf->toc) {
        landing_buf_puts(&x->out, "<nav class=\"table-of-contents\" "
                         "aria-label=\"Contents\">");
        toc_list(&x->out, landing_value_get(x->conf->toc, "items"));
        landing_buf_puts(&x->out, "</nav>");
    }
}

/* Does the '<' at @p s start something for the pass: a component's tag
 * ("<X", "</X") or a [[toc]] paragraph? */
static int candidate(const char *s, const char *end, int components)
{
    if (components && s + 1 < end
        && (is_upper(s[1]) || (s[1] == '/' && s + 2 < end
                               && is_upper(s[2])))) {
        return 1;
    }
    return is_toc_para(s, end);
}

#if defined(__GNUC__)
/* Sixteen bytes at a time, with GCC's vector extensions (SSE2 on x86,
 * NEON on ARM, plain words elsewhere): a page's HTML has a '<' every
 * dozen bytes, and a call to memchr for each costs more than cmark's
 * whole render of a big page takes in a tenth. */
typedef unsigned char v16_t __attribute__((vector_size(16)));

static v16_t load16(const char *s)
{
    v16_t v;
    memcpy(&v, s, sizeof(v));
    return v;
}

static int any16(v16_t m)
{
    apr_uint64_t w[2];
    memcpy(w, &m, sizeof(w));
    return (w[0] | w[1]) != 0;
}
#endif

/*
 * Is there anything to do? A '<' before an uppercase letter (or "</"
 * before one) or "<p>[[": only those make the pass look further. The
 * rest of the page is read once, sixteen bytes at a time.
 */
static int needs_pass(const char *s, const char *end, int components)
{
#if defined(__GNUC__)
    v16_t sel = (v16_t){ 0 } + (unsigned char)(components ? 0xFF : 0);

    while (end - s >= 16 + 3) {
        v16_t c0 = load16(s), c1 = load16(s + 1), c2 = load16(s + 2);
        v16_t c3 = load16(s + 3);
        v16_t up1 = (v16_t)((v16_t)(c1 - 'A') < 26);
        v16_t up2 = (v16_t)((v16_t)(c2 - 'A') < 26);
        v16_t hit = (v16_t)(c0 == '<')
                    & (((up1 | ((v16_t)(c1 == '/') & up2)) & sel)
                       | ((v16_t)(c1 == 'p') & (v16_t)(c2 == '>')
                          & (v16_t)(c3 == '[')));
        if (any16(hit)) {
            int i;
            for (i = 0; i < 16; i++) {
                if (s[i] == '<' && candidate(s + i, end, components)) {
                    return 1;
                }
            }
        }
        s += 16;
    }
#endif
    while ((s = memchr(s, '<', (apr_size_t)(end - s))) != NULL) {
        if (candidate(s, end, components)) {
            return 1;
        }
        s++;
    }
    return 0;
}

apr_status_t landing_component_expand(apr_pool_t *p,
                                      const landing_component_conf_t *conf,
                                      const char *html, apr_size_t len,
                                      const char **out, apr_size_t *out_len,
                                      apr_array_header_t *problems)
{
    const char *s = html, *end = html + len;
    pass_t x;
    char *data;
    int components = conf->raw_html
                     && (conf->templates != NULL || conf->find != NULL);

    *out = html;
    *out_len = len;
    if (!needs_pass(html, end, components)) {
        return APR_SUCCESS;
    }
    memset(&x, 0, sizeof(x));
    x.components = components;
    x.p = p;
    x.conf = conf;
    x.copied = html;
    x.problems = problems;
    x.budget = LANDING_TEMPLATE_MAX_STEPS;
    x.rv = APR_SUCCESS;
    landing_buf_init_big(&x.out, len + len / 4 + 1024);
    landing_buf_init(&x.scratch, 4096);
    if (conf->max_growth) {
        x.out.max = len + conf->max_growth;
        x.scratch.max = x.out.max;
    }

    while (x.rv == APR_SUCCESS
           && (s = memchr(s, '<', (apr_size_t)(end - s))) != NULL) {
        const landing_template_t *tpl;
        tag_t t;

        if (s + 1 < end && (s[1] == '!' || s[1] == '?')) {
            s = skip_markup(s, end);
            continue;
        }
        switch (parse_tag(s, end, &t)) {
        case 0:
            s++;
            continue;
        case -1:
            s = end;        /* the rest is copied as it is */
            continue;
        default:
            break;
        }
        if (x.components && is_upper(*t.name)) {
            tpl = template_for(&x, &t);
            if (tpl) {
                component_tag(&x, s, &t, tpl);
                s = t.end;
                continue;
            }
            if (!html_element(t.name, t.name_len)) {
                /* Unknown: left as it is; reported once per page. */
                const char *name = apr_pstrmemdup(p, t.name, t.name_len);
                if (x.unknown == NULL) {
                    x.unknown = apr_hash_make(p);
                }
                if (!t.closing && apr_hash_get(x.unknown, name,
                                               APR_HASH_KEY_STRING) == NULL) {
                    apr_hash_set(x.unknown, name, APR_HASH_KEY_STRING, "");
                    problem(&x, LANDING_COMPONENT_UNKNOWN, t.name,
                            t.name_len, s, (apr_size_t)(t.end - s),
                            "unknown component <%s>; LandingComponent maps "
                            "it to a template", name);
                }
                s = t.end;
                continue;
            }
        }
        if (!t.closing && !t.self_closing
            && raw_text_element(t.name, t.name_len)) {
            s = raw_text_end(t.end, end, t.name, t.name_len);
            continue;
        }
        if (!t.closing && t.name_len == 1 && *t.name == 'p'
            && is_toc_para(s, end)) {
            toc(&x, s);
            s += TOC_PARA_LEN;
            continue;
        }
        html_tag(&x, s, &t);
        s = t.end;
    }
    if (x.rv == APR_SUCCESS) {
        flush(&x, end);
        close_to(&x, 0, 1);
    }
    landing_buf_free(&x.scratch);
    if (x.rv == APR_SUCCESS && x.out.failed) {
        x.rv = x.out.failed == LANDING_BUF_TOO_BIG ? APR_ENOSPC : APR_ENOMEM;
    }
    if (x.rv != APR_SUCCESS) {
        landing_buf_free(&x.out);
        return x.rv;
    }
    data = landing_buf_detach(&x.out, out_len);
    if (data == NULL) {
        return APR_ENOMEM;
    }
    *out = data;
    return APR_SUCCESS;
}

/* --- source lines ---------------------------------------------------------- */

static const char *find(const char *hay, apr_size_t n, const char *needle,
                        apr_size_t m)
{
    return m && m <= n ? memmem(hay, n, needle, m) : NULL;
}

/* The first "<Name" not followed by more of a name. */
static const char *find_open(const char *s, const char *end,
                             const char *name)
{
    apr_size_t m = strlen(name);

    while (s < end) {
        const char *q = memchr(s, '<', (apr_size_t)(end - s));
        if (q == NULL) {
            return NULL;
        }
        if ((apr_size_t)(end - q - 1) >= m && memcmp(q + 1, name, m) == 0
            && (q + 1 + m == end || !is_name_char(q[1 + m]))) {
            return q;
        }
        s = q + 1;
    }
    return NULL;
}

static int count_lines(const char *s, const char *e)
{
    int n = 0;

    while ((s = memchr(s, '\n', (apr_size_t)(e - s))) != NULL) {
        n++;
        s++;
    }
    return n;
}

void landing_component_locate(apr_array_header_t *problems, const char *src,
                              apr_size_t src_len)
{
    const char *end = src + src_len, *at = src;
    int line = 1, i;

    for (i = 0; problems && i < problems->nelts; i++) {
        landing_component_problem_t *pr =
            &APR_ARRAY_IDX(problems, i, landing_component_problem_t);
        const char *q = find(at, (apr_size_t)(end - at), pr->tag,
                             pr->tag_len);

        if (q) {
            /* Mostly in order: the next problem is at or after this one
             * (an unclosed tag is found when its parent closes). */
            line += count_lines(at, q);
            at = q;
            pr->line = line;
        }
        else if ((q = find(src, (apr_size_t)(at - src), pr->tag,
                           pr->tag_len)) != NULL) {
            pr->line = 1 + count_lines(src, q);
        }
        else if ((q = find_open(src, end, pr->name)) != NULL) {
            pr->line = 1 + count_lines(src, q);
        }
    }
}
