/* Breadcrumb titles from a URL's segments and from index pages. */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "crumb.h"
#include "frontmatter.h"

const char *landing_crumb_title(apr_pool_t *p, const char *seg,
                                apr_size_t len)
{
    char *out = apr_palloc(p, len + 1), *o = out;
    apr_size_t i;

    for (i = 0; i < len; i++) {
        if (seg[i] == '-' || seg[i] == '_') {
            if (o > out && o[-1] != ' ') {
                *o++ = ' ';
            }
        }
        else {
            *o++ = seg[i];
        }
    }
    while (o > out && o[-1] == ' ') {
        o--;
    }
    *o = '\0';
    if (o == out) {
        return apr_pstrmemdup(p, seg, len);
    }
    out[0] = (char)apr_toupper((unsigned char)out[0]);
    return out;
}

/* The text of line @p s .. @p e if it is a level-one ATX heading
 * (CommonMark 4.2: up to three spaces, '#', a space or the end, the
 * closing sequence dropped), else NULL. */
static const char *atx_h1(apr_pool_t *p, const char *s, const char *e)
{
    int indent = 0;
    const char *q;

    while (s < e && *s == ' ' && indent < 4) {
        s++;
        indent++;
    }
    if (indent > 3 || s >= e || *s != '#' || (s + 1 < e && s[1] != ' '
                                              && s[1] != '\t')) {
        return NULL;
    }
    s++;
    while (s < e && (*s == ' ' || *s == '\t')) {
        s++;
    }
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) {
        e--;
    }
    for (q = e; q > s && q[-1] == '#'; q--) {
    }
    if (q == s || q[-1] == ' ' || q[-1] == '\t') {
        e = q;     /* a closing sequence */
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) {
            e--;
        }
    }
    return e > s ? apr_pstrmemdup(p, s, (apr_size_t)(e - s)) : NULL;
}

const char *landing_crumb_index_title(apr_pool_t *p, const char *src,
                                      apr_size_t len)
{
    landing_fm_t fm;
    const char *s, *end;
    char fence = 0;

    if (landing_fm_parse(p, src, len, NULL, &fm) == LANDING_FM_OK) {
        const landing_value_t *t = landing_value_get(fm.data, "title");
        if (t && t->type == LANDING_VALUE_STRING && t->len > 0) {
            return t->str;
        }
        s = fm.body;
        end = fm.body + fm.body_len;
    }
    else {
        s = src;
        end = src + len;
    }
    while (s < end) {
        const char *nl = memchr(s, '\n', (apr_size_t)(end - s));
        const char *e = nl ? nl : end, *t = s, *title;

        while (t < e && *t == ' ') {
            t++;
        }
        if (e - t >= 3 && (*t == '`' || *t == '~') && t[1] == *t
            && t[2] == *t) {
            fence = fence == *t ? 0 : fence ? fence : *t;
        }
        else if (!fence && (title = atx_h1(p, s, e)) != NULL) {
            return title;
        }
        s = e + 1;
    }
    return NULL;
}
