/* A page's HTML as plain text in sections, for the search index. */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "buf.h"
#include "search_text.h"

typedef struct {
    apr_pool_t *p;
    apr_array_header_t *sections;
    landing_buf_t heading;      /* the current heading's text */
    landing_buf_t body;         /* the current section's text */
    const char *anchor;         /* the current section's id */
    const char *title;          /* and its heading's text */
    int in_heading;             /* inside <h2>..<h6>: its level */
    apr_size_t total;           /* bytes of text kept so far */
} text_t;

/* Elements whose content is not text a reader searches for. */
static const char *const skipped[] = {
    "pre", "script", "style", "svg", "template", "textarea", "noscript",
    "math", NULL
};

/* Inline elements: their tags do not separate words. */
static const char *const inline_tags[] = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em",
    "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "time", "u", "var", NULL
};

static int in_list(const char *const *list, const char *name, apr_size_t n)
{
    int i;

    for (i = 0; list[i]; i++) {
        if (strlen(list[i]) == n && strncasecmp(list[i], name, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The buffer text goes to now. */
static landing_buf_t *sink(text_t *t)
{
    return t->in_heading ? &t->heading : &t->body;
}

/* One space between words: a separator is written only after text. */
static void space(text_t *t)
{
    landing_buf_t *b = sink(t);

    if (b->len > 0 && b->data[b->len - 1] != ' ') {
        landing_buf_add(b, " ", 1);
    }
}

static void put(text_t *t, const char *s, apr_size_t n)
{
    if (t->total + n > LANDING_TEXT_MAX) {
        return;
    }
    t->total += n;
    landing_buf_add(sink(t), s, n);
}

/* Text between tags: white space and control characters collapse into
 * one space. */
static void text(text_t *t, const char *s, apr_size_t n)
{
    apr_size_t i, start = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == 0x7f) {
            put(t, s + start, i - start);
            space(t);
            start = i + 1;
        }
    }
    put(t, s + start, n - start);
}

/* U+@p cp as UTF-8; controls, surrogates and non-characters become a
 * space. */
static void code_point(text_t *t, unsigned long cp)
{
    char u[4];

    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)
        || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
        space(t);
    }
    else if (cp < 0x80) {
        u[0] = (char)cp;
        put(t, u, 1);
    }
    else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3f));
        put(t, u, 2);
    }
    else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f));
        put(t, u, 3);
    }
    else {
        u[0] = (char)(0xf0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[3] = (char)(0x80 | (cp & 0x3f));
        put(t, u, 4);
    }
}

/* A character reference at @p s (which is '&'): decode the ones a
 * renderer writes and the usual named ones; the length used, or 0 to
 * take the '&' as text. */
