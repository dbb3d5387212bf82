/* A growable heap buffer; the page leaves the module as one of these. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void landing_buf_init(landing_buf_t *b, apr_size_t hint)
{
    b->len = 0;
    b->max = 0;
    b->failed = 0;
    b->cap = hint < 64 ? 64 : hint;
    b->data = malloc(b->cap);
    if (b->data == NULL) {
        b->cap = 0;
        b->failed = LANDING_BUF_NOMEM;
    }
}

int landing_buf_reserve(landing_buf_t *b, apr_size_t extra)
{
    apr_size_t need, cap;
    char *d;

    if (b->failed) {
        return 0;
    }
    /* +1 keeps room for the NUL that detach adds. */
    need = b->len + extra + 1;
    if (need < b->len || (b->max && need > b->max)) {
        b->failed = LANDING_BUF_TOO_BIG;
        return 0;
    }
    if (need <= b->cap) {
        return 1;
    }
    cap = b->cap * 2;
    if (cap < need) {
        cap = need;
    }
    if (b->max && cap > b->max) {
        cap = b->max;
    }
    d = realloc(b->data, cap);
    if (d == NULL) {
        b->failed = LANDING_BUF_NOMEM;
        return 0;
    }
    b->data = d;
    b->cap = cap;
    return 1;
}

void landing_buf_add(landing_buf_t *b, const char *s, apr_size_t len)
{
    if (len && landing_buf_reserve(b, len)) {
        memcpy(b->data + b->len, s, len);
        b->len += len;
    }
}

void landing_buf_puts(landing_buf_t *b, const char *s)
{
    landing_buf_add(b, s, strlen(s));
}

void landing_buf_add_escaped(landing_buf_t *b, const char *s, apr_size_t len)
{
    apr_size_t i, start = 0;

    for (i = 0; i < len; i++) {
        const char *rep;
        switch (s[i]) {
        case '&':  rep = "&amp;";  break;
        case '<':  rep = "&lt;";   break;
        case '>':  rep = "&gt;";   break;
        case '"':  rep = "&quot;"; break;
        case '\'': rep = "&#39;";  break;
        case '\0': rep = "\xEF\xBF\xBD"; break; /* U+FFFD, as HTML does */
        default:   continue;
        }
        landing_buf_add(b, s + start, i - start);
        landing_buf_puts(b, rep);
        start = i + 1;
    }
    landing_buf_add(b, s + start, len - start);
}

char *landing_buf_detach(landing_buf_t *b, apr_size_t *len)
{
    char *d;
    if (!landing_buf_reserve(b, 0)) {
        landing_buf_free(b);
        *len = 0;
        return NULL;
    }
    b->data[b->len] = '\0';
    d = b->data;
    *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void landing_buf_free(landing_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
