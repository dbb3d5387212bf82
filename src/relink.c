/* Links in a rendered page, rewritten for a static export (relink.h). */
#include <string.h>
#include <strings.h>

#include <apr_hash.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "relink.h"
#include "url.h"

struct landing_relink_t {
    apr_pool_t *pool;
    int flags;
    apr_hash_t *pages;          /* site path of an exported .md -> "" */
};

landing_relink_t *landing_relink_make(apr_pool_t *p, int flags)
{
    landing_relink_t *rl = apr_pcalloc(p, sizeof(*rl));

    rl->pool = p;
    rl->flags = flags;
    if (flags & LANDING_RELINK_RELATIVE) {
        rl->flags |= LANDING_RELINK_FILES;
    }
    rl->pages = apr_hash_make(p);
    return rl;
}

void landing_relink_add(landing_relink_t *rl, const char *path)
{
    apr_hash_set(rl->pages, apr_pstrdup(rl->pool, path), APR_HASH_KEY_STRING,
                 "");
}

static int is_page(const landing_relink_t *rl, const char *path)
{
    return apr_hash_get(rl->pages, path, APR_HASH_KEY_STRING) != NULL;
}

/* @p s with its %XX escapes decoded; NULL when one is broken or decodes
 * to a NUL or a '/' (then it names no file of the export). */