static apr_size_t reference(text_t *t, const char *s, const char *end)
{
    static const struct { const char *name; unsigned long cp; } named[] = {
        { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
        { "apos", '\'' }, { "nbsp", ' ' }, { "mdash", 0x2014 },
        { "ndash", 0x2013 }, { "hellip", 0x2026 }, { "copy", 0xa9 },
        { "rsquo", 0x2019 }, { "lsquo", 0x2018 }, { "rdquo", 0x201d },
        { "ldquo", 0x201c }, { "rarr", 0x2192 }, { NULL, 0 }
    };
    const char *q = s + 1;
    unsigned long cp = 0;
    int i, digits = 0;

    if (q < end && *q == '#') {
        int hex = (q + 1 < end && (q[1] == 'x' || q[1] == 'X'));
        q += hex ? 2 : 1;
        while (q < end && digits < 8
               && (hex ? apr_isxdigit(*q) : apr_isdigit(*q))) {
            cp = cp * (hex ? 16 : 10)
                 + (unsigned long)(apr_isdigit(*q) ? *q - '0'
                                   : (apr_tolower(*q) - 'a' + 10));
            q++;
            digits++;
        }
        if (digits == 0 || q >= end || *q != ';') {
            return 0;
        }
        code_point(t, cp);
        return (apr_size_t)(q + 1 - s);
    }
    for (i = 0; named[i].name; i++) {
        apr_size_t n = strlen(named[i].name);
        if ((apr_size_t)(end - q) > n && memcmp(q, named[i].name, n) == 0
            && q[n] == ';') {
            if (named[i].cp == ' ') {
                space(t);
            }
            else {
                code_point(t, named[i].cp);
            }
            return n + 2;
        }
    }
    return 0;
}

static void end_section(text_t *t)
{
    landing_text_section_t *sec;
    apr_size_t n = t->body.len;

    while (n > 0 && t->body.data[n - 1] == ' ') {
        n--;
    }
    sec = apr_array_push(t->sections);
    sec->text = apr_pstrmemdup(t->p, t->body.data ? t->body.data : "", n);
    sec->anchor = t->anchor;
    sec->heading = t->title;
    t->body.len = 0;
}

/* The value of attribute @p name in the tag's attributes @p s..@p end,
 * or NULL. */
static const char *attribute(apr_pool_t *p, const char *s, const char *end,
                             const char *name)
{
    apr_size_t n = strlen(name);

    while (s < end) {
        const char *an, *v;
        apr_size_t alen;
        while (s < end && (apr_isspace(*s) || *s == '/')) {
            s++;
        }
        an = s;
        while (s < end && !apr_isspace(*s) && *s != '=' && *s != '/') {
            s++;
        }
        alen = (apr_size_t)(s - an);
        while (s < end && apr_isspace(*s)) {
            s++;
        }
        if (s >= end || *s != '=') {
            continue;
        }
        s++;
        while (s < end && apr_isspace(*s)) {
            s++;
        }
        if (s < end && (*s == '"' || *s == '\'')) {
            char quote = *s++;
            v = s;
            while (s < end && *s != quote) {
                s++;
            }
        }
        else {
            v = s;
            while (s < end && !apr_isspace(*s)) {
                s++;
            }
        }
        if (alen == n && strncasecmp(an, name, n) == 0) {
            return apr_pstrmemdup(p, v, (apr_size_t)(s - v));
        }
        if (s < end) {
            s++;
        }
    }
    return NULL;
}

/* Where the element @p name (just opened) ends: after its closing tag,
 * or @p end. */
static const char *skip_element(const char *s, const char *end,
                                const char *name, apr_size_t n)
{
    while (s < end) {
        const char *lt = memchr(s, '<', (apr_size_t)(end - s));
        if (lt == NULL) {
            return end;
        }
        if (lt + 2 + n <= end && lt[1] == '/'
            && strncasecmp(lt + 2, name, n) == 0
            && (lt + 2 + n == end || !apr_isalnum(lt[2 + n]))) {
            const char *gt = memchr(lt, '>', (apr_size_t)(end - lt));
            return gt ? gt + 1 : end;
        }
        s = lt + 1;
    }
    return end;
}

/* The heading's id makes its text part of a section's title; a heading
 * without one (LandingHeadingIds Off) still starts a section. */
static void open_heading(text_t *t, int level, const char *id)
{
    end_section(t);
    t->anchor = id ? id : "";
    t->title = "";
    t->in_heading = level;
    t->heading.len = 0;
}

static void close_heading(text_t *t)
{
    apr_size_t n = t->heading.len;
    const char *h = t->heading.data ? t->heading.data : "";

    t->in_heading = 0;
    while (n > 0 && h[n - 1] == ' ') {
        n--;
    }
    while (n > 0 && *h == ' ') {
        h++;
        n--;
    }
    /* The section is pushed when it ends; its heading waits here. */
    t->title = apr_pstrmemdup(t->p, h, n);
}

apr_array_header_t *landing_text_sections(apr_pool_t *p, const char *html,
                                          apr_size_t len)
{
    text_t t;
    const char *s = html, *end = html + len;

    memset(&t, 0, sizeof(t));
    t.p = p;
    t.sections = apr_array_make(p, 8, sizeof(landing_text_section_t));
    t.anchor = "";
    t.title = "";
    landing_buf_init(&t.heading, 64);
    landing_buf_init(&t.body, 1024);

    while (s < end) {
        const char *lt = s;
        while (lt < end && *lt != '<' && *lt != '&') {
            lt++;
        }
        text(&t, s, (apr_size_t)(lt - s));
        s = lt;
        if (s >= end) {
            break;
        }
        if (*s == '&') {
            apr_size_t n = reference(&t, s, end);
            if (n == 0) {
                put(&t, "&", 1);
                n = 1;
            }
            s += n;
            continue;
        }
        /* A tag, a comment, or a '<' that is text. */
        if (end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
            const char *c = s + 4;
            while (c + 3 <= end && memcmp(c, "-->", 3) != 0) {
                c++;
            }
            s = c + 3 <= end ? c + 3 : end;
            continue;
        }
        {
            int closing = (s + 1 < end && s[1] == '/');
            const char *name = s + 1 + closing, *ne = name, *gt;
            apr_size_t n;

            while (ne < end && apr_isalnum(*ne)) {
                ne++;
            }
            n = (apr_size_t)(ne - name);
            if (n == 0 || !apr_isalpha(*name)) {
                put(&t, "<", 1);
                s++;
                continue;
            }
            gt = memchr(ne, '>', (apr_size_t)(end - ne));
            gt = gt ? gt : end;
            if (!in_list(inline_tags, name, n)) {
                space(&t);
            }
            if (n == 2 && (*name == 'h' || *name == 'H') && name[1] >= '2'
                && name[1] <= '6') {
                if (!closing && !t.in_heading) {
                    open_heading(&t, name[1] - '0',
                                 attribute(p, ne, gt, "id"));
                }
                else if (closing && t.in_heading == name[1] - '0') {
                    close_heading(&t);
                }
                s = gt < end ? gt + 1 : end;
                continue;
            }
            if (!closing && in_list(skipped, name, n)) {
                s = skip_element(gt, end, name, n);
                space(&t);
                continue;
            }
            if (!closing && n == 1 && (*name == 'a' || *name == 'A')) {
                const char *cls = attribute(p, ne, gt, "class");
                if (cls && strstr(cls, "header-anchor")) {
                    s = skip_element(gt, end, "a", 1);
                    continue;
                }
            }
            s = gt < end ? gt + 1 : end;
        }
    }
    if (t.in_heading) {
        close_heading(&t);
    }
    end_section(&t);
    landing_buf_free(&t.heading);
    landing_buf_free(&t.body);
    return t.sections;
}