static char *decode(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) + 1), *o = out;

    while (*s) {
        if (*s == '%') {
            int c;
            if (!apr_isxdigit(s[1]) || !apr_isxdigit(s[2])) {
                return NULL;
            }
            c = (apr_isdigit(s[1]) ? s[1] - '0'
                                   : (apr_tolower(s[1]) - 'a' + 10)) * 16
                + (apr_isdigit(s[2]) ? s[2] - '0'
                                     : (apr_tolower(s[2]) - 'a' + 10));
            if (c == 0 || c == '/') {
                return NULL;
            }
            *o++ = (char)c;
            s += 3;
        }
        else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

/*
 * The path @p path resolved against the directory of the site path
 * @p page, with "." and ".." segments taken out (RFC 3986 5.2.4; ".."
 * stops at the root). A result that names a directory ends with '/'.
 */
static const char *resolve(apr_pool_t *p, const char *page, const char *path)
{
    apr_array_header_t *segs = apr_array_make(p, 8, sizeof(char *));
    const char *full, *s;
    int dir = 0;

    if (*path == '/') {
        full = path;
    }
    else {
        const char *slash = strrchr(page, '/');
        full = apr_pstrcat(p, apr_pstrndup(p, page, slash - page + 1), path,
                           NULL);
    }
    for (s = full + 1; ; ) {
        const char *e = strchr(s, '/');
        apr_size_t n = e ? (apr_size_t)(e - s) : strlen(s);
        dir = 0;
        if (n == 1 && s[0] == '.') {
            dir = 1;
        }
        else if (n == 2 && s[0] == '.' && s[1] == '.') {
            if (segs->nelts) {
                segs->nelts--;
            }
            dir = 1;
        }
        else if (n > 0 || e) {
            *(char **)apr_array_push(segs) = apr_pstrndup(p, s, n);
        }
        if (e == NULL) {
            break;
        }
        s = e + 1;
        if (*s == '\0') {
            dir = 1;
            break;
        }
    }
    return apr_pstrcat(p, "/", apr_array_pstrcat(p, segs, '/'),
                       dir && segs->nelts ? "/" : "", NULL);
}

/* The site path @p to written relative to the page @p page. */
static const char *relative_to(apr_pool_t *p, const char *page,
                               const char *to)
{
    const char *a = page, *b = to, *common = page, *rest;
    char *up = "";
    int ups = 0;

    /* The longest run of whole directories the two share. */
    while (*a && *a == *b) {
        if (*a == '/') {
            common = a + 1;
        }
        a++;
        b++;
    }
    rest = to + (common - page);
    for (a = common; *a; a++) {
        ups += *a == '/';
    }
    while (ups-- > 0) {
        up = apr_pstrcat(p, up, "../", NULL);
    }
    if (*up == '\0' && *rest == '\0') {
        return "./";
    }
    /* "a:b.html" would read as a scheme. */
    if (*up == '\0') {
        const char *colon = strchr(rest, ':'), *slash = strchr(rest, '/');
        if (colon && (slash == NULL || colon < slash)) {
            return apr_pstrcat(p, "./", rest, NULL);
        }
    }
    return apr_pstrcat(p, up, rest, NULL);
}

const char *landing_relink_url(apr_pool_t *p, const landing_relink_t *rl,
                               const char *page, const char *url)
{
    apr_size_t n = strcspn(url, "?#");
    const char *path, *abs, *dec, *target = NULL;
    int absolute = url[0] == '/';

    /* Leaves the site, or stays on the page. */
    if (n == 0 || landing_url_scheme(url) || (url[0] == '/' && url[1] == '/')
        || (url[0] == '/' && url[1] == '\\') || strchr(url, '\\')) {
        return url;
    }
    path = apr_pstrndup(p, url, n);
    abs = resolve(p, page, path);
    dec = decode(p, abs);
    if (dec == NULL) {
        return url;
    }
    n = strlen(abs);
    if (n > 3 && strcmp(abs + n - 3, ".md") == 0 && is_page(rl, dec)) {
        target = apr_pstrcat(p, apr_pstrndup(p, abs, n - 3), ".html", NULL);
    }
    else if (abs[n - 1] == '/'
             && is_page(rl, apr_pstrcat(p, dec, "index.md", NULL))) {
        target = abs;
    }
    else if (abs[n - 1] != '/'
             && is_page(rl, apr_pstrcat(p, dec, "/index.md", NULL))) {
        target = apr_pstrcat(p, abs, "/", NULL);
    }
    if (target && target[strlen(target) - 1] == '/'
        && (rl->flags & LANDING_RELINK_FILES)) {
        target = apr_pstrcat(p, target, "index.html", NULL);
    }
    if (target == NULL) {
        /* No page of the export: a file, or nothing; only made relative. */
        if (!absolute || !(rl->flags & LANDING_RELINK_RELATIVE)) {
            return url;
        }
        target = abs;
    }
    if (!absolute || (rl->flags & LANDING_RELINK_RELATIVE)) {
        target = relative_to(p, page, target);
    }
    return apr_pstrcat(p, target, url + strlen(path), NULL);
}

/* --- the HTML ------------------------------------------------------------ */

typedef struct {
    apr_pool_t *pool;
    char *data;
    apr_size_t len, cap;
} out_t;

static void put(out_t *o, const char *s, apr_size_t n)
{
    if (o->len + n > o->cap) {
        apr_size_t cap = o->cap * 2 + n;
        char *d = apr_palloc(o->pool, cap + 1);
        memcpy(d, o->data, o->len);
        o->data = d;
        o->cap = cap;
    }
    memcpy(o->data + o->len, s, n);
    o->len += n;
}

/* Where the case-insensitive @p needle starts in [s, end), or NULL. */
static const char *find_nocase(const char *s, const char *end,
                               const char *needle)
{
    apr_size_t n = strlen(needle);

    for (; s + n <= end; s++) {
        if (strncasecmp(s, needle, n) == 0) {
            return s;
        }
    }
    return NULL;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Is the attribute [name, name + n) one that holds a URL we rewrite? */
static int url_attribute(const char *name, apr_size_t n)
{
    return (n == 4 && strncasecmp(name, "href", 4) == 0)
           || (n == 3 && strncasecmp(name, "src", 3) == 0)
           || (n == 6 && strncasecmp(name, "poster", 6) == 0);
}

/* Elements whose text is not markup: nothing in it is a tag. */
static const char *const raw_text[] = {
    "script", "style", "textarea", "title", NULL
};

const char *landing_relink_html(apr_pool_t *p, const landing_relink_t *rl,
                                const char *page, const char *html,
                                apr_size_t len, apr_size_t *out_len)
{
    const char *s = html, *end = html + len, *done = html;
    out_t o;

    o.pool = p;
    o.cap = len + len / 8 + 64;
    o.data = apr_palloc(p, o.cap + 1);
    o.len = 0;

    while ((s = memchr(s, '<', end - s)) != NULL) {
        const char *name, *close;
        apr_size_t nlen;
        int i;

        if (end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
            close = find_nocase(s + 4, end, "-->");
            s = close ? close + 3 : end;
            continue;
        }
        if (s + 1 >= end || !apr_isalpha(s[1])) {
            s++;        /* "</x>", "<!doctype>", a stray '<' */
            continue;
        }
        name = ++s;
        while (s < end && (apr_isalnum(*s) || *s == '-' || *s == ':')) {
            s++;
        }
        nlen = (apr_size_t)(s - name);
        /* The attributes, up to the '>'. */
        while (s < end && *s != '>') {
            const char *an, *v, *ve;
            apr_size_t alen;
            char q = 0;

            if (is_space(*s) || *s == '/') {
                s++;
                continue;
            }
            an = s;
            while (s < end && !is_space(*s) && *s != '=' && *s != '>'
                   && *s != '/') {
                s++;
            }
            alen = (apr_size_t)(s - an);
            if (alen == 0) {
                s++;
                continue;
            }
            while (s < end && is_space(*s)) {
                s++;
            }
            if (s >= end || *s != '=') {
                continue;       /* an attribute without a value */
            }
            s++;
            while (s < end && is_space(*s)) {
                s++;
            }
            if (s < end && (*s == '"' || *s == '\'')) {
                q = *s++;
                v = s;
                ve = memchr(s, q, end - s);
                if (ve == NULL) {
                    s = end;    /* never closed: left as it is */
                    break;
                }
                s = ve + 1;
            }
            else {
                v = s;
                while (s < end && !is_space(*s) && *s != '>') {
                    s++;
                }
                ve = s;
            }
            if (url_attribute(an, alen)) {
                const char *val = apr_pstrmemdup(p, v, ve - v);
                apr_size_t pn = strcspn(val, "?#");
                const char *new;
                /* A character reference in the path would need decoding
                 * first; such a link is left alone. A quote or '>' in
                 * an unquoted value cannot come back out. */
                if (memchr(val, '&', pn) || memchr(val, '\0', ve - v)) {
                    continue;
                }
                new = landing_relink_url(p, rl, page, val);
                if (new != val && strcmp(new, val) != 0
                    && (q || strcspn(new, "\"'<>=` \t\n") == strlen(new))
                    && !strchr(new, q ? q : '"')) {
                    put(&o, done, v - done);
                    put(&o, new, strlen(new));
                    done = ve;
                }
            }
        }
        if (s < end) {
            s++;        /* the '>' */
        }
        for (i = 0; raw_text[i]; i++) {
            if (strlen(raw_text[i]) == nlen
                && strncasecmp(name, raw_text[i], nlen) == 0) {
                char closing[16];
                apr_snprintf(closing, sizeof(closing), "</%s", raw_text[i]);
                close = find_nocase(s, end, closing);
                s = close ? close : end;
                break;
            }
        }
    }
    put(&o, done, end - done);
    o.data[o.len] = '\0';
    *out_len = o.len;
    return o.data;
}
